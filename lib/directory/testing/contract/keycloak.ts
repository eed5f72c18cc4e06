/**
 * Keycloak contract server (issue #6): the OpenID Connect token endpoint and the Admin REST API
 * endpoints the Keycloak adapter uses, with Keycloak's representations and paging.
 *
 *   POST /realms/{realm}/protocol/openid-connect/token    client_credentials (form or Basic client auth):
 *        unknown realm 404 {"error":"Realm does not exist"}, bad client 401 invalid_client
 *        "Invalid client or Invalid client credentials"
 *   GET  /admin/realms/{realm}/users?first=&max=&briefRepresentation=&search=&q=&enabled=
 *   GET  /admin/realms/{realm}/users/{id}                  404 {"error":"User not found"}
 *   GET  /admin/realms/{realm}/groups?first=&max=          top-level groups with subGroupCount (KC ≥ 23:
 *                                                          subGroups are not inlined)
 *   GET  /admin/realms/{realm}/groups/{id}/children?first=&max=
 *   GET  /admin/realms/{realm}/groups/{id}/members?first=&max=&briefRepresentation=   direct members
 *   GET  /admin/realms/{realm}/roles/{role}/users?first=&max=                         404 "Could not find role"
 *
 * Paging is first/max (max default 100): a page shorter than max is the last. `search` matches
 * username, email, first and last name (substring, case-insensitive; `"…"` exact); `q` is
 * `key:value key2:"value with spaces"` on user attributes (exact). briefRepresentation=true (the
 * default on /users) leaves out attributes. Admin calls need the Bearer token the token endpoint
 * issued (401 {"error":"HTTP 401 Unauthorized"}); `denyUsers`/`denyGroups` simulate a service account
 * without view-users/query-groups (403 {"error":"HTTP 403 Forbidden"}). Keycloak itself does not
 * rate-limit the admin API; injected 429s are what a gateway in front of it sends (Retry-After).
 *
 *   const kc = await createKeycloakContract({ realm: "acme", clientId: "gatehouse", clientSecret: "s", users, groups });
 *   createKeycloakAdapter({ provider: "keycloak", serverUrl: kc.url, realm: "acme", clientId: "gatehouse", clientSecret: "s" });
 * Generated populations use UUID ids, attributes department/title/employeeType, roles "employee" (all)
 * and "manager" (every 25th); `population.setGeneration(1)` applies `changedShare`.
 */
import type { ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import {
  clientCredentials,
  createPopulation,
  scan,
  sendJson,
  startContractServer,
  uuidIds,
  type ContractGroup,
  type ContractServer,
  type ContractUser,
  type FaultOptions,
  type PopulationOptions,
} from "./common";

export type KeycloakContractOptions = PopulationOptions & {
  realm?: string;
  clientId?: string;
  clientSecret?: string;
  denyUsers?: boolean;
  denyGroups?: boolean;
  /** Realm roles that exist besides those users hold. */
  roles?: string[];
  faults?: FaultOptions;
};

export type KeycloakContract = ContractServer & { realm: string; clientId: string; clientSecret: string; revokeTokens(): void; tokensIssued: number };

const err = (res: ServerResponse, status: number, error: string, extra: Record<string, unknown> = {}) => sendJson(res, status, { error, ...extra });

export function keycloakUserJson(u: ContractUser, brief: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: u.id,
    username: u.userName.toLowerCase(),
    firstName: u.givenName ?? undefined,
    lastName: u.familyName ?? undefined,
    emailVerified: u.email !== null,
    enabled: u.active,
    createdTimestamp: 1705311000000,
    totp: false,
  };
  if (u.email !== null) out.email = u.email.toLowerCase();
  if (!brief) {
    const attributes: Record<string, string[]> = {};
    if (u.department) attributes.department = [u.department];
    if (u.title) attributes.title = [u.title];
    if (u.employeeType) attributes.employeeType = [u.employeeType];
    for (const [k, v] of Object.entries(u.extra ?? {})) attributes[k] = [v];
    out.attributes = attributes;
    out.disableableCredentialTypes = [];
    out.requiredActions = [];
    out.notBefore = 0;
    out.access = { manageGroupMembership: true, view: true, mapRoles: true, impersonate: false, manage: true };
  }
  return out;
}

/** Keycloak's `q` syntax: key:value pairs separated by spaces, values optionally "quoted". */
export function parseKeycloakQ(q: string): [string, string][] {
  const out: [string, string][] = [];
  const re = /(?:"([^"]*)"|([^"\s:]+)):(?:"([^"]*)"|([^"\s]+))/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(q))) out.push([m[1] ?? m[2]!, m[3] ?? m[4]!]);
  return out;
}

export async function createKeycloakContract(opts: KeycloakContractOptions = {}): Promise<KeycloakContract> {
  const realm = opts.realm ?? "acme";
  const clientId = opts.clientId ?? "gatehouse-sync";
  const clientSecret = opts.clientSecret ?? "keycloak-secret";
  const pop = createPopulation(opts, uuidIds(opts.generate?.seed ?? 1));
  let tokens = new Set<string>();
  const offsets = new Map<string, number>();
  const knownRoles = new Set(opts.roles ?? []);
  if (opts.generate) ["employee", "manager"].forEach((r) => knownRoles.add(r));
  for (const u of opts.users ?? []) u.roles.forEach((r) => knownRoles.add(r));

  const pathOf = (g: ContractGroup): string => {
    const parts = [g.name];
    let p = g.parentId ? pop.group(g.parentId) : undefined;
    for (let depth = 0; p && depth < 20; depth++, p = p.parentId ? pop.group(p.parentId) : undefined) parts.unshift(p.name);
    return "/" + parts.join("/");
  };
  const groupJson = (g: ContractGroup, brief: boolean) => ({
    id: g.id,
    name: g.name,
    path: pathOf(g),
    ...(g.parentId ? { parentId: g.parentId } : {}),
    subGroupCount: pop.groups.filter((c) => c.parentId === g.id).length,
    subGroups: [],
    ...(brief ? {} : { attributes: g.description ? { description: [g.description] } : {}, realmRoles: [], clientRoles: {} }),
    access: { view: true, viewMembers: true, manageMembers: false, manage: false, manageMembership: false },
  });

  const server = await startContractServer(
    pop,
    {
      isToken: (req) => /\/protocol\/openid-connect\/token$/.test(req.path),
      rateLimited(res, seconds) {
        sendJson(res, 429, { error: "too_many_requests", error_description: "Rate limit exceeded" }, { "retry-after": String(seconds) });
      },
      handle(req, res) {
        let m: RegExpExecArray | null;
        if ((m = /^\/realms\/([^/]+)\/protocol\/openid-connect\/token$/.exec(req.path))) {
          if (decodeURIComponent(m[1]!) !== realm) return err(res, 404, "Realm does not exist");
          const c = clientCredentials(req);
          if (c.form.get("grant_type") !== "client_credentials") return err(res, 400, "unsupported_grant_type", { error_description: "Unsupported grant_type" });
          if (c.clientId !== clientId || c.clientSecret !== clientSecret) return err(res, 401, "invalid_client", { error_description: "Invalid client or Invalid client credentials" });
          const token = `kc.${Buffer.from(randomUUID()).toString("base64url")}`;
          tokens.add(token);
          contract.tokensIssued++;
          return sendJson(res, 200, { access_token: token, expires_in: 300, refresh_expires_in: 0, token_type: "Bearer", "not-before-policy": 0, scope: "profile email" });
        }
        if (!(m = /^\/admin\/realms\/([^/]+)(\/.*)$/.exec(req.path))) return err(res, 404, "Unable to find matching target resource method");
        const auth = req.headers.authorization;
        if (!auth?.startsWith("Bearer ") || !tokens.has(auth.slice(7))) return err(res, 401, "HTTP 401 Unauthorized");
        if (decodeURIComponent(m[1]!) !== realm) return err(res, 404, "Realm not found.");
        if (req.method !== "GET") return err(res, 405, "HTTP 405 Method Not Allowed");
        const rest = m[2]!;
        const q = req.query;
        const first = Math.max(0, Number(q.get("first") ?? 0) || 0);
        const max = q.get("max") === null ? 100 : Math.max(0, Number(q.get("max")) || 0);
        const brief = (dflt: boolean) => (q.has("briefRepresentation") ? q.get("briefRepresentation") === "true" : dflt);
        const denyUsers = () => opts.denyUsers && (err(res, 403, "HTTP 403 Forbidden"), true);
        const denyGroups = () => opts.denyGroups && (err(res, 403, "HTTP 403 Forbidden"), true);
        /**
         * first/max over the users passing pred: Keycloak's offsets count matching users. Where the
         * previous page ended is remembered so sequential paging of a generated 100k stays O(page).
         */
        const page = (pred: (u: ContractUser) => boolean): ContractUser[] => {
          const key = `${rest}?${[...q].filter(([k]) => k !== "first" && k !== "max").map(([k, v]) => `${k}=${v}`).join("&")}|${max}|${pop.generation}`;
          let i = offsets.get(`${key}|${first}`);
          if (i === undefined) {
            i = 0;
            for (let skipped = 0; i < pop.size && skipped < first; i++) {
              const u = pop.at(i);
              if (u && pred(u)) skipped++;
            }
          }
          const { items, next } = scan(pop, i, max, pred);
          if (offsets.size > 20_000) offsets.clear();
          offsets.set(`${key}|${first + items.length}`, next < 0 ? pop.size : next);
          return items;
        };

        if (rest === "/users") {
          if (denyUsers()) return;
          const fail = server.faults.failUsersPage;
          if (fail && max > 0 && Math.floor(first / max) + 1 === fail) return err(res, 500, "unknown_error", { error_description: "For more on this error consult the server log." });
          const preds: ((u: ContractUser) => boolean)[] = [];
          const search = q.get("search");
          if (search) {
            const exact = /^".*"$/.test(search);
            const term = search.replace(/^"|"$/g, "").replace(/\*/g, "").toLowerCase();
            preds.push((u) =>
              [u.userName, u.email, u.givenName, u.familyName].some((v) => {
                const s = v?.toLowerCase();
                return s !== undefined && (exact ? s === term : s.includes(term));
              }),
            );
          }
          const qq = q.get("q");
          if (qq) {
            const pairs = parseKeycloakQ(qq);
            preds.push((u) => {
              const attrs = keycloakUserJson(u, false).attributes as Record<string, string[]>;
              return pairs.every(([k, v]) => (attrs[k] ?? []).some((x) => x.toLowerCase() === v.toLowerCase()));
            });
          }
          if (q.has("enabled")) preds.push((u) => u.active === (q.get("enabled") === "true"));
          const users = page((u) => preds.every((p) => p(u)));
          return sendJson(res, 200, users.map((u) => keycloakUserJson(u, brief(false))));
        }
        if ((m = /^\/users\/([^/]+)$/.exec(rest))) {
          if (denyUsers()) return;
          const i = pop.indexOf(decodeURIComponent(m[1]!));
          const u = i >= 0 ? pop.at(i) : null;
          if (!u) return err(res, 404, "User not found");
          return sendJson(res, 200, keycloakUserJson(u, false));
        }
        if (rest === "/groups") {
          if (denyGroups()) return;
          const top = pop.groups.filter((g) => !g.parentId);
          return sendJson(res, 200, top.slice(first, first + max).map((g) => groupJson(g, brief(true))));
        }
        if ((m = /^\/groups\/([^/]+)\/(children|members)$/.exec(rest))) {
          if (denyGroups()) return;
          const id = decodeURIComponent(m[1]!);
          if (!pop.group(id)) return err(res, 404, "Could not find group by id");
          if (m[2] === "children") {
            const kids = pop.groups.filter((g) => g.parentId === id);
            return sendJson(res, 200, kids.slice(first, first + max).map((g) => groupJson(g, brief(false))));
          }
          // Direct members only (Keycloak's members endpoint does not include subgroup members).
          const users = page((u) => u.groupIds.includes(id));
          return sendJson(res, 200, users.map((u) => keycloakUserJson(u, brief(false))));
        }
        if ((m = /^\/roles\/([^/]+)\/users$/.exec(rest))) {
          if (denyUsers()) return;
          const role = decodeURIComponent(m[1]!);
          if (!knownRoles.has(role)) return err(res, 404, "Could not find role");
          const users = page((u) => u.roles.includes(role));
          return sendJson(res, 200, users.map((u) => keycloakUserJson(u, brief(true))));
        }
        return err(res, 404, "Unable to find matching target resource method");
      },
    },
    opts.faults,
  );
  const contract: KeycloakContract = Object.assign(server, {
    realm,
    clientId,
    clientSecret,
    tokensIssued: 0,
    revokeTokens() {
      tokens = new Set();
    },
  });
  return contract;
}
