/**
 * Google Workspace contract server (issue #6): Google's OAuth token endpoint (JWT bearer, RFC 7523), the
 * IAM Credentials signJwt call and the Admin SDK Directory API parts the adapter uses, on loopback, with
 * Google's documented shapes. One server plays all three hosts (pass `endpoints` to the adapter).
 *
 *   POST /token                                          grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer;
 *                                                        the assertion's RS256 signature is VERIFIED with the
 *                                                        service account's public key; aud must be
 *                                                        https://oauth2.googleapis.com/token; with `sub` the
 *                                                        account must be authorised for domain-wide delegation of
 *                                                        every requested scope and sub must be the admin
 *   POST /v1/projects/-/serviceAccounts/{sa}:signJwt     IAM Credentials: signs `payload` as {sa} when the caller's
 *                                                        token belongs to an account allowed to (Token Creator)
 *   GET  /admin/directory/v1/users                       domain|customer, maxResults (≤500, default 100),
 *                                                        pageToken, query (clauses field=value / field:value,
 *                                                        'quoted', implicit AND), projection; users[], nextPageToken
 *   GET  /admin/directory/v1/users/{userKey}             by id or primary email; 404 "Resource Not Found: userKey"
 *   GET  /admin/directory/v1/groups                      domain, maxResults (≤200), pageToken
 *   GET  /admin/directory/v1/groups/{groupKey}/members   maxResults (≤200), pageToken, includeDerivedMembership
 *   GET  /admin/directory/v1/customer/my_customer/orgunits  type=all|children|allIncludingParent
 *
 * Every Directory call checks the bearer token's scopes (403 "Request had insufficient authentication
 * scopes."). Errors use Google's `{ error: { code, message, errors: [{ message, domain, reason }], status } }`;
 * token errors `{ error, error_description }` (invalid_grant 400, unauthorized_client 401). Injected 429s carry
 * Retry-After and RESOURCE_EXHAUSTED; `failUsersPage` answers that page of users with 500 backendError.
 *
 * Users: `status` "SUSPENDED" / "ARCHIVED" (default: suspended when !active), `extra.orgUnitPath`
 * (default "/"), `extra["Schema.field"]` become customSchemas. Org units come from `orgUnits` or the users' paths.
 */
import type { ServerResponse } from "node:http";
import { randomBytes } from "node:crypto";
import { decodeJwt, decodeProtectedHeader, exportPKCS8, generateKeyPair, jwtVerify, SignJWT } from "jose";
import {
  createPopulation,
  prefixedIds,
  sendJson,
  startContractServer,
  type ContractRequest,
  type ContractServer,
  type ContractUser,
  type FaultOptions,
  type PopulationOptions,
} from "./common";
import type { GoogleServiceAccountKey } from "../../config-types";

export const GOOGLE_AUD = "https://oauth2.googleapis.com/token";
const SCOPE_PREFIX = "https://www.googleapis.com/auth/";
const DEFAULT_DELEGATED = ["admin.directory.user.readonly", "admin.directory.group.readonly", "admin.directory.group.member.readonly", "admin.directory.orgunit.readonly"].map((s) => SCOPE_PREFIX + s);

export type GoogleContractOptions = PopulationOptions & {
  domain?: string;
  /** The administrator service accounts may act as. Default admin@<domain>. */
  adminEmail?: string;
  /** Scopes authorised for domain-wide delegation (Admin console). Default: the four directory read-only scopes. */
  delegatedScopes?: string[];
  orgUnits?: { path: string; description?: string }[];
  faults?: FaultOptions;
};

export type GoogleContract = ContractServer & {
  /** Invalidates every access token issued so far (a revoked or rotated token mid-run). */
  revokeTokens(): void;
  domain: string;
  adminEmail: string;
  /** A key (Google's JSON key shape) authorised for domain-wide delegation. */
  serviceAccountKey: GoogleServiceAccountKey;
  /** A key NOT authorised for delegation but allowed to sign JWTs as `impersonatedEmail` (Token Creator). */
  baseKey: GoogleServiceAccountKey;
  /** The impersonation target, authorised for delegation; it has no key of its own outside Google. */
  impersonatedEmail: string;
  /** AdapterOptions.endpoints for this server. */
  endpoints: { token: string; directory: string; iam: string };
  /** Decoded claims of the assertions the token endpoint accepted. */
  assertions: Record<string, unknown>[];
};

type Account = { email: string; publicKey: CryptoKey; privateKey: CryptoKey; kid: string; delegation: boolean; mayImpersonate?: string };
type Token = { email: string; sub?: string; scopes: string[] };

function gError(res: ServerResponse, code: number, status: string, message: string, reason: string, headers: Record<string, string> = {}) {
  sendJson(res, code, { error: { code, message, errors: [{ message, domain: "global", reason }], status } }, headers);
}

// RSA key generation is slow (~100 ms): each account's key pair is made once per process.
const keyPairs = new Map<string, Promise<{ publicKey: CryptoKey; privateKey: CryptoKey }>>();

async function account(email: string, delegation: boolean, mayImpersonate?: string): Promise<Account> {
  if (!keyPairs.has(email)) keyPairs.set(email, generateKeyPair("RS256", { extractable: true }));
  const { publicKey, privateKey } = await keyPairs.get(email)!;
  return { email, publicKey, privateKey, kid: randomBytes(20).toString("hex"), delegation, mayImpersonate };
}

async function keyJson(a: Account): Promise<GoogleServiceAccountKey> {
  return {
    type: "service_account",
    project_id: "gatehouse-test",
    private_key_id: a.kid,
    private_key: await exportPKCS8(a.privateKey),
    client_email: a.email,
    client_id: "1" + randomBytes(10).toString("hex").replace(/\D/g, "").padEnd(20, "7").slice(0, 20),
    auth_uri: "https://accounts.google.com/o/oauth2/auth",
    token_uri: GOOGLE_AUD,
  };
}

const page = (token: string | null) => {
  if (!token) return { i: 0, p: 1 };
  const v = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { i: number; p: number };
  if (!Number.isInteger(v.i) || !Number.isInteger(v.p)) throw new Error("bad page token");
  return v;
};
const pageToken = (i: number, p: number) => Buffer.from(JSON.stringify({ i, p })).toString("base64url");

type Clause = { field: string; op: "=" | ":"; value: string };
/** Google user search: whitespace-separated clauses (implicit AND), values bare or single-quoted. */
export function parseGoogleQuery(q: string): Clause[] {
  const out: Clause[] = [];
  const re = /\s*([A-Za-z][\w.]*)\s*([=:])\s*('(?:[^'\\]|\\.)*'|[^\s']+)/y;
  let pos = 0;
  while (pos < q.length) {
    if (/^\s*$/.test(q.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(q);
    if (!m) throw new Error("Invalid Input");
    const raw = m[3]!;
    const value = raw.startsWith("'") ? raw.slice(1, -1).replace(/\\(.)/g, "$1") : raw;
    out.push({ field: m[1]!, op: m[2] as "=" | ":", value });
    pos = re.lastIndex;
  }
  return out;
}

export async function createGoogleContract(opts: GoogleContractOptions = {}): Promise<GoogleContract> {
  const domain = opts.domain ?? "example.com";
  const adminEmail = opts.adminEmail ?? `admin@${domain}`;
  const delegated = opts.delegatedScopes ?? DEFAULT_DELEGATED;
  const impersonatedEmail = `directory-reader@gatehouse-test.iam.gserviceaccount.com`;
  const direct = await account(`gatehouse-sync@gatehouse-test.iam.gserviceaccount.com`, true);
  const target = await account(impersonatedEmail, true);
  const base = await account(`gatehouse-base@gatehouse-test.iam.gserviceaccount.com`, false, impersonatedEmail);
  const accounts = new Map([direct, target, base].map((a) => [a.email, a]));
  const tokens = new Map<string, Token>();
  const assertions: Record<string, unknown>[] = [];
  const population = createPopulation(opts, prefixedIds("1", "0", opts.generate?.seed));

  const status = (u: ContractUser) => u.status ?? (u.active ? "ACTIVE" : "SUSPENDED");
  const orgUnitPath = (u: ContractUser) => u.extra?.orgUnitPath ?? "/";
  const userJson = (u: ContractUser) => {
    const customSchemas: Record<string, Record<string, string>> = {};
    for (const [k, v] of Object.entries(u.extra ?? {})) {
      const [schema, field] = k.split(".");
      if (schema && field) (customSchemas[schema] ??= {})[field] = v;
    }
    return {
      kind: "admin#directory#user",
      id: u.id,
      etag: `"${u.id}-etag"`,
      ...(u.email !== null ? { primaryEmail: u.email, emails: [{ address: u.email, primary: true }] } : {}),
      name: { givenName: u.givenName ?? "", familyName: u.familyName ?? "", fullName: u.displayName ?? [u.givenName, u.familyName].filter(Boolean).join(" ") },
      isAdmin: u.email === adminEmail,
      isDelegatedAdmin: false,
      lastLoginTime: "2024-01-15T09:30:00.000Z",
      creationTime: "2023-06-01T08:00:00.000Z",
      agreedToTerms: true,
      suspended: status(u) === "SUSPENDED",
      archived: status(u) === "ARCHIVED",
      changePasswordAtNextLogin: false,
      ipWhitelisted: false,
      customerId: "C03az79cb",
      orgUnitPath: orgUnitPath(u),
      isMailboxSetup: true,
      isEnrolledIn2Sv: false,
      includeInGlobalAddressList: true,
      ...(u.department || u.title || u.employeeType ? { organizations: [{ title: u.title ?? undefined, primary: true, customType: "", department: u.department ?? undefined, description: u.employeeType ?? undefined }] } : {}),
      ...(Object.keys(customSchemas).length ? { customSchemas } : {}),
    };
  };

  const clauseMatches = (u: ContractUser, c: Clause): boolean => {
    const v = c.value.toLowerCase();
    const text = (s: string | null | undefined) => {
      const x = (s ?? "").toLowerCase();
      if (c.op === "=") return x === v;
      return v.endsWith("*") ? x.startsWith(v.slice(0, -1)) : x.split(/\s+/).includes(v) || x === v;
    };
    switch (c.field) {
      case "email":
        return text(u.email);
      case "givenName":
        return text(u.givenName);
      case "familyName":
        return text(u.familyName);
      case "name":
        return text([u.givenName, u.familyName].filter(Boolean).join(" "));
      case "isSuspended":
        return (status(u) === "SUSPENDED") === (v === "true");
      case "isArchived":
        return (status(u) === "ARCHIVED") === (v === "true");
      case "orgUnitPath":
        return orgUnitPath(u).toLowerCase() === v || orgUnitPath(u).toLowerCase().startsWith(v.endsWith("/") ? v : `${v}/`);
      case "orgDepartment":
        return text(u.department);
      case "orgTitle":
        return text(u.title);
      default:
        throw new Error("Invalid Input");
    }
  };

  const requireScope = (req: ContractRequest, res: ServerResponse, ...accepted: string[]): boolean => {
    const auth = req.headers.authorization;
    if (!auth) {
      gError(res, 401, "UNAUTHENTICATED", "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.", "required");
      return false;
    }
    const t = auth.startsWith("Bearer ") ? tokens.get(auth.slice(7)) : undefined;
    if (!t) {
      gError(res, 401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.", "authError");
      return false;
    }
    if (!accepted.some((s) => t.scopes.includes(SCOPE_PREFIX + s))) {
      gError(res, 403, "PERMISSION_DENIED", "Request had insufficient authentication scopes.", "insufficientPermissions");
      return false;
    }
    if (accepted[0] !== "cloud-platform" && t.sub !== adminEmail) {
      gError(res, 403, "PERMISSION_DENIED", "Not Authorized to access this resource/api", "forbidden");
      return false;
    }
    return true;
  };

  const orgUnits = () => {
    const paths = new Set<string>(opts.orgUnits?.map((o) => o.path) ?? []);
    if (!opts.orgUnits) for (let i = 0; i < Math.min(population.size, 10_000); i++) {
      const u = population.at(i);
      if (u && orgUnitPath(u) !== "/") {
        const parts = orgUnitPath(u).split("/").filter(Boolean);
        for (let k = 1; k <= parts.length; k++) paths.add("/" + parts.slice(0, k).join("/"));
      }
    }
    const idOf = (path: string) => `id:03ph8a2z${Buffer.from(path).toString("hex").slice(0, 10)}`;
    return [...paths].sort().map((path) => {
      const parent = path.slice(0, path.lastIndexOf("/")) || "/";
      return {
        kind: "admin#directory#orgUnit",
        etag: `"${idOf(path)}"`,
        name: path.slice(path.lastIndexOf("/") + 1),
        description: opts.orgUnits?.find((o) => o.path === path)?.description ?? "",
        orgUnitPath: path,
        orgUnitId: idOf(path),
        parentOrgUnitPath: parent,
        parentOrgUnitId: parent === "/" ? "id:03ph8a2z0root" : idOf(parent),
      };
    });
  };

  const handle = async (req: ContractRequest, res: ServerResponse) => {
    const { path, method, query } = req;

    if (path === "/token" && method === "POST") {
      const form = new URLSearchParams(req.body);
      const invalidGrant = (d: string) => sendJson(res, 400, { error: "invalid_grant", error_description: d });
      if (form.get("grant_type") !== "urn:ietf:params:oauth:grant-type:jwt-bearer") {
        return sendJson(res, 400, { error: "unsupported_grant_type", error_description: `Invalid grant_type: ${form.get("grant_type") ?? ""}` });
      }
      const assertion = form.get("assertion") ?? "";
      let claims: Record<string, unknown>;
      try {
        claims = decodeJwt(assertion);
        decodeProtectedHeader(assertion);
      } catch {
        return invalidGrant("Invalid JWT: malformed");
      }
      const acct = accounts.get(String(claims.iss));
      if (!acct) return invalidGrant("Invalid grant: account not found");
      try {
        await jwtVerify(assertion, acct.publicKey, { algorithms: ["RS256"], audience: GOOGLE_AUD, issuer: acct.email, maxTokenAge: "1h" });
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code === "ERR_JWT_CLAIM_VALIDATION_FAILED") return invalidGrant("Invalid JWT: Failed audience check.");
        if (code === "ERR_JWT_EXPIRED") return invalidGrant("Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.");
        return invalidGrant("Invalid JWT Signature.");
      }
      const exp = Number(claims.exp);
      const iat = Number(claims.iat);
      if (!(exp - iat <= 3600)) return invalidGrant("Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.");
      const scopes = String(claims.scope ?? "").split(/\s+/).filter(Boolean);
      if (!scopes.length) return invalidGrant("Invalid OAuth scope or ID token audience provided.");
      const sub = claims.sub === undefined ? undefined : String(claims.sub);
      if (sub !== undefined) {
        if (!acct.delegation || !scopes.every((s) => delegated.includes(s))) {
          return sendJson(res, 401, { error: "unauthorized_client", error_description: "Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested." });
        }
        if (sub !== adminEmail) return invalidGrant("Invalid email or User ID");
      }
      assertions.push(claims);
      const token = `ya29.${randomBytes(24).toString("base64url")}`;
      tokens.set(token, { email: acct.email, sub, scopes });
      return sendJson(res, 200, { access_token: token, expires_in: 3599, token_type: "Bearer" });
    }

    const signJwt = /^\/v1\/projects\/-\/serviceAccounts\/([^/]+):signJwt$/.exec(path);
    if (signJwt && method === "POST") {
      if (!requireScope(req, res, "cloud-platform", "iam")) return;
      const caller = accounts.get(tokens.get(req.headers.authorization!.slice(7))!.email)!;
      const targetEmail = decodeURIComponent(signJwt[1]!);
      const tgt = accounts.get(targetEmail);
      if (!tgt || caller.mayImpersonate !== targetEmail) {
        return gError(res, 403, "PERMISSION_DENIED", `Permission 'iam.serviceAccounts.signJwt' denied on resource (or it may not exist).`, "forbidden");
      }
      let payload: Record<string, unknown>;
      try {
        payload = JSON.parse(String((JSON.parse(req.body) as { payload?: string }).payload));
      } catch {
        return gError(res, 400, "INVALID_ARGUMENT", "Invalid JSON payload received.", "badRequest");
      }
      const signedJwt = await new SignJWT(payload).setProtectedHeader({ alg: "RS256", typ: "JWT", kid: tgt.kid }).sign(tgt.privateKey);
      return sendJson(res, 200, { keyId: tgt.kid, signedJwt });
    }

    const dir = "/admin/directory/v1/";
    if (!path.startsWith(dir) || method !== "GET") return gError(res, 404, "NOT_FOUND", "Not Found", "notFound");
    const rest = path.slice(dir.length);

    try {
      if (rest === "users") {
        if (!requireScope(req, res, "admin.directory.user.readonly", "admin.directory.user")) return;
        if (!query.get("domain") && !query.get("customer")) return gError(res, 400, "INVALID_ARGUMENT", "Bad Request", "badRequest");
        if (query.get("domain") && query.get("domain") !== domain) return gError(res, 403, "PERMISSION_DENIED", "Not Authorized to access this resource/api", "forbidden");
        const max = Number(query.get("maxResults") ?? 100);
        if (!Number.isInteger(max) || max < 1 || max > 500) return gError(res, 400, "INVALID_ARGUMENT", "Invalid value for: maxResults", "invalid");
        const at = page(query.get("pageToken"));
        if (server.faults.failUsersPage === at.p) return gError(res, 500, "INTERNAL", "Backend Error", "backendError");
        const clauses = parseGoogleQuery(query.get("query") ?? "");
        const hits: ContractUser[] = [];
        let i = at.i;
        for (; i < population.size && hits.length < max; i++) {
          const u = population.at(i);
          if (u && clauses.every((c) => clauseMatches(u, c))) hits.push(u);
        }
        let more = false;
        for (let j = i; j < population.size; j++) {
          const u = population.at(j);
          if (u && clauses.every((c) => clauseMatches(u, c))) {
            more = true;
            break;
          }
        }
        return sendJson(res, 200, {
          kind: "admin#directory#users",
          etag: '"users-etag"',
          users: hits.map(userJson),
          ...(more ? { nextPageToken: pageToken(i, at.p + 1) } : {}),
        });
      }
      const userKey = /^users\/([^/]+)$/.exec(rest);
      if (userKey) {
        if (!requireScope(req, res, "admin.directory.user.readonly", "admin.directory.user")) return;
        const key = decodeURIComponent(userKey[1]!);
        let u: ContractUser | null = null;
        const i = population.indexOf(key);
        if (i >= 0) u = population.at(i);
        else if (key.includes("@")) for (let j = 0; j < population.size && !u; j++) if (population.at(j)?.email === key.toLowerCase()) u = population.at(j);
        if (!u) return gError(res, 404, "NOT_FOUND", "Resource Not Found: userKey", "notFound");
        return sendJson(res, 200, userJson(u));
      }
      if (rest === "groups") {
        if (!requireScope(req, res, "admin.directory.group.readonly", "admin.directory.group")) return;
        const max = Math.min(200, Number(query.get("maxResults") ?? 200));
        const at = page(query.get("pageToken"));
        const slice = population.groups.slice(at.i, at.i + max);
        const end = at.i + slice.length;
        return sendJson(res, 200, {
          kind: "admin#directory#groups",
          etag: '"groups-etag"',
          groups: slice.map((g) => ({ kind: "admin#directory#group", id: g.id, etag: `"${g.id}"`, email: `${g.name.toLowerCase().replace(/\W+/g, "-")}@${domain}`, name: g.name, directMembersCount: "0", description: g.description ?? "", adminCreated: true })),
          ...(end < population.groups.length ? { nextPageToken: pageToken(end, at.p + 1) } : {}),
        });
      }
      const members = /^groups\/([^/]+)\/members$/.exec(rest);
      if (members) {
        if (!requireScope(req, res, "admin.directory.group.member.readonly", "admin.directory.group.readonly", "admin.directory.group.member", "admin.directory.group")) return;
        const groupKey = decodeURIComponent(members[1]!);
        if (!population.group(groupKey)) return gError(res, 404, "NOT_FOUND", "Resource Not Found: groupKey", "notFound");
        const max = Math.min(200, Number(query.get("maxResults") ?? 200));
        const at = page(query.get("pageToken"));
        const items: ContractUser[] = [];
        let i = population.nextMember(groupKey, at.i);
        while (i >= 0 && items.length < max) {
          items.push(population.at(i)!);
          i = population.nextMember(groupKey, i + 1);
        }
        return sendJson(res, 200, {
          kind: "admin#directory#members",
          etag: '"members-etag"',
          members: items.map((u) => ({ kind: "admin#directory#member", etag: `"${u.id}"`, id: u.id, email: u.email ?? undefined, role: "MEMBER", type: "USER", status: status(u) === "ACTIVE" ? "ACTIVE" : "SUSPENDED" })),
          ...(i >= 0 ? { nextPageToken: pageToken(i, at.p + 1) } : {}),
        });
      }
      if (rest === "customer/my_customer/orgunits") {
        if (!requireScope(req, res, "admin.directory.orgunit.readonly", "admin.directory.orgunit")) return;
        const type = query.get("type") ?? "children";
        const all = orgUnits();
        const units = type === "children" ? all.filter((u) => u.parentOrgUnitPath === "/") : all;
        return sendJson(res, 200, { kind: "admin#directory#orgUnits", etag: '"ou-etag"', organizationUnits: units });
      }
      return gError(res, 404, "NOT_FOUND", "Not Found", "notFound");
    } catch (e) {
      return gError(res, 400, "INVALID_ARGUMENT", (e as Error).message === "Invalid Input" ? "Invalid Input" : "Bad Request", "invalid");
    }
  };

  const server = await startContractServer(
    population,
    {
      isToken: (req) => req.path === "/token" || req.path.endsWith(":signJwt"),
      rateLimited: (res, retryAfter) =>
        gError(res, 429, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user'.", "rateLimitExceeded", { "retry-after": String(retryAfter) }),
      handle,
    },
    opts.faults,
  );
  return Object.assign(server, {
    revokeTokens: () => tokens.clear(),
    domain,
    adminEmail,
    serviceAccountKey: await keyJson(direct),
    baseKey: await keyJson(base),
    impersonatedEmail,
    endpoints: { token: `${server.url}/token`, directory: server.url, iam: server.url },
    assertions,
  });
}
