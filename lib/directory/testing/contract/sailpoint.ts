/**
 * SailPoint contract servers (issue #6), one per product, on loopback, with SailPoint's documented shapes.
 *
 * Identity Security Cloud — `createSailPointIscContract` (configure the adapter with endpoints { isc: url }):
 *   POST /oauth/token                  client_credentials, client_id/client_secret in the form (or query);
 *                                      wrong → 401 { error: "invalid_client", error_description: "Bad client credentials" }
 *   POST /v3/search?limit&offset&count indices ["identities"], query.query (ISC search syntax subset: field:value,
 *                                      field:("a" OR "b"), "quoted", trailing * wildcard, AND / OR / NOT, parentheses,
 *                                      @access(…) nested, *), sort ["id"], searchAfter [id], queryResultFilter.includes;
 *                                      returns the identity documents, X-Total-Count with count=true; limit ≤ 10000
 *   POST /v3/search/aggregate          bucket TERMS aggregation → { aggregations: { <name>: { buckets } }, hits: [] }
 *   GET  /v3/roles?limit&offset&count&filters&sorters   roles (limit ≤ 50), filters `id|name eq "…"`
 *   GET  /v3/roles/{id}                role or 404
 *   Errors: { detailCode, trackingId, messages: [{ locale, localeOrigin, text }], causes } (400/403/404/500);
 *   401 { error: "JWT validation failed…" }; 429 { message: " Rate Limit Exceeded " } with Retry-After.
 *   Identity documents: inactive = !active; attributes.cloudLifecycleState = status ?? active|inactive;
 *   access = the user's groupIds as ROLE items (unknown ids keep their id as name).
 *
 * IdentityIQ — `createSailPointIiqContract` (baseUrl = `${url}/identityiq`):
 *   POST /identityiq/oauth2/token      client_credentials with Basic client auth
 *   GET  /identityiq/scim/v2/Users     startIndex (1-based) / count / filter (eq, co, sw, pr, and, or on userName,
 *                                      displayName, active, emails.value, name.*, id and the enterprise
 *                                      extension's department) / attributes; ListResponse
 *   GET  /identityiq/scim/v2/Users/{id}
 *   GET  /identityiq/scim/v2/Roles, /Roles/{id}   roles = the population's groups (filter `name eq`)
 *   Auth: HTTP Basic username:password or the OAuth bearer; failures are SCIM errors (status as a string).
 *   A user's roles (urn:…:sailpoint:1.0:User:roles) are returned only when listed in `attributes`, as IIQ does.
 */
import type { ServerResponse } from "node:http";
import { randomBytes, randomUUID } from "node:crypto";
import {
  clientCredentials,
  createPopulation,
  prefixedIds,
  scan,
  sendJson,
  startContractServer,
  type ContractRequest,
  type ContractServer,
  type ContractUser,
  type FaultOptions,
  type Population,
  type PopulationOptions,
} from "./common";

const STAMP = "2024-01-15T09:30:00.000Z";

// ------------------------------------------------------------------------------------------------
// ISC search query language (the subset the adapter and tests use)

type Node =
  | { t: "all" }
  | { t: "and" | "or"; a: Node; b: Node }
  | { t: "not"; a: Node }
  | { t: "nested"; field: string; a: Node }
  | { t: "term"; field: string | null; values: string[] };

export function parseIscQuery(src: string): Node {
  const tokens: string[] = [];
  const re = /\s*(@\w+\(|\(|\)|"(?:[^"\\]|\\.)*"|[^\s()"]+)/y;
  let pos = 0;
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(src);
    if (!m) throw new Error("unparsable query");
    tokens.push(m[1]!);
    pos = re.lastIndex;
  }
  let i = 0;
  const unquote = (s: string) => (s.startsWith('"') ? s.slice(1, -1).replace(/\\(.)/g, "$1") : s);
  const values = (): string[] => {
    const tok = tokens[i++];
    if (tok === undefined) throw new Error("value expected");
    if (tok !== "(") return [unquote(tok)];
    const out: string[] = [];
    for (;;) {
      const v = tokens[i++];
      if (v === undefined) throw new Error("unclosed value group");
      if (v === ")") break;
      if (v === "OR") continue;
      out.push(unquote(v));
    }
    return out;
  };
  const primary = (): Node => {
    const tok = tokens[i++];
    if (tok === undefined) throw new Error("unexpected end");
    if (tok === "NOT") return { t: "not", a: primary() };
    if (tok === "(") {
      const e = or();
      if (tokens[i++] !== ")") throw new Error(") expected");
      return e;
    }
    if (tok.startsWith("@")) {
      const e = or();
      if (tokens[i++] !== ")") throw new Error(") expected");
      return { t: "nested", field: tok.slice(1, -1), a: e };
    }
    if (tok === "*") return { t: "all" };
    if (tok.startsWith('"')) return { t: "term", field: null, values: [unquote(tok)] };
    const colon = tok.indexOf(":");
    if (colon < 0) return { t: "term", field: null, values: [tok] };
    const field = tok.slice(0, colon);
    const rest = tok.slice(colon + 1);
    return { t: "term", field, values: rest ? [unquote(rest)] : values() };
  };
  const and = (): Node => {
    let a = primary();
    while (tokens[i] === "AND") {
      i++;
      a = { t: "and", a, b: primary() };
    }
    return a;
  };
  const or = (): Node => {
    let a = and();
    while (tokens[i] === "OR") {
      i++;
      a = { t: "or", a, b: and() };
    }
    return a;
  };
  const node = or();
  if (i !== tokens.length) throw new Error(`unexpected ${tokens[i]}`);
  return node;
}

function getPath(doc: unknown, path: string): unknown[] {
  let cur: unknown[] = [doc];
  for (const part of path.split(".")) {
    const next: unknown[] = [];
    for (const c of cur) {
      const v = c && typeof c === "object" ? (c as Record<string, unknown>)[part] : undefined;
      if (Array.isArray(v)) next.push(...v);
      else if (v !== undefined && v !== null) next.push(v);
    }
    cur = next;
  }
  return cur;
}

function valueMatches(actual: unknown, wanted: string): boolean {
  const a = String(actual).toLowerCase();
  const w = wanted.toLowerCase();
  return w.endsWith("*") ? a.startsWith(w.slice(0, -1)) : a === w;
}

export function evalIscQuery(node: Node, doc: Record<string, unknown>): boolean {
  switch (node.t) {
    case "all":
      return true;
    case "and":
      return evalIscQuery(node.a, doc) && evalIscQuery(node.b, doc);
    case "or":
      return evalIscQuery(node.a, doc) || evalIscQuery(node.b, doc);
    case "not":
      return !evalIscQuery(node.a, doc);
    case "nested":
      return getPath(doc, node.field).some((item) => item && typeof item === "object" && evalIscQuery(node.a, item as Record<string, unknown>));
    case "term": {
      const fields = node.field ? [node.field.replace(/\.exact$/, "")] : ["name", "displayName", "email"];
      return fields.some((f) => getPath(doc, f).some((v) => node.values.some((w) => valueMatches(v, w))));
    }
  }
}

// ------------------------------------------------------------------------------------------------
// ISC

export type SailPointIscContractOptions = PopulationOptions & {
  clientId?: string;
  clientSecret?: string;
  faults?: FaultOptions;
};

export type SailPointIscContract = ContractServer & {
  /** Invalidates every access token issued so far (a revoked or rotated token mid-run). */
  revokeTokens(): void;
  clientId: string;
  clientSecret: string;
  /** AdapterOptions.endpoints for this server. */
  endpoints: { isc: string };
};

function iscError(res: ServerResponse, status: number, detailCode: string, text: string) {
  sendJson(res, status, { detailCode, trackingId: randomUUID().replace(/-/g, ""), messages: [{ locale: "en-US", localeOrigin: "DEFAULT", text }], causes: [] });
}

export function iscIdentityDoc(u: ContractUser, pop: Population): Record<string, unknown> {
  const lifecycle = u.status ?? (u.active ? "active" : "inactive");
  return {
    id: u.id,
    name: u.userName,
    _type: "identity",
    type: "identity",
    _version: "v7",
    displayName: u.displayName ?? [u.givenName, u.familyName].filter(Boolean).join(" "),
    firstName: u.givenName,
    lastName: u.familyName,
    ...(u.email !== null ? { email: u.email } : {}),
    created: STAMP,
    modified: STAMP,
    synced: STAMP,
    inactive: !u.active,
    protected: false,
    status: u.active ? "UNREGISTERED" : "DISABLED",
    employeeNumber: u.extra?.employeeNumber ?? null,
    manager: null,
    isManager: false,
    identityProfile: { id: "2c9180857d8e4c53017d9a0d0a1b0c0d", name: "Employees" },
    source: { id: "2c9180857d8e4c53017d9a0d0a1b0c0e", name: "Workday" },
    attributes: {
      uid: u.userName,
      firstname: u.givenName,
      lastname: u.familyName,
      displayName: u.displayName ?? null,
      ...(u.email !== null ? { email: u.email } : {}),
      department: u.department,
      title: u.title,
      employeeType: u.employeeType,
      cloudLifecycleState: lifecycle,
      ...(u.extra ?? {}),
    },
    processingState: null,
    access: u.groupIds.map((id) => {
      const g = pop.group(id);
      return { id, name: g?.name ?? id, displayName: g?.name ?? id, type: "ROLE", description: g?.description ?? null, owner: null, disabled: false, revocable: true };
    }),
    accessCount: u.groupIds.length,
    roleCount: u.groupIds.length,
    tags: [],
  };
}

export async function createSailPointIscContract(opts: SailPointIscContractOptions = {}): Promise<SailPointIscContract> {
  const clientId = opts.clientId ?? "isc-client-id";
  const clientSecret = opts.clientSecret ?? "isc-client-secret";
  const ids = prefixedIds("2c9180", "2c9181", opts.generate?.seed);
  const population = createPopulation(opts, ids);
  const tokens = new Set<string>();

  /** All identity documents matching a query, sorted by id (generated ids already are, in index order). */
  const matching = (node: Node): Record<string, unknown>[] => {
    const out: Record<string, unknown>[] = [];
    for (let i = 0; i < population.size; i++) {
      const u = population.at(i);
      if (!u) continue;
      const doc = iscIdentityDoc(u, population);
      if (evalIscQuery(node, doc)) out.push(doc);
    }
    if (!opts.generate) out.sort((a, b) => (String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0));
    return out;
  };

  /**
   * One page of matches after `after` (searchAfter on id) or from `offset`. A generated population is in
   * id order, so searchAfter starts at the id's index and a page costs O(page), not O(population).
   */
  const pageOf = (node: Node, limit: number, offset: number, after: string | undefined) => {
    if (!opts.generate) {
      const docs = matching(node);
      let start = offset;
      if (after !== undefined) {
        start = docs.findIndex((d) => String(d.id) > after);
        if (start < 0) start = docs.length;
      }
      return { start, docs: docs.slice(start, start + limit) };
    }
    const pred = (u: ContractUser) => evalIscQuery(node, iscIdentityDoc(u, population));
    let i = 0;
    let start = offset;
    if (after !== undefined) {
      i = ids.userIndex(after) + 1;
      start = Math.max(0, i); // approximate position, for failUsersPage only
    } else {
      for (let skipped = 0; i < population.size && skipped < offset; i++) {
        const u = population.at(i);
        if (u && pred(u)) skipped++;
      }
    }
    const docs: Record<string, unknown>[] = [];
    for (; i < population.size && docs.length < limit; i++) {
      const u = population.at(i);
      if (u && pred(u)) docs.push(iscIdentityDoc(u, population));
    }
    return { start, docs };
  };
  const countOf = (node: Node) => {
    let n = 0;
    for (let i = 0; i < population.size; i++) {
      const u = population.at(i);
      if (u && evalIscQuery(node, iscIdentityDoc(u, population))) n++;
    }
    return n;
  };

  const roleJson = (g: { id: string; name: string; description?: string | null }) => ({
    id: g.id,
    name: g.name,
    created: STAMP,
    modified: STAMP,
    description: g.description ?? null,
    owner: { type: "IDENTITY", id: "2c9180a46faadee4016fb4e018c20639", name: "support" },
    accessProfiles: [],
    entitlements: [],
    membership: null,
    enabled: true,
    requestable: false,
    segments: [],
    dimensional: false,
  });

  const handle = async (req: ContractRequest, res: ServerResponse) => {
    const { path, method, query } = req;
    if (path === "/oauth/token" && method === "POST") {
      const { form, clientId: id, clientSecret: secret } = clientCredentials(req);
      const grant = form.get("grant_type") ?? query.get("grant_type");
      const cid = id ?? query.get("client_id");
      const csec = secret ?? query.get("client_secret");
      if (grant !== "client_credentials") return sendJson(res, 400, { error: "unsupported_grant_type", error_description: `Unsupported grant type: ${grant}` });
      if (cid !== clientId || csec !== clientSecret) return sendJson(res, 401, { error: "invalid_client", error_description: "Bad client credentials" });
      const token = `eyJhbGciOiJSUzI1NiJ9.${randomBytes(24).toString("base64url")}.sig`;
      tokens.add(token);
      return sendJson(res, 200, { access_token: token, token_type: "bearer", expires_in: 749, scope: "sp:scopes:all", tenant_id: randomUUID(), pod: "stg01-useast1", strong_auth_supported: false, org: "acme", claims_supported: false, jti: randomUUID() });
    }

    const auth = req.headers.authorization;
    if (!auth) return sendJson(res, 401, { error: "Missing authorization header" });
    if (!auth.startsWith("Bearer ") || !tokens.has(auth.slice(7))) return sendJson(res, 401, { error: "JWT validation failed: JWT signature does not match" });

    let body: Record<string, unknown> = {};
    if (method === "POST") {
      try {
        body = JSON.parse(req.body || "{}") as Record<string, unknown>;
      } catch {
        return iscError(res, 400, "400.0 Bad Request", "The request could not be parsed.");
      }
    }

    if ((path === "/v3/search" || path === "/v3/search/aggregate") && method === "POST") {
      const indices = body.indices as unknown;
      if (!Array.isArray(indices) || !indices.includes("identities")) return iscError(res, 400, "400.1 Bad Request Content", "indices must include identities");
      let node: Node;
      try {
        node = parseIscQuery(String((body.query as { query?: string } | undefined)?.query ?? "*"));
      } catch (e) {
        return iscError(res, 400, "400.1 Bad Request Content", `The search query is invalid: ${(e as Error).message}`);
      }
      if (path === "/v3/search/aggregate") {
        const docs = matching(node);
        const bucket = (body.aggregations as { bucket?: { name?: string; type?: string; field?: string; size?: number } } | undefined)?.bucket;
        if (!bucket?.name || bucket.type !== "TERMS" || !bucket.field) return iscError(res, 400, "400.1 Bad Request Content", "a TERMS bucket aggregation is required");
        const counts = new Map<string, number>();
        for (const d of docs) for (const v of getPath(d, bucket.field)) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
        const buckets = [...counts].sort((a, b) => b[1] - a[1]).slice(0, bucket.size ?? 100).map(([key, doc_count]) => ({ key, doc_count }));
        return sendJson(res, 200, { aggregations: { [bucket.name]: { buckets } }, hits: [] });
      }
      const limit = Number(query.get("limit") ?? 250);
      const offset = Number(query.get("offset") ?? 0);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10000) return iscError(res, 400, "400.1 Bad Request Content", "limit must be between 1 and 10000");
      const after = (body.searchAfter as string[] | undefined)?.[0];
      if (after !== undefined && offset > 0) return iscError(res, 400, "400.1 Bad Request Content", "searchAfter cannot be combined with offset");
      const { start, docs } = pageOf(node, limit, offset, after);
      if (server.faults.failUsersPage === Math.floor(start / limit) + 1) return iscError(res, 500, "500.0 Internal Fault", "An internal fault occurred.");
      const includes = (body.queryResultFilter as { includes?: string[] } | undefined)?.includes;
      const pageDocs = docs.map((d) => (includes ? Object.fromEntries(Object.entries(d).filter(([k]) => includes.includes(k))) : d));
      return sendJson(res, 200, pageDocs, query.get("count") === "true" ? { "x-total-count": String(countOf(node)) } : {});
    }

    if (path === "/v3/roles" && method === "GET") {
      const limit = Number(query.get("limit") ?? 50);
      const offset = Number(query.get("offset") ?? 0);
      if (!Number.isInteger(limit) || limit < 1 || limit > 50) return iscError(res, 400, "400.1 Bad Request Content", "limit must be between 1 and 50");
      let roles = [...population.groups];
      const filters = query.get("filters");
      if (filters) {
        const m = /^(id|name) eq "((?:[^"\\]|\\.)*)"$/.exec(filters.trim());
        if (!m) return iscError(res, 400, "400.1 Bad Request Content", `Unsupported filter: ${filters}`);
        const v = m[2]!.replace(/\\(.)/g, "$1");
        roles = roles.filter((g) => (m[1] === "id" ? g.id === v : g.name === v));
      }
      if (query.get("sorters") === "name") roles.sort((a, b) => a.name.localeCompare(b.name));
      return sendJson(res, 200, roles.slice(offset, offset + limit).map(roleJson), query.get("count") === "true" ? { "x-total-count": String(roles.length) } : {});
    }
    const roleMatch = /^\/v3\/roles\/([^/]+)$/.exec(path);
    if (roleMatch && method === "GET") {
      const g = population.group(decodeURIComponent(roleMatch[1]!));
      if (!g) return iscError(res, 404, "404 Not found", "The server did not find a current representation for the target resource.");
      return sendJson(res, 200, roleJson(g));
    }
    return iscError(res, 404, "404 Not found", "The server did not find a current representation for the target resource.");
  };

  const server = await startContractServer(
    population,
    {
      isToken: (req) => req.path === "/oauth/token",
      rateLimited: (res, retryAfter) => sendJson(res, 429, { message: " Rate Limit Exceeded " }, { "retry-after": String(retryAfter) }),
      handle,
    },
    opts.faults,
  );
  return Object.assign(server, { clientId, clientSecret, endpoints: { isc: server.url }, revokeTokens: () => tokens.clear() });
}

// ------------------------------------------------------------------------------------------------
// IdentityIQ SCIM 2.0

export type SailPointIiqContractOptions = PopulationOptions & {
  username?: string;
  password?: string;
  clientId?: string;
  clientSecret?: string;
  faults?: FaultOptions;
};

export type SailPointIiqContract = ContractServer & {
  /** What to configure as baseUrl: `${url}/identityiq`. */
  baseUrl: string;
  username: string;
  password: string;
  clientId: string;
  clientSecret: string;
};

const SCIM_ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
const LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const IIQ_EXT = "urn:ietf:params:scim:schemas:sailpoint:1.0:User";

function scimError(res: ServerResponse, status: number, detail: string, scimType?: string, headers: Record<string, string> = {}) {
  if (res.destroyed || res.headersSent) return;
  const text = JSON.stringify({ schemas: [SCIM_ERROR], status: String(status), ...(scimType ? { scimType } : {}), detail });
  res.writeHead(status, { "content-type": "application/scim+json", ...headers });
  res.end(text);
}

type Filter = { op: "and" | "or"; a: Filter; b: Filter } | { op: "cmp"; attr: string; cmp: string; value: unknown };

export function parseScimFilter(src: string): Filter {
  const tokens: string[] = [];
  const re = /\s*(\(|\)|"(?:[^"\\]|\\.)*"|[^\s()"]+)/y;
  let pos = 0;
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(src);
    if (!m) throw new Error("bad token");
    tokens.push(m[1]!);
    pos = re.lastIndex;
  }
  let i = 0;
  const primary = (): Filter => {
    const tok = tokens[i++];
    if (tok === "(") {
      const e = or();
      if (tokens[i++] !== ")") throw new Error(") expected");
      return e;
    }
    if (!tok) throw new Error("attribute expected");
    const cmp = tokens[i++]?.toLowerCase();
    if (!cmp || !["eq", "ne", "co", "sw", "ew", "pr"].includes(cmp)) throw new Error("operator expected");
    if (cmp === "pr") return { op: "cmp", attr: tok, cmp, value: null };
    const raw = tokens[i++];
    if (raw === undefined) throw new Error("value expected");
    return { op: "cmp", attr: tok, cmp, value: raw.startsWith('"') ? JSON.parse(raw) : raw === "true" ? true : raw === "false" ? false : raw };
  };
  const and = (): Filter => {
    let a = primary();
    while (tokens[i]?.toLowerCase() === "and") {
      i++;
      a = { op: "and", a, b: primary() };
    }
    return a;
  };
  const or = (): Filter => {
    let a = and();
    while (tokens[i]?.toLowerCase() === "or") {
      i++;
      a = { op: "or", a, b: and() };
    }
    return a;
  };
  const f = or();
  if (i !== tokens.length) throw new Error(`unexpected ${tokens[i]}`);
  return f;
}

export async function createSailPointIiqContract(opts: SailPointIiqContractOptions = {}): Promise<SailPointIiqContract> {
  const username = opts.username ?? "spadmin";
  const password = opts.password ?? "admin";
  const clientId = opts.clientId ?? "iiq-client";
  const clientSecret = opts.clientSecret ?? "iiq-secret";
  const population = createPopulation(opts, prefixedIds("ac1", "ac2", opts.generate?.seed));
  const tokens = new Set<string>();
  const positions = new Map<string, number>();
  const totals = new Map<string, number>();

  const attrOf = (u: ContractUser, attr: string): unknown[] => {
    const a = attr.toLowerCase();
    if (a === "id") return [u.id];
    if (a === "username") return [u.userName];
    if (a === "displayname") return [u.displayName ?? null];
    if (a === "active") return [u.active];
    if (a === "emails.value" || a === "emails") return u.email ? [u.email] : [];
    if (a === "name.givenname") return [u.givenName];
    if (a === "name.familyname") return [u.familyName];
    if (a === `${ENTERPRISE}:department`.toLowerCase()) return [u.department];
    throw new Error(`attribute ${attr} is not filterable`);
  };
  const probe: ContractUser = { id: "", email: null, userName: "", givenName: null, familyName: null, active: true, department: null, title: null, employeeType: null, groupIds: [], roles: [] };
  const validate = (f: Filter): void => {
    if (f.op === "cmp") attrOf(probe, f.attr);
    else (validate(f.a), validate(f.b));
  };
  const test = (f: Filter, u: ContractUser): boolean => {
    if (f.op !== "cmp") return f.op === "and" ? test(f.a, u) && test(f.b, u) : test(f.a, u) || test(f.b, u);
    const vals = attrOf(u, f.attr);
    const w = typeof f.value === "string" ? f.value.toLowerCase() : f.value;
    return vals.some((v) => {
      if (f.cmp === "pr") return v !== null && v !== undefined && v !== "";
      const x = typeof v === "string" ? v.toLowerCase() : v;
      if (f.cmp === "eq") return x === w;
      if (f.cmp === "ne") return x !== w;
      if (typeof x !== "string" || typeof w !== "string") return false;
      return f.cmp === "co" ? x.includes(w) : f.cmp === "sw" ? x.startsWith(w) : x.endsWith(w);
    });
  };

  const userJson = (u: ContractUser, base: string, attributes: string[] | null) => {
    const want = (a: string) => !attributes || attributes.some((x) => x.toLowerCase() === a.toLowerCase());
    const ext: Record<string, unknown> = { capabilities: [], lastRefresh: STAMP, title: u.title, ...(u.extra ?? {}) };
    if (attributes?.some((x) => x.toLowerCase() === `${IIQ_EXT}:roles`.toLowerCase())) {
      ext.roles = u.groupIds.map((id) => ({ value: id, display: population.group(id)?.name ?? id, type: "business", acquired: "Assigned", $ref: `${base}/Roles/${id}` }));
    }
    const full: Record<string, unknown> = {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE, IIQ_EXT],
      id: u.id,
      userName: u.userName,
      name: { formatted: [u.givenName, u.familyName].filter(Boolean).join(" "), givenName: u.givenName ?? undefined, familyName: u.familyName ?? undefined },
      displayName: u.displayName ?? [u.givenName, u.familyName].filter(Boolean).join(" "),
      active: u.active,
      ...(u.email !== null ? { emails: [{ type: "work", value: u.email, primary: true }] } : {}),
      userType: u.employeeType ?? undefined,
      [ENTERPRISE]: { department: u.department ?? undefined, employeeNumber: u.extra?.employeeNumber },
      [IIQ_EXT]: ext,
      meta: { resourceType: "User", created: STAMP, lastModified: STAMP, location: `${base}/Users/${u.id}`, version: `W/"${u.id}"` },
    };
    const out: Record<string, unknown> = { schemas: full.schemas, id: u.id };
    for (const [k, v] of Object.entries(full)) if (k !== "schemas" && k !== "id" && (want(k) || (k === IIQ_EXT && ext.roles))) out[k] = v;
    if (out[IIQ_EXT] && !want(IIQ_EXT)) out[IIQ_EXT] = { roles: ext.roles };
    return out;
  };
  const roleJson = (g: { id: string; name: string; description?: string | null }, base: string) => ({
    schemas: ["urn:ietf:params:scim:schemas:sailpoint:1.0:Role"],
    id: g.id,
    name: g.name,
    displayName: g.name,
    description: g.description ?? undefined,
    type: { name: "business", displayName: "Business", icon: "businessIcon" },
    requestable: true,
    meta: { resourceType: "Role", created: STAMP, lastModified: STAMP, location: `${base}/Roles/${g.id}` },
  });

  const handle = async (req: ContractRequest, res: ServerResponse) => {
    const { path, method, query } = req;
    if (path === "/identityiq/oauth2/token" && method === "POST") {
      const { form, clientId: id, clientSecret: secret } = clientCredentials(req);
      if (form.get("grant_type") !== "client_credentials") return sendJson(res, 400, { error: "unsupported_grant_type" });
      if (id !== clientId || secret !== clientSecret) return sendJson(res, 401, { error: "invalid_client", error_description: "Invalid client credentials" });
      const token = randomBytes(24).toString("base64url");
      tokens.add(token);
      return sendJson(res, 200, { access_token: token, token_type: "bearer", expires_in: 3600 });
    }
    const scimBase = "/identityiq/scim/v2";
    if (!path.startsWith(scimBase)) return scimError(res, 404, `No resource at ${path}`);
    const auth = req.headers.authorization ?? "";
    const basicOk = auth === `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
    const bearerOk = auth.startsWith("Bearer ") && tokens.has(auth.slice(7));
    if (!basicOk && !bearerOk) return scimError(res, 401, "Authentication failed", undefined, { "www-authenticate": 'Basic realm="IdentityIQ"' });
    const base = `${server.url}${scimBase}`;
    const rest = path.slice(scimBase.length);
    if (method !== "GET") return scimError(res, 405, "Method not allowed");
    const attributes = query.get("attributes")?.split(",").map((s) => s.trim()).filter(Boolean) ?? null;
    const startIndex = Math.max(1, Number(query.get("startIndex") ?? 1));
    const count = Math.max(0, Number(query.get("count") ?? 100));

    if (rest === "/Users") {
      let filter: Filter | null = null;
      try {
        filter = query.get("filter") ? parseScimFilter(query.get("filter")!) : null;
        if (filter) validate(filter);
      } catch (e) {
        return scimError(res, 400, (e as Error).message, "invalidFilter");
      }
      if (server.faults.failUsersPage === Math.floor((startIndex - 1) / Math.max(1, count)) + 1) return scimError(res, 500, "An unexpected error occurred");
      const pred = (u: ContractUser) => !filter || test(filter, u);
      const key = `${query.get("filter") ?? ""}|${population.generation}`;
      // Where the previous page ended and the total are remembered: sequential paging stays O(page).
      let from = positions.get(`${key}|${startIndex}`);
      if (from === undefined) {
        from = 0;
        for (let skipped = 0; from < population.size && skipped < startIndex - 1; from++) {
          const u = population.at(from);
          if (u && pred(u)) skipped++;
        }
      }
      const { items: hits, next } = scan(population, from, count, pred);
      let total = totals.get(key);
      if (total === undefined) {
        total = 0;
        for (let i = 0; i < population.size; i++) {
          const u = population.at(i);
          if (u && pred(u)) total++;
        }
        totals.set(key, total);
      }
      if (positions.size > 20_000) positions.clear();
      positions.set(`${key}|${startIndex + hits.length}`, next < 0 ? population.size : next);
      return sendJson(res, 200, { schemas: [LIST], totalResults: total, startIndex, itemsPerPage: hits.length, Resources: hits.map((u) => userJson(u, base, attributes)) });
    }
    const userMatch = /^\/Users\/([^/]+)$/.exec(rest);
    if (userMatch) {
      const i = population.indexOf(decodeURIComponent(userMatch[1]!));
      const u = i >= 0 ? population.at(i) : null;
      if (!u) return scimError(res, 404, `Resource ${decodeURIComponent(userMatch[1]!)} not found`);
      return sendJson(res, 200, userJson(u, base, attributes));
    }
    if (rest === "/Roles") {
      let roles = [...population.groups];
      const f = query.get("filter");
      if (f) {
        const m = /^name eq "((?:[^"\\]|\\.)*)"$/.exec(f.trim());
        if (!m) return scimError(res, 400, `Unsupported filter ${f}`, "invalidFilter");
        const v = JSON.parse(`"${m[1]}"`) as string;
        roles = roles.filter((g) => g.name === v);
      }
      const slice = roles.slice(startIndex - 1, startIndex - 1 + count);
      return sendJson(res, 200, { schemas: [LIST], totalResults: roles.length, startIndex, itemsPerPage: slice.length, Resources: slice.map((g) => roleJson(g, base)) });
    }
    const roleMatch = /^\/Roles\/([^/]+)$/.exec(rest);
    if (roleMatch) {
      const g = population.group(decodeURIComponent(roleMatch[1]!));
      if (!g) return scimError(res, 404, `Resource ${decodeURIComponent(roleMatch[1]!)} not found`);
      return sendJson(res, 200, roleJson(g, base));
    }
    return scimError(res, 404, `No resource at ${path}`);
  };

  const server = await startContractServer(
    population,
    {
      isToken: (req) => req.path === "/identityiq/oauth2/token",
      rateLimited: (res, retryAfter) => scimError(res, 429, "Too many requests", undefined, { "retry-after": String(retryAfter) }),
      handle,
    },
    opts.faults,
  );
  return Object.assign(server, { baseUrl: `${server.url}/identityiq`, username, password, clientId, clientSecret });
}
