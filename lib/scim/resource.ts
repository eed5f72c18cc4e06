/**
 * Reads a POST (create) or PUT (replace) body into a canonical SCIM resource (RFC 7644 §3.3, §3.5.1).
 * Pure, never throws. Attribute names are matched case-insensitively and stored in schema case, values
 * are coerced to their schema types (with the same IdP quirks as PATCH), read-only attributes the client
 * sent (id, meta, groups) are dropped, and attributes we do not know are skipped and listed in `ignored`
 * (Microsoft's reference suite PUTs a misspelled attribute and expects 200).
 */
import { QuirkLog, type Quirk } from "./quirks";
import { fail, ok, type Result } from "./result";
import { findAttr, resolveAttribute, type ResourceSchema } from "./schema";
import {
  ScimFailure,
  bail,
  coerceValue,
  isGroupMembers,
  isObject,
  isUnassigned,
  type CoerceEnv,
} from "./values";
import type { ScimResource } from "./patch";

export type ReadResourceOutcome = {
  /** Canonical resource without id, meta, password or (for Groups) members; `schemas` lists what is present. */
  resource: ScimResource;
  /** User: the cleartext password sent (hash it; never store or echo it). */
  password?: string;
  /** Group: the member ids sent (a PUT replaces the whole list), with display names where given. */
  members?: { ids: string[]; display: Record<string, string> };
  /** Paths of attributes and sub-attributes that were skipped because the schema does not define them. */
  ignored: string[];
  quirks: Quirk[];
};

/** Validates and canonicalises a create/replace body for `rs`. Errors: invalidSyntax, invalidValue. */
export function readResource(body: unknown, rs: ResourceSchema): Result<ReadResourceOutcome> {
  if (!isObject(body)) return fail("invalidSyntax", `A ${rs.name} must be a JSON object`);
  const schemasKey = Object.keys(body).find((k) => k.toLowerCase() === "schemas");
  const schemas = schemasKey === undefined ? undefined : body[schemasKey];
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === "string" && s.toLowerCase() === rs.core.id.toLowerCase())) {
    return fail("invalidSyntax", `"schemas" must contain "${rs.core.id}"`);
  }
  const quirks = new QuirkLog();
  const ignored: string[] = [];
  const env: CoerceEnv = { quirks, isGroup: rs.name === "Group", ignored };
  const resource: ScimResource = {};
  const out: ReadResourceOutcome = { resource, ignored, quirks: [] };

  try {
    for (const [key, raw] of Object.entries(body)) {
      if (key === schemasKey) continue;
      const ext = rs.extensions.find((e) => e.schema.id.toLowerCase() === key.toLowerCase());
      if (ext) {
        if (raw === null) continue;
        if (!isObject(raw)) return fail("invalidValue", `"${ext.schema.id}" must be an object of its attributes`);
        const target: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(raw)) {
          const def = findAttr(ext.schema.attributes, k);
          if (!def) {
            ignored.push(`${ext.schema.id}:${k}`);
            continue;
          }
          if (def.mutability === "readOnly") continue;
          const c = coerceValue(def, v, `${ext.schema.id}:${def.name}`, env);
          if (!isUnassigned(c)) target[def.name] = c;
        }
        if (Object.keys(target).length > 0) resource[ext.schema.id] = target;
        continue;
      }
      const found = key.includes(":") ? undefined : resolveAttribute(rs, key);
      if (!found) {
        ignored.push(key);
        continue;
      }
      const { def } = found;
      // RFC 7643 §2.2 / §3.1: readOnly values sent by the client (id, meta, groups) are ignored.
      if (def.mutability === "readOnly") continue;
      if (def.name === "password") {
        if (raw === null || raw === undefined) continue;
        if (typeof raw !== "string") return fail("invalidValue", `password must be a string`);
        out.password = raw;
        continue;
      }
      const value = coerceValue(def, raw, def.name, env);
      if (isGroupMembers(env, def)) {
        const list = (value as Record<string, unknown>[] | undefined) ?? [];
        const display: Record<string, string> = {};
        const ids = list.map((m, i) => {
          if (typeof m.value !== "string" || !m.value.trim()) {
            return bail("invalidValue", `members[${i}] needs a non-empty "value" (the member id)`);
          }
          if (typeof m.display === "string") display[m.value] = m.display;
          return m.value;
        });
        out.members = { ids: [...new Set(ids)], display };
        continue;
      }
      if (!isUnassigned(value)) resource[def.name] = value;
    }
  } catch (e) {
    if (e instanceof ScimFailure) return fail(e.issue.scimType, e.issue.detail);
    throw e;
  }

  for (const def of rs.core.attributes) {
    // RFC 7643 §2.2 "required": userName for a User, displayName for a Group.
    if (def.required && isUnassigned(resource[def.name])) return fail("invalidValue", `"${def.name}" is required`);
  }
  if (typeof resource.userName === "string" && !resource.userName.trim()) {
    return fail("invalidValue", `"userName" must not be blank`);
  }
  const present = rs.extensions.filter((e) => e.schema.id in resource).map((e) => e.schema.id);
  out.resource = { schemas: [rs.core.id, ...present], ...resource };
  out.quirks = quirks.list();
  return ok(out);
}
