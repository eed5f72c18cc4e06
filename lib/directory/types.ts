/**
 * The directory adapter contract (issue #6). One interface, six adapters (okta, entra, keycloak, zitadel,
 * google, sailpoint), each speaking its provider's real API through `directoryFetch` (./http.ts), which
 * adds timeouts, bounded 429/Retry-After retries and classified errors.
 *
 * Adapters are pure I/O: no database, no OrgContext. They are created from a resolved configuration
 * (secrets decrypted, `env.VAR` references resolved) by `createDirectoryAdapter` (./registry.ts).
 * They never throw for one malformed user: such a record comes back with `problems` set so the caller
 * can skip it with a reason. They throw DirectoryError when a request fails.
 */

export type DirectoryProvider = "okta" | "entra" | "keycloak" | "zitadel" | "google" | "sailpoint";
export const DIRECTORY_PROVIDERS: readonly DirectoryProvider[] = ["okta", "entra", "keycloak", "zitadel", "google", "sailpoint"];

/** A person as the directory reports them, normalised. */
export type DirectoryPerson = {
  /** The directory's immutable id (Okta id, Graph object id, Keycloak id, Zitadel userId, Google id, SailPoint id). */
  id: string;
  /** Primary email, lower-cased; null when the directory has none (the caller skips the user with a reason). */
  email: string | null;
  userName?: string | null;
  displayName?: string | null;
  givenName?: string | null;
  familyName?: string | null;
  /** false when the directory disables, suspends, deprovisions or locks the account. */
  active: boolean;
  department?: string | null;
  /** Org unit path or id (Google orgUnitPath, Entra/Okta: none unless the provider has one). */
  orgUnit?: string | null;
  /** Group ids, when the provider returns them with the user; otherwise group membership comes from listGroupMembers. */
  groupIds?: string[];
  /** Flat attributes for the mapping engine (attributeType "user"): department, title, employeeType, roles, ... */
  attributes: Record<string, unknown>;
  /** Why this record is unusable or suspicious (e.g. "no email"); empty/undefined when fine. */
  problems?: string[];
};

export type DirectoryGroupInfo = { id: string; name: string; description?: string | null };

export type DirectoryOrgUnitInfo = {
  id: string;
  name: string;
  /** Full path where the provider has one (Google "/Sales/EMEA"); a department has just its name. */
  path?: string | null;
  parentId?: string | null;
  /** "orgUnit" for real org units (Google, Zitadel organizations, SailPoint sources...), "department" for departments derived from users. */
  kind: "orgUnit" | "department";
};

/** What to pull. `query` is the provider's own query language (Okta search, Graph $filter, Google query, ...). */
export type DirectoryFilter =
  | { kind: "all" }
  | { kind: "groups"; groupIds: string[] }
  | { kind: "roles"; roles: string[] }
  | { kind: "departments"; departments: string[] }
  | { kind: "query"; query: string };

export type Page<T> = { items: T[]; /** opaque cursor for the next page; null/undefined at the end */ next?: string | null };

export type PageOptions = { cursor?: string | null; pageSize?: number; signal?: AbortSignal };

export type UserStatus = "active" | "inactive" | "not_found";

export type VerifyCheck = { name: string; ok: boolean; detail?: string };

export interface DirectoryAdapter {
  readonly provider: DirectoryProvider;
  /** Reaches the token endpoint and the directory (one small read each) and reports each check with its reason. */
  verify(): Promise<VerifyCheck[]>;
  /** Users matching the filter, one page at a time. A filter the provider cannot express throws DirectoryError("unsupported"). */
  listUsers(filter: DirectoryFilter, opts?: PageOptions): Promise<Page<DirectoryPerson>>;
  listGroups(opts?: PageOptions): Promise<Page<DirectoryGroupInfo>>;
  /** Member user ids of one group (transitive where the provider supports it). */
  listGroupMembers(groupId: string, opts?: PageOptions): Promise<Page<string>>;
  /** Org units, or departments when the provider has no org units (derived from users if needed). */
  listOrgUnits(opts?: PageOptions): Promise<Page<DirectoryOrgUnitInfo>>;
  /** One user's status (session checks). Unknown id → "not_found"; a failed request throws. */
  getUserStatus(userId: string): Promise<UserStatus>;
}

export type DirectoryErrorKind =
  | "config" // configuration incomplete or invalid (never retried)
  | "auth" // 401/403 or token endpoint refused the credentials
  | "not_found"
  | "rate_limited" // 429 after the retries ran out
  | "timeout"
  | "unreachable" // connection refused, DNS failure
  | "server" // 5xx
  | "malformed" // response not the documented shape
  | "unsupported"; // the filter or operation is not available for this provider

/** A failed directory request, with a reason an administrator can act on. Never carries secrets. */
export class DirectoryError extends Error {
  readonly kind: DirectoryErrorKind;
  readonly status?: number;
  readonly retryAfterSeconds?: number;
  constructor(kind: DirectoryErrorKind, message: string, opts: { status?: number; retryAfterSeconds?: number; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = "DirectoryError";
    this.kind = kind;
    this.status = opts.status;
    this.retryAfterSeconds = opts.retryAfterSeconds;
  }
}
