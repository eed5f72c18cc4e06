import type { AdapterOptions, ZitadelDirectoryConfig } from "../config-types";
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
 * Zitadel through its user service v2 (`POST /v2/users`, `GET /v2/users/{id}`), the organization service v2
 * (`POST /v2/organizations/_search`) and the management API v1 for project roles and user grants, with a
 * service-account client-credentials token from `{domain}/oauth/v2/token`.
 *
 * Zitadel has no groups: the roles of the configured project are the groups (id = role key) and a user's
 * grants on that project are their memberships. Without a projectId there are no groups. Org units are
 * Zitadel organizations (a user's `details.resourceOwner`). Zitadel has no query language of its own in
 * REST beyond its typed search queries, so a `query` filter is a JSON array of v2 user SearchQuery objects,
 * e.g. `[{"emailQuery":{"emailAddress":"@acme.com","method":"TEXT_QUERY_METHOD_ENDS_WITH"}}]`.
 */

// The audience scope gives the token access to Zitadel's own APIs (docs: "Access ZITADEL APIs").
export const ZITADEL_API_SCOPE = "openid urn:zitadel:iam:org:project:id:zitadel:aud";

const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000; // ListQuery.limit maximum

type ZitadelListDetails = { totalResult?: string | number };
export type ZitadelUser = {
  userId?: string;
  details?: { resourceOwner?: string; creationDate?: string; changeDate?: string };
  state?: string;
  username?: string;
  loginNames?: string[];
  preferredLoginName?: string;
  human?: {
    profile?: { givenName?: string; familyName?: string; nickName?: string; displayName?: string; preferredLanguage?: string };
    email?: { email?: string; isVerified?: boolean };
    phone?: { phone?: string };
  };
  machine?: unknown;
};
type ZitadelUserGrant = { userId?: string; roleKeys?: string[]; state?: string; projectId?: string };
type ZitadelRole = { key?: string; displayName?: string; group?: string };
type ZitadelOrg = { id?: string; name?: string; state?: string; primaryDomain?: string };

/** "acme.zitadel.cloud" → https://acme.zitadel.cloud; a full URL is kept (loopback in tests). */
export function zitadelBaseUrl(domain: string): string {
  const d = domain.trim().replace(/\/+$/, "");
  if (!d) throw new DirectoryError("config", "Zitadel: the domain is not set");
  const url = /^https?:\/\//i.test(d) ? d : `https://${d}`;
  try {
    new URL(url);
  } catch {
    throw new DirectoryError("config", `Zitadel: "${domain}" is not a valid domain or URL`);
  }
  return url;
}

// ACTIVE and INITIAL (created, password not yet set) are people who may sign in; INACTIVE, LOCKED,
// SUSPEND and DELETED are not.
const ACTIVE_STATES = new Set(["USER_STATE_ACTIVE", "USER_STATE_INITIAL"]);

export function zitadelUserToPerson(u: ZitadelUser, groupIds?: string[]): DirectoryPerson {
  const problems: string[] = [];
  const email = u.human?.email?.email?.trim().toLowerCase() || null;
  if (!u.userId) problems.push("no id");
  if (!email) problems.push("no email");
  const p = u.human?.profile ?? {};
  const displayName = p.displayName || [p.givenName, p.familyName].filter(Boolean).join(" ") || null;
  return {
    id: u.userId ?? "",
    email,
    userName: u.username ?? u.preferredLoginName ?? null,
    displayName,
    givenName: p.givenName ?? null,
    familyName: p.familyName ?? null,
    active: ACTIVE_STATES.has(u.state ?? ""),
    department: null,
    orgUnit: u.details?.resourceOwner ?? null,
    ...(groupIds ? { groupIds } : {}),
    attributes: {
      state: u.state ?? null,
      username: u.username ?? null,
      preferredLoginName: u.preferredLoginName ?? null,
      loginNames: u.loginNames ?? [],
      organizationId: u.details?.resourceOwner ?? null,
      emailVerified: u.human?.email?.isVerified ?? false,
      nickName: p.nickName ?? null,
      preferredLanguage: p.preferredLanguage ?? null,
      phone: u.human?.phone?.phone ?? null,
      ...(groupIds ? { roles: groupIds } : {}),
    },
    ...(problems.length ? { problems } : {}),
  };
}

type UsersCursor = { o: number; r?: number; orgs?: string[] };


const total = (d: ZitadelListDetails | undefined) => Number(d?.totalResult ?? 0) || 0;

export function createZitadelAdapter(config: ZitadelDirectoryConfig, opts: AdapterOptions = {}): DirectoryAdapter {
  const base = () => zitadelBaseUrl(config.domain);
  const pageSize = (o?: PageOptions) => Math.max(1, Math.min(MAX_PAGE_SIZE, o?.pageSize ?? opts.pageSize ?? DEFAULT_PAGE_SIZE));
  const common = (what: string, signal?: AbortSignal): DirectoryFetchOptions => ({
    what,
    signal,
    timeoutMs: opts.timeoutMs,
    retries: opts.retries,
    maxRetryAfterMs: opts.maxRetryAfterMs,
    sleep: opts.sleep,
  });

  const tokens = new TokenCache(async () => {
    if (!config.serviceAccountClientId || !config.serviceAccountClientSecret) {
      throw new DirectoryError("config", "Zitadel: set the service account's client id and client secret");
    }
    // RFC 6749 §2.3.1: client id and secret are form-encoded before Basic encoding.
    const basic = Buffer.from(
      `${encodeURIComponent(config.serviceAccountClientId)}:${encodeURIComponent(config.serviceAccountClientSecret)}`,
    ).toString("base64");
    const res = await directoryFetch<{ access_token?: string; expires_in?: number }>(`${base()}/oauth/v2/token`, {
      ...common("Zitadel token"),
      headers: { authorization: `Basic ${basic}` },
      form: new URLSearchParams({ grant_type: "client_credentials", scope: ZITADEL_API_SCOPE }),
    });
    if (!res.body?.access_token) throw new DirectoryError("malformed", "Zitadel token: the response has no access_token");
    return { accessToken: res.body.access_token, expiresIn: res.body.expires_in };
  });

  // A token revoked or expired early gets one fresh token and one more try.
  async function api<T>(path: string, what: string, init: { json?: unknown; method?: string; signal?: AbortSignal } = {}, retried = false): Promise<T> {
    const token = await tokens.get();
    try {
      const res = await directoryFetch<T>(`${base()}${path}`, {
        ...common(what, init.signal),
        method: init.method ?? (init.json !== undefined ? "POST" : "GET"),
        headers: { authorization: `Bearer ${token}` },
        json: init.json,
      });
      if (!res.body || typeof res.body !== "object") throw new DirectoryError("malformed", `${what}: the response is not a JSON object`);
      return res.body;
    } catch (e) {
      if (e instanceof DirectoryError && e.kind === "auth" && e.status === 401) {
        tokens.clear();
        if (!retried) return api<T>(path, what, init, true);
      }
      throw e;
    }
  }

  const requireProject = (what: string) => {
    if (!config.projectId) throw new DirectoryError("config", `Zitadel: ${what} needs the projectId whose roles are the groups`);
    return config.projectId;
  };

  type UsersResponse = { details?: ZitadelListDetails; result?: ZitadelUser[] };
  const searchUsers = (body: object, signal?: AbortSignal) => api<UsersResponse>("/v2/users", "Zitadel users", { json: body, signal });

  const humans = { typeQuery: { type: "TYPE_HUMAN" } };

  async function listOrganizations(offset: number, limit: number, signal?: AbortSignal) {
    return api<{ details?: ZitadelListDetails; result?: ZitadelOrg[] }>("/v2/organizations/_search", "Zitadel organizations", {
      json: { query: { offset: String(offset), limit, asc: true } },
      signal,
    });
  }

  /** Organization ids for department values given as org ids or names; an unknown value fails (never an empty, "everyone left" set). */
  async function resolveOrganizations(values: string[], signal?: AbortSignal): Promise<string[]> {
    const orgs: ZitadelOrg[] = [];
    for (let offset = 0; ; ) {
      const res = await listOrganizations(offset, MAX_PAGE_SIZE, signal);
      const batch = res.result ?? [];
      orgs.push(...batch);
      offset += batch.length;
      if (!batch.length || offset >= total(res.details)) break;
    }
    return values.map((v) => {
      const hit = orgs.find((o) => o.id === v) ?? orgs.find((o) => o.name?.toLowerCase() === v.toLowerCase());
      if (!hit?.id) throw new DirectoryError("not_found", `Zitadel: no organization with id or name "${v}"`);
      return hit.id;
    });
  }

  function parseQuery(query: string): object[] {
    let parsed: unknown;
    try {
      parsed = JSON.parse(query);
    } catch {
      parsed = undefined;
    }
    const list = Array.isArray(parsed) ? parsed : parsed && typeof parsed === "object" ? [parsed] : null;
    if (!list || !list.every((q) => q && typeof q === "object" && !Array.isArray(q))) {
      throw new DirectoryError(
        "unsupported",
        'Zitadel has no query language: give a JSON array of user search queries, e.g. [{"emailQuery":{"emailAddress":"@acme.com","method":"TEXT_QUERY_METHOD_ENDS_WITH"}}]',
      );
    }
    return list as object[];
  }

  /** Users holding one of the project roles: page the role's grants, then load those users in one search. */
  async function usersByRoles(roleKeys: string[], cursor: UsersCursor | null, size: number, signal?: AbortSignal): Promise<Page<DirectoryPerson>> {
    const projectId = requireProject("a group or role filter");
    if (!roleKeys.length) return { items: [], next: null };
    const r = cursor?.r ?? 0;
    const offset = cursor?.o ?? 0;
    if (r >= roleKeys.length) throw new DirectoryError("config", "Zitadel: the paging cursor does not match the filter (start the listing again)");
    const roleKey = roleKeys[r]!;
    if (!cursor) await assertRolesExist(projectId, roleKeys, signal);
    const grants = await api<{ details?: ZitadelListDetails; result?: ZitadelUserGrant[] }>("/management/v1/users/grants/_search", "Zitadel user grants", {
      json: {
        query: { offset: String(offset), limit: size, asc: true },
        queries: [{ projectIdQuery: { projectId } }, { roleKeyQuery: { roleKey, method: "TEXT_QUERY_METHOD_EQUALS" } }],
      },
      signal,
    });
    const batch = grants.result ?? [];
    // A deactivated grant takes the roles away.
    const live = batch.filter((g) => g.userId && g.state !== "USER_GRANT_STATE_INACTIVE");
    const rolesOf = new Map(live.map((g) => [g.userId!, (g.roleKeys ?? []).filter(Boolean)]));
    let items: DirectoryPerson[] = [];
    if (rolesOf.size) {
      const users = await searchUsers({ query: { offset: "0", limit: rolesOf.size, asc: true }, queries: [{ inUserIdsQuery: { userIds: [...rolesOf.keys()] } }, humans] }, signal);
      items = (users.result ?? []).map((u) => zitadelUserToPerson(u, rolesOf.get(u.userId ?? "")));
    }
    const nextOffset = offset + batch.length;
    let next: UsersCursor | null = null;
    if (batch.length && nextOffset < total(grants.details)) next = { r, o: nextOffset };
    else if (r + 1 < roleKeys.length) next = { r: r + 1, o: 0 };
    return { items, next: next ? encodeCursor(next) : null };
  }

  async function assertRolesExist(projectId: string, roleKeys: string[], signal?: AbortSignal) {
    const known = new Set<string>();
    for (let offset = 0; ; ) {
      const res = await searchRoles(projectId, offset, MAX_PAGE_SIZE, signal);
      const batch = res.result ?? [];
      for (const role of batch) if (role.key) known.add(role.key);
      offset += batch.length;
      if (!batch.length || offset >= total(res.details)) break;
    }
    const missing = roleKeys.filter((k) => !known.has(k));
    if (missing.length) throw new DirectoryError("not_found", `Zitadel: project ${projectId} has no role ${missing.map((m) => `"${m}"`).join(", ")}`);
  }

  function searchRoles(projectId: string, offset: number, limit: number, signal?: AbortSignal) {
    return api<{ details?: ZitadelListDetails; result?: ZitadelRole[] }>(
      `/management/v1/projects/${encodeURIComponent(projectId)}/roles/_search`,
      "Zitadel project roles",
      { json: { query: { offset: String(offset), limit, asc: true } }, signal },
    );
  }

  async function listUsers(filter: DirectoryFilter, o: PageOptions = {}): Promise<Page<DirectoryPerson>> {
    const size = pageSize(o);
    const cursor = readCursor<UsersCursor>(o.cursor, "Zitadel");
    if (filter.kind === "groups") return usersByRoles(filter.groupIds, cursor, size, o.signal);
    if (filter.kind === "roles") return usersByRoles(filter.roles, cursor, size, o.signal);

    const offset = cursor?.o ?? 0;
    const queries: object[] = [humans];
    let orgs: string[] | undefined;
    if (filter.kind === "departments") {
      orgs = cursor?.orgs ?? (await resolveOrganizations(filter.departments, o.signal));
      if (!orgs.length) return { items: [], next: null };
      queries.push({ orQuery: { queries: orgs.map((organizationId) => ({ organizationIdQuery: { organizationId } })) } });
    } else if (filter.kind === "query") {
      queries.push(...parseQuery(filter.query));
    }
    const res = await searchUsers(
      { query: { offset: String(offset), limit: size, asc: true }, sortingColumn: "USER_FIELD_NAME_CREATION_DATE", queries },
      o.signal,
    );
    if (res.result !== undefined && !Array.isArray(res.result)) throw new DirectoryError("malformed", "Zitadel users: result is not a list");
    const batch = res.result ?? [];
    const nextOffset = offset + batch.length;
    const next = batch.length && nextOffset < total(res.details) ? encodeCursor({ o: nextOffset, ...(orgs ? { orgs } : {}) }) : null;
    return { items: batch.map((u) => zitadelUserToPerson(u)), next };
  }

  async function listGroups(o: PageOptions = {}): Promise<Page<DirectoryGroupInfo>> {
    if (!config.projectId) return { items: [], next: null };
    const offset = readCursor<UsersCursor>(o.cursor, "Zitadel")?.o ?? 0;
    const res = await searchRoles(config.projectId, offset, pageSize(o), o.signal);
    const batch = res.result ?? [];
    const nextOffset = offset + batch.length;
    return {
      items: batch
        .filter((r) => r.key)
        .map((r) => ({ id: r.key!, name: r.displayName || r.key!, description: r.group ? `role group ${r.group}` : null })),
      next: batch.length && nextOffset < total(res.details) ? encodeCursor({ o: nextOffset }) : null,
    };
  }

  async function listGroupMembers(groupId: string, o: PageOptions = {}): Promise<Page<string>> {
    const projectId = requireProject("listing group members");
    const cursor = readCursor<UsersCursor>(o.cursor, "Zitadel");
    if (!cursor) await assertRolesExist(projectId, [groupId], o.signal);
    const offset = cursor?.o ?? 0;
    const res = await api<{ details?: ZitadelListDetails; result?: ZitadelUserGrant[] }>("/management/v1/users/grants/_search", "Zitadel user grants", {
      json: {
        query: { offset: String(offset), limit: pageSize(o), asc: true },
        queries: [{ projectIdQuery: { projectId } }, { roleKeyQuery: { roleKey: groupId, method: "TEXT_QUERY_METHOD_EQUALS" } }],
      },
      signal: o.signal,
    });
    const batch = res.result ?? [];
    const nextOffset = offset + batch.length;
    return {
      items: batch.filter((g) => g.userId && g.state !== "USER_GRANT_STATE_INACTIVE").map((g) => g.userId!),
      next: batch.length && nextOffset < total(res.details) ? encodeCursor({ o: nextOffset }) : null,
    };
  }

  async function listOrgUnits(o: PageOptions = {}): Promise<Page<DirectoryOrgUnitInfo>> {
    const offset = readCursor<UsersCursor>(o.cursor, "Zitadel")?.o ?? 0;
    try {
      const res = await listOrganizations(offset, pageSize(o), o.signal);
      const batch = res.result ?? [];
      const nextOffset = offset + batch.length;
      return {
        items: batch.filter((org) => org.id).map((org) => ({ id: org.id!, name: org.name || org.id!, path: null, parentId: null, kind: "orgUnit" as const })),
        next: batch.length && nextOffset < total(res.details) ? encodeCursor({ o: nextOffset }) : null,
      };
    } catch (e) {
      // Listing organizations needs an instance-level role; an organization-level service account sees only its own.
      if (!(e instanceof DirectoryError && e.kind === "auth" && e.status === 403)) throw e;
      const me = await api<{ org?: ZitadelOrg }>("/management/v1/orgs/me", "Zitadel organization", { signal: o.signal });
      if (!me.org?.id) return { items: [], next: null };
      return { items: [{ id: me.org.id, name: me.org.name || me.org.id, path: null, parentId: null, kind: "orgUnit" }], next: null };
    }
  }

  async function getUserStatus(userId: string): Promise<UserStatus> {
    try {
      const res = await api<{ user?: ZitadelUser }>(`/v2/users/${encodeURIComponent(userId)}`, "Zitadel user");
      if (!res.user) return "not_found";
      if (res.user.state === "USER_STATE_DELETED") return "not_found";
      return ACTIVE_STATES.has(res.user.state ?? "") ? "active" : "inactive";
    } catch (e) {
      if (e instanceof DirectoryError && e.kind === "not_found") return "not_found";
      throw e;
    }
  }

  async function verify(): Promise<VerifyCheck[]> {
    const checks: VerifyCheck[] = [];
    try {
      base();
      await tokens.get();
      checks.push({ name: "Zitadel token", ok: true, detail: "service account token issued" });
    } catch (e) {
      checks.push({ name: "Zitadel token", ok: false, detail: (e as Error).message });
      return checks;
    }
    try {
      const res = await searchUsers({ query: { offset: "0", limit: 1, asc: true }, queries: [humans] });
      checks.push({ name: "Zitadel users", ok: true, detail: `${total(res.details)} users visible` });
    } catch (e) {
      checks.push({ name: "Zitadel users", ok: false, detail: (e as Error).message });
    }
    if (config.projectId) {
      try {
        const res = await searchRoles(config.projectId, 0, 1);
        checks.push({ name: "Zitadel project roles", ok: true, detail: `${total(res.details)} roles in project ${config.projectId}` });
      } catch (e) {
        checks.push({ name: "Zitadel project roles", ok: false, detail: (e as Error).message });
      }
    }
    return checks;
  }

  return { provider: "zitadel", verify, listUsers, listGroups, listGroupMembers, listOrgUnits, getUserStatus };
}
