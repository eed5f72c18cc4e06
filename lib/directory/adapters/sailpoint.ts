import type { AdapterOptions, SailPointDirectoryConfig } from "../config-types";
import { encodeCursor, readCursor } from "./support";
import { directoryFetch, TokenCache, type DirectoryFetchOptions, type DirectoryResponse } from "../http";
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
 * SailPoint, two products behind one provider:
 *
 * - Identity Security Cloud ("isc"): OAuth client credentials at `{tenant}.api.identitynow.com/oauth/token`
 *   (a personal access token or API client), identities through the v3 Search API (`POST /v3/search`,
 *   index "identities", `searchAfter` paging on id, so more than the 10,000-offset window works).
 *   Groups are ISC roles (`GET /v3/roles`): a role is what a person is given in ISC, and its members are
 *   the identities holding it (`@access(id:"…")`). Departments (the identity attribute `department`) are
 *   the org units, read with one terms aggregation. `query` is ISC's search query language.
 *
 * - IdentityIQ ("iiq"): its SCIM 2.0 API at baseUrl (`…/identityiq/scim/v2`), HTTP Basic with
 *   username/password, or OAuth client credentials (`…/identityiq/oauth2/token`) when a clientId is set.
 *   IIQ's SCIM has no Groups resource: groups are IIQ roles (`/Roles`), and a user's roles come from the
 *   SailPoint user extension, which IIQ returns only when asked for in `attributes`. Role membership is
 *   not filterable there, so group/role filters page through users and keep the members (pages can be
 *   short or empty while `next` is set). Departments (enterprise extension) are the org units, gathered
 *   from all users. `query` is a SCIM filter.
 */

const DEFAULT_PAGE_SIZE = 100;
const ISC_MAX_SEARCH = 250;
const ISC_MAX_ROLES = 50; // GET /v3/roles: "the maximum value for limit is 50"
const IIQ_MAX_PAGE = 500;

// Lifecycle states that mean "must not have access" (ISC ships active/inactive; tenants add their own).
const INACTIVE_LIFECYCLE = /^(inactive|terminated|disabled|deleted|leaver|left|suspended|prehire|pre-hire|archived)$/i;


const str = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v.trim() : null);

function flatten(prefix: string, value: unknown, out: Record<string, unknown>) {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(prefix ? `${prefix}.${k}` : k, v, out);
  } else if (prefix) out[prefix] = value;
}

// ------------------------------------------------------------------------------------------------
// ISC

export type IscAccess = { id?: string; name?: string; displayName?: string; type?: string };
export type IscIdentity = {
  id?: string;
  name?: string;
  displayName?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  inactive?: boolean;
  disabled?: boolean;
  status?: string;
  employeeNumber?: string;
  lifecycleState?: string | { stateName?: string };
  manager?: { id?: string; name?: string; displayName?: string } | null;
  identityProfile?: { id?: string; name?: string } | null;
  source?: { id?: string; name?: string } | null;
  attributes?: Record<string, unknown>;
  access?: IscAccess[];
};

export function iscIdentityToPerson(d: IscIdentity): DirectoryPerson {
  const a = d.attributes ?? {};
  const problems: string[] = [];
  const email = (str(d.email) ?? str(a.email))?.toLowerCase() ?? null;
  if (!d.id) problems.push("no id");
  if (!email) problems.push("no email");
  const lifecycle = str(typeof d.lifecycleState === "object" ? d.lifecycleState?.stateName : d.lifecycleState) ?? str(a.cloudLifecycleState);
  const active = d.inactive !== true && d.disabled !== true && !(lifecycle && INACTIVE_LIFECYCLE.test(lifecycle));
  const roles = (d.access ?? []).filter((x) => x.type === "ROLE" && x.id);
  const attributes: Record<string, unknown> = {};
  flatten("", a, attributes);
  Object.assign(attributes, {
    lifecycleState: lifecycle,
    status: d.status ?? null,
    employeeNumber: d.employeeNumber ?? str(a.employeeNumber),
    manager: d.manager?.name ?? null,
    identityProfile: d.identityProfile?.name ?? null,
    source: d.source?.name ?? null,
    roles: roles.map((r) => r.name ?? r.displayName ?? r.id),
    accessProfiles: (d.access ?? []).filter((x) => x.type === "ACCESS_PROFILE").map((x) => x.name ?? x.id),
  });
  const given = str(d.firstName) ?? str(a.firstname);
  const family = str(d.lastName) ?? str(a.lastname);
  return {
    id: d.id ?? "",
    email,
    userName: str(d.name) ?? str(a.uid),
    displayName: str(d.displayName) ?? str(a.displayName) ?? ([given, family].filter(Boolean).join(" ") || null),
    givenName: given,
    familyName: family,
    active,
    department: str(a.department),
    orgUnit: null,
    groupIds: roles.map((r) => r.id!),
    attributes,
    ...(problems.length ? { problems } : {}),
  };
}

/** ISC search query strings are double-quoted with backslash escapes. */
export const iscQuoted = (v: string) => `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

/**
 * The ISC API host: an explicit override (tests, AdapterOptions.endpoints.isc) or baseUrl, else from the
 * tenant — "acme" → https://acme.api.identitynow.com; a full API host or URL given as the tenant is kept
 * (other SailPoint clouds use other domains).
 */
export function iscBaseUrl(config: { tenant?: string; baseUrl?: string }, override?: string): string {
  const explicit = override ?? config.baseUrl;
  if (explicit) return explicit.trim().replace(/\/+$/, "");
  const tenant = config.tenant?.trim().replace(/\/+$/, "");
  if (!tenant) throw new DirectoryError("config", "SailPoint ISC: set the tenant (the first label of {tenant}.api.identitynow.com)");
  if (/^https?:\/\//i.test(tenant)) return tenant;
  if (/^[a-z0-9-]+$/i.test(tenant)) return `https://${tenant}.api.identitynow.com`;
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(tenant)) return `https://${tenant.replace(/^([a-z0-9-]+)\.identitynow\.com$/i, "$1.api.identitynow.com")}`;
  throw new DirectoryError("config", `SailPoint ISC: "${tenant}" is not a tenant name (e.g. "acme" for acme.api.identitynow.com)`);
}

const ISC_INCLUDES = ["id", "name", "displayName", "firstName", "lastName", "email", "inactive", "disabled", "status", "employeeNumber", "lifecycleState", "manager", "identityProfile", "source", "attributes", "access"];

function createIscAdapter(config: Extract<SailPointDirectoryConfig, { product: "isc" }>, opts: AdapterOptions, common: (what: string, signal?: AbortSignal) => DirectoryFetchOptions): DirectoryAdapter {
  const base = () => iscBaseUrl(config, opts.endpoints?.isc);
  const pageSize = (o: PageOptions | undefined, max: number) => Math.max(1, Math.min(max, o?.pageSize ?? opts.pageSize ?? DEFAULT_PAGE_SIZE));

  const tokens = new TokenCache(async () => {
    if (!config.clientId || !config.clientSecret) throw new DirectoryError("config", "SailPoint ISC: set the client id and client secret (API client or personal access token)");
    const res = await directoryFetch<{ access_token?: string; expires_in?: number }>(`${base()}/oauth/token`, {
      ...common("SailPoint token"),
      form: new URLSearchParams({ grant_type: "client_credentials", client_id: config.clientId, client_secret: config.clientSecret }),
    });
    if (!res.body?.access_token) throw new DirectoryError("malformed", "SailPoint token: the response has no access_token");
    return { accessToken: res.body.access_token, expiresIn: res.body.expires_in };
  });

  // A token revoked or expired early gets one fresh token and one more try.
  async function api<T>(path: string, what: string, init: { json?: unknown; signal?: AbortSignal } = {}, retried = false): Promise<DirectoryResponse<T>> {
    const token = await tokens.get();
    try {
      return await directoryFetch<T>(`${base()}${path}`, { ...common(what, init.signal), headers: { authorization: `Bearer ${token}` }, json: init.json });
    } catch (e) {
      if (e instanceof DirectoryError && e.kind === "auth" && e.status === 401) {
        tokens.clear();
        if (!retried) return api<T>(path, what, init, true);
      }
      throw e;
    }
  }

  // count=true costs the tenant a full count (SailPoint: send it only when the total is used).
  async function search(query: string, limit: number, after: string | undefined, includes: string[], signal?: AbortSignal, count = false) {
    const res = await api<IscIdentity[]>(`/v3/search?limit=${limit}${count ? "&count=true" : ""}`, "SailPoint identities", {
      json: { indices: ["identities"], query: { query }, sort: ["id"], ...(after ? { searchAfter: [after] } : {}), queryResultFilter: { includes } },
      signal,
    });
    if (!Array.isArray(res.body)) throw new DirectoryError("malformed", "SailPoint identities: the search response is not a list");
    return { items: res.body, total: Number(res.headers.get("x-total-count") ?? NaN) };
  }

  async function role(id: string, signal?: AbortSignal) {
    try {
      return (await api<{ id?: string; name?: string }>(`/v3/roles/${encodeURIComponent(id)}`, `SailPoint role ${id}`, { signal })).body;
    } catch (e) {
      if (e instanceof DirectoryError && e.kind === "not_found") throw new DirectoryError("not_found", `SailPoint: no role with id "${id}"`, { status: 404 });
      throw e;
    }
  }

  async function assertRoleNames(names: string[], signal?: AbortSignal) {
    for (const name of names) {
      const res = await api<unknown[]>(`/v3/roles?limit=1&filters=${encodeURIComponent(`name eq ${iscQuoted(name)}`)}`, "SailPoint roles", { signal });
      if (!Array.isArray(res.body) || !res.body.length) throw new DirectoryError("not_found", `SailPoint: no role named "${name}"`);
    }
  }

  async function queryFor(filter: DirectoryFilter, first: boolean, signal?: AbortSignal): Promise<string> {
    switch (filter.kind) {
      case "all":
        return "*";
      case "query":
        if (!filter.query.trim()) throw new DirectoryError("config", "SailPoint: the search query is empty");
        return filter.query;
      case "groups":
        if (!filter.groupIds.length) return "";
        // An unknown role must fail, not select nobody (which would read as "everyone left").
        if (first) for (const id of filter.groupIds) await role(id, signal);
        return filter.groupIds.map((id) => `@access(id:${iscQuoted(id)})`).join(" OR ");
      case "roles":
        if (!filter.roles.length) return "";
        if (first) await assertRoleNames(filter.roles, signal);
        return filter.roles.map((n) => `@access(type:ROLE AND name:${iscQuoted(n)})`).join(" OR ");
      case "departments":
        if (!filter.departments.length) return "";
        return `attributes.department:(${filter.departments.map(iscQuoted).join(" OR ")})`;
    }
  }

  async function listUsers(filter: DirectoryFilter, o: PageOptions = {}): Promise<Page<DirectoryPerson>> {
    const cursor = readCursor<{ a: string }>(o.cursor, "SailPoint");
    const q = await queryFor(filter, !cursor, o.signal);
    if (!q) return { items: [], next: null };
    const limit = pageSize(o, ISC_MAX_SEARCH);
    let items: IscIdentity[];
    try {
      ({ items } = await search(q, limit, cursor?.a, ISC_INCLUDES, o.signal));
    } catch (e) {
      // ISC explains a rejected query in messages[].text, which the shared error summary does not read.
      if (filter.kind === "query" && e instanceof DirectoryError && e.status === 400) {
        throw new DirectoryError("config", `${e.message} — check the search query syntax: ${filter.query.slice(0, 200)}`, { status: 400, cause: e });
      }
      throw e;
    }
    const last = items.at(-1)?.id;
    return { items: items.map(iscIdentityToPerson), next: items.length === limit && last ? encodeCursor({ a: last }) : null };
  }

  async function listGroups(o: PageOptions = {}): Promise<Page<DirectoryGroupInfo>> {
    const offset = readCursor<{ o: number }>(o.cursor, "SailPoint")?.o ?? 0;
    const limit = pageSize(o, ISC_MAX_ROLES);
    const res = await api<{ id?: string; name?: string; description?: string | null }[]>(`/v3/roles?limit=${limit}&offset=${offset}&count=true&sorters=name`, "SailPoint roles", {
      signal: o.signal,
    });
    if (!Array.isArray(res.body)) throw new DirectoryError("malformed", "SailPoint roles: the response is not a list");
    const total = Number(res.headers.get("x-total-count") ?? NaN);
    const nextOffset = offset + res.body.length;
    const more = Number.isFinite(total) ? nextOffset < total : res.body.length === limit;
    return {
      items: res.body.filter((r) => r.id).map((r) => ({ id: r.id!, name: r.name || r.id!, description: r.description ?? null })),
      next: more && res.body.length ? encodeCursor({ o: nextOffset }) : null,
    };
  }

  async function listGroupMembers(groupId: string, o: PageOptions = {}): Promise<Page<string>> {
    const cursor = readCursor<{ a: string }>(o.cursor, "SailPoint");
    if (!cursor) await role(groupId, o.signal);
    const limit = pageSize(o, ISC_MAX_SEARCH);
    const { items } = await search(`@access(id:${iscQuoted(groupId)})`, limit, cursor?.a, ["id"], o.signal);
    const last = items.at(-1)?.id;
    return { items: items.filter((i) => i.id).map((i) => i.id!), next: items.length === limit && last ? encodeCursor({ a: last }) : null };
  }

  async function listOrgUnits(o: PageOptions = {}): Promise<Page<DirectoryOrgUnitInfo>> {
    type Agg = { aggregations?: Record<string, { buckets?: { key?: unknown; doc_count?: number }[] }> };
    const res = await api<Agg>("/v3/search/aggregate", "SailPoint departments", {
      json: {
        indices: ["identities"],
        query: { query: "*" },
        aggregationType: "SAILPOINT",
        aggregations: { bucket: { name: "departments", type: "TERMS", field: "attributes.department", size: 10000 } },
      },
      signal: o.signal,
    });
    const buckets = res.body?.aggregations?.departments?.buckets;
    if (buckets !== undefined && !Array.isArray(buckets)) throw new DirectoryError("malformed", "SailPoint departments: buckets is not a list");
    return {
      items: (buckets ?? []).map((b) => str(b.key)).filter((k): k is string => !!k).map((k) => ({ id: k, name: k, path: null, parentId: null, kind: "department" as const })),
      next: null,
    };
  }

  async function getUserStatus(userId: string): Promise<UserStatus> {
    const { items } = await search(`id:${iscQuoted(userId)}`, 1, undefined, ISC_INCLUDES, undefined);
    const hit = items.find((i) => i.id === userId);
    if (!hit) return "not_found";
    return iscIdentityToPerson(hit).active ? "active" : "inactive";
  }

  async function verify(): Promise<VerifyCheck[]> {
    const checks: VerifyCheck[] = [];
    try {
      await tokens.get();
      checks.push({ name: "SailPoint token", ok: true, detail: `${base()}/oauth/token` });
    } catch (e) {
      checks.push({ name: "SailPoint token", ok: false, detail: (e as Error).message });
      return checks;
    }
    try {
      const { total } = await search("*", 1, undefined, ["id"], undefined, true);
      checks.push({ name: "SailPoint identities", ok: true, detail: Number.isFinite(total) ? `${total} identities visible` : undefined });
    } catch (e) {
      checks.push({ name: "SailPoint identities", ok: false, detail: (e as Error).message });
    }
    try {
      await api("/v3/roles?limit=1", "SailPoint roles");
      checks.push({ name: "SailPoint roles", ok: true });
    } catch (e) {
      checks.push({ name: "SailPoint roles", ok: false, detail: (e as Error).message });
    }
    return checks;
  }

  return { provider: "sailpoint", verify, listUsers, listGroups, listGroupMembers, listOrgUnits, getUserStatus };
}

// ------------------------------------------------------------------------------------------------
// IIQ (SCIM 2.0)

export const SCIM_ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const IIQ_USER_EXT = "urn:ietf:params:scim:schemas:sailpoint:1.0:User";
// IIQ returns a user's roles only when they are asked for, and `attributes` then limits the response to
// what is listed, so the whole set is spelled out.
export const IIQ_USER_ATTRIBUTES = ["id", "userName", "name", "displayName", "active", "emails", "userType", SCIM_ENTERPRISE, IIQ_USER_EXT, `${IIQ_USER_EXT}:roles`].join(",");

export type IiqUser = {
  id?: string;
  userName?: string;
  name?: { givenName?: string; familyName?: string; formatted?: string };
  displayName?: string;
  active?: boolean | string;
  emails?: { value?: string; primary?: boolean; type?: string }[];
  userType?: string;
  [SCIM_ENTERPRISE]?: { department?: string; employeeNumber?: string; manager?: { value?: string; displayName?: string } };
  [IIQ_USER_EXT]?: Record<string, unknown> & { roles?: { value?: string; display?: string }[] };
};

export function iiqUserToPerson(u: IiqUser): DirectoryPerson {
  const problems: string[] = [];
  const emails = u.emails ?? [];
  const email = (str(emails.find((e) => e.primary)?.value) ?? str(emails.find((e) => e.type === "work")?.value) ?? str(emails[0]?.value))?.toLowerCase() ?? null;
  if (!u.id) problems.push("no id");
  if (!email) problems.push("no email");
  const ent = u[SCIM_ENTERPRISE] ?? {};
  const ext = u[IIQ_USER_EXT] ?? {};
  const roles = (Array.isArray(ext.roles) ? ext.roles : []).filter((r) => r?.value);
  const department = str(ent.department) ?? str(ext.department);
  const attributes: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(ext)) if (k !== "roles") flatten(k, v, attributes);
  Object.assign(attributes, {
    userType: u.userType ?? null,
    department,
    employeeNumber: ent.employeeNumber ?? null,
    manager: ent.manager?.displayName ?? ent.manager?.value ?? null,
    roles: roles.map((r) => r.display ?? r.value),
  });
  // Booleans arrive as strings from some IIQ versions.
  const active = u.active === undefined ? true : u.active === true || u.active === "true";
  return {
    id: u.id ?? "",
    email,
    userName: u.userName ?? null,
    displayName: str(u.displayName) ?? str(u.name?.formatted) ?? ([u.name?.givenName, u.name?.familyName].filter(Boolean).join(" ") || null),
    givenName: u.name?.givenName ?? null,
    familyName: u.name?.familyName ?? null,
    active,
    department,
    orgUnit: null,
    groupIds: roles.map((r) => r.value!),
    attributes,
    ...(problems.length ? { problems } : {}),
  };
}

/** SCIM filter string literal (RFC 7644 §3.4.2.2: JSON string). */
const scimString = (v: string) => JSON.stringify(v);

/** baseUrl may be the IIQ root (…/identityiq) or its SCIM root (…/identityiq/scim/v2). */
export function iiqUrls(baseUrl: string): { scim: string; root: string } {
  const b = baseUrl.trim().replace(/\/+$/, "");
  if (!b) throw new DirectoryError("config", "SailPoint IIQ: set baseUrl (e.g. https://iiq.example.com/identityiq)");
  try {
    new URL(b);
  } catch {
    throw new DirectoryError("config", `SailPoint IIQ: "${baseUrl}" is not a URL`);
  }
  if (/\/scim\/v2$/i.test(b)) return { scim: b, root: b.replace(/\/scim\/v2$/i, "") };
  return { scim: `${b}/scim/v2`, root: b };
}

function createIiqAdapter(config: Extract<SailPointDirectoryConfig, { product: "iiq" }>, opts: AdapterOptions, common: (what: string, signal?: AbortSignal) => DirectoryFetchOptions): DirectoryAdapter {
  const urls = () => iiqUrls(config.baseUrl);
  const pageSize = (o?: PageOptions) => Math.max(1, Math.min(IIQ_MAX_PAGE, o?.pageSize ?? opts.pageSize ?? DEFAULT_PAGE_SIZE));

  const tokens = new TokenCache(async () => {
    const basic = Buffer.from(`${encodeURIComponent(config.clientId!)}:${encodeURIComponent(config.clientSecret ?? "")}`).toString("base64");
    const res = await directoryFetch<{ access_token?: string; expires_in?: number }>(`${urls().root}/oauth2/token`, {
      ...common("IdentityIQ token"),
      headers: { authorization: `Basic ${basic}` },
      form: new URLSearchParams({ grant_type: "client_credentials" }),
    });
    if (!res.body?.access_token) throw new DirectoryError("malformed", "IdentityIQ token: the response has no access_token");
    return { accessToken: res.body.access_token, expiresIn: res.body.expires_in };
  });

  async function authorization(): Promise<string> {
    if (config.clientId) return `Bearer ${await tokens.get()}`;
    if (!config.username || !config.password) throw new DirectoryError("config", "SailPoint IIQ: set username and password (or an OAuth client id and secret)");
    return `Basic ${Buffer.from(`${config.username}:${config.password}`).toString("base64")}`;
  }

  async function scim<T>(path: string, params: Record<string, string | number | undefined>, what: string, signal?: AbortSignal, retried = false): Promise<T> {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") qs.set(k, String(v));
    const auth = await authorization();
    try {
      const res = await directoryFetch<T>(`${urls().scim}${path}${qs.size ? `?${qs}` : ""}`, {
        ...common(what, signal),
        headers: { authorization: auth, accept: "application/scim+json, application/json" },
      });
      if (!res.body || typeof res.body !== "object") throw new DirectoryError("malformed", `${what}: the response is not a JSON object`);
      return res.body;
    } catch (e) {
      if (e instanceof DirectoryError && e.kind === "auth" && e.status === 401 && config.clientId) {
        tokens.clear();
        if (!retried) return scim<T>(path, params, what, signal, true);
      }
      throw e;
    }
  }

  type ListResponse<R> = { totalResults?: number; startIndex?: number; itemsPerPage?: number; Resources?: R[] };
  async function usersPage(start: number, count: number, filter: string | undefined, signal?: AbortSignal) {
    const res = await scim<ListResponse<IiqUser>>("/Users", { startIndex: start, count, filter, attributes: IIQ_USER_ATTRIBUTES }, "IdentityIQ users", signal);
    if (res.Resources !== undefined && !Array.isArray(res.Resources)) throw new DirectoryError("malformed", "IdentityIQ users: Resources is not a list");
    const items = res.Resources ?? [];
    const nextStart = start + items.length;
    const total = Number(res.totalResults ?? 0);
    return { items, next: items.length && nextStart <= total ? nextStart : null };
  }

  async function assertRoles(ids: string[], signal?: AbortSignal) {
    for (const id of ids) {
      try {
        await scim(`/Roles/${encodeURIComponent(id)}`, {}, `IdentityIQ role ${id}`, signal);
      } catch (e) {
        if (e instanceof DirectoryError && e.kind === "not_found") throw new DirectoryError("not_found", `SailPoint IIQ: no role with id "${id}"`, { status: 404 });
        throw e;
      }
    }
  }

  async function roleIdsByName(names: string[], signal?: AbortSignal): Promise<string[]> {
    const ids: string[] = [];
    for (const name of names) {
      const res = await scim<ListResponse<{ id?: string }>>("/Roles", { filter: `name eq ${scimString(name)}`, count: 1 }, "IdentityIQ roles", signal);
      const id = res.Resources?.[0]?.id;
      if (!id) throw new DirectoryError("not_found", `SailPoint IIQ: no role named "${name}"`);
      ids.push(id);
    }
    return ids;
  }

  type Cursor = { s: number; r?: string[] };

  async function listUsers(filter: DirectoryFilter, o: PageOptions = {}): Promise<Page<DirectoryPerson>> {
    const cursor = readCursor<Cursor>(o.cursor, "SailPoint");
    const start = cursor?.s ?? 1;
    let scimFilter: string | undefined;
    let roleIds: string[] | undefined;
    switch (filter.kind) {
      case "query":
        scimFilter = filter.query.trim() || undefined;
        break;
      case "departments":
        if (!filter.departments.length) return { items: [], next: null };
        scimFilter = filter.departments.map((d) => `${SCIM_ENTERPRISE}:department eq ${scimString(d)}`).join(" or ");
        break;
      case "groups":
        roleIds = cursor?.r ?? (await assertRoles(filter.groupIds, o.signal), filter.groupIds);
        break;
      case "roles":
        roleIds = cursor?.r ?? (await roleIdsByName(filter.roles, o.signal));
        break;
    }
    if (roleIds && !roleIds.length) return { items: [], next: null };
    const page = await usersPage(start, pageSize(o), scimFilter, o.signal);
    let people = page.items.map(iiqUserToPerson);
    if (roleIds) {
      const wanted = new Set(roleIds);
      people = people.filter((p) => p.groupIds?.some((g) => wanted.has(g)));
    }
    return { items: people, next: page.next ? encodeCursor({ s: page.next, ...(roleIds ? { r: roleIds } : {}) }) : null };
  }

  async function listGroups(o: PageOptions = {}): Promise<Page<DirectoryGroupInfo>> {
    const start = readCursor<Cursor>(o.cursor, "SailPoint")?.s ?? 1;
    const res = await scim<ListResponse<{ id?: string; name?: string; displayName?: string; description?: string }>>(
      "/Roles",
      { startIndex: start, count: pageSize(o) },
      "IdentityIQ roles",
      o.signal,
    );
    const items = res.Resources ?? [];
    const nextStart = start + items.length;
    return {
      items: items.filter((r) => r.id).map((r) => ({ id: r.id!, name: r.displayName || r.name || r.id!, description: r.description ?? null })),
      next: items.length && nextStart <= Number(res.totalResults ?? 0) ? encodeCursor({ s: nextStart }) : null,
    };
  }

  async function listGroupMembers(groupId: string, o: PageOptions = {}): Promise<Page<string>> {
    const cursor = readCursor<Cursor>(o.cursor, "SailPoint");
    if (!cursor) await assertRoles([groupId], o.signal);
    const page = await usersPage(cursor?.s ?? 1, pageSize(o), undefined, o.signal);
    return {
      items: page.items.map(iiqUserToPerson).filter((p) => p.groupIds?.includes(groupId)).map((p) => p.id),
      next: page.next ? encodeCursor({ s: page.next }) : null,
    };
  }

  async function listOrgUnits(o: PageOptions = {}): Promise<Page<DirectoryOrgUnitInfo>> {
    // IIQ's SCIM has no departments resource: collect the distinct values from every user, in one go.
    const seen = new Map<string, string>();
    for (let start: number | null = 1; start !== null; ) {
      const page = await usersPage(start, IIQ_MAX_PAGE, undefined, o.signal);
      for (const u of page.items) {
        const d = iiqUserToPerson(u).department;
        if (d && !seen.has(d.toLowerCase())) seen.set(d.toLowerCase(), d);
      }
      start = page.next;
    }
    return { items: [...seen.values()].sort().map((d) => ({ id: d, name: d, path: null, parentId: null, kind: "department" as const })), next: null };
  }

  async function getUserStatus(userId: string): Promise<UserStatus> {
    try {
      const u = await scim<IiqUser>(`/Users/${encodeURIComponent(userId)}`, { attributes: "id,active" }, "IdentityIQ user");
      return iiqUserToPerson(u).active ? "active" : "inactive";
    } catch (e) {
      if (e instanceof DirectoryError && e.kind === "not_found") return "not_found";
      throw e;
    }
  }

  async function verify(): Promise<VerifyCheck[]> {
    const checks: VerifyCheck[] = [];
    try {
      urls();
      if (config.clientId) {
        await tokens.get();
        checks.push({ name: "IdentityIQ token", ok: true, detail: `${urls().root}/oauth2/token` });
      }
    } catch (e) {
      checks.push({ name: config.clientId ? "IdentityIQ token" : "IdentityIQ settings", ok: false, detail: (e as Error).message });
      return checks;
    }
    try {
      const res = await scim<ListResponse<IiqUser>>("/Users", { startIndex: 1, count: 1, attributes: "id" }, "IdentityIQ users");
      checks.push({ name: "IdentityIQ SCIM users", ok: true, detail: `${res.totalResults ?? 0} users visible` });
    } catch (e) {
      checks.push({ name: "IdentityIQ SCIM users", ok: false, detail: (e as Error).message });
      return checks;
    }
    try {
      await scim("/Roles", { startIndex: 1, count: 1 }, "IdentityIQ roles");
      checks.push({ name: "IdentityIQ SCIM roles", ok: true });
    } catch (e) {
      checks.push({ name: "IdentityIQ SCIM roles", ok: false, detail: (e as Error).message });
    }
    return checks;
  }

  return { provider: "sailpoint", verify, listUsers, listGroups, listGroupMembers, listOrgUnits, getUserStatus };
}

export function createSailPointAdapter(config: SailPointDirectoryConfig, opts: AdapterOptions = {}): DirectoryAdapter {
  const common = (what: string, signal?: AbortSignal): DirectoryFetchOptions => ({
    what,
    signal,
    timeoutMs: opts.timeoutMs,
    retries: opts.retries,
    maxRetryAfterMs: opts.maxRetryAfterMs,
    sleep: opts.sleep,
  });
  if (config.product === "iiq") return createIiqAdapter(config, opts, common);
  if (config.product === "isc") return createIscAdapter(config, opts, common);
  const product = (config as { product?: unknown }).product;
  const fail = async (): Promise<never> => {
    throw new DirectoryError("config", `SailPoint: unknown product ${JSON.stringify(product)} (isc or iiq)`);
  };
  return { provider: "sailpoint", verify: async () => [{ name: "SailPoint settings", ok: false, detail: `unknown product ${JSON.stringify(product)} (isc or iiq)` }], listUsers: fail, listGroups: fail, listGroupMembers: fail, listOrgUnits: fail, getUserStatus: fail };
}
