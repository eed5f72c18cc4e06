/**
 * Microsoft Entra ID contract server (issue #6): the Microsoft identity platform token endpoint and the
 * Microsoft Graph v1.0 users/groups endpoints the Entra adapter uses, with Graph's documented shapes.
 *
 *   POST /{tenant}/oauth2/v2.0/token          client_credentials; AADSTS errors for an unknown tenant (400
 *                                             invalid_request 90002), unknown client (400 unauthorized_client
 *                                             700016), wrong secret (401 invalid_client 7000215), a scope
 *                                             other than `<graph>/.default` (400 invalid_scope 1002012)
 *   GET  /v1.0/users?$select=&$top=&$filter=&$count=&$skiptoken=     `{ "@odata.context", "@odata.count"?, "@odata.nextLink"?, value }`
 *   GET  /v1.0/users/{id}?$select=            one user or 404 Request_ResourceNotFound
 *   GET  /v1.0/groups?$select=&$top=          groups
 *   GET  /v1.0/groups/{id}/transitiveMembers[/microsoft.graph.user]?$select=&$top=&$count=true
 *
 * Graph rules reproduced: Bearer token from the token endpoint required (401 InvalidAuthenticationToken);
 * `$top` 1..999 (default 100); without `$select` only Graph's default user properties come back (no
 * accountEnabled, no department); `$filter` subset (eq, ne, in, startswith, endswith, not, and, or,
 * null); filtering on department/employeeType/companyName/officeLocation, or using ne/not/endswith/null,
 * is an *advanced query* and needs `ConsistencyLevel: eventual` plus `$count=true` (else 400
 * Request_UnsupportedQuery) — as does the OData cast `/microsoft.graph.user`; `@odata.nextLink` is an
 * absolute URL with an opaque `$skiptoken`. 429 = Graph's TooManyRequests body with Retry-After.
 *
 *   const entra = await createEntraContract({ tenantId: "t1", clientId: "c1", clientSecret: "s1", users, groups });
 *   createEntraAdapter({ provider: "entra", tenantId: "t1", clientId: "c1", clientSecret: "s1", cloud: "commercial" },
 *                      { endpoints: { login: entra.url, graph: entra.url } });
 * Generated populations (`generate: { users: 100_000, groups: 20, seed, changedShare }`) use UUID ids;
 * `population.setGeneration(1)` applies the changed share. `revokeTokens()` invalidates issued tokens.
 */
import type { ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import {
  clientCredentials,
  createPopulation,
  scan,
  scanMembers,
  sendJson,
  startContractServer,
  uuidIds,
  type ContractServer,
  type ContractUser,
  type FaultOptions,
  type PopulationOptions,
} from "./common";

export type EntraContractOptions = PopulationOptions & {
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  /** The scope the token endpoint expects. Default "https://graph.microsoft.com/.default". */
  scope?: string;
  /** Simulate missing application permissions (403 Authorization_RequestDenied). */
  denyUsers?: boolean;
  denyGroups?: boolean;
  faults?: FaultOptions;
};

export type EntraContract = ContractServer & { tenantId: string; clientId: string; clientSecret: string; revokeTokens(): void; tokensIssued: number };

function graphError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}) {
  sendJson(res, status, { error: { code, message, innerError: { date: new Date().toISOString(), "request-id": randomUUID(), "client-request-id": randomUUID() } } }, headers);
}

function aadError(res: ServerResponse, status: number, error: string, code: number, description: string) {
  sendJson(res, status, {
    error,
    error_description: `AADSTS${code}: ${description} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: ${new Date().toISOString()}`,
    error_codes: [code],
    timestamp: new Date().toISOString(),
    trace_id: randomUUID(),
    correlation_id: randomUUID(),
  });
}

export function graphUserJson(u: ContractUser): Record<string, unknown> {
  return {
    id: u.id,
    userPrincipalName: u.userName,
    mail: u.email,
    otherMails: [],
    displayName: u.displayName ?? ([u.givenName, u.familyName].filter(Boolean).join(" ") || u.userName),
    givenName: u.givenName,
    surname: u.familyName,
    accountEnabled: u.active,
    department: u.department,
    jobTitle: u.title,
    employeeType: u.employeeType,
    employeeId: u.extra?.employeeId ?? null,
    companyName: u.extra?.companyName ?? null,
    officeLocation: u.extra?.officeLocation ?? null,
    userType: u.extra?.userType ?? "Member",
    businessPhones: [],
    mobilePhone: null,
    preferredLanguage: null,
  };
}

const DEFAULT_USER_PROPS = ["businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone", "officeLocation", "preferredLanguage", "surname", "userPrincipalName", "id"];

// --- $filter (the OData subset Graph users support) ---

type Node =
  | { t: "and" | "or"; l: Node; r: Node }
  | { t: "not"; e: Node }
  | { t: "cmp"; prop: string; op: string; v: unknown }
  | { t: "in"; prop: string; vs: unknown[] }
  | { t: "fn"; fn: "startswith" | "endswith"; prop: string; v: string };

const BASIC = new Set(["id", "mail", "userprincipalname", "displayname", "givenname", "surname", "accountenabled", "jobtitle", "employeeid", "usertype"]);
const ADVANCED = new Set(["department", "employeetype", "companyname", "officelocation"]);

export class GraphFilterError extends Error {}

export function parseGraphFilter(src: string): { node: Node; advanced: string | null } {
  const toks: string[] = [];
  const re = /\s*('(?:[^']|'')*'|\(|\)|,|[A-Za-z_][\w./]*|-?\d+(?:\.\d+)?)/y;
  let pos = 0;
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(src);
    if (!m) throw new GraphFilterError(`Invalid filter clause: Syntax error at position ${pos} in '${src}'.`);
    toks.push(m[1]!);
    pos = re.lastIndex;
  }
  let i = 0;
  let advanced: string | null = null;
  const need = (t: string) => {
    if (toks[i++]?.toLowerCase() !== t) throw new GraphFilterError(`Invalid filter clause: Syntax error: character '${toks[i - 1] ?? "end"}' is not valid at position ${i}.`);
  };
  const prop = (): string => {
    const p = toks[i++];
    if (!p || !/^[A-Za-z_]\w*$/.test(p)) throw new GraphFilterError(`Invalid filter clause: Syntax error at position ${i}.`);
    const lower = p.toLowerCase();
    if (!BASIC.has(lower) && !ADVANCED.has(lower)) throw new GraphFilterError(`Could not find a property named '${p}' on type 'microsoft.graph.user'.`);
    if (ADVANCED.has(lower)) advanced ??= p;
    return lower;
  };
  const value = (): unknown => {
    const v = toks[i++];
    if (v === undefined) throw new GraphFilterError("Invalid filter clause: unexpected end.");
    if (v.startsWith("'")) return v.slice(1, -1).replace(/''/g, "'");
    if (v === "true" || v === "false") return v === "true";
    if (v === "null") return null;
    if (/^-?\d/.test(v)) return Number(v);
    throw new GraphFilterError(`Invalid filter clause: '${v}' is not a literal.`);
  };
  const term = (): Node => {
    const t = toks[i]?.toLowerCase();
    if (t === "(") {
      i++;
      const e = orE();
      need(")");
      return e;
    }
    if (t === "not") {
      i++;
      advanced ??= "not";
      return { t: "not", e: term() };
    }
    if (t === "startswith" || t === "endswith") {
      i++;
      need("(");
      const p = prop();
      need(",");
      const v = value();
      need(")");
      if (t === "endswith") advanced ??= "endswith";
      return { t: "fn", fn: t, prop: p, v: String(v) };
    }
    const p = prop();
    const op = toks[i++]?.toLowerCase();
    if (op === "in") {
      need("(");
      const vs = [value()];
      while (toks[i] === ",") {
        i++;
        vs.push(value());
      }
      need(")");
      return { t: "in", prop: p, vs };
    }
    if (!op || !["eq", "ne", "gt", "ge", "lt", "le"].includes(op)) throw new GraphFilterError(`Invalid filter clause: unknown operator '${op ?? ""}'.`);
    const v = value();
    if (op === "ne" || v === null) advanced ??= op === "ne" ? "ne" : "null";
    return { t: "cmp", prop: p, op, v };
  };
  const andE = (): Node => {
    let l = term();
    while (toks[i]?.toLowerCase() === "and") {
      i++;
      l = { t: "and", l, r: term() };
    }
    return l;
  };
  const orE = (): Node => {
    let l = andE();
    while (toks[i]?.toLowerCase() === "or") {
      i++;
      l = { t: "or", l, r: andE() };
    }
    return l;
  };
  const node = orE();
  if (i !== toks.length) throw new GraphFilterError(`Invalid filter clause: Syntax error at position ${i}.`);
  return { node, advanced };
}

function lowerJson(u: Record<string, unknown>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(u)) o[k.toLowerCase()] = v;
  return o;
}

function evalNode(n: Node, u: Record<string, unknown>): boolean {
  const norm = (v: unknown) => (typeof v === "string" ? v.toLowerCase() : v ?? null);
  switch (n.t) {
    case "and":
      return evalNode(n.l, u) && evalNode(n.r, u);
    case "or":
      return evalNode(n.l, u) || evalNode(n.r, u);
    case "not":
      return !evalNode(n.e, u);
    case "in":
      return n.vs.some((v) => norm(v) === norm(u[n.prop]));
    case "fn": {
      const v = u[n.prop];
      if (typeof v !== "string") return false;
      return n.fn === "startswith" ? v.toLowerCase().startsWith(n.v.toLowerCase()) : v.toLowerCase().endsWith(n.v.toLowerCase());
    }
    case "cmp": {
      const a = norm(u[n.prop]);
      const b = norm(n.v);
      switch (n.op) {
        case "eq":
          return a === b;
        case "ne":
          return a !== b;
        case "gt":
          return a !== null && b !== null && (a as string) > (b as string);
        case "ge":
          return a !== null && b !== null && (a as string) >= (b as string);
        case "lt":
          return a !== null && b !== null && (a as string) < (b as string);
        case "le":
          return a !== null && b !== null && (a as string) <= (b as string);
      }
    }
  }
  return false;
}

export async function createEntraContract(opts: EntraContractOptions = {}): Promise<EntraContract> {
  const tenantId = opts.tenantId ?? "11111111-2222-3333-4444-555555555555";
  const clientId = opts.clientId ?? "entra-client";
  const clientSecret = opts.clientSecret ?? "entra-secret";
  const scope = opts.scope ?? "https://graph.microsoft.com/.default";
  const ids = uuidIds(opts.generate?.seed ?? 1);
  const pop = createPopulation(opts, ids);
  let tokens = new Set<string>();
  const countCache = new Map<string, number>();

  const skip = (i: number) => Buffer.from(`RFNwdAIA:${i}`).toString("base64url");
  const unskip = (t: string | null): number | null => {
    if (!t) return 0;
    const m = /^RFNwdAIA:(\d+)$/.exec(Buffer.from(t, "base64url").toString("utf8"));
    return m ? Number(m[1]) : null;
  };

  const server = await startContractServer(
    pop,
    {
      isToken: (req) => /\/oauth2\/v2\.0\/token$/.test(req.path),
      rateLimited(res, seconds) {
        sendJson(
          res,
          429,
          { error: { code: "TooManyRequests", message: "Please retry again later.", innerError: { code: "429", date: new Date().toISOString(), message: "Please retry again later.", status: "429" } } },
          { "retry-after": String(seconds) },
        );
      },
      handle(req, res) {
        const base = req.url.origin;
        let m: RegExpExecArray | null;
        if ((m = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(req.path))) {
          if (req.method !== "POST") return aadError(res, 405, "invalid_request", 900561, "The endpoint only accepts POST requests.");
          if (decodeURIComponent(m[1]!) !== tenantId) return aadError(res, 400, "invalid_request", 90002, `Tenant '${decodeURIComponent(m[1]!)}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
          const c = clientCredentials(req);
          if (c.form.get("grant_type") !== "client_credentials") return aadError(res, 400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.");
          if (c.clientId !== clientId) return aadError(res, 400, "unauthorized_client", 700016, `Application with identifier '${c.clientId ?? ""}' was not found in the directory '${tenantId}'.`);
          if (c.clientSecret !== clientSecret) return aadError(res, 401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.");
          if (c.form.get("scope") !== scope) return aadError(res, 400, "invalid_scope", 1002012, `The provided value for scope ${c.form.get("scope") ?? ""} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
          const token = `eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.${Buffer.from(randomUUID()).toString("base64url")}.sig`;
          tokens.add(token);
          contract.tokensIssued++;
          return sendJson(res, 200, { token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599, access_token: token });
        }

        const auth = req.headers.authorization;
        if (!auth?.startsWith("Bearer ") || auth.length === 7) return graphError(res, 401, "InvalidAuthenticationToken", "Access token is empty.");
        if (!tokens.has(auth.slice(7))) return graphError(res, 401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.");
        if (req.method !== "GET") return graphError(res, 405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target.");

        const q = req.query;
        const eventual = (req.headers["consistencylevel"] as string | undefined)?.toLowerCase() === "eventual" && q.get("$count") === "true";
        const top = q.get("$top") === null ? 100 : Number(q.get("$top"));
        if (!Number.isInteger(top) || top < 1 || top > 999) return graphError(res, 400, "Request_UnsupportedQuery", `Invalid page size specified: '${q.get("$top")}'. Must be between 1 and 999 inclusive.`);
        const select = q.get("$select")?.split(",").map((s) => s.trim()).filter(Boolean) ?? null;
        const project = (o: Record<string, unknown>, defaults: string[]) => {
          const keys = select ?? defaults;
          const out: Record<string, unknown> = {};
          const lower = lowerJson(o);
          for (const k of keys) out[k] = k in o ? o[k] : (lower[k.toLowerCase()] ?? null);
          if (!("id" in out)) out.id = o.id;
          return out;
        };
        const start = unskip(q.get("$skiptoken"));
        if (start === null) return graphError(res, 400, "Request_BadRequest", "The specified page token value has expired and can no longer be included in your request.");
        const nextLinkFor = (i: number) => {
          const p = new URLSearchParams(q);
          p.set("$skiptoken", skip(i));
          return `${base}${req.path}?${p.toString()}`;
        };
        const context = (what: string) => `https://graph.microsoft.com/v1.0/$metadata#${what}${select ? `(${select.join(",")})` : ""}`;

        if (req.path === "/v1.0/users") {
          if (opts.denyUsers) return graphError(res, 403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
          const fail = server.faults.failUsersPage;
          if (fail && Math.floor(start / top) + 1 === fail) return graphError(res, 500, "UnknownError", "An internal server error occurred while processing the request.");
          let pred: (u: ContractUser) => boolean = () => true;
          const filter = q.get("$filter");
          if (filter) {
            let parsed: ReturnType<typeof parseGraphFilter>;
            try {
              parsed = parseGraphFilter(filter);
            } catch (e) {
              return graphError(res, 400, e instanceof GraphFilterError && /property named/.test(e.message) ? "Request_BadRequest" : "BadRequest", (e as Error).message);
            }
            if (parsed.advanced && !eventual) {
              return graphError(res, 400, "Request_UnsupportedQuery", `Unsupported or invalid query filter clause specified for property '${parsed.advanced}' of resource 'User'.`);
            }
            pred = (u) => evalNode(parsed.node, lowerJson(graphUserJson(u)));
          }
          const { items, next } = scan(pop, start, top, pred);
          const body: Record<string, unknown> = { "@odata.context": context("users") };
          if (q.get("$count") === "true") {
            if (!eventual) return graphError(res, 400, "Request_BadRequest", "$count is not currently supported.");
            const key = `${filter ?? ""}|${pop.generation}`;
            let count = countCache.get(key);
            if (count === undefined) {
              count = 0;
              for (let i = 0; i < pop.size; i++) {
                const u = pop.at(i);
                if (u && pred(u)) count++;
              }
              countCache.set(key, count);
            }
            body["@odata.count"] = count;
          }
          if (next >= 0) body["@odata.nextLink"] = nextLinkFor(next);
          body.value = items.map((u) => project(graphUserJson(u), DEFAULT_USER_PROPS));
          return sendJson(res, 200, body);
        }
        if ((m = /^\/v1\.0\/users\/([^/]+)$/.exec(req.path))) {
          if (opts.denyUsers) return graphError(res, 403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
          const id = decodeURIComponent(m[1]!);
          const i = pop.indexOf(id);
          const u = i >= 0 ? pop.at(i) : null;
          if (!u) return graphError(res, 404, "Request_ResourceNotFound", `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
          return sendJson(res, 200, { "@odata.context": context("users/$entity"), ...project(graphUserJson(u), DEFAULT_USER_PROPS) });
        }
        if (req.path === "/v1.0/groups") {
          if (opts.denyGroups) return graphError(res, 403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
          const slice = pop.groups.slice(start, start + top);
          const body: Record<string, unknown> = { "@odata.context": context("groups") };
          if (start + top < pop.groups.length) body["@odata.nextLink"] = nextLinkFor(start + top);
          body.value = slice.map((g) =>
            project(
              { id: g.id, displayName: g.name, description: g.description ?? null, mail: null, mailEnabled: false, securityEnabled: true, groupTypes: [] },
              ["id", "deletedDateTime", "classification", "createdDateTime", "description", "displayName", "groupTypes", "mail", "mailEnabled", "securityEnabled"],
            ),
          );
          return sendJson(res, 200, body);
        }
        if ((m = /^\/v1\.0\/groups\/([^/]+)\/transitiveMembers(\/microsoft\.graph\.user)?$/.exec(req.path))) {
          if (opts.denyGroups) return graphError(res, 403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
          const id = decodeURIComponent(m[1]!);
          if (!pop.group(id)) return graphError(res, 404, "Request_ResourceNotFound", `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
          const cast = !!m[2];
          if (cast && !eventual) return graphError(res, 400, "Request_UnsupportedQuery", "The specified type cast is only supported with advanced query parameters (ConsistencyLevel: eventual and $count=true).");
          const { items, next } = scanMembers(pop, id, start, top);
          const body: Record<string, unknown> = { "@odata.context": context(cast ? "users" : "directoryObjects") };
          if (next >= 0) body["@odata.nextLink"] = nextLinkFor(next);
          body.value = items.map((u) => ({ ...(cast ? {} : { "@odata.type": "#microsoft.graph.user" }), ...project(graphUserJson(u), DEFAULT_USER_PROPS) }));
          return sendJson(res, 200, body);
        }
        return graphError(res, 400, "BadRequest", `Resource not found for the segment '${req.path.split("/").pop() ?? ""}'.`);
      },
    },
    opts.faults,
  );
  const contract: EntraContract = Object.assign(server, {
    tenantId,
    clientId,
    clientSecret,
    tokensIssued: 0,
    revokeTokens() {
      tokens = new Set();
    },
  });
  return contract;
}
