/**
 * Keycloak directory adapter: the Admin REST API with a service-account token (client credentials).
 *
 *   token     POST {serverUrl}/realms/{realm}/protocol/openid-connect/token   (cached until shortly before expiry)
 *   users     GET {serverUrl}/admin/realms/{realm}/users?first=&max=&briefRepresentation=false[&q=|&search=]
 *   groups    GET …/groups?first=&max=, subgroups through …/groups/{id}/children (Keycloak ≥ 23 does not inline them)
 *   members   GET …/groups/{id}/members?first=&max=   (direct members, as Keycloak reports them)
 *   roles     GET …/roles/{role}/users?first=&max=     (realm roles)
 *   one user  GET …/users/{id}
 * Paging is first/max: a page shorter than max is the last. The cursor is opaque (an offset, and for
 * several groups/roles/departments which one).
 *
 * Filters: "query" goes to `q=` when it is attribute syntax (`department:Sales title:"Staff Engineer"`),
 * otherwise to `search=` (username, email, first/last name); "departments" is `q=department:"…"`, one
 * department after another; "groups" and "roles" list each group's members / role's users in turn
 * (someone in two comes back once per group or role: callers key people by id).
 * Active = enabled. attributes = the user's attributes (single values unwrapped) plus username and
 * emailVerified — the same whatever the filter, so mappings do not change between an import and a
 * reconciliation (realm roles are not part of the user representation; they select, they don't map).
 * The service account needs the realm-management roles view-users and query-groups.
 */
import type { AdapterOptions, KeycloakDirectoryConfig } from "../config-types";
import { directoryFetch, TokenCache } from "../http";
import {
  DirectoryError,
  type DirectoryAdapter,
  type DirectoryFilter,
  type DirectoryGroupInfo,
  type DirectoryPerson,
  type Page,
  type PageOptions,
  type UserStatus,
  type VerifyCheck,
} from "../types";
import { check, decodeCursor, departmentsFromUsers, encodeCursor, fetchDefaults, flatAttributes, normEmail, pageSizeOf, requireArray, str } from "./support";

export function toKeycloakPerson(raw: unknown): DirectoryPerson {
  const u = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const id = str(u.id) ?? "";
  const email = normEmail(u.email);
  const problems: string[] = [];
  if (!id) problems.push("no id");
  if (!email) problems.push("no email");
  const attributes = flatAttributes(u.attributes);
  if (str(u.username)) attributes.username = u.username;
  if (typeof u.emailVerified === "boolean") attributes.emailVerified = u.emailVerified;
  const given = str(u.firstName);
  const family = str(u.lastName);
  const department = typeof attributes.department === "string" ? attributes.department : Array.isArray(attributes.department) ? String(attributes.department[0]) : null;
  const person: DirectoryPerson = {
    id,
    email,
    userName: str(u.username),
    displayName: [given, family].filter(Boolean).join(" ") || null,
    givenName: given,
    familyName: family,
    active: u.enabled === true,
    department,
    orgUnit: null,
    attributes,
  };
  if (problems.length) person.problems = problems;
  return person;
}

/** Keycloak `q` syntax for one attribute condition (quoted when the value has spaces). */
export function keycloakQ(key: string, value: string): string {
  return /[\s"]/.test(value) ? `${key}:"${value.replace(/"/g, "")}"` : `${key}:${value}`;
}

type SeqCursor = { i: number; f: number };

export function createKeycloakAdapter(config: KeycloakDirectoryConfig, opts: AdapterOptions = {}): DirectoryAdapter {
  const server = () => {
    const missing = (["serverUrl", "realm", "clientId", "clientSecret"] as const).filter((k) => !config[k]);
    if (missing.length) throw new DirectoryError("config", `Keycloak: ${missing.join(", ")} ${missing.length > 1 ? "are" : "is"} required`);
    let u: URL;
    try {
      u = new URL(config.serverUrl);
    } catch {
      throw new DirectoryError("config", `Keycloak: the server URL is not a URL (${String(config.serverUrl).slice(0, 80)})`);
    }
    return u.toString().replace(/\/+$/, "");
  };
  const admin = () => `${server()}/admin/realms/${encodeURIComponent(config.realm)}`;

  const tokens = new TokenCache(async () => {
    const res = await directoryFetch<{ access_token?: unknown; expires_in?: unknown }>(`${server()}/realms/${encodeURIComponent(config.realm)}/protocol/openid-connect/token`, {
      ...fetchDefaults(opts),
      what: "Keycloak token endpoint",
      form: new URLSearchParams({ grant_type: "client_credentials", client_id: config.clientId, client_secret: config.clientSecret }),
    });
    const token = str(res.body?.access_token);
    if (!token) throw new DirectoryError("malformed", "Keycloak token endpoint: no access_token in the response");
    return { accessToken: token, expiresIn: typeof res.body?.expires_in === "number" ? res.body.expires_in : 60 };
  });

  async function get<T = unknown>(path: string, params: Record<string, string | number | boolean>, what: string, signal?: AbortSignal) {
    const u = new URL(`${admin()}${path}`);
    for (const [k, v] of Object.entries(params)) u.searchParams.set(k, String(v));
    for (let attempt = 0; ; attempt++) {
      const token = await tokens.get(); // outside the try: a refused token request is not retried here
      try {
        return await directoryFetch<T>(u.toString(), { ...fetchDefaults(opts), what, signal, headers: { authorization: `Bearer ${token}` } });
      } catch (e) {
        // An access token revoked or expired early: fetch a fresh one once.
        if (attempt === 0 && e instanceof DirectoryError && e.kind === "auth" && e.status === 401) {
          tokens.clear();
          continue;
        }
        throw e;
      }
    }
  }

  async function userList(path: string, params: Record<string, string | number | boolean>, first: number, max: number, what: string, signal?: AbortSignal) {
    const res = await get(path, { ...params, first, max }, what, signal);
    const raw = requireArray(res.body, null, what);
    return { items: raw.map(toKeycloakPerson), more: raw.length >= max };
  }

  /** Walks a sequence of listings (one per group, role or department), `max` at a time. */
  async function sequence(
    steps: { path: string; params: Record<string, string | number | boolean>; what: string; notFound?: string }[],
    o: PageOptions,
    max: number,
  ): Promise<Page<DirectoryPerson>> {
    let state: SeqCursor = o.cursor ? decodeCursor<SeqCursor>(o.cursor, "Keycloak users") : { i: 0, f: 0 };
    while (state.i < steps.length) {
      const step = steps[state.i]!;
      let page;
      try {
        page = await userList(step.path, step.params, state.f, max, step.what, o.signal);
      } catch (e) {
        if (e instanceof DirectoryError && e.kind === "not_found" && step.notFound) throw new DirectoryError("not_found", step.notFound, { status: 404 });
        throw e;
      }
      state = page.more ? { i: state.i, f: state.f + max } : { i: state.i + 1, f: 0 };
      const next = state.i < steps.length ? encodeCursor(state) : null;
      if (page.items.length > 0 || !next) return { items: page.items, next };
    }
    return { items: [], next: null };
  }

  async function listUsers(filter: DirectoryFilter, o: PageOptions = {}): Promise<Page<DirectoryPerson>> {
    server();
    const max = pageSizeOf(o.pageSize ?? opts.pageSize, 200, 1000);
    const full = { briefRepresentation: false };
    const uniq = (xs: string[]) => [...new Set(xs.map((x) => x.trim()).filter(Boolean))];
    switch (filter.kind) {
      case "all":
        return sequence([{ path: "/users", params: full, what: "Keycloak users" }], o, max);
      case "query": {
        const query = filter.query.trim();
        const attr = /^(?:"[^"]*"|[^"\s:]+):\S/.test(query);
        return sequence([{ path: "/users", params: { ...full, ...(query ? (attr ? { q: query } : { search: query }) : {}) }, what: "Keycloak users" }], o, max);
      }
      case "departments":
        return sequence(
          uniq(filter.departments).map((d) => ({ path: "/users", params: { ...full, q: keycloakQ("department", d) }, what: `Keycloak users (department ${d})` })),
          o,
          max,
        );
      case "groups":
        return sequence(
          uniq(filter.groupIds).map((g) => ({
            path: `/groups/${encodeURIComponent(g)}/members`,
            params: full,
            what: `Keycloak group ${g} members`,
            notFound: `Keycloak: group ${g} does not exist (check the import filter)`,
          })),
          o,
          max,
        );
      case "roles":
        return sequence(
          uniq(filter.roles).map((r) => ({
            path: `/roles/${encodeURIComponent(r)}/users`,
            params: full,
            what: `Keycloak role ${r} users`,
            notFound: `Keycloak: realm role ${r} does not exist (check the import filter)`,
          })),
          o,
          max,
        );
    }
  }

  type RawGroup = { id?: unknown; name?: unknown; path?: unknown; subGroupCount?: unknown; subGroups?: unknown; attributes?: unknown };

  function groupInfo(g: RawGroup): DirectoryGroupInfo | null {
    const id = str(g.id);
    if (!id) return null;
    const path = str(g.path);
    const nested = path ? path.replace(/^\//, "") : null;
    const desc = flatAttributes(g.attributes).description;
    return { id, name: nested && nested.includes("/") ? nested : (str(g.name) ?? id), description: typeof desc === "string" ? desc : null };
  }

  /** A group and all its descendants: inlined subGroups (older Keycloak, or searches) or /children pages. */
  async function expand(g: RawGroup, out: DirectoryGroupInfo[], signal?: AbortSignal, depth = 0): Promise<void> {
    const info = groupInfo(g);
    if (!info) return;
    out.push(info);
    if (depth > 20) return;
    const inline = Array.isArray(g.subGroups) ? (g.subGroups as RawGroup[]) : [];
    if (inline.length > 0) {
      for (const c of inline) await expand(c, out, signal, depth + 1);
      return;
    }
    if (typeof g.subGroupCount === "number" && g.subGroupCount > 0) {
      const max = 100;
      for (let first = 0; ; first += max) {
        const res = await get(`/groups/${encodeURIComponent(info.id)}/children`, { first, max, briefRepresentation: false }, `Keycloak group ${info.id} subgroups`, signal);
        const kids = requireArray(res.body, null, "Keycloak subgroups") as RawGroup[];
        for (const c of kids) await expand(c, out, signal, depth + 1);
        if (kids.length < max) break;
      }
    }
  }

  async function listGroups(o: PageOptions = {}): Promise<Page<DirectoryGroupInfo>> {
    server();
    const max = pageSizeOf(o.pageSize ?? opts.pageSize, 100, 1000);
    const first = o.cursor ? decodeCursor<SeqCursor>(o.cursor, "Keycloak groups").f : 0;
    const res = await get("/groups", { first, max, briefRepresentation: false }, "Keycloak groups", o.signal);
    const top = requireArray(res.body, null, "Keycloak groups") as RawGroup[];
    const items: DirectoryGroupInfo[] = [];
    for (const g of top) await expand(g, items, o.signal);
    return { items, next: top.length >= max ? encodeCursor({ i: 0, f: first + max }) : null };
  }

  async function listGroupMembers(groupId: string, o: PageOptions = {}): Promise<Page<string>> {
    server();
    const max = pageSizeOf(o.pageSize ?? opts.pageSize, 200, 1000);
    const first = o.cursor ? decodeCursor<SeqCursor>(o.cursor, "Keycloak group members").f : 0;
    const page = await userList(`/groups/${encodeURIComponent(groupId)}/members`, { briefRepresentation: true }, first, max, `Keycloak group ${groupId} members`, o.signal);
    return { items: page.items.map((p) => p.id).filter(Boolean), next: page.more ? encodeCursor({ i: 0, f: first + max }) : null };
  }

  async function listOrgUnits(o: PageOptions = {}) {
    server();
    const max = 500;
    const items = await departmentsFromUsers(async (cursor) => {
      const first = cursor ? Number(cursor) : 0;
      const page = await userList("/users", { briefRepresentation: false }, first, max, "Keycloak users (departments)", o.signal);
      return { departments: page.items.map((p) => p.department), next: page.more ? String(first + max) : null };
    });
    return { items, next: null };
  }

  async function getUserStatus(userId: string): Promise<UserStatus> {
    server();
    if (!userId) return "not_found";
    try {
      const res = await get<{ enabled?: unknown }>(`/users/${encodeURIComponent(userId)}`, {}, "Keycloak user");
      return res.body?.enabled === true ? "active" : "inactive";
    } catch (e) {
      if (e instanceof DirectoryError && e.kind === "not_found") return "not_found";
      throw e;
    }
  }

  async function verify(): Promise<VerifyCheck[]> {
    const checks: VerifyCheck[] = [];
    const cfg = await check("configuration", async () => `realm ${config.realm} on ${new URL(server()).host}`);
    checks.push(cfg);
    if (!cfg.ok) return checks;
    tokens.clear();
    const tok = await check(
      "token endpoint",
      async () => {
        await tokens.get();
        return "client credentials accepted";
      },
      {
        auth: "Check the client id and secret, and that the client has Client authentication and Service accounts roles enabled",
        not_found: "Check the server URL (without /auth on Keycloak ≥ 17 unless your server keeps that path) and the realm name",
        unreachable: "Check the server URL and that this server can reach Keycloak",
      },
    );
    checks.push(tok);
    if (!tok.ok) return checks;
    const hints = (role: string) => ({ auth: `Give the client's service account the realm-management role ${role}`, not_found: "Check the realm name" });
    checks.push(
      await check(
        "users API",
        async () => {
          const res = await get("/users", { first: 0, max: 1, briefRepresentation: true }, "Keycloak users");
          requireArray(res.body, null, "Keycloak users");
          return "users readable";
        },
        hints("view-users"),
      ),
    );
    checks.push(
      await check(
        "groups API",
        async () => {
          const res = await get("/groups", { first: 0, max: 1 }, "Keycloak groups");
          requireArray(res.body, null, "Keycloak groups");
          return "groups readable";
        },
        hints("query-groups (or view-users)"),
      ),
    );
    return checks;
  }

  return { provider: "keycloak", verify, listUsers, listGroups, listGroupMembers, listOrgUnits, getUserStatus };
}
