/**
 * Zitadel contract server (issue #6): the parts of Zitadel's APIs the directory adapter uses, on loopback,
 * with Zitadel's documented (gRPC-gateway JSON) shapes.
 *
 *   POST /oauth/v2/token                             client_credentials with Basic (or form) client auth; the
 *                                                    scope must carry urn:zitadel:iam:org:project:id:zitadel:aud
 *                                                    or the token is not accepted by the APIs (as in Zitadel)
 *   POST /v2/users                                   user service v2 ListUsers: query.offset/limit/asc, queries[]
 *                                                    (typeQuery, emailQuery, userNameQuery, loginNameQuery,
 *                                                    stateQuery, inUserIdsQuery, inUserEmailsQuery,
 *                                                    organizationIdQuery, orQuery, andQuery, notQuery, first/last/
 *                                                    displayNameQuery); result[], details.totalResult (int64 → string)
 *   GET  /v2/users/{id}                              { details, user } or 404 code 5
 *   POST /v2/organizations/_search                   organizations (403 code 7 with `orgListForbidden`)
 *   GET  /management/v1/orgs/me                      the service account's organization
 *   POST /management/v1/projects/{id}/roles/_search  project roles = the population's groups (key = group id)
 *   POST /management/v1/users/grants/_search         user grants on the project (roleKeys = the user's groupIds),
 *                                                    projectIdQuery / roleKeyQuery / userIdQuery
 *
 * Errors are gRPC-gateway bodies `{ code, message, details: [{ "@type": …ErrorDetail, id, message }] }`:
 * no/unknown token → 401 code 16, not found → 404 code 5, bad query → 400 code 3, permission → 403 code 7,
 * injected 429 → code 8 with Retry-After, injected page failure → 500 code 13. Wrong client credentials at
 * the token endpoint → 401 `{ error: "invalid_client", error_description }`.
 *
 * Users belong to `extra.organizationId` (default: the first organization); `status` is a Zitadel user state
 * (default USER_STATE_ACTIVE / USER_STATE_INACTIVE from `active`); `extra.type = "machine"` makes a service
 * account (left out by typeQuery TYPE_HUMAN).
 */
import type { ServerResponse } from "node:http";
import { randomBytes } from "node:crypto";
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
  type PopulationOptions,
} from "./common";

export type ZitadelContractOptions = PopulationOptions & {
  clientId?: string;
  clientSecret?: string;
  /** The project whose roles are the groups. Default "300000000000000001". */
  projectId?: string;
  organizations?: { id: string; name: string }[];
  /** The service account may not list organizations (an organization-level account): 403. */
  orgListForbidden?: boolean;
  faults?: FaultOptions;
};

export type ZitadelContract = ContractServer & {
  /** Invalidates every access token issued so far (a revoked or rotated token mid-run). */
  revokeTokens(): void;
  /** What to configure as `domain` (the server URL). */
  domain: string;
  clientId: string;
  clientSecret: string;
  projectId: string;
  /** Scopes requested at the token endpoint, in order. */
  tokenScopes: string[];
};

const STAMP = "2024-01-15T09:30:00.000000Z";
const ZITADEL_AUD = "urn:zitadel:iam:org:project:id:zitadel:aud";

function zError(res: ServerResponse, status: number, code: number, id: string, message: string, headers: Record<string, string> = {}) {
  sendJson(res, status, { code, message: `${message} (${id})`, details: [{ "@type": "type.googleapis.com/zitadel.v1.ErrorDetail", id, message }] }, headers);
}

type TextQuery = { method?: string };
function textMatch(value: string | null | undefined, wanted: unknown, method = "TEXT_QUERY_METHOD_EQUALS"): boolean {
  if (typeof wanted !== "string") throw new Error("text query value must be a string");
  const v = value ?? "";
  const ci = method.endsWith("_IGNORE_CASE");
  const a = ci ? v.toLowerCase() : v;
  const b = ci ? wanted.toLowerCase() : wanted;
  switch (method.replace(/_IGNORE_CASE$/, "")) {
    case "TEXT_QUERY_METHOD_EQUALS":
      return a === b;
    case "TEXT_QUERY_METHOD_STARTS_WITH":
      return a.startsWith(b);
    case "TEXT_QUERY_METHOD_CONTAINS":
      return a.includes(b);
    case "TEXT_QUERY_METHOD_ENDS_WITH":
      return a.endsWith(b);
    default:
      throw new Error(`unknown text query method ${method}`);
  }
}

export function zitadelUserState(u: ContractUser): string {
  return u.status ?? (u.active ? "USER_STATE_ACTIVE" : "USER_STATE_INACTIVE");
}

export async function createZitadelContract(opts: ZitadelContractOptions = {}): Promise<ZitadelContract> {
  const clientId = opts.clientId ?? "gatehouse-sa";
  const clientSecret = opts.clientSecret ?? "zitadel-secret";
  const projectId = opts.projectId ?? "300000000000000001";
  const orgs = opts.organizations ?? [{ id: "200000000000000001", name: "Acme" }];
  const orgOf = (u: ContractUser) => u.extra?.organizationId ?? orgs[0]!.id;
  const isHuman = (u: ContractUser) => u.extra?.type !== "machine";
  const population = createPopulation(opts, prefixedIds("3", "role-", opts.generate?.seed));
  const tokens = new Map<string, { apiAudience: boolean }>();
  const positions = new Map<string, number>();
  const totals = new Map<string, number>();
  const tokenScopes: string[] = [];

  const userJson = (u: ContractUser) => {
    const base = { userId: u.id, details: { sequence: "3", changeDate: STAMP, resourceOwner: orgOf(u), creationDate: STAMP }, state: zitadelUserState(u), username: u.userName, loginNames: [u.userName], preferredLoginName: u.userName };
    if (!isHuman(u)) return { ...base, machine: { name: u.displayName ?? u.userName, description: "", accessTokenType: "ACCESS_TOKEN_TYPE_BEARER" } };
    return {
      ...base,
      human: {
        profile: { givenName: u.givenName ?? "", familyName: u.familyName ?? "", nickName: "", displayName: u.displayName ?? [u.givenName, u.familyName].filter(Boolean).join(" "), preferredLanguage: "en", gender: "GENDER_UNSPECIFIED" },
        // A Zitadel human always has an email; the "no email" fault sends the human without one.
        ...(u.email !== null ? { email: { email: u.email, isVerified: true } } : {}),
        phone: {},
        passwordChanged: STAMP,
      },
    };
  };

  // Evaluates a v2 user SearchQuery; throws (→ 400 code 3) on an unknown query.
  const matches = (u: ContractUser, q: Record<string, unknown>): boolean => {
    const [[key, raw]] = Object.entries(q) as [[string, Record<string, unknown>]];
    const v = raw ?? {};
    switch (key) {
      case "typeQuery":
        return v.type === "TYPE_HUMAN" ? isHuman(u) : v.type === "TYPE_MACHINE" ? !isHuman(u) : true;
      case "emailQuery":
        return u.email !== null && textMatch(u.email, v.emailAddress, (v as TextQuery).method);
      case "userNameQuery":
        return textMatch(u.userName, v.userName, (v as TextQuery).method);
      case "loginNameQuery":
        return textMatch(u.userName, v.loginName, (v as TextQuery).method);
      case "firstNameQuery":
        return textMatch(u.givenName, v.firstName, (v as TextQuery).method);
      case "lastNameQuery":
        return textMatch(u.familyName, v.lastName, (v as TextQuery).method);
      case "displayNameQuery":
        return textMatch(u.displayName ?? null, v.displayName, (v as TextQuery).method);
      case "stateQuery":
        return zitadelUserState(u) === v.state;
      case "inUserIdsQuery":
        return Array.isArray(v.userIds) && v.userIds.includes(u.id);
      case "inUserEmailsQuery":
        return Array.isArray(v.userEmails) && u.email !== null && v.userEmails.includes(u.email);
      case "organizationIdQuery":
        return orgOf(u) === v.organizationId;
      case "orQuery":
        return Array.isArray(v.queries) && v.queries.some((x: Record<string, unknown>) => matches(u, x));
      case "andQuery":
        return Array.isArray(v.queries) && v.queries.every((x: Record<string, unknown>) => matches(u, x));
      case "notQuery":
        return !matches(u, v.query as Record<string, unknown>);
      default:
        throw new Error(`unknown query ${key}`);
    }
  };

  const listQuery = (body: Record<string, unknown>) => {
    const q = (body.query ?? {}) as { offset?: string | number; limit?: number };
    const offset = Number(q.offset ?? 0);
    const limit = q.limit === undefined || q.limit === 0 ? 100 : Number(q.limit);
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 0 || limit > 1000) throw new Error("invalid list query");
    return { offset, limit };
  };
  const details = (totalResult: number) => ({ totalResult: String(totalResult), timestamp: STAMP });

  const handle = async (req: ContractRequest, res: ServerResponse) => {
    const { path, method } = req;
    if (path === "/oauth/v2/token" && method === "POST") {
      const { form, clientId: id, clientSecret: secret } = clientCredentials(req);
      if (form.get("grant_type") !== "client_credentials") return sendJson(res, 400, { error: "unsupported_grant_type", error_description: "grant_type not supported" });
      if (id !== clientId || secret !== clientSecret) return sendJson(res, 401, { error: "invalid_client", error_description: "client authentication failed" });
      const scope = form.get("scope") ?? "";
      tokenScopes.push(scope);
      const token = randomBytes(24).toString("base64url");
      tokens.set(token, { apiAudience: scope.split(" ").includes(ZITADEL_AUD) });
      return sendJson(res, 200, { access_token: token, token_type: "Bearer", expires_in: 43199 });
    }

    const auth = req.headers.authorization;
    if (!auth) return zError(res, 401, 16, "AUTH-7fs1e", "auth header missing");
    const tok = auth.startsWith("Bearer ") ? tokens.get(auth.slice(7)) : undefined;
    if (!tok || !tok.apiAudience) return zError(res, 401, 16, "AUTH-7fs1e", "Errors.Token.Invalid");

    let body: Record<string, unknown> = {};
    if (method === "POST") {
      try {
        body = req.body ? (JSON.parse(req.body) as Record<string, unknown>) : {};
      } catch {
        return zError(res, 400, 3, "API-1d3f", "invalid JSON body");
      }
    }

    try {
      if (path === "/v2/users" && method === "POST") {
        const { offset, limit } = listQuery(body);
        const queries = (body.queries ?? []) as Record<string, unknown>[];
        const page = Math.floor(offset / Math.max(1, limit)) + 1;
        if (server.faults.failUsersPage === page) return zError(res, 500, 13, "QUERY-Dgd3s", "Errors.Internal");
        const pred = (u: ContractUser) => queries.every((q) => matches(u, q));
        const key = `${JSON.stringify(queries)}|${population.generation}`;
        // Where the previous page ended and the total are remembered, so sequential paging of a
        // generated 100k population stays O(page) per request.
        let start = positions.get(`${key}|${offset}`);
        if (start === undefined) {
          start = 0;
          for (let skipped = 0; start < population.size && skipped < offset; start++) {
            const u = population.at(start);
            if (u && pred(u)) skipped++;
          }
        }
        const { items: hits, next } = scan(population, start, limit, pred);
        let count = totals.get(key);
        if (count === undefined) {
          count = 0;
          for (let i = 0; i < population.size; i++) {
            const u = population.at(i);
            if (u && pred(u)) count++;
          }
          totals.set(key, count);
        }
        if (positions.size > 20_000) positions.clear();
        positions.set(`${key}|${offset + hits.length}`, next < 0 ? population.size : next);
        return sendJson(res, 200, { details: details(count), sortingColumn: body.sortingColumn ?? "USER_FIELD_NAME_UNSPECIFIED", result: hits.map(userJson) });
      }
      const userMatch = /^\/v2\/users\/([^/]+)$/.exec(path);
      if (userMatch && method === "GET") {
        const i = population.indexOf(decodeURIComponent(userMatch[1]!));
        const u = i >= 0 ? population.at(i) : null;
        if (!u) return zError(res, 404, 5, "QUERY-Dfbg2", "Errors.User.NotFound");
        return sendJson(res, 200, { details: { sequence: "3", changeDate: STAMP, resourceOwner: orgOf(u) }, user: userJson(u) });
      }
      if (path === "/v2/organizations/_search" && method === "POST") {
        if (opts.orgListForbidden) return zError(res, 403, 7, "AUTHZ-HKJD33", "Errors.PermissionDenied");
        const { offset, limit } = listQuery(body);
        const slice = orgs.slice(offset, offset + limit);
        return sendJson(res, 200, {
          details: details(orgs.length),
          sortingColumn: "ORGANIZATION_FIELD_NAME_UNSPECIFIED",
          result: slice.map((o) => ({ id: o.id, details: { sequence: "1", changeDate: STAMP, resourceOwner: o.id }, state: "ORGANIZATION_STATE_ACTIVE", name: o.name, primaryDomain: `${o.name.toLowerCase()}.zitadel.cloud` })),
        });
      }
      if (path === "/management/v1/orgs/me" && method === "GET") {
        const o = orgs[0]!;
        return sendJson(res, 200, { org: { id: o.id, details: { sequence: "1", changeDate: STAMP, resourceOwner: o.id }, state: "ORG_STATE_ACTIVE", name: o.name, primaryDomain: `${o.name.toLowerCase()}.zitadel.cloud` } });
      }
      const rolesMatch = /^\/management\/v1\/projects\/([^/]+)\/roles\/_search$/.exec(path);
      if (rolesMatch && method === "POST") {
        if (decodeURIComponent(rolesMatch[1]!) !== projectId) return zError(res, 404, 5, "PROJECT-3M9sd", "Errors.Project.NotFound");
        const { offset, limit } = listQuery(body);
        const roles = population.groups.slice(offset, offset + limit);
        return sendJson(res, 200, {
          details: details(population.groups.length),
          result: roles.map((g) => ({ key: g.id, details: { sequence: "2", changeDate: STAMP, resourceOwner: orgs[0]!.id }, displayName: g.name, group: g.description ?? "" })),
        });
      }
      if (path === "/management/v1/users/grants/_search" && method === "POST") {
        const { offset, limit } = listQuery(body);
        let project: string | undefined;
        let roleKey: string | undefined;
        let userId: string | undefined;
        for (const q of (body.queries ?? []) as Record<string, Record<string, string>>[]) {
          if (q.projectIdQuery) project = q.projectIdQuery.projectId;
          else if (q.roleKeyQuery) roleKey = q.roleKeyQuery.roleKey;
          else if (q.userIdQuery) userId = q.userIdQuery.userId;
          else throw new Error(`unsupported grant query ${Object.keys(q)[0]}`);
        }
        const hits: ContractUser[] = [];
        let count = 0;
        if (!project || project === projectId) {
          for (let i = roleKey ? population.nextMember(roleKey, 0) : 0; i >= 0 && i < population.size; i = roleKey ? population.nextMember(roleKey, i + 1) : i + 1) {
            const u = population.at(i);
            if (!u || !u.groupIds.length || (userId && u.id !== userId)) continue;
            if (count >= offset && hits.length < limit) hits.push(u);
            count++;
          }
        }
        return sendJson(res, 200, {
          details: details(count),
          result: hits.map((u) => ({
            id: `grant-${u.id}`,
            details: { sequence: "4", changeDate: STAMP, resourceOwner: orgOf(u) },
            roleKeys: u.groupIds,
            state: u.extra?.grantState ?? "USER_GRANT_STATE_ACTIVE",
            userId: u.id,
            userName: u.userName,
            firstName: u.givenName ?? "",
            lastName: u.familyName ?? "",
            email: u.email ?? "",
            displayName: u.displayName ?? "",
            orgId: orgOf(u),
            orgName: orgs.find((o) => o.id === orgOf(u))?.name ?? "",
            projectId,
            projectName: "Gatehouse",
            preferredLoginName: u.userName,
            userType: "TYPE_HUMAN",
          })),
        });
      }
      return zError(res, 404, 5, "API-NOTFOUND", `no route ${method} ${path}`);
    } catch (e) {
      return zError(res, 400, 3, "QUERY-4n8fs", `invalid request: ${(e as Error).message}`);
    }
  };

  const server = await startContractServer(
    population,
    {
      isToken: (req) => req.path === "/oauth/v2/token",
      rateLimited: (res, retryAfter) => zError(res, 429, 8, "QUOTA-R4te1", "rate limit exceeded", { "retry-after": String(retryAfter) }),
      handle,
    },
    opts.faults,
  );
  return Object.assign(server, { domain: server.url, clientId, clientSecret, projectId, tokenScopes, revokeTokens: () => tokens.clear() });
}
