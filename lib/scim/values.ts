/**
 * Internal helpers shared by the PATCH engine and the POST/PUT body reader: case-insensitive attribute
 * access (RFC 7643 §2.1) and coercion of client values to the schema's types and canonical names.
 * Coercion signals failure by throwing `ScimFailure`; the public functions catch it and return a Result.
 */
import { isDateTime } from "./filter";
import type { QuirkLog } from "./quirks";
import type { ScimIssue } from "./result";
import { findAttr, type AttributeDef } from "./schema";

export class ScimFailure {
  constructor(readonly issue: ScimIssue) {}
}

export const bail = (scimType: ScimIssue["scimType"], detail: string): never => {
  throw new ScimFailure({ scimType, detail });
};

export const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/** RFC 7643 §2.1: names are case-insensitive; the key an object actually uses for `name`. */
export function keyOf(obj: Record<string, unknown>, name: string): string | undefined {
  if (name in obj) return name;
  const n = name.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === n);
}

export function getAttr(obj: Record<string, unknown>, name: string): unknown {
  const k = keyOf(obj, name);
  return k === undefined ? undefined : obj[k];
}

/** Sets `name` under its canonical spelling, dropping any other spelling of it. */
export function setAttr(obj: Record<string, unknown>, name: string, value: unknown) {
  deleteAttr(obj, name);
  obj[name] = value;
}

export function deleteAttr(obj: Record<string, unknown>, name: string) {
  const n = name.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === n) delete obj[k];
}

/** RFC 7643 §2.5: null, [] and {} are all "unassigned". */
export function isUnassigned(v: unknown): boolean {
  return (
    v === undefined ||
    v === null ||
    (Array.isArray(v) && v.length === 0) ||
    (isObject(v) && Object.keys(v).length === 0)
  );
}

export type CoerceEnv = {
  quirks: QuirkLog;
  /** Group resources: `members` accepts plain ids and "displayName". */
  isGroup: boolean;
  /**
   * When set, unknown sub-attributes are skipped and their paths recorded here (POST/PUT, where RFC 7644
   * lets a service provider ignore what it does not support); when unset they are `invalidValue` (PATCH).
   */
  ignored?: string[];
};

export function coerceScalar(def: AttributeDef, v: unknown, where: string, env: CoerceEnv): unknown {
  switch (def.type) {
    case "boolean":
      if (typeof v === "boolean") return v;
      // Entra ID (without aadOptscim062020) sends "True" / "False".
      if (typeof v === "string" && /^(true|false)$/i.test(v)) {
        env.quirks.add("entra.string-boolean");
        return v.toLowerCase() === "true";
      }
      return bail("invalidValue", `${where} must be a boolean, got ${JSON.stringify(v)}`);
    case "integer":
      if (typeof v === "number" && Number.isInteger(v)) return v;
      return bail("invalidValue", `${where} must be an integer, got ${JSON.stringify(v)}`);
    case "decimal":
      if (typeof v === "number" && Number.isFinite(v)) return v;
      return bail("invalidValue", `${where} must be a number, got ${JSON.stringify(v)}`);
    case "dateTime":
      if (typeof v === "string" && isDateTime(v)) return v;
      return bail("invalidValue", `${where} must be an xsd:dateTime string, got ${JSON.stringify(v)}`);
    case "complex":
      return bail("invalidValue", `${where} must be an object of sub-attributes, got ${JSON.stringify(v)}`);
    default:
      if (typeof v === "string") return v;
      return bail("invalidValue", `${where} must be a string, got ${JSON.stringify(v)}`);
  }
}

export const isGroupMembers = (env: CoerceEnv, def: AttributeDef) => env.isGroup && def.name === "members";

/** One (non-array) value of `def`, with canonical sub-attribute names; `undefined` when unassigned. */
export function coerceSingle(def: AttributeDef, v: unknown, where: string, env: CoerceEnv): unknown {
  if (v === null || v === undefined) return undefined;
  if (def.type !== "complex") return coerceScalar(def, v, where, env);
  if (typeof v === "string" && findAttr(def.subAttributes, "value")) {
    if (def.name === "manager") {
      // Entra ID sends the manager as the manager's id: `"value": "2819c223-..."`.
      env.quirks.add("entra.manager-plain-string");
      return { value: v };
    }
    if (isGroupMembers(env, def)) {
      // Microsoft's reference collection: {"op":"add","path":"members","value":"string id 1"}.
      env.quirks.add("entra.member-plain-string");
      return { value: v };
    }
  }
  if (!isObject(v)) return bail("invalidValue", `${where} must be an object of sub-attributes, got ${JSON.stringify(v)}`);
  const out: Record<string, unknown> = {};
  for (const [k, raw] of Object.entries(v)) {
    let sub = findAttr(def.subAttributes, k);
    if (!sub && isGroupMembers(env, def) && k.toLowerCase() === "displayname") {
      // Microsoft's reference collection names the member's display "displayName".
      env.quirks.add("entra.member-displayname");
      sub = findAttr(def.subAttributes, "display");
    }
    if (!sub) {
      if (env.ignored) {
        env.ignored.push(`${where}.${k}`);
        continue;
      }
      return bail("invalidValue", `Unknown sub-attribute "${def.name}.${k}"`);
    }
    if (raw === null) {
      // Entra ID sends `"$ref": null` on members; null is "unassigned" (RFC 7643 §2.5).
      if (sub.name === "$ref") env.quirks.add("entra.null-ref");
      continue;
    }
    // RFC 7643 §2.2: readOnly values sent by a client are ignored.
    if (sub.mutability === "readOnly") continue;
    out[sub.name] = coerceScalar(sub, raw, `${where}.${sub.name}`, env);
  }
  return out;
}

/** A whole value of `def` (an array when multi-valued); `undefined` when unassigned. */
export function coerceValue(def: AttributeDef, v: unknown, where: string, env: CoerceEnv): unknown {
  if (v === null || v === undefined) return undefined;
  if (!def.multiValued) {
    if (Array.isArray(v)) return bail("invalidValue", `${where} is single-valued; got an array`);
    return coerceSingle(def, v, where, env);
  }
  let list: unknown[];
  if (Array.isArray(v)) list = v;
  else {
    if (!(typeof v === "string" && isGroupMembers(env, def))) env.quirks.add("lenient.object-for-array");
    list = [v];
  }
  const out = list.map((x, i) => coerceSingle(def, x, `${where}[${i}]`, env)).filter((x) => !isUnassigned(x));
  if (def.type === "complex" && findAttr(def.subAttributes, "primary")) {
    const primaries = out.filter((x) => isObject(x) && x.primary === true).length;
    // RFC 7643 §2.4: the primary attribute value "true" MUST appear no more than once.
    if (primaries > 1) bail("invalidValue", `${where}: more than one value is marked primary`);
  }
  return out;
}
