/**
 * Okta contract server (issue #6): the parts of the Okta Management API the directory adapter uses,
 * on loopback, with Okta's documented shapes.
 *
 *   GET  /api/v1/users?limit=&after=&search=&filter=   users (limit default/max 200); without search/filter
 *                                                      DEPROVISIONED users are left out, as Okta does
 *   GET  /api/v1/users/{id}                             one user, or 404 E0000007
 *   GET  /api/v1/groups?limit=&after=&q=                groups (limit default/max 10000), incl. BUILT_IN "Everyone"
 *   GET  /api/v1/groups/{id}/users?limit=&after=        members (limit default/max 1000), or 404 E0000007
 *   POST /oauth2/{authServer}/v1/token, /oauth2/v1/token  client_credentials (Basic or form client auth)
 *
 * Auth is `Authorization: SSWS <apiToken>` exactly: none → 403 E0000005 "Invalid session", anything else
 * wrong → 401 E0000011 "Invalid token provided". Paging is cursor-based (`after` = last id) with RFC 8288
 * `Link: <…>; rel="self"` and `<…>; rel="next"` headers (absolute URLs on this server). `search` accepts
 * Okta's expression subset `attr eq|ne|sw|co|gt|ge|lt|le "v"`, `attr pr`, `and`, `or`, parentheses, on
 * id, status, created, lastUpdated, type.id and profile.*; anything else → 400 E0000031. A 429 carries
 * Okta's X-Rate-Limit-Limit/Remaining/Reset headers (Reset = epoch seconds) and E0000047, and — like
 * Okta — no Retry-After unless `retryAfterHeader: true`.
 *
 * Usage (tests, fixed population):
 *   const okta = await createOktaContract({ apiToken: "t0k", users: [contractUser({ id: "00u1", department: "Sales" })] });
 *   createOktaAdapter({ provider: "okta", issuerUrl: okta.issuerUrl, apiToken: "t0k" });
 * Usage (benchmarks, generated population — lazily computed, ~no memory, a page of 200 in a few ms):
 *   const okta = await createOktaContract({ apiToken: "t0k", generate: { users: 100_000, groups: 20, seed: 7, changedShare: 0.01 } });
 *   // … import everything, then make 1% of the users differ (department/title/deactivated/removed):
 *   okta.population.setGeneration(1);
 * Generated users: id `00u…` (20 chars), email `first.last.<i>@example.com`, profile.department/title/
 * userType/employeeNumber, member of "Everyone" and "Team NN" (i % groups). Deactivated users are SUSPENDED
 * (listed, inactive); removed users are absent from every listing and 404 on GET.
 * Faults: `faults: { rateLimitOn: [3], retryAfterSeconds: 2, failUsersPage: 2, slowMs: 500, slowOn: [1] }`,
 * also mutable later through `okta.faults`.
 */
import type { ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import {
  clientCredentials,
  createPopulation,
  prefixedIds,
  scan,
  scanMembers,
  sendJson,
  startContractServer,
  type ContractRequest,
  type ContractServer,
  type ContractUser,
  type FaultOptions,
  type PopulationOptions,
} from "./common";

export type OktaContractOptions = PopulationOptions & {
  /** The SSWS API token the server accepts. Default "okta-api-token". */
  apiToken?: string;
  /** Client credentials the token endpoint accepts (Verify's token check). Default "okta-client"/"okta-secret". */
  clientId?: string;
  clientSecret?: string;
  faults?: FaultOptions;
  /** Send Retry-After with 429s too (real Okta sends only X-Rate-Limit-Reset). Default false. */
  retryAfterHeader?: boolean;
  /**
   * Okta's per-minute bucket for the API (token requests excluded): every response reports it in
   * X-Rate-Limit-Limit/-Remaining/-Reset, and a request over the limit gets 429 E0000047 until the
   * window resets. Default: no bucket (headers still sent, with limit 600 and nothing used).
   */
  rateLimit?: { limit: number; windowSeconds?: number };
};

export type OktaContract = ContractServer & {
  /** Issuer URL to configure: `${url}/oauth2/default` (its origin is the Okta org URL). */
  issuerUrl: string;
  apiToken: string;
};

const STAMP = "2024-01-15T09:30:00.000Z";

function oktaError(res: ServerResponse, status: number, code: string, summary: string, headers: Record<string, string> = {}) {
  sendJson(res, status, { errorCode: code, errorSummary: summary, errorLink: code, errorId: `oae${randomUUID().replace(/-/g, "").slice(0, 19)}`, errorCauses: [] }, headers);
}

export function oktaUserJson(u: ContractUser, base: string, generation = 0): Record<string, unknown> {
  const status = u.status ?? (u.active ? "ACTIVE" : "SUSPENDED");
  const profile: Record<string, unknown> = {
    firstName: u.givenName,
    lastName: u.familyName,
    mobilePhone: null,
    secondEmail: null,
    login: u.userName,
    displayName: u.displayName ?? null,
    department: u.department,
    title: u.title,
    userType: u.employeeType,
    ...(u.extra ?? {}),
  };
  if (u.email !== null) profile.email = u.email;
  return {
    id: u.id,
    status,
    created: STAMP,
    activated: status === "STAGED" ? null : STAMP,
    statusChanged: STAMP,
    lastLogin: null,
    lastUpdated: generation > 0 ? `2024-02-0${Math.min(9, generation)}T00:00:00.000Z` : STAMP,
    passwordChanged: null,
    type: { id: "oty1default0000000000" },
    profile,
    credentials: { provider: { type: "OKTA", name: "OKTA" } },
    _links: { self: { href: `${base}/api/v1/users/${u.id}` } },
  };
}

// --- search expressions (the subset the adapter and tests use) ---

type Expr = { op: "and" | "or"; left: Expr; right: Expr } | { op: "cmp"; attr: string; cmp: string; value: string | number | boolean | null };

export function parseOktaSearch(src: string): Expr {
  const tokens: string[] = [];
  const re = /\s*(\(|\)|"(?:[^"\\]|\\.)*"|[^\s()"]+)/y;
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < src.length) {
    re.lastIndex = pos;
    m = re.exec(src);
    if (!m) {
      if (/^\s*$/.test(src.slice(pos))) break;
      throw new Error("bad token");
    }
    tokens.push(m[1]!);
    pos = re.lastIndex;
  }
  let i = 0;
  const peek = () => tokens[i];
  const primary = (): Expr => {
    if (peek() === "(") {
      i++;
      const e = orExpr();
      if (tokens[i++] !== ")") throw new Error("missing )");
      return e;
    }
    const attr = tokens[i++];
    const cmp = tokens[i++]?.toLowerCase();
    if (!attr || !cmp || !/^[A-Za-z][\w.]*$/.test(attr)) throw new Error("bad comparison");
    if (cmp === "pr") return { op: "cmp", attr, cmp, value: null };
    if (!["eq", "ne", "sw", "co", "gt", "ge", "lt", "le"].includes(cmp)) throw new Error("bad operator");
    const raw = tokens[i++];
    if (raw === undefined) throw new Error("missing value");
    let value: string | number | boolean;
    if (raw.startsWith('"')) value = raw.slice(1, -1).replace(/\\(.)/g, "$1");
    else if (raw === "true" || raw === "false") value = raw === "true";
    else if (/^-?\d+(\.\d+)?$/.test(raw)) value = Number(raw);
    else throw new Error("bad value");
    return { op: "cmp", attr, cmp, value };
  };
  const andExpr = (): Expr => {
    let e = primary();
    while (peek()?.toLowerCase() === "and") {
      i++;
      e = { op: "and", left: e, right: primary() };
    }
    return e;
  };
  const orExpr = (): Expr => {
    let e = andExpr();
    while (peek()?.toLowerCase() === "or") {
      i++;
      e = { op: "or", left: e, right: andExpr() };
    }
    return e;
  };
  const e = orExpr();
  if (i !== tokens.length) throw new Error("trailing tokens");
  return e;
}

function evalExpr(e: Expr, obj: Record<string, unknown>): boolean {
  if (e.op === "and") return evalExpr(e.left, obj) && evalExpr(e.right, obj);
  if (e.op === "or") return evalExpr(e.left, obj) || evalExpr(e.right, obj);
  if (e.op !== "cmp") return false;
  let v: unknown = obj;
  for (const part of e.attr.split(".")) v = v && typeof v === "object" ? (v as Record<string, unknown>)[part] : undefined;
  if (e.cmp === "pr") return v !== undefined && v !== null && v !== "";
  if (v === undefined || v === null) return e.cmp === "ne";
  const a = typeof v === "string" ? v.toLowerCase() : v;
  const b = typeof e.value === "string" ? e.value.toLowerCase() : e.value;
  switch (e.cmp) {
    case "eq":
      return a === b;
    case "ne":
      return a !== b;
    case "sw":
      return typeof a === "string" && typeof b === "string" && a.startsWith(b);
    case "co":
      return typeof a === "string" && typeof b === "string" && a.includes(b);
    case "gt":
      return (a as string) > (b as string);
    case "ge":
      return (a as string) >= (b as string);
    case "lt":
      return (a as string) < (b as string);
    case "le":
      return (a as string) <= (b as string);
  }
  return false;
}

const SEARCHABLE = /^(id|status|created|activated|statusChanged|lastUpdated|lastLogin|passwordChanged|type\.id|profile\.\w+)$/;

function validAttrs(e: Expr): boolean {
  return e.op === "cmp" ? SEARCHABLE.test(e.attr) : validAttrs(e.left) && validAttrs(e.right);
}

export async function createOktaContract(opts: OktaContractOptions = {}): Promise<OktaContract> {
  const apiToken = opts.apiToken ?? "okta-api-token";
  const clientId = opts.clientId ?? "okta-client";
  const clientSecret = opts.clientSecret ?? "okta-secret";
  const ids = prefixedIds("00u", "00g", opts.generate?.seed ?? 1);
  const pop = createPopulation(opts, ids, { everyoneGroup: true });
  const generated = !!opts.generate;
  let bucket = { start: Date.now(), used: 0 };

  const afterIndex = (after: string | null, kind: "user" | "group"): number | null => {
    if (!after) return 0;
    if (kind === "group") {
      const gi = pop.groups.findIndex((g) => g.id === after);
      return gi < 0 ? null : gi + 1;
    }
    const i = generated ? ids.userIndex(after) : pop.indexOf(after);
    return i < 0 ? null : i + 1;
  };

  const server = await startContractServer(
    pop,
    {
      isToken: (req) => /^\/oauth2(\/[^/]+)?\/v1\/token$/.test(req.path),
      rateLimited(res, seconds) {
        const headers: Record<string, string> = {
          "x-rate-limit-limit": "600",
          "x-rate-limit-remaining": "0",
          "x-rate-limit-reset": String(Math.ceil(Date.now() / 1000) + seconds),
        };
        if (opts.retryAfterHeader) headers["retry-after"] = String(seconds);
        oktaError(res, 429, "E0000047", "API call exceeded rate limit due to too many requests.", headers);
      },
      handle(req, res) {
        const base = req.url.origin;
        if (/^\/oauth2(\/[^/]+)?\/v1\/token$/.test(req.path)) {
          if (req.method !== "POST") return sendJson(res, 405, { error: "invalid_request", error_description: "The HTTP method is not supported." });
          const c = clientCredentials(req);
          if (c.form.get("grant_type") !== "client_credentials") {
            return sendJson(res, 400, { error: "unsupported_grant_type", error_description: "The authorization grant type is not supported by the authorization server." });
          }
          if (c.clientId !== clientId || c.clientSecret !== clientSecret) {
            return sendJson(res, 401, { error: "invalid_client", error_description: "The client secret supplied for a confidential client is invalid." });
          }
          return sendJson(res, 200, { token_type: "Bearer", expires_in: 3600, access_token: `okta-at-${randomUUID()}`, scope: c.form.get("scope") ?? "gatehouse.read" });
        }
        const now = Date.now();
        const windowMs = (opts.rateLimit?.windowSeconds ?? 60) * 1000;
        if (now >= bucket.start + windowMs) bucket = { start: now, used: 0 };
        bucket.used++;
        const limit = opts.rateLimit?.limit ?? 600;
        const resetAt = String(Math.ceil((bucket.start + windowMs) / 1000));
        res.setHeader("x-rate-limit-limit", String(limit));
        res.setHeader("x-rate-limit-remaining", String(opts.rateLimit ? Math.max(0, limit - bucket.used) : limit));
        res.setHeader("x-rate-limit-reset", resetAt);
        if (opts.rateLimit && bucket.used > limit) return oktaError(res, 429, "E0000047", "API call exceeded rate limit due to too many requests.");

        const auth = req.headers.authorization;
        if (!auth) return oktaError(res, 403, "E0000005", "Invalid session");
        if (auth !== `SSWS ${apiToken}`) return oktaError(res, 401, "E0000011", "Invalid token provided");
        if (req.method !== "GET") return oktaError(res, 405, "E0000022", "The endpoint does not support the provided HTTP method");

        const q = req.query;
        const limitParam = (max: number) => {
          const raw = q.get("limit");
          const n = raw === null ? max : Number(raw);
          return Number.isInteger(n) && n > 0 ? Math.min(n, max) : null;
        };
        const links = (path: string, params: URLSearchParams, next: URLSearchParams | null) => {
          const self = `<${base}${path}?${params.toString()}>; rel="self"`;
          return next ? [self, `<${base}${path}?${next.toString()}>; rel="next"`].join(", ") : self;
        };
        const userPage = (users: ContractUser[], next: ContractUser | null, path: string, limit: number) => {
          let nextParams: URLSearchParams | null = null;
          if (next) {
            nextParams = new URLSearchParams(q);
            nextParams.set("after", users[users.length - 1]!.id);
            nextParams.set("limit", String(limit));
          }
          const body = users.map((u) => oktaUserJson(u, base, pop.generation));
          sendJson(res, 200, body, { link: links(path, q, nextParams) });
        };

        let m: RegExpExecArray | null;
        if (req.path === "/api/v1/users") {
          const limit = limitParam(200);
          if (limit === null) return oktaError(res, 400, "E0000001", "Api validation failed: limit");
          const start = afterIndex(q.get("after"), "user");
          if (start === null) return oktaError(res, 400, "E0000001", "Api validation failed: after");
          const fail = server.faults.failUsersPage;
          if (fail && Math.floor(start / limit) + 1 === fail) return oktaError(res, 500, "E0000009", "Internal Server Error");
          const search = q.get("search") ?? q.get("filter");
          let pred: (u: ContractUser) => boolean = (u) => (u.status ?? "") !== "DEPROVISIONED";
          if (search) {
            let expr: Expr;
            try {
              expr = parseOktaSearch(search);
            } catch {
              return oktaError(res, 400, "E0000031", "Invalid search criteria.");
            }
            if (!validAttrs(expr)) return oktaError(res, 400, "E0000031", "Invalid search criteria.");
            pred = (u) => evalExpr(expr, oktaUserJson(u, base, pop.generation));
          } else if (q.get("q")) {
            const term = q.get("q")!.toLowerCase();
            pred = (u) => [u.givenName, u.familyName, u.email].some((v) => v?.toLowerCase().startsWith(term));
          }
          const { items, next } = scan(pop, start, limit, pred);
          return userPage(items, next >= 0 ? pop.at(next) : null, req.path, limit);
        }
        if ((m = /^\/api\/v1\/users\/([^/]+)$/.exec(req.path))) {
          const id = decodeURIComponent(m[1]!);
          const i = pop.indexOf(id);
          const u = i >= 0 ? pop.at(i) : null;
          if (!u) return oktaError(res, 404, "E0000007", `Not found: Resource not found: ${id} (User)`);
          return sendJson(res, 200, oktaUserJson(u, base, pop.generation));
        }
        if (req.path === "/api/v1/groups") {
          const limit = limitParam(10_000);
          if (limit === null) return oktaError(res, 400, "E0000001", "Api validation failed: limit");
          const start = afterIndex(q.get("after"), "group");
          if (start === null) return oktaError(res, 400, "E0000001", "Api validation failed: after");
          const term = q.get("q")?.toLowerCase();
          const all = pop.groups.filter((g) => !term || g.name.toLowerCase().startsWith(term));
          const from = all.findIndex((g) => pop.groups.indexOf(g) >= start);
          const slice = from < 0 ? [] : all.slice(from, from + limit);
          const more = from >= 0 && from + limit < all.length;
          let nextParams: URLSearchParams | null = null;
          if (more) {
            nextParams = new URLSearchParams(q);
            nextParams.set("after", slice[slice.length - 1]!.id);
            nextParams.set("limit", String(limit));
          }
          const body = slice.map((g) => ({
            id: g.id,
            created: STAMP,
            lastUpdated: STAMP,
            lastMembershipUpdated: STAMP,
            objectClass: ["okta:user_group"],
            type: g.builtIn ? "BUILT_IN" : "OKTA_GROUP",
            profile: { name: g.name, description: g.description ?? null },
            _links: { users: { href: `${base}/api/v1/groups/${g.id}/users` }, apps: { href: `${base}/api/v1/groups/${g.id}/apps` } },
          }));
          return sendJson(res, 200, body, { link: links(req.path, q, nextParams) });
        }
        if ((m = /^\/api\/v1\/groups\/([^/]+)\/users$/.exec(req.path))) {
          const id = decodeURIComponent(m[1]!);
          if (!pop.group(id)) return oktaError(res, 404, "E0000007", `Not found: Resource not found: ${id} (UserGroup)`);
          const limit = limitParam(1000);
          if (limit === null) return oktaError(res, 400, "E0000001", "Api validation failed: limit");
          const start = afterIndex(q.get("after"), "user");
          if (start === null) return oktaError(res, 400, "E0000001", "Api validation failed: after");
          const { items, next } = scanMembers(pop, id, start, limit);
          return userPage(items, next >= 0 ? pop.at(next) : null, req.path, limit);
        }
        return oktaError(res, 404, "E0000007", `Not found: Resource not found: ${req.path}`);
      },
    },
    opts.faults,
  );
  return Object.assign(server, { issuerUrl: `${server.url}/oauth2/default`, apiToken });
}
