// Reading identity out of OIDC claims (ID token + userinfo) and SCIM/directory attribute bags.
// Pure: no I/O. Issue #4 "Identity": userIdField, email, name, rolesField, teamIdsField; dotted paths into
// nested claims; string, array and object values; userinfo as fallback.

export type Claims = Readonly<Record<string, unknown>>;

/** A group as the mapping engine sees it: SSO `groups` claim entries, SCIM-pushed groups, directory groups. */
export type MappingGroup = { id?: string; displayName: string };

// Protocol claims say nothing about the person; keeping them out of `attributes` keeps mapping rules and
// the editor's suggestions about people (and keeps nonces and hashes out of stored samples).
export const PROTOCOL_CLAIMS: ReadonlySet<string> = new Set([
  "iss", "aud", "exp", "iat", "nbf", "jti", "nonce", "at_hash", "c_hash", "s_hash", "auth_time", "azp",
  "sid", "acr", "amr", "uti", "rh", "aio", "ver", "_claim_names", "_claim_sources",
]);

const MAX_PATH_SEGMENTS = 16;
const MAX_LIST_VALUES = 1000;
const INDEX = /^(0|[1-9]\d{0,5})$/;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Reads `path` from nested claims. The full path is tried as a key first, then split at dots, longest
 * prefix first, so claim names that contain dots work: URL-style claims
 * (`http://schemas.microsoft.com/ws/2008/06/identity/claims/role`) and Keycloak client ids such as
 * `resource_access.my.app.roles` where the client is `my.app`. Only own properties are read.
 *
 * Arrays: a numeric segment indexes (`emails.0.value`); any other segment projects over the elements and
 * flattens (`groups.display` over SCIM-style `[{ value, display }]`). Returns undefined when absent.
 */
export function readPath(obj: unknown, path: string): unknown {
  if (path === "" || path.split(".").length > MAX_PATH_SEGMENTS) return undefined;
  return walk(obj, path);
}

function walk(node: unknown, path: string): unknown {
  if (Array.isArray(node)) {
    const dot = path.indexOf(".");
    const head = dot < 0 ? path : path.slice(0, dot);
    if (INDEX.test(head)) {
      const el: unknown = node[Number(head)];
      return dot < 0 ? el : walk(el, path.slice(dot + 1));
    }
    const out: unknown[] = [];
    for (const el of node) {
      const v = walk(el, path);
      if (v === undefined) continue;
      if (Array.isArray(v)) out.push(...v);
      else out.push(v);
    }
    return out.length > 0 ? out : undefined;
  }
  if (!isRecord(node)) return undefined;
  if (Object.hasOwn(node, path)) return node[path];
  for (let i = path.lastIndexOf("."); i > 0; i = path.lastIndexOf(".", i - 1)) {
    const head = path.slice(0, i);
    if (!Object.hasOwn(node, head)) continue;
    const v = walk(node[head], path.slice(i + 1));
    if (v !== undefined) return v;
  }
  return undefined;
}

/**
 * Normalises a claim value to a list of strings: a string is one value, numbers (and booleans when
 * `booleans` is set) are stringified, arrays are flattened, and an object contributes the keys whose value
 * is truthy (Zitadel's `urn:zitadel:iam:org:project:<id>:roles` is `{ "<role>": { "<orgId>": "<domain>" } }`,
 * and some IdPs send `{ "admin": true, "billing": false }`). Values are trimmed; empty ones and duplicates
 * (exact, first kept) are dropped. Strings are never split: a role named "a,b" stays one role.
 */
export function claimValues(value: unknown, opts: { booleans?: boolean } = {}): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (s: string) => {
    const t = s.trim();
    if (t === "" || seen.has(t) || out.length >= MAX_LIST_VALUES) return;
    seen.add(t);
    out.push(t);
  };
  const visit = (v: unknown, depth: number) => {
    if (typeof v === "string") add(v);
    else if (typeof v === "number") {
      if (Number.isFinite(v)) add(String(v));
    } else if (typeof v === "boolean") {
      if (opts.booleans) add(String(v));
    } else if (Array.isArray(v)) {
      if (depth < 3) for (const el of v) if (!isRecord(el)) visit(el, depth + 1);
    } else if (isRecord(v)) {
      if (depth === 0) for (const [k, child] of Object.entries(v)) if (child) add(k);
    }
  };
  visit(value, 0);
  return out;
}

/**
 * Normalises a `groups` claim: strings (Okta names, Entra object ids) become `{ displayName }`; SCIM-style
 * objects `{ value|id, display|displayName|name }` keep both; a bare object contributes its truthy keys.
 * Deduplicated by id, else by name (case-insensitively: group rules compare names that way).
 */
export function claimGroups(value: unknown): MappingGroup[] {
  const out: MappingGroup[] = [];
  const seen = new Set<string>();
  const push = (g: MappingGroup) => {
    const key = g.id !== undefined ? `id:${g.id}` : `name:${g.displayName.toLowerCase()}`;
    if (seen.has(key) || out.length >= MAX_LIST_VALUES) return;
    seen.add(key);
    out.push(g);
  };
  // A bare object is a role-map-shaped claim (`{ "Engineering": true }`): its truthy keys are the groups.
  if (isRecord(value) && firstString(value.value, value.id, value.displayName, value.display, value.name) === undefined) {
    for (const name of claimValues(value)) push({ displayName: name });
    return out;
  }
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  for (const el of list) {
    if (typeof el === "string" || typeof el === "number") {
      const name = String(el).trim();
      if (name) push({ displayName: name });
    } else if (isRecord(el)) {
      const id = firstString(el.value, el.id);
      const name = firstString(el.displayName, el.display, el.name) ?? id;
      if (name) push(id !== undefined ? { id, displayName: name } : { displayName: name });
    }
  }
  return out;
}

function firstString(...vs: unknown[]): string | undefined {
  for (const v of vs) {
    if (typeof v === "string" && v.trim() !== "") return v.trim();
    if (typeof v === "number" && Number.isFinite(v)) return String(v);
  }
  return undefined;
}

export type IdentityFields = {
  /** Claim holding the stable user id. Default `sub`; Entra's pairwise `sub` differs per app, `oid` does not. */
  userIdField?: string;
  /** Claim naming Gatehouse roles directly (e.g. `realm_access.roles`). */
  rolesField?: string;
  /** Claim listing team ids. */
  teamIdsField?: string;
  /** Claim listing the user's groups for `attributeType: "group"` rules. Default `groups`. */
  groupsField?: string;
};

export type ExtractedIdentity = {
  subject: string;
  /** Lower-cased. */
  email: string;
  /** `email_verified` when the provider sends it (booleans or "true"/"false" strings), else null. */
  emailVerified: boolean | null;
  name: string | null;
  roles: string[];
  teamIds: string[];
  groups: MappingGroup[];
  /** userinfo merged under the ID-token claims, protocol claims removed: the bag user rules match against. */
  attributes: Record<string, unknown>;
};

export type IdentityFailure = "missing-subject" | "missing-email" | "invalid-email" | "userinfo-subject-mismatch";

export type IdentityResult =
  | { ok: true; identity: ExtractedIdentity }
  | { ok: false; reason: IdentityFailure; detail: string };

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

const present = (v: unknown) => v !== undefined && v !== null && !(typeof v === "string" && v.trim() === "");

/**
 * Builds the identity the SSO callback provisions from. `claims` are the validated ID-token claims;
 * `userinfo` (optional) fills claims the ID token lacks, field by field.
 *
 * Email comes only from the `email` claim. SECURITY: Entra's `upn` and `preferred_username` are NOT used as
 * a fallback: Microsoft documents them as mutable, unverified display values that must not be used for
 * authorization, and the email's domain decides which organization a user may join. An Entra tenant that
 * omits `email` gets `missing-email`; the fix is to add the `email` optional claim to the app registration.
 *
 * OIDC Core §5.3.2: the userinfo `sub` must equal the ID-token `sub`, otherwise its values must not be used;
 * that is reported as `userinfo-subject-mismatch` rather than silently ignored.
 */
export function extractIdentity(claims: Claims, userinfo: Claims | null | undefined, fields: IdentityFields = {}): IdentityResult {
  const info = userinfo ?? {};
  if (present(claims.sub) && present(info.sub) && String(claims.sub) !== String(info.sub)) {
    return { ok: false, reason: "userinfo-subject-mismatch", detail: "The userinfo response belongs to a different subject than the ID token" };
  }
  const pick = (path: string): unknown => {
    const v = readPath(claims, path);
    return present(v) ? v : readPath(info, path);
  };

  const userIdField = fields.userIdField?.trim() || "sub";
  const rawSubject = pick(userIdField);
  const subject = typeof rawSubject === "string" ? rawSubject.trim() : typeof rawSubject === "number" && Number.isFinite(rawSubject) ? String(rawSubject) : "";
  if (!subject) {
    return { ok: false, reason: "missing-subject", detail: `The identity provider sent no usable "${userIdField}" claim` };
  }

  const rawEmail = pick("email");
  if (!present(rawEmail)) {
    return { ok: false, reason: "missing-email", detail: 'The identity provider sent no "email" claim' };
  }
  const email = typeof rawEmail === "string" ? rawEmail.trim().toLowerCase() : "";
  if (!EMAIL.test(email)) {
    return { ok: false, reason: "invalid-email", detail: 'The "email" claim is not an email address' };
  }

  const attributes: Record<string, unknown> = {};
  for (const source of [info, claims]) {
    for (const [k, v] of Object.entries(source)) if (!PROTOCOL_CLAIMS.has(k)) attributes[k] = v;
  }

  return {
    ok: true,
    identity: {
      subject,
      email,
      emailVerified: toBool(pick("email_verified")),
      name: displayName(claims) ?? displayName(info),
      roles: fields.rolesField ? claimValues(pick(fields.rolesField)) : [],
      teamIds: fields.teamIdsField ? claimValues(pick(fields.teamIdsField)) : [],
      groups: claimGroups(pick(fields.groupsField?.trim() || "groups")),
      attributes,
    },
  };
}

function toBool(v: unknown): boolean | null {
  if (typeof v === "boolean") return v;
  if (typeof v === "string") {
    const s = v.trim().toLowerCase();
    if (s === "true") return true;
    if (s === "false") return false;
  }
  return null;
}

function displayName(c: Claims): string | null {
  if (typeof c.name === "string" && c.name.trim()) return c.name.trim();
  const parts = [c.given_name, c.family_name].filter((p): p is string => typeof p === "string" && p.trim() !== "");
  return parts.length > 0 ? parts.map((p) => p.trim()).join(" ") : null;
}
