import { importPKCS8, SignJWT } from "jose";
import type { AdapterOptions, GoogleDirectoryConfig, GoogleServiceAccountKey } from "../config-types";
import { encodeCursor, readCursor } from "./support";
import { directoryFetch, TokenCache, type DirectoryFetchOptions } from "../http";
import {
  DirectoryError,
  type DirectoryAdapter,
  type DirectoryFilter,
  type DirectoryGroupInfo,
  type DirectoryOrgUnitInfo,
  type DirectoryPerson,
  type Page,
  type PageOptions,
  type UserStatus,
  type VerifyCheck,
} from "../types";

/**
 * Google Workspace through the Admin SDK Directory API, authenticated as a service account with
 * domain-wide delegation: an RS256 JWT assertion (iss = service account, sub = adminEmail, scope = the
 * read-only directory scopes) exchanged at the OAuth token endpoint (RFC 7523). With
 * `impersonateServiceAccount`, the configured key only authenticates to the IAM Credentials API, which
 * signs the assertion as the impersonated account (`projects/-/serviceAccounts/{sa}:signJwt`); that
 * account is the one authorised for delegation in the Admin console.
 *
 * Filters: `query` is Google's user search language; `departments` runs one `orgDepartment='…'` search per
 * department (the language has no OR); `groups` walks each group's members (transitive, through
 * `includeDerivedMembership`) and loads each member; `roles` is not supported (Workspace users have no
 * roles to filter by). A person in two chosen groups comes back once per group; callers upsert by id.
 *
 * AdapterOptions.endpoints { token, directory, iam } replace the Google hosts (tests); the JWT audience
 * stays Google's token URL, as Google requires.
 */

export const GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";
const DIRECTORY_HOST = "https://admin.googleapis.com";
const IAM_HOST = "https://iamcredentials.googleapis.com";
const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
export const GOOGLE_DIRECTORY_SCOPES = [
  "https://www.googleapis.com/auth/admin.directory.user.readonly",
  "https://www.googleapis.com/auth/admin.directory.group.readonly",
  "https://www.googleapis.com/auth/admin.directory.group.member.readonly",
  "https://www.googleapis.com/auth/admin.directory.orgunit.readonly",
];
const CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";

const DEFAULT_PAGE_SIZE = 100;
const MAX_USERS_PAGE = 500;
const MAX_GROUPS_PAGE = 200;
const MEMBER_FETCH_CONCURRENCY = 5;

export type GoogleUser = {
  id?: string;
  primaryEmail?: string;
  name?: { givenName?: string; familyName?: string; fullName?: string; displayName?: string };
  suspended?: boolean;
  suspensionReason?: string;
  archived?: boolean;
  isAdmin?: boolean;
  isDelegatedAdmin?: boolean;
  orgUnitPath?: string;
  organizations?: { title?: string; department?: string; costCenter?: string; description?: string; primary?: boolean; name?: string; location?: string }[];
  externalIds?: { value?: string; type?: string; customType?: string }[];
  relations?: { value?: string; type?: string }[];
  locations?: { buildingId?: string; area?: string }[];
  customSchemas?: Record<string, Record<string, unknown>>;
  lastLoginTime?: string;
  creationTime?: string;
};
type GoogleGroup = { id?: string; email?: string; name?: string; description?: string };
type GoogleMember = { id?: string; email?: string; type?: string; status?: string; role?: string };
type GoogleOrgUnit = { orgUnitId?: string; orgUnitPath?: string; name?: string; description?: string; parentOrgUnitId?: string; parentOrgUnitPath?: string };

export function googleUserToPerson(u: GoogleUser): DirectoryPerson {
  const problems: string[] = [];
  const email = u.primaryEmail?.trim().toLowerCase() || null;
  if (!u.id) problems.push("no id");
  if (!email) problems.push("no email");
  const orgs = u.organizations ?? [];
  const org = orgs.find((o) => o.primary) ?? orgs.find((o) => o.department || o.title) ?? orgs[0];
  const department = org?.department || orgs.find((o) => o.department)?.department || null;
  const attributes: Record<string, unknown> = {
    primaryEmail: email,
    orgUnitPath: u.orgUnitPath ?? null,
    department,
    title: org?.title ?? null,
    costCenter: org?.costCenter ?? null,
    employeeType: org?.description ?? null,
    organization: org?.name ?? null,
    location: org?.location ?? null,
    isAdmin: u.isAdmin ?? false,
    isDelegatedAdmin: u.isDelegatedAdmin ?? false,
    suspended: u.suspended ?? false,
    archived: u.archived ?? false,
    employeeId: u.externalIds?.find((x) => x.type === "organization")?.value ?? null,
    manager: u.relations?.find((r) => r.type === "manager")?.value ?? null,
  };
  for (const [schema, fields] of Object.entries(u.customSchemas ?? {})) {
    for (const [field, value] of Object.entries(fields ?? {})) attributes[`${schema}.${field}`] = value;
  }
  const given = u.name?.givenName ?? null;
  const family = u.name?.familyName ?? null;
  return {
    id: u.id ?? "",
    email,
    userName: email,
    displayName: u.name?.fullName || u.name?.displayName || [given, family].filter(Boolean).join(" ") || null,
    givenName: given,
    familyName: family,
    // Suspended and archived accounts cannot sign in.
    active: !u.suspended && !u.archived,
    department,
    orgUnit: u.orgUnitPath ?? null,
    attributes,
    ...(problems.length ? { problems } : {}),
  };
}

/** Google query values are single-quoted; quotes and backslashes inside are escaped. */
export function googleQuoted(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

type Cursor = { t?: string; d?: number; g?: number };

export function createGoogleAdapter(config: GoogleDirectoryConfig, opts: AdapterOptions = {}): DirectoryAdapter {
  const tokenUrl = opts.endpoints?.token ?? config.serviceAccount?.token_uri ?? GOOGLE_TOKEN_URL;
  const directory = (opts.endpoints?.directory ?? DIRECTORY_HOST).replace(/\/+$/, "");
  const iam = (opts.endpoints?.iam ?? IAM_HOST).replace(/\/+$/, "");
  const pageSize = (o: PageOptions | undefined, max: number) => Math.max(1, Math.min(max, o?.pageSize ?? opts.pageSize ?? DEFAULT_PAGE_SIZE));
  const common = (what: string, signal?: AbortSignal): DirectoryFetchOptions => ({
    what,
    signal,
    timeoutMs: opts.timeoutMs,
    retries: opts.retries,
    maxRetryAfterMs: opts.maxRetryAfterMs,
    sleep: opts.sleep,
  });

  function serviceAccount(): GoogleServiceAccountKey {
    const sa = config.serviceAccount;
    if (!sa) throw new DirectoryError("config", "Google: no service account key could be loaded (check the credential mode and its key)");
    if (!sa.client_email || !sa.private_key) throw new DirectoryError("config", "Google: the service account key has no client_email or private_key");
    if (!config.adminEmail) throw new DirectoryError("config", "Google: set adminEmail, the administrator the service account acts as (domain-wide delegation)");
    if (!config.domain) throw new DirectoryError("config", "Google: set the Workspace domain");
    return sa;
  }

  let signingKey: Promise<CryptoKey> | undefined;
  function privateKey(sa: GoogleServiceAccountKey): Promise<CryptoKey> {
    signingKey ??= importPKCS8(sa.private_key, "RS256").catch((e) => {
      signingKey = undefined;
      throw new DirectoryError("config", "Google: the service account's private_key is not a valid PEM (PKCS#8) RSA key", { cause: e });
    });
    return signingKey;
  }

  const claimsFor = (iss: string, scope: string, sub?: string) => {
    const iat = Math.floor(Date.now() / 1000);
    // Google's token endpoint checks aud against its own URL, whatever host the request went to.
    return { iss, scope, aud: GOOGLE_TOKEN_URL, iat, exp: iat + 3600, ...(sub ? { sub } : {}) };
  };

  async function exchange(assertion: string, what: string) {
    const res = await directoryFetch<{ access_token?: string; expires_in?: number }>(tokenUrl, {
      ...common(what),
      form: new URLSearchParams({ grant_type: JWT_BEARER, assertion }),
    });
    if (!res.body?.access_token) throw new DirectoryError("malformed", `${what}: the response has no access_token`);
    return { accessToken: res.body.access_token, expiresIn: res.body.expires_in };
  }

  async function selfSigned(claims: Record<string, unknown>): Promise<string> {
    const sa = serviceAccount();
    const key = await privateKey(sa);
    const header = { alg: "RS256", typ: "JWT", ...(typeof sa.private_key_id === "string" ? { kid: sa.private_key_id } : {}) };
    return new SignJWT(claims).setProtectedHeader(header).sign(key);
  }

  // The configured key's own token (no delegation), used only to call IAM Credentials.
  const baseTokens = new TokenCache(async () => {
    const sa = serviceAccount();
    return exchange(await selfSigned(claimsFor(sa.client_email, CLOUD_PLATFORM_SCOPE)), "Google token (service account)");
  });

  const hint = (e: unknown) => {
    if (e instanceof DirectoryError && e.kind === "auth" && /unauthorized_client|not authorized/i.test(e.message)) {
      const id = config.impersonateServiceAccount ?? config.serviceAccount?.client_email;
      return new DirectoryError(
        "auth",
        `${e.message} — authorise the service account ${id ?? ""} for domain-wide delegation with the directory read-only scopes (Admin console → Security → API controls)`,
        { status: e.status, cause: e },
      );
    }
    return e;
  };

  const tokens = new TokenCache(async () => {
    const sa = serviceAccount();
    const scope = GOOGLE_DIRECTORY_SCOPES.join(" ");
    try {
      if (!config.impersonateServiceAccount) {
        return await exchange(await selfSigned(claimsFor(sa.client_email, scope, config.adminEmail)), "Google token");
      }
      const target = config.impersonateServiceAccount;
      const base = await baseTokens.get();
      let signed: { signedJwt?: string };
      try {
        const res = await directoryFetch<{ signedJwt?: string }>(`${iam}/v1/projects/-/serviceAccounts/${encodeURIComponent(target)}:signJwt`, {
          ...common("Google IAM signJwt"),
          headers: { authorization: `Bearer ${base}` },
          json: { payload: JSON.stringify(claimsFor(target, scope, config.adminEmail)) },
        });
        signed = res.body ?? {};
      } catch (e) {
        if (e instanceof DirectoryError && e.kind === "auth") {
          baseTokens.clear();
          throw new DirectoryError("auth", `${e.message} — grant ${sa.client_email} the Service Account Token Creator role on ${target}`, { status: e.status, cause: e });
        }
        throw e;
      }
      if (!signed.signedJwt) throw new DirectoryError("malformed", "Google IAM signJwt: the response has no signedJwt");
      return await exchange(signed.signedJwt, "Google token (impersonated)");
    } catch (e) {
      throw hint(e);
    }
  });

  // A token revoked or expired early gets one fresh token and one more try.
  async function api<T>(path: string, params: Record<string, string | number | boolean | undefined>, what: string, signal?: AbortSignal, retried = false): Promise<T> {
    const token = await tokens.get();
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") qs.set(k, String(v));
    const url = `${directory}/admin/directory/v1/${path}${qs.size ? `?${qs}` : ""}`;
    try {
      const res = await directoryFetch<T>(url, { ...common(what, signal), headers: { authorization: `Bearer ${token}` } });
      if (!res.body || typeof res.body !== "object") throw new DirectoryError("malformed", `${what}: the response is not a JSON object`);
      return res.body;
    } catch (e) {
      if (e instanceof DirectoryError && e.kind === "auth" && e.status === 401) {
        tokens.clear();
        if (!retried) return api<T>(path, params, what, signal, true);
      }
      throw e;
    }
  }

  type UsersResponse = { users?: GoogleUser[]; nextPageToken?: string };
  const usersPage = (params: Record<string, string | number | undefined>, signal?: AbortSignal) =>
    api<UsersResponse>("users", { domain: config.domain, projection: "full", viewType: "admin_view", ...params }, "Google users", signal);

  async function getUser(id: string, signal?: AbortSignal): Promise<GoogleUser | null> {
    try {
      return await api<GoogleUser>(`users/${encodeURIComponent(id)}`, { projection: "full", viewType: "admin_view" }, "Google user", signal);
    } catch (e) {
      if (e instanceof DirectoryError && e.kind === "not_found") return null;
      throw e;
    }
  }

  async function membersPage(groupId: string, pageToken: string | undefined, size: number, signal?: AbortSignal) {
    return api<{ members?: GoogleMember[]; nextPageToken?: string }>(
      `groups/${encodeURIComponent(groupId)}/members`,
      { maxResults: size, pageToken, includeDerivedMembership: true },
      `Google group ${groupId} members`,
      signal,
    );
  }

  async function usersOfGroups(groupIds: string[], cursor: Cursor | null, size: number, signal?: AbortSignal): Promise<Page<DirectoryPerson>> {
    if (!groupIds.length) return { items: [], next: null };
    const g = cursor?.g ?? 0;
    if (g >= groupIds.length) throw new DirectoryError("config", "Google: the paging cursor does not match the filter (start the listing again)");
    const res = await membersPage(groupIds[g]!, cursor?.t, Math.min(size, MAX_GROUPS_PAGE), signal);
    const ids = (res.members ?? []).filter((m) => m.type === "USER" && m.id).map((m) => m.id!);
    const items: DirectoryPerson[] = [];
    for (let i = 0; i < ids.length; i += MEMBER_FETCH_CONCURRENCY) {
      const batch = await Promise.all(ids.slice(i, i + MEMBER_FETCH_CONCURRENCY).map((id) => getUser(id, signal)));
      // A member deleted between the two reads is simply gone.
      for (const u of batch) if (u) items.push(googleUserToPerson(u));
    }
    let next: Cursor | null = null;
    if (res.nextPageToken) next = { g, t: res.nextPageToken };
    else if (g + 1 < groupIds.length) next = { g: g + 1 };
    return { items, next: next ? encodeCursor(next) : null };
  }

  async function listUsers(filter: DirectoryFilter, o: PageOptions = {}): Promise<Page<DirectoryPerson>> {
    const size = pageSize(o, MAX_USERS_PAGE);
    const cursor = readCursor<Cursor>(o.cursor, "Google");
    switch (filter.kind) {
      case "roles":
        throw new DirectoryError("unsupported", "Google Workspace users have no roles to filter by: filter by groups, departments or a Google user query");
      case "groups":
        return usersOfGroups(filter.groupIds, cursor, size, o.signal);
      case "departments": {
        if (!filter.departments.length) return { items: [], next: null };
        const d = cursor?.d ?? 0;
        if (d >= filter.departments.length) throw new DirectoryError("config", "Google: the paging cursor does not match the filter (start the listing again)");
        const res = await usersPage({ maxResults: size, pageToken: cursor?.t, query: `orgDepartment=${googleQuoted(filter.departments[d]!)}` }, o.signal);
        let next: Cursor | null = null;
        if (res.nextPageToken) next = { d, t: res.nextPageToken };
        else if (d + 1 < filter.departments.length) next = { d: d + 1 };
        return { items: (res.users ?? []).map(googleUserToPerson), next: next ? encodeCursor(next) : null };
      }
      case "all":
      case "query": {
        const res = await usersPage({ maxResults: size, pageToken: cursor?.t, query: filter.kind === "query" ? filter.query : undefined }, o.signal);
        if (res.users !== undefined && !Array.isArray(res.users)) throw new DirectoryError("malformed", "Google users: users is not a list");
        return { items: (res.users ?? []).map(googleUserToPerson), next: res.nextPageToken ? encodeCursor({ t: res.nextPageToken }) : null };
      }
    }
  }

  async function listGroups(o: PageOptions = {}): Promise<Page<DirectoryGroupInfo>> {
    const cursor = readCursor<Cursor>(o.cursor, "Google");
    const res = await api<{ groups?: GoogleGroup[]; nextPageToken?: string }>(
      "groups",
      { domain: config.domain, maxResults: pageSize(o, MAX_GROUPS_PAGE), pageToken: cursor?.t },
      "Google groups",
      o.signal,
    );
    return {
      items: (res.groups ?? []).filter((g) => g.id).map((g) => ({ id: g.id!, name: g.name || g.email || g.id!, description: g.description || null })),
      next: res.nextPageToken ? encodeCursor({ t: res.nextPageToken }) : null,
    };
  }

  async function listGroupMembers(groupId: string, o: PageOptions = {}): Promise<Page<string>> {
    const cursor = readCursor<Cursor>(o.cursor, "Google");
    const res = await membersPage(groupId, cursor?.t, pageSize(o, MAX_GROUPS_PAGE), o.signal);
    return {
      items: (res.members ?? []).filter((m) => m.type === "USER" && m.id).map((m) => m.id!),
      next: res.nextPageToken ? encodeCursor({ t: res.nextPageToken }) : null,
    };
  }

  async function listOrgUnits(o: PageOptions = {}): Promise<Page<DirectoryOrgUnitInfo>> {
    // orgunits.list is not paged: type=all returns the whole tree.
    const res = await api<{ organizationUnits?: GoogleOrgUnit[] }>("customer/my_customer/orgunits", { type: "all" }, "Google org units", o.signal);
    return {
      items: (res.organizationUnits ?? [])
        .filter((u) => u.orgUnitId || u.orgUnitPath)
        .map((u) => ({
          id: u.orgUnitId ?? u.orgUnitPath!,
          name: u.name || u.orgUnitPath!,
          path: u.orgUnitPath ?? null,
          parentId: u.parentOrgUnitId ?? null,
          kind: "orgUnit" as const,
        })),
      next: null,
    };
  }

  async function getUserStatus(userId: string): Promise<UserStatus> {
    const u = await getUser(userId);
    if (!u) return "not_found";
    return !u.suspended && !u.archived ? "active" : "inactive";
  }

  async function verify(): Promise<VerifyCheck[]> {
    const checks: VerifyCheck[] = [];
    try {
      const sa = serviceAccount();
      await privateKey(sa);
      checks.push({ name: "Google service account key", ok: true, detail: sa.client_email });
    } catch (e) {
      checks.push({ name: "Google service account key", ok: false, detail: (e as Error).message });
      return checks;
    }
    try {
      await tokens.get();
      checks.push({ name: "Google token", ok: true, detail: `delegated to ${config.adminEmail}${config.impersonateServiceAccount ? ` as ${config.impersonateServiceAccount}` : ""}` });
    } catch (e) {
      checks.push({ name: "Google token", ok: false, detail: (e as Error).message });
      return checks;
    }
    const probes: [string, () => Promise<unknown>][] = [
      ["Google users", () => usersPage({ maxResults: 1 })],
      ["Google groups", () => api("groups", { domain: config.domain, maxResults: 1 }, "Google groups")],
      ["Google org units", () => api("customer/my_customer/orgunits", { type: "children" }, "Google org units")],
    ];
    for (const [name, probe] of probes) {
      try {
        await probe();
        checks.push({ name, ok: true });
      } catch (e) {
        checks.push({ name, ok: false, detail: (e as Error).message });
      }
    }
    return checks;
  }

  return { provider: "google", verify, listUsers, listGroups, listGroupMembers, listOrgUnits, getUserStatus };
}
