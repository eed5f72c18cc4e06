/**
 * How a SCIM User is stored (prisma DirectoryUser) and read back. Pure. The filterable attributes are
 * columns; the rest of the core resource is `attributes`; the enterprise extension is the flat `profile`
 * map keyed by field name (`manager` holds the manager's id).
 */
import { SCHEMA_URNS } from "@/lib/scim/schema";
import type { ScimResource } from "@/lib/scim/patch";
import {
  jsonArrayElements,
  jsonElementSub,
  type ScalarTarget,
  type Target,
  type TargetMap,
} from "@/lib/scim-common/filter-sql";
import { etagOf, metaTargets } from "@/lib/scim-common/resource";

const ENT = SCHEMA_URNS.enterpriseUser;

/** Columns written from a resource; the repository adds orgId, userId, version and timestamps. */
export type UserFields = {
  userName: string;
  userNameLower: string;
  externalId: string | null;
  active: boolean;
  displayName: string | null;
  givenName: string | null;
  familyName: string | null;
  emails: unknown[];
  phoneNumbers: unknown[];
  attributes: Record<string, unknown>;
  profile: Record<string, unknown>;
};

/** What the resource reader needs from a stored row. */
export type UserRowLike = UserFields & {
  id: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};

export type UserGroupRef = { id: string; displayName: string };

/**
 * Custom extension schemas (an IdP's own `urn:...:User` object, e.g. Okta profile extensions) are not in
 * /Schemas, but their attributes are kept: flattened into `profile` by field name (the mappings read them)
 * and remembered per URN here so a GET returns them where they came from. Enterprise fields win a clash.
 */
const CUSTOM = "_customExtensions";
const URN_KEY = /^urn:[a-z0-9][a-z0-9-]{0,31}:/i;

/** The custom extension objects of a raw POST/PUT body (readResource skips them as unknown). */
export function customExtensionObjects(body: unknown): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  if (!isObject(body)) return out;
  for (const [k, v] of Object.entries(body)) {
    const lower = k.toLowerCase();
    if (!URN_KEY.test(k) || lower === ENT.toLowerCase() || lower === SCHEMA_URNS.user.toLowerCase() || !isObject(v)) continue;
    const fields = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null && x !== undefined && (typeof x !== "object" || Array.isArray(x))));
    if (Object.keys(fields).length) out[k] = fields;
  }
  return out;
}

const COLUMN_ATTRS = new Set(["id", "meta", "schemas", "password", "groups", "username", "externalid", "active", "displayname", "emails", "phonenumbers"]);

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

/** RFC 7643 §2.1: userName is case-insensitive; the lower-cased copy carries the per-organization uniqueness. */
export const lowerUserName = (userName: string) => userName.normalize("NFC").toLowerCase();

/**
 * Splits a canonical resource (from `readResource` or `applyPatch`) into columns. `active` absent keeps
 * `currentActive` (a PUT that leaves it out must not reactivate anyone), or true on create.
 */
export function userFieldsFromResource(resource: ScimResource, currentActive?: boolean): UserFields {
  const attributes: Record<string, unknown> = {};
  const profile: Record<string, unknown> = {};
  const custom: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(resource)) {
    if (k === ENT || COLUMN_ATTRS.has(k.toLowerCase()) || k.startsWith("_")) continue;
    if (URN_KEY.test(k)) {
      if (!isObject(v)) continue;
      custom[k] = Object.keys(v);
      for (const [f, x] of Object.entries(v)) profile[f] = x;
      continue;
    }
    attributes[k] = v;
  }
  if (Object.keys(custom).length) attributes[CUSTOM] = custom;
  const ext = resource[ENT];
  if (isObject(ext)) {
    for (const [k, v] of Object.entries(ext)) {
      if (k === "manager") {
        const id = isObject(v) ? str(v.value) : str(v);
        if (id) profile.manager = id;
      } else if (v !== undefined && v !== null) profile[k] = v;
    }
  }
  const name = isObject(resource.name) ? resource.name : {};
  const userName = String(resource.userName);
  return {
    userName,
    userNameLower: lowerUserName(userName),
    externalId: str(resource.externalId),
    active: typeof resource.active === "boolean" ? resource.active : (currentActive ?? true),
    displayName: str(resource.displayName),
    givenName: str(name.givenName),
    familyName: str(name.familyName),
    emails: Array.isArray(resource.emails) ? resource.emails : [],
    phoneNumbers: Array.isArray(resource.phoneNumbers) ? resource.phoneNumbers : [],
    attributes,
    profile,
  };
}

const ELEMENT_KEYS = ["value", "display", "type", "primary"];
const ENTERPRISE_FIELDS = new Set(["employeeNumber", "costCenter", "organization", "division", "department", "manager"]);

/** jsonb sorts keys by length; give multi-valued elements back in the RFC's reading order. */
function elementOrder(v: unknown): unknown {
  if (!isObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const k of ELEMENT_KEYS) if (Object.hasOwn(v, k)) out[k] = v[k];
  for (const k of Object.keys(v)) if (!Object.hasOwn(out, k)) out[k] = v[k];
  return out;
}

/** The stored user as a SCIM resource (RFC 7643 §4.1), attributes in a stable, readable order. */
export function userResource(row: UserRowLike, baseUrl: string, groups?: readonly UserGroupRef[]): ScimResource {
  const attrs = isObject(row.attributes) ? row.attributes : {};
  const { name, [CUSTOM]: customRaw, ...rest } = attrs;
  const profile = isObject(row.profile) ? row.profile : {};
  const customUrns = isObject(customRaw) ? (customRaw as Record<string, string[]>) : {};
  const customFields = new Set(Object.values(customUrns).flat());
  const ext: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(profile)) {
    if (customFields.has(k) && !ENTERPRISE_FIELDS.has(k)) continue;
    ext[k] = k === "manager" ? { value: v } : v;
  }
  const customObjects: Record<string, Record<string, unknown>> = {};
  for (const [urn, fields] of Object.entries(customUrns)) {
    const obj = Object.fromEntries(fields.filter((f) => f in profile).map((f) => [f, profile[f]]));
    if (Object.keys(obj).length) customObjects[urn] = obj;
  }
  const emails = Array.isArray(row.emails) ? row.emails.map(elementOrder) : [];
  const phones = Array.isArray(row.phoneNumbers) ? row.phoneNumbers.map(elementOrder) : [];
  const hasExt = Object.keys(ext).length > 0;
  return {
    schemas: [SCHEMA_URNS.user, ...(hasExt ? [ENT] : []), ...Object.keys(customObjects)],
    id: row.id,
    ...(row.externalId ? { externalId: row.externalId } : {}),
    userName: row.userName,
    ...(isObject(name) && Object.keys(name).length > 0 ? { name } : {}),
    ...(row.displayName ? { displayName: row.displayName } : {}),
    ...rest,
    active: row.active,
    ...(emails.length ? { emails } : {}),
    ...(phones.length ? { phoneNumbers: phones } : {}),
    ...(groups && groups.length
      ? { groups: groups.map((g) => ({ value: g.id, $ref: `${baseUrl}/Groups/${g.id}`, display: g.displayName, type: "direct" })) }
      : {}),
    ...(hasExt ? { [ENT]: ext } : {}),
    ...customObjects,
    meta: {
      resourceType: "User",
      created: row.createdAt.toISOString(),
      lastModified: row.updatedAt.toISOString(),
      location: `${baseUrl}/Users/${row.id}`,
      version: etagOf(row.version),
    },
  };
}

/** Mapping attributes (lib/mappings): the core resource plus the enterprise profile flattened by field name. */
export function mappingAttributes(row: Pick<UserRowLike, "userName" | "externalId" | "active" | "displayName" | "emails" | "phoneNumbers" | "attributes" | "profile">) {
  const profile = isObject(row.profile) ? row.profile : {};
  return {
    userName: row.userName,
    ...(row.externalId ? { externalId: row.externalId } : {}),
    ...(row.displayName ? { displayName: row.displayName } : {}),
    active: row.active,
    emails: row.emails,
    phoneNumbers: row.phoneNumbers,
    ...Object.fromEntries(Object.entries(isObject(row.attributes) ? row.attributes : {}).filter(([k]) => k !== CUSTOM)),
    ...profile,
    [ENT]: profile,
  };
}

/** `roles[].value` pushed by the IdP (Entra app role assignments): direct role names for the evaluator. */
export function directRoles(attributes: unknown): string[] {
  const roles = isObject(attributes) ? attributes.roles : undefined;
  if (!Array.isArray(roles)) return [];
  return roles.map((r) => (isObject(r) ? r.value : r)).filter((v): v is string => typeof v === "string" && v.trim() !== "");
}

/** The address mapping emails to a Gatehouse account: primary, else work, else the first; userName as a fallback. */
export function accountEmail(fields: Pick<UserFields, "emails" | "userName">): string | null {
  const list = fields.emails.filter(isObject);
  const pick = list.find((e) => e.primary === true) ?? list.find((e) => String(e.type ?? "").toLowerCase() === "work") ?? list[0];
  const candidates = [pick?.value, fields.userName];
  for (const c of candidates) {
    if (typeof c === "string" && EMAIL.test(c.trim())) return c.trim().toLowerCase();
  }
  return null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** JSON with object keys sorted, for comparing values that went through jsonb. */
export function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    isObject(x) ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, x[k]])) : x,
  );
}

// ---- Filter storage map (lib/scim-common/filter-sql.ts), alias `u` = directory_user.

const text = (expr: string, caseExact = false): ScalarTarget => ({ kind: "scalar", expr, type: "text", caseExact });
const q = (s: string) => s.replace(/'/g, "''");

const ELEMENT_CASE_EXACT: Record<string, string[]> = { x509Certificates: ["value"], photos: ["value"] };

export function userTargets(baseUrl: string): TargetMap {
  const meta = metaTargets("u", "User", `${baseUrl}/Users/`);
  return (path): Target | undefined => {
    if (path.uri === ENT) {
      const col = `(u."profile"->>'${q(path.attr)}')`;
      if (path.attr === "manager") return path.sub === undefined || path.sub === "value" ? text(col, true) : { kind: "never" };
      return text(col);
    }
    switch (path.attr) {
      case "id":
        return { kind: "scalar", expr: `u."id"`, type: "uuid", caseExact: true };
      case "externalId":
        return text(`u."externalId"`, true);
      case "userName":
        return { kind: "scalar", expr: `u."userNameLower"`, type: "lowered", caseExact: false };
      case "displayName":
        return text(`u."displayName"`);
      case "active":
        return { kind: "scalar", expr: `u."active"`, type: "boolean", caseExact: false };
      case "meta":
        return meta(path.sub);
      case "password":
        return { kind: "never" };
      case "name":
        if (path.sub === undefined) return { kind: "object", expr: `(u."attributes"->'name')` };
        if (path.sub === "givenName") return text(`u."givenName"`);
        if (path.sub === "familyName") return text(`u."familyName"`);
        return text(`(u."attributes"->'name'->>'${q(path.sub)}')`);
      case "emails":
      case "phoneNumbers":
        return { kind: "multi", source: `${jsonArrayElements(`u."${path.attr}"`, "e")} WHERE TRUE`, sub: jsonElementSub("e"), defaultSub: "value" };
      case "groups":
        return {
          kind: "multi",
          source: `"directory_group_member" gm JOIN "directory_group" gg ON gg."id" = gm."groupId" WHERE gm."directoryUserId" = u."id"`,
          sub: (name) =>
            name === "value" ? { kind: "scalar", expr: `gm."groupId"`, type: "uuid", caseExact: true }
            : name === "display" ? text(`gg."displayName"`)
            : name === "type" ? text(`'direct'`)
            : undefined,
          defaultSub: "value",
        };
      case "addresses":
      case "ims":
      case "photos":
      case "entitlements":
      case "roles":
      case "x509Certificates": {
        const expr = `(u."attributes"->'${path.attr}')`;
        return { kind: "multi", source: `${jsonArrayElements(expr, "e")} WHERE TRUE`, sub: jsonElementSub("e", ["primary"], ELEMENT_CASE_EXACT[path.attr] ?? []), defaultSub: "value" };
      }
      default:
        // nickName, title, userType, preferredLanguage, locale, timezone, profileUrl.
        return text(`(u."attributes"->>'${q(path.attr)}')`);
    }
  };
}
