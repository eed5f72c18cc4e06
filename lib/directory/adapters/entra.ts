/**
 * Microsoft Entra ID directory adapter: Microsoft Graph v1.0 with an app-only token (client credentials).
 *
 *   token     POST {login}/{tenant}/oauth2/v2.0/token   scope {graph}/.default (cached until shortly before expiry)
 *   users     GET {graph}/v1.0/users?$select=…&$top=…[&$filter=…&$count=true + ConsistencyLevel: eventual]
 *   groups    GET {graph}/v1.0/groups?$select=id,displayName,description&$top=…
 *   members   GET {graph}/v1.0/groups/{id}/transitiveMembers/microsoft.graph.user (nested groups flattened)
 *   one user  GET {graph}/v1.0/users/{id}?$select=id,accountEnabled
 * Paging follows `@odata.nextLink` (kept as the opaque cursor). Hosts per cloud: commercial
 * login.microsoftonline.com + graph.microsoft.com; gcc-high login.microsoftonline.us + graph.microsoft.us;
 * dod login.microsoftonline.us + dod-graph.microsoft.us. `AdapterOptions.endpoints` { login, graph }
 * override the hosts (tests); the token scope stays the cloud's real Graph resource.
 *
 * Filters: "query" is a Graph `$filter` passed as is; "departments" is `department in ('…', …)`; both are
 * sent as advanced queries (ConsistencyLevel: eventual, $count=true), which department needs. "groups"
 * lists each group's transitive user members in turn (someone in two of the groups comes back once per
 * group: callers key people by id). "roles" is unsupported (use groups or a $filter).
 *
 * Active = accountEnabled. Email = `mail`, or for member accounts without a mailbox the
 * userPrincipalName when it is email-shaped (guests' #EXT# UPNs never count).
 */
import type { AdapterOptions, EntraCloud, EntraDirectoryConfig } from "../config-types";
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
import { check, decodeCursor, departmentsFromUsers, encodeCursor, fetchDefaults, flatAttributes, normEmail, pageSizeOf, requireArray, sameOriginUrl, str } from "./support";

export const ENTRA_CLOUDS: Record<EntraCloud, { login: string; graph: string }> = {
  commercial: { login: "https://login.microsoftonline.com", graph: "https://graph.microsoft.com" },
  "gcc-high": { login: "https://login.microsoftonline.us", graph: "https://graph.microsoft.us" },
  dod: { login: "https://login.microsoftonline.us", graph: "https://dod-graph.microsoft.us" },
};

export const GRAPH_USER_SELECT = [
  "id",
  "userPrincipalName",
  "mail",
  "displayName",
  "givenName",
  "surname",
  "accountEnabled",
  "department",
  "jobTitle",
  "employeeType",
  "employeeId",
  "companyName",
  "officeLocation",
  "userType",
].join(",");

/** A value quoted for an OData $filter. */
export function odataQuote(v: string): string {
  return `'${v.replace(/'/g, "''")}'`;
}

export function toEntraPerson(raw: unknown): DirectoryPerson {
  const u = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const id = str(u.id) ?? "";
  const upn = str(u.userPrincipalName);
  let email = normEmail(u.mail);
  if (!email && upn && !upn.includes("#EXT#") && (u.userType ?? "Member") === "Member") email = normEmail(upn);
  const problems: string[] = [];
  if (!id) problems.push("no id");
  if (!email) problems.push("no email");
  const attributes = flatAttributes(u);
  if (u.jobTitle !== undefined && u.jobTitle !== null) attributes.title = u.jobTitle;
  const person: DirectoryPerson = {
    id,
    email,
    userName: upn,
    displayName: str(u.displayName),
    givenName: str(u.givenName),
    familyName: str(u.surname),
    active: u.accountEnabled === true,
    department: str(u.department),
    orgUnit: null,
    attributes,
  };
  if (problems.length) person.problems = problems;
  return person;
}

type GroupCursor = { g: number; u: string | null };

export function createEntraAdapter(config: EntraDirectoryConfig, opts: AdapterOptions = {}): DirectoryAdapter {
  const cloud = ENTRA_CLOUDS[config.cloud] ?? ENTRA_CLOUDS.commercial;
  const login = (opts.endpoints?.login ?? cloud.login).replace(/\/+$/, "");
  const graph = (opts.endpoints?.graph ?? cloud.graph).replace(/\/+$/, "");

  const configured = () => {
    const missing = (["tenantId", "clientId", "clientSecret"] as const).filter((k) => !config[k]);
    if (missing.length) throw new DirectoryError("config", `Entra: ${missing.join(", ")} ${missing.length > 1 ? "are" : "is"} required`);
    if (!ENTRA_CLOUDS[config.cloud]) throw new DirectoryError("config", `Entra: unknown cloud "${String(config.cloud)}" (commercial, gcc-high or dod)`);
  };

  const tokens = new TokenCache(async () => {
    configured();
    const res = await directoryFetch<{ access_token?: unknown; expires_in?: unknown }>(`${login}/${encodeURIComponent(config.tenantId)}/oauth2/v2.0/token`, {
      ...fetchDefaults(opts),
      what: "Entra token endpoint",
      form: new URLSearchParams({ grant_type: "client_credentials", client_id: config.clientId, client_secret: config.clientSecret, scope: `${cloud.graph}/.default` }),
    });
    const token = str(res.body?.access_token);
    if (!token) throw new DirectoryError("malformed", "Entra token endpoint: no access_token in the response");
    return { accessToken: token, expiresIn: typeof res.body?.expires_in === "number" ? res.body.expires_in : Number(res.body?.expires_in) || 3600 };
  });

  /** A Graph GET with the app token; a 401 (token revoked or expired early) refreshes it once. */
  async function get<T = unknown>(url: string, what: string, o: { signal?: AbortSignal; eventual?: boolean } = {}) {
    const safe = sameOriginUrl(url, graph, what, "/v1.0/");
    for (let attempt = 0; ; attempt++) {
      const token = await tokens.get(); // outside the try: a refused token request is not retried here
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      if (o.eventual) headers.consistencylevel = "eventual";
      try {
        return await directoryFetch<T>(safe, { ...fetchDefaults(opts), what, signal: o.signal, headers });
      } catch (e) {
        if (attempt === 0 && e instanceof DirectoryError && e.kind === "auth" && e.status === 401) {
          tokens.clear();
          continue;
        }
        throw e;
      }
    }
  }

  async function valuePage(url: string, what: string, o: { signal?: AbortSignal; eventual?: boolean }) {
    const res = await get<Record<string, unknown>>(url, what, o);
    const value = requireArray(res.body, "value", what);
    const next = str(res.body?.["@odata.nextLink"]);
    return { value, next: next ? sameOriginUrl(next, graph, what, "/v1.0/") : null };
  }

  function usersUrl(filter: string | null, top: number, select = GRAPH_USER_SELECT): string {
    const u = new URL(`${graph}/v1.0/users`);
    u.searchParams.set("$select", select);
    u.searchParams.set("$top", String(top));
    if (filter) {
      u.searchParams.set("$filter", filter);
      u.searchParams.set("$count", "true");
    }
    return u.toString();
  }

  async function listUsers(filter: DirectoryFilter, o: PageOptions = {}): Promise<Page<DirectoryPerson>> {
    configured();
    const top = pageSizeOf(o.pageSize ?? opts.pageSize, 200, 999);
    const what = "Graph users";
    switch (filter.kind) {
      case "all":
      case "query":
      case "departments": {
        let f: string | null = null;
        if (filter.kind === "query") f = filter.query.trim() || null;
        if (filter.kind === "departments") {
          const ds = filter.departments.map((d) => d.trim()).filter(Boolean);
          if (ds.length === 0) return { items: [], next: null };
          f = `department in (${ds.map(odataQuote).join(", ")})`;
        }
        // A next link of a filtered listing keeps its $filter (and needs the same advanced-query header).
        const eventual = f !== null || (!!o.cursor && /[?&](\$|%24)filter=/i.test(o.cursor));
        const page = await valuePage(o.cursor ?? usersUrl(f, top), what, { signal: o.signal, eventual });
        return { items: page.value.map(toEntraPerson), next: page.next };
      }
      case "groups": {
        const groups = [...new Set(filter.groupIds.map((g) => g.trim()).filter(Boolean))];
        let state: GroupCursor = o.cursor ? decodeCursor<GroupCursor>(o.cursor, what) : { g: 0, u: null };
        while (state.g < groups.length) {
          const gid = groups[state.g]!;
          const first = new URL(`${graph}/v1.0/groups/${encodeURIComponent(gid)}/transitiveMembers/microsoft.graph.user`);
          first.searchParams.set("$select", GRAPH_USER_SELECT);
          first.searchParams.set("$top", String(top));
          first.searchParams.set("$count", "true");
          let page;
          try {
            page = await valuePage(state.u ?? first.toString(), `Graph group ${gid} members`, { signal: o.signal, eventual: true });
          } catch (e) {
            if (e instanceof DirectoryError && e.kind === "not_found") throw new DirectoryError("not_found", `Entra: group ${gid} does not exist (check the import filter)`, { status: 404 });
            throw e;
          }
          state = page.next ? { g: state.g, u: page.next } : { g: state.g + 1, u: null };
          const next = state.g < groups.length ? encodeCursor(state) : null;
          if (page.value.length > 0 || !next) return { items: page.value.map(toEntraPerson), next };
        }
        return { items: [], next: null };
      }
      case "roles":
        throw new DirectoryError("unsupported", "Entra: filtering by roles is not available; filter by groups or a Graph $filter query");
    }
  }

  async function listGroups(o: PageOptions = {}): Promise<Page<DirectoryGroupInfo>> {
    configured();
    const first = new URL(`${graph}/v1.0/groups`);
    first.searchParams.set("$select", "id,displayName,description");
    first.searchParams.set("$top", String(pageSizeOf(o.pageSize ?? opts.pageSize, 200, 999)));
    const page = await valuePage(o.cursor ?? first.toString(), "Graph groups", { signal: o.signal });
    const items = page.value.flatMap((raw): DirectoryGroupInfo[] => {
      const g = (raw ?? {}) as Record<string, unknown>;
      const id = str(g.id);
      return id ? [{ id, name: str(g.displayName) ?? id, description: str(g.description) }] : [];
    });
    return { items, next: page.next };
  }

  async function listGroupMembers(groupId: string, o: PageOptions = {}): Promise<Page<string>> {
    configured();
    const first = new URL(`${graph}/v1.0/groups/${encodeURIComponent(groupId)}/transitiveMembers/microsoft.graph.user`);
    first.searchParams.set("$select", "id");
    first.searchParams.set("$top", String(pageSizeOf(o.pageSize ?? opts.pageSize, 200, 999)));
    first.searchParams.set("$count", "true");
    const page = await valuePage(o.cursor ?? first.toString(), `Graph group ${groupId} members`, { signal: o.signal, eventual: true });
    return { items: page.value.map((m) => str((m as Record<string, unknown>)?.id)).filter((x): x is string => !!x), next: page.next };
  }

  async function listOrgUnits(o: PageOptions = {}) {
    configured();
    // Entra has administrative units, but departments are what organisations model teams on: derived from users.
    const items = await departmentsFromUsers(async (cursor) => {
      const page = await valuePage(cursor ?? usersUrl(null, 999, "id,department"), "Graph users (departments)", { signal: o.signal });
      return { departments: page.value.map((u) => str((u as Record<string, unknown>)?.department)), next: page.next };
    });
    return { items, next: null };
  }

  async function getUserStatus(userId: string): Promise<UserStatus> {
    configured();
    if (!userId) return "not_found";
    try {
      const res = await get<{ accountEnabled?: unknown }>(`${graph}/v1.0/users/${encodeURIComponent(userId)}?$select=id,accountEnabled`, "Graph user");
      return res.body?.accountEnabled === true ? "active" : "inactive";
    } catch (e) {
      if (e instanceof DirectoryError && e.kind === "not_found") return "not_found";
      throw e;
    }
  }

  async function verify(): Promise<VerifyCheck[]> {
    const checks: VerifyCheck[] = [];
    const cfg = await check("configuration", async () => {
      configured();
      return `tenant ${config.tenantId}, ${config.cloud} cloud (${new URL(graph).host})`;
    });
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
        auth: "Check the tenant id, the application (client) id and the client secret VALUE (not its id), and that the secret has not expired",
        config: "Check the tenant id and the cloud (commercial, gcc-high or dod)",
        unreachable: "Check that this server can reach the Microsoft identity platform for this cloud",
      },
    );
    checks.push(tok);
    if (!tok.ok) return checks;
    const hints = { auth: "Grant the application the Microsoft Graph application permissions User.Read.All and GroupMember.Read.All, with admin consent" };
    checks.push(
      await check(
        "users API",
        async () => {
          await valuePage(usersUrl(null, 1, "id"), "Graph users", {});
          return "users readable";
        },
        hints,
      ),
    );
    checks.push(
      await check(
        "groups API",
        async () => {
          await valuePage(`${graph}/v1.0/groups?$select=id&$top=1`, "Graph groups", {});
          return "groups readable";
        },
        hints,
      ),
    );
    return checks;
  }

  return { provider: "entra", verify, listUsers, listGroups, listGroupMembers, listOrgUnits, getUserStatus };
}
