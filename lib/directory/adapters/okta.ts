/**
 * Okta directory adapter: the Okta Management API with an SSWS API token.
 *
 *   users        GET {org}/api/v1/users?limit=&search=       Link rel="next" paging (max 200 a page)
 *   groups       GET {org}/api/v1/groups?limit=              Link paging
 *   members      GET {org}/api/v1/groups/{id}/users?limit=   Link paging (Okta groups are not nested)
 *   one user     GET {org}/api/v1/users/{id}
 *   Verify       the token endpoint (only when a client id and secret are set), then one small read of users and of groups
 *
 * The org URL is the origin of the configured issuer URL (https://acme.okta.com/oauth2/default →
 * https://acme.okta.com). Filters: "query" is an Okta search expression passed as is
 * (`profile.department eq "Sales" and status eq "ACTIVE"`), "departments" becomes
 * `profile.department eq "…" or …`, "groups" lists each group's members in turn (someone in two of
 * the groups comes back once per group: callers key people by id), "roles" is unsupported (Okta has
 * no directory roles on users; use groups).
 *
 * Active or not: SUSPENDED and DEPROVISIONED are inactive. STAGED, PROVISIONED, ACTIVE, RECOVERY,
 * PASSWORD_EXPIRED and LOCKED_OUT are active: they are still employees whose sign-in is merely pending
 * or temporarily blocked (a lockout clears itself), and decommissioning them for a mistyped password
 * would be wrong. The raw status is in `attributes.status` for mappings that want to be stricter.
 *
 * Rate limits: every Okta response carries X-Rate-Limit-Remaining/-Reset; when the bucket is empty the
 * adapter waits for the reset before its next request. A 429 itself has no Retry-After, so
 * directoryFetch retries it with its own backoff and reports rate_limited when the retries run out.
 */
import type { AdapterOptions, OktaDirectoryConfig } from "../config-types";
import { directoryFetch, nextLink } from "../http";
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

const INACTIVE = new Set(["SUSPENDED", "DEPROVISIONED"]);

export function oktaIsActive(status: unknown): boolean {
  return typeof status === "string" && !INACTIVE.has(status.toUpperCase());
}

/** Quotes a value for an Okta search expression. */
export function oktaQuote(v: string): string {
  return `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

export function toOktaPerson(raw: unknown): DirectoryPerson {
  const u = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const profile = (u.profile && typeof u.profile === "object" ? u.profile : {}) as Record<string, unknown>;
  const id = str(u.id) ?? "";
  const email = normEmail(profile.email);
  const problems: string[] = [];
  if (!id) problems.push("no id");
  if (!email) problems.push("no email");
  const status = str(u.status) ?? "UNKNOWN";
  const department = str(profile.department);
  const attributes = flatAttributes(profile);
  attributes.status = status;
  if (profile.userType !== undefined && profile.userType !== null) attributes.employeeType = profile.userType;
  if (attributes.employeeType === undefined && profile.employeeType) attributes.employeeType = profile.employeeType;
  const given = str(profile.firstName);
  const family = str(profile.lastName);
  const person: DirectoryPerson = {
    id,
    email,
    userName: str(profile.login),
    displayName: str(profile.displayName) ?? (given && family ? `${given} ${family}` : (given ?? family)),
    givenName: given,
    familyName: family,
    active: oktaIsActive(status),
    department,
    orgUnit: null,
    attributes,
  };
  if (problems.length) person.problems = problems;
  return person;
}

type GroupCursor = { g: number; u: string | null };

export function createOktaAdapter(config: OktaDirectoryConfig, opts: AdapterOptions = {}): DirectoryAdapter {
  const orgUrl = (): string => {
    if (!config.apiToken) throw new DirectoryError("config", "Okta: an API token is required for directory reads (Security → API → Tokens)");
    try {
      return new URL(config.issuerUrl).origin;
    } catch {
      throw new DirectoryError("config", `Okta: the issuer URL is not a URL (${String(config.issuerUrl).slice(0, 80)})`);
    }
  };

  // Okta reports its rate-limit bucket on every response (X-Rate-Limit-Remaining/-Reset, epoch seconds)
  // and sends no Retry-After with a 429: when the bucket is empty, wait for the reset before the next
  // request instead of running into 429s (capped by maxRetryAfterMs, default 60 s).
  let pauseUntil = 0;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  async function get<T = unknown>(url: string, what: string, signal?: AbortSignal) {
    const wait = Math.min(pauseUntil - Date.now(), opts.maxRetryAfterMs ?? 60_000);
    if (wait > 0) await sleep(wait);
    pauseUntil = 0;
    const res = await directoryFetch<T>(url, { ...fetchDefaults(opts), what, signal, headers: { authorization: `SSWS ${config.apiToken}` } });
    const remaining = res.headers.get("x-rate-limit-remaining");
    const reset = Number(res.headers.get("x-rate-limit-reset"));
    if (remaining !== null && Number(remaining) <= 0 && reset > 0) pauseUntil = reset * 1000 + 250;
    return res;
  }

  /** One page of a Link-paged user list starting at `url`. */
  async function userPage(url: string, what: string, signal?: AbortSignal): Promise<{ items: DirectoryPerson[]; next: string | null }> {
    const org = orgUrl();
    const res = await get(sameOriginUrl(url, org, what, "/api/v1/"), what, signal);
    const items = requireArray(res.body, null, what).map(toOktaPerson);
    const next = nextLink(res.headers.get("link"));
    return { items, next: next ? sameOriginUrl(next, org, what, "/api/v1/") : null };
  }

  function usersUrl(search: string | null, limit: number): string {
    const u = new URL("/api/v1/users", orgUrl());
    u.searchParams.set("limit", String(limit));
    if (search) u.searchParams.set("search", search);
    return u.toString();
  }

  async function listUsers(filter: DirectoryFilter, o: PageOptions = {}): Promise<Page<DirectoryPerson>> {
    const limit = pageSizeOf(o.pageSize ?? opts.pageSize, 200, 200);
    const what = "Okta users";
    switch (filter.kind) {
      case "all":
      case "query":
      case "departments": {
        let search: string | null = null;
        if (filter.kind === "query") search = filter.query.trim() || null;
        if (filter.kind === "departments") {
          const ds = filter.departments.map((d) => d.trim()).filter(Boolean);
          if (ds.length === 0) return { items: [], next: null };
          search = ds.map((d) => `profile.department eq ${oktaQuote(d)}`).join(" or ");
        }
        const page = await userPage(o.cursor ?? usersUrl(search, limit), what, o.signal);
        return { items: page.items, next: page.next };
      }
      case "groups": {
        const groups = [...new Set(filter.groupIds.map((g) => g.trim()).filter(Boolean))];
        let state: GroupCursor = o.cursor ? decodeCursor<GroupCursor>(o.cursor, what) : { g: 0, u: null };
        while (state.g < groups.length) {
          const gid = groups[state.g]!;
          const first = new URL(`/api/v1/groups/${encodeURIComponent(gid)}/users`, orgUrl());
          first.searchParams.set("limit", String(limit));
          let page;
          try {
            page = await userPage(state.u ?? first.toString(), `Okta group ${gid} members`, o.signal);
          } catch (e) {
            if (e instanceof DirectoryError && e.kind === "not_found") throw new DirectoryError("not_found", `Okta: group ${gid} does not exist (check the import filter)`, { status: 404 });
            throw e;
          }
          state = page.next ? { g: state.g, u: page.next } : { g: state.g + 1, u: null };
          const next = state.g < groups.length ? encodeCursor(state) : null;
          if (page.items.length > 0 || !next) return { items: page.items, next };
        }
        return { items: [], next: null };
      }
      case "roles":
        throw new DirectoryError("unsupported", "Okta: filtering by roles is not available (Okta users have no directory roles); filter by groups or an Okta search expression");
    }
  }

  async function listGroups(o: PageOptions = {}): Promise<Page<DirectoryGroupInfo>> {
    const what = "Okta groups";
    const org = orgUrl();
    const first = new URL("/api/v1/groups", org);
    first.searchParams.set("limit", String(pageSizeOf(o.pageSize ?? opts.pageSize, 200, 10_000)));
    const res = await get(sameOriginUrl(o.cursor ?? first.toString(), org, what, "/api/v1/"), what, o.signal);
    const items = requireArray(res.body, null, what).flatMap((raw): DirectoryGroupInfo[] => {
      const g = (raw ?? {}) as { id?: unknown; profile?: { name?: unknown; description?: unknown } };
      const id = str(g.id);
      return id ? [{ id, name: str(g.profile?.name) ?? id, description: str(g.profile?.description) }] : [];
    });
    const next = nextLink(res.headers.get("link"));
    return { items, next: next ? sameOriginUrl(next, org, what, "/api/v1/") : null };
  }

  async function listGroupMembers(groupId: string, o: PageOptions = {}): Promise<Page<string>> {
    const what = `Okta group ${groupId} members`;
    const first = new URL(`/api/v1/groups/${encodeURIComponent(groupId)}/users`, orgUrl());
    first.searchParams.set("limit", String(pageSizeOf(o.pageSize ?? opts.pageSize, 200, 1000)));
    const page = await userPage(o.cursor ?? first.toString(), what, o.signal);
    return { items: page.items.map((p) => p.id).filter(Boolean), next: page.next };
  }

  async function listOrgUnits(o: PageOptions = {}) {
    // Okta has no org units: departments are derived from users' profile.department (one page, all of them).
    const items = await departmentsFromUsers(async (cursor) => {
      const page = await userPage(cursor ?? usersUrl("profile.department pr", 200), "Okta users (departments)", o.signal);
      return { departments: page.items.map((p) => p.department), next: page.next };
    });
    return { items, next: null };
  }

  async function getUserStatus(userId: string): Promise<UserStatus> {
    if (!userId) return "not_found";
    try {
      const res = await get<{ status?: unknown }>(new URL(`/api/v1/users/${encodeURIComponent(userId)}`, orgUrl()).toString(), "Okta user");
      return oktaIsActive(res.body?.status) ? "active" : "inactive";
    } catch (e) {
      if (e instanceof DirectoryError && e.kind === "not_found") return "not_found";
      throw e;
    }
  }

  async function verify(): Promise<VerifyCheck[]> {
    const checks: VerifyCheck[] = [];
    const cfg = await check("configuration", async () => `Okta org ${orgUrl()}`);
    checks.push(cfg);
    if (!cfg.ok) return checks;
    if (config.clientId && config.clientSecret) {
      checks.push(
        await check(
          "token endpoint",
          async () => {
            const issuer = new URL(config.issuerUrl);
            const path = issuer.pathname.replace(/\/+$/, "");
            const tokenUrl = new URL(`${path || "/oauth2"}/v1/token`, orgUrl()).toString();
            try {
              await directoryFetch(tokenUrl, {
                ...fetchDefaults(opts),
                what: "Okta token endpoint",
                form: new URLSearchParams({ grant_type: "client_credentials" }),
                headers: { authorization: `Basic ${Buffer.from(`${encodeURIComponent(config.clientId!)}:${encodeURIComponent(config.clientSecret!)}`).toString("base64")}` },
                retries: 1,
              });
              return "client credentials accepted";
            } catch (e) {
              // The credentials were accepted; the authorization server only wants a scope for this grant.
              if (e instanceof DirectoryError && e.kind === "config" && /scope/i.test(e.message)) return "client credentials accepted (no default scope for client_credentials)";
              throw e;
            }
          },
          { auth: "Check the client id and secret of the Okta app integration", not_found: "Check the issuer URL (e.g. https://acme.okta.com/oauth2/default)" },
        ),
      );
    }
    const hints = {
      auth: "Check the API token (Okta Admin Console → Security → API → Tokens); it must belong to an admin who can read users and groups",
      not_found: "Check the issuer URL: its origin must be the Okta org (https://acme.okta.com)",
      unreachable: "Check the issuer URL and that this server can reach Okta",
    };
    const base = orgUrl();
    checks.push(
      await check(
        "users API",
        async () => {
          const res = await get(`${base}/api/v1/users?limit=1`, "Okta users");
          requireArray(res.body, null, "Okta users");
          return "users readable";
        },
        hints,
      ),
    );
    checks.push(
      await check(
        "groups API",
        async () => {
          const res = await get(`${base}/api/v1/groups?limit=1`, "Okta groups");
          requireArray(res.body, null, "Okta groups");
          return "groups readable";
        },
        hints,
      ),
    );
    return checks;
  }

  return { provider: "okta", verify, listUsers, listGroups, listGroupMembers, listOrgUnits, getUserStatus };
}
