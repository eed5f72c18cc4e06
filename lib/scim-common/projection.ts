/**
 * `attributes` / `excludedAttributes` (RFC 7644 §3.9, §3.4.2.5). Pure. Names are case-insensitive and may
 * carry a schema URN (`urn:...:enterprise:2.0:User:department`) or a sub-attribute (`name.givenName`);
 * a value filter (`emails[type eq "work"]`, as Microsoft's suite sends) selects the whole attribute.
 * `id` and `schemas` are always returned. Unknown names are ignored.
 */
import type { ScimResource } from "@/lib/scim/patch";
import { resolveAttribute, type ResourceSchema } from "@/lib/scim/schema";

/** Keys: `attr` or `attr.sub` for core attributes, `<urn>` or `<urn>:attr[.sub]` for extensions, all lower case. */
export type Projection = { mode: "all" } | { mode: "include"; keys: Set<string> } | { mode: "exclude"; keys: Set<string> };

const ALWAYS = new Set(["id", "schemas"]);

function keyFor(raw: string, rs: ResourceSchema): string | undefined {
  let item = raw.trim();
  if (!item) return undefined;
  const bracket = item.indexOf("[");
  if (bracket >= 0) {
    const close = item.lastIndexOf("]");
    item = item.slice(0, bracket) + (close > bracket ? item.slice(close + 1) : "");
  }
  const lower = item.toLowerCase();
  let urn: string | undefined;
  let rest = item;
  for (const schema of [rs.core, ...rs.extensions.map((e) => e.schema)]) {
    const id = schema.id.toLowerCase();
    if (lower === id) return schema === rs.core ? undefined : id;
    if (lower.startsWith(`${id}:`)) {
      urn = schema === rs.core ? undefined : schema.id;
      rest = item.slice(id.length + 1);
      break;
    }
  }
  const [attr, sub] = rest.split(".", 2) as [string, string | undefined];
  const resolved = resolveAttribute(rs, attr, urn);
  if (!resolved) return undefined;
  const base = resolved.isExtension ? `${resolved.schema!.id.toLowerCase()}:${resolved.def.name.toLowerCase()}` : resolved.def.name.toLowerCase();
  return sub ? `${base}.${sub.toLowerCase()}` : base;
}

function keys(param: string | null | undefined, rs: ResourceSchema): Set<string> {
  const out = new Set<string>();
  for (const part of (param ?? "").split(",")) {
    const k = keyFor(part, rs);
    if (k) out.add(k);
  }
  return out;
}

export function parseProjection(attributes: string | null | undefined, excludedAttributes: string | null | undefined, rs: ResourceSchema): Projection {
  // RFC 7644 §3.4.2.5: when both are given, "attributes" wins.
  if (attributes && attributes.trim()) return { mode: "include", keys: keys(attributes, rs) };
  if (excludedAttributes && excludedAttributes.trim()) return { mode: "exclude", keys: keys(excludedAttributes, rs) };
  return { mode: "all" };
}

/** Whether a top-level core attribute (e.g. "members", "groups") will be in the response at all. */
export function wants(p: Projection, attr: string): boolean {
  const a = attr.toLowerCase();
  if (p.mode === "all") return true;
  if (p.mode === "exclude") return !p.keys.has(a);
  return [...p.keys].some((k) => k === a || k.startsWith(`${a}.`));
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Keeps (include) or drops (exclude) the sub-attributes named by `subs` in a complex value. */
function filterSubs(value: unknown, subs: Set<string>, include: boolean): unknown {
  const one = (v: unknown) =>
    isObject(v) ? Object.fromEntries(Object.entries(v).filter(([k]) => subs.has(k.toLowerCase()) === include)) : include ? undefined : v;
  if (Array.isArray(value)) {
    const list = value.map(one).filter((v) => v !== undefined && !(isObject(v) && Object.keys(v).length === 0));
    return list.length ? list : undefined;
  }
  const v = one(value);
  return isObject(v) && Object.keys(v).length === 0 ? undefined : v;
}

function selectIn(obj: Record<string, unknown>, prefix: string, p: Exclude<Projection, { mode: "all" }>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const include = p.mode === "include";
  for (const [k, v] of Object.entries(obj)) {
    const key = `${prefix}${k.toLowerCase()}`;
    if (prefix === "" && ALWAYS.has(key)) {
      out[k] = v;
      continue;
    }
    const whole = p.keys.has(key);
    const subs = new Set([...p.keys].filter((x) => x.startsWith(`${key}.`)).map((x) => x.slice(key.length + 1)));
    if (include) {
      if (whole) out[k] = v;
      else if (subs.size) {
        const picked = filterSubs(v, subs, true);
        if (picked !== undefined) out[k] = picked;
      }
    } else if (!whole) {
      const kept = subs.size ? filterSubs(v, subs, false) : v;
      if (kept !== undefined) out[k] = kept;
    }
  }
  return out;
}

/** Applies the projection to a full resource. Extension objects are projected attribute by attribute. */
export function project(resource: ScimResource, p: Projection, rs: ResourceSchema): ScimResource {
  if (p.mode === "all") return resource;
  const extIds = new Set(rs.extensions.map((e) => e.schema.id.toLowerCase()));
  const core: Record<string, unknown> = {};
  const exts: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(resource)) {
    if (extIds.has(k.toLowerCase())) exts[k] = v;
    else core[k] = v;
  }
  const out = selectIn(core, "", p);
  for (const [urn, v] of Object.entries(exts)) {
    const u = urn.toLowerCase();
    if (!isObject(v)) continue;
    let kept: Record<string, unknown>;
    if (p.mode === "include") kept = p.keys.has(u) ? v : selectIn(v, `${u}:`, p);
    else kept = p.keys.has(u) ? {} : selectIn(v, `${u}:`, p);
    if (Object.keys(kept).length) out[urn] = kept;
  }
  if (Array.isArray(out.schemas)) {
    out.schemas = out.schemas.filter((s) => typeof s !== "string" || !extIds.has(s.toLowerCase()) || Object.keys(out).some((k) => k.toLowerCase() === s.toLowerCase()));
  }
  return out;
}
