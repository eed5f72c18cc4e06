/**
 * SCIM PATCH engine (RFC 7644 §3.5.2) over a plain SCIM resource object. Pure: it never throws and never
 * does I/O; it returns the patched copy, or the first failing operation's `{ scimType, detail }` (nothing
 * is half-applied: the input object is not modified).
 *
 * Group `members` are never applied to an in-memory list: they come back as deltas (`members`) so the DB
 * layer can insert/delete membership rows in batches without loading the group.
 */
import {
  formatPatchPath,
  matchValueFilter,
  parseAttributePath,
  resolveFilter,
  type Filter,
  type PatchPath,
} from "./filter";
import { QuirkLog, type Quirk } from "./quirks";
import { fail, ok, type Result } from "./result";
import {
  SCHEMA_URNS,
  findAttr,
  findSchema,
  resolveAttribute,
  type AttributeDef,
  type ResolvedAttribute,
  type ResourceSchema,
} from "./schema";
import {
  ScimFailure,
  bail,
  coerceSingle,
  coerceValue,
  deepEqual,
  deleteAttr,
  getAttr,
  isGroupMembers as isMembers,
  isObject,
  isUnassigned,
  keyOf,
  setAttr,
  type CoerceEnv,
} from "./values";

export type ScimResource = Record<string, unknown>;

/**
 * Membership changes of a Group PATCH, in the order-independent form the DB layer applies:
 * - without `replaceMembers`: insert `addMembers` (ignoring existing rows), delete `removeMembers`;
 * - with `replaceMembers`: the group's members become exactly `replaceMembers` (`addMembers` and
 *   `removeMembers` are then empty). A `remove` of `members` without a filter is `replaceMembers: []`.
 * `addMembers` and `removeMembers` never share an id. `display` carries the display names sent with added
 * members (the Microsoft reference suite reads them back).
 */
export type MemberDelta = {
  addMembers: string[];
  removeMembers: string[];
  replaceMembers?: string[];
  display: Record<string, string>;
};

export type PatchOutcome = {
  /** The patched copy. It never contains `password`, nor `members` for a Group (see `members`). */
  resource: ScimResource;
  /**
   * False when the PATCH changes nothing (RFC 7644 §3.5.2.1: then the modify timestamp must not move).
   * A membership delta or a password always counts as a change; the DB layer may find them no-ops.
   */
  changed: boolean;
  /** Group only: present when any operation touched `members`. */
  members?: MemberDelta;
  /** User only: the new cleartext password to hash (`null`: removed); absent when not patched. */
  password?: string | null;
  /** IdP quirks normalised on the way, in first-seen order. */
  quirks: Quirk[];
};

export type PatchOptions = {
  /** Most operations accepted in one request (default 1000). */
  maxOperations?: number;
};

export const MAX_PATCH_OPERATIONS = 1000;

type Op = "add" | "replace" | "remove";

type Ctx = CoerceEnv & {
  rs: ResourceSchema;
  resource: ScimResource;
  members?: MemberState;
  password?: string | null;
};

// ---------------------------------------------------------------------------------------------------
// Group membership deltas

type MemberState = { replace?: Set<string>; add: Set<string>; remove: Set<string>; display: Map<string, string> };

function memberIds(ctx: Ctx, values: unknown[], where: string): string[] {
  return values.map((m, i) => {
    const id = isObject(m) ? m.value : undefined;
    if (typeof id !== "string" || !id.trim()) bail("invalidValue", `${where}[${i}] needs a non-empty "value" (the member id)`);
    if (isObject(m) && typeof m.display === "string") ctx.members!.display.set(id as string, m.display);
    return id as string;
  });
}

function membersState(ctx: Ctx): MemberState {
  ctx.members ??= { add: new Set(), remove: new Set(), display: new Map() };
  return ctx.members;
}

function membersAdd(ctx: Ctx, ids: string[]) {
  const s = membersState(ctx);
  for (const id of ids) {
    s.remove.delete(id);
    if (s.replace) s.replace.add(id);
    else s.add.add(id);
  }
}

function membersRemove(ctx: Ctx, ids: string[]) {
  const s = membersState(ctx);
  for (const id of ids) {
    s.add.delete(id);
    s.display.delete(id);
    if (s.replace) s.replace.delete(id);
    else s.remove.add(id);
  }
}

function membersReplace(ctx: Ctx, ids: string[]) {
  const s = membersState(ctx);
  s.replace = new Set(ids);
  s.add.clear();
  s.remove.clear();
  for (const id of [...s.display.keys()]) if (!s.replace.has(id)) s.display.delete(id);
}

/** `members[value eq "a"]`, `members[value eq "a" or value eq "b"]` -> ids; anything else needs the list. */
function memberIdsFromFilter(f: Filter): string[] | undefined {
  if (f.kind === "compare" && f.op === "eq" && f.path.attr === "value" && typeof f.value === "string") return [f.value];
  if (f.kind === "or") {
    const ids: string[] = [];
    for (const c of f.filters) {
      const sub = memberIdsFromFilter(c);
      if (!sub) return undefined;
      ids.push(...sub);
    }
    return ids;
  }
  if (f.kind === "and") {
    // `value eq "a" and type eq "User"`: the id decides; other conditions only narrow it further.
    const withId = f.filters.map(memberIdsFromFilter).filter((x): x is string[] => x !== undefined);
    return withId.length === 1 ? withId[0] : undefined;
  }
  return undefined;
}

function patchMembers(ctx: Ctx, op: Op, value: unknown, filter: Filter | undefined, sub: string | undefined, def: AttributeDef) {
  membersState(ctx);
  if (sub !== undefined) bail("mutability", `members sub-attributes cannot be patched (value, $ref and type are immutable)`);
  if (filter) {
    if (op !== "remove") bail("invalidPath", `members[...] can only be removed; add members with path "members"`);
    const ids = memberIdsFromFilter(filter);
    if (!ids) return bail("invalidPath", `members can only be selected by id, e.g. members[value eq "2819c223-..."]`);
    membersRemove(ctx, ids);
    return;
  }
  if (op === "remove") {
    if (value === undefined || value === null) {
      membersReplace(ctx, []);
      return;
    }
    // Entra ID: {"op":"Remove","path":"members","value":[{"value":"<id>"}]}.
    ctx.quirks.add("entra.remove-members-by-value");
    const list = coerceValue(def, value, "members", ctx) as unknown[];
    membersRemove(ctx, memberIds(ctx, list, "members"));
    return;
  }
  if (value === undefined) bail("invalidValue", `"${op}" of members requires a value`);
  const list = (coerceValue(def, value, "members", ctx) as unknown[] | undefined) ?? [];
  const ids = memberIds(ctx, list, "members");
  if (op === "add") membersAdd(ctx, ids);
  else membersReplace(ctx, ids);
}

// ---------------------------------------------------------------------------------------------------
// Targets

/** The object holding the attribute: the resource, or the extension object under its URN. */
function holderFor(ctx: Ctx, resolved: ResolvedAttribute): () => Record<string, unknown> {
  if (!resolved.isExtension) return () => ctx.resource;
  const urn = resolved.schema!.id;
  return () => {
    const existing = getAttr(ctx.resource, urn);
    if (isObject(existing)) {
      if (keyOf(ctx.resource, urn) !== urn) setAttr(ctx.resource, urn, existing);
      return existing;
    }
    const created: Record<string, unknown> = {};
    setAttr(ctx.resource, urn, created);
    return created;
  };
}

function checkWritable(def: AttributeDef, shown: string) {
  if (def.mutability === "readOnly") bail("mutability", `"${shown}" is readOnly`);
}

/** Writes a simple/complex single value, honouring `immutable` (RFC 7644 §3.5.2: add only if unassigned). */
function writeValue(holder: Record<string, unknown>, def: AttributeDef, value: unknown, shown: string) {
  const current = getAttr(holder, def.name);
  if (def.mutability === "immutable" && !isUnassigned(current) && !deepEqual(current, value)) {
    bail("mutability", `"${shown}" is immutable and already has a value`);
  }
  if (isUnassigned(value)) deleteAttr(holder, def.name);
  else setAttr(holder, def.name, value);
}

/** Same element of a multi-valued attribute: equal `value` (and `type` when both have one), else deep-equal. */
function sameElement(def: AttributeDef, a: unknown, b: unknown): boolean {
  if (!isObject(a) || !isObject(b)) return deepEqual(a, b);
  const valueDef = findAttr(def.subAttributes, "value");
  if (valueDef) {
    const av = getAttr(a, "value");
    const bv = getAttr(b, "value");
    if (av === undefined || bv === undefined) return false;
    const eq = (x: unknown, y: unknown, exact: boolean) =>
      typeof x === "string" && typeof y === "string" && !exact ? x.toLowerCase() === y.toLowerCase() : deepEqual(x, y);
    if (!eq(av, bv, valueDef.caseExact)) return false;
    const at = getAttr(a, "type");
    const bt = getAttr(b, "type");
    return at === undefined || bt === undefined || eq(at, bt, false);
  }
  const strip = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([k]) => k.toLowerCase() !== "primary"));
  return deepEqual(strip(a), strip(b));
}

function mergeInto(target: Record<string, unknown>, patch: Record<string, unknown>) {
  for (const [k, v] of Object.entries(patch)) setAttr(target, k, v);
}

/** RFC 7643 §2.4: when an op marks a value primary, every other value loses `primary`. */
function enforcePrimary(list: unknown[], touched: Set<unknown>, shown: string) {
  const fresh = list.filter((x) => touched.has(x) && isObject(x) && getAttr(x, "primary") === true);
  if (fresh.length > 1) bail("invalidValue", `"${shown}": more than one value would be primary`);
  if (fresh.length === 1) {
    for (const x of list) if (x !== fresh[0] && isObject(x) && getAttr(x, "primary") === true) setAttr(x, "primary", false);
  }
}

function currentList(holder: Record<string, unknown>, def: AttributeDef): unknown[] {
  const cur = getAttr(holder, def.name);
  if (Array.isArray(cur)) return cur.map((x) => (isObject(x) ? { ...x } : x));
  return cur === undefined || cur === null ? [] : [cur];
}

function storeList(holder: Record<string, unknown>, def: AttributeDef, list: unknown[]) {
  if (list.length === 0) deleteAttr(holder, def.name);
  else setAttr(holder, def.name, list);
}

/** `{type eq "work"}` / `type eq "work" and primary eq true` -> the element a filter describes. */
function elementFromFilter(f: Filter, subs: readonly AttributeDef[] | undefined): Record<string, unknown> | undefined {
  const parts = f.kind === "and" ? f.filters : [f];
  const out: Record<string, unknown> = {};
  for (const p of parts) {
    if (p.kind !== "compare" || p.op !== "eq" || p.value === null) return undefined;
    const sub = findAttr(subs, p.path.attr);
    if (!sub) return undefined;
    out[sub.name] = p.value;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Operations

function applyWithPath(ctx: Ctx, op: Op, path: PatchPath, value: unknown, shown: string) {
  // A whole extension: `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`.
  if (path.uri !== undefined && path.filter === undefined && path.sub === undefined) {
    const ext = findSchema(ctx.rs, `${path.uri}:${path.attr}`);
    if (ext && ext !== ctx.rs.core) {
      applyExtensionObject(ctx, op, ext.id, value, shown);
      return;
    }
  }
  if (path.uri === undefined && path.attr.toLowerCase() === "schemas") {
    bail("mutability", `"schemas" cannot be patched; it follows the extension attributes present`);
  }
  const resolved = resolveAttribute(ctx.rs, path.attr, path.uri);
  if (!resolved) return bail("invalidPath", `Unknown attribute "${shown}" for ${ctx.rs.name}`);
  const { def } = resolved;
  checkWritable(def, shown);

  let subDef: AttributeDef | undefined;
  if (path.sub !== undefined) {
    if (def.type !== "complex") return bail("invalidPath", `"${def.name}" has no sub-attributes (in "${shown}")`);
    subDef = findAttr(def.subAttributes, path.sub);
    if (!subDef) return bail("invalidPath", `Unknown sub-attribute "${shown}" for ${ctx.rs.name}`);
    if (!isMembers(ctx, def)) checkWritable(subDef, shown);
  }
  let filter: Filter | undefined;
  if (path.filter) {
    if (!def.multiValued || def.type !== "complex") {
      bail("invalidPath", `"${def.name}" is not a multi-valued complex attribute and cannot take a value filter`);
    }
    const r = resolveFilter(
      { kind: "valuePath", path: { ...(path.uri !== undefined ? { uri: path.uri } : {}), attr: path.attr }, filter: path.filter },
      ctx.rs,
    );
    if (!r.ok) return bail("invalidPath", `${shown}: ${r.error.detail}`);
    for (const q of r.value.quirks) ctx.quirks.add(q);
    filter = r.value.filter.kind === "valuePath" ? r.value.filter.filter : path.filter;
  }

  if (isMembers(ctx, def)) {
    patchMembers(ctx, op, value, filter, path.sub, def);
    return;
  }
  if (def.name === "password" && !resolved.isExtension) {
    if (op === "remove") ctx.password = null;
    else {
      if (value === undefined) return bail("invalidValue", `"${op}" requires a value`);
      const pw = coerceValue(def, value, shown, ctx);
      ctx.password = typeof pw === "string" ? pw : null;
    }
    return;
  }

  const holder = holderFor(ctx, resolved);
  if (filter) applyFiltered(ctx, op, def, holder, filter, subDef, value, shown);
  else if (subDef) applySub(ctx, op, def, holder, subDef, value, shown);
  else applyAttribute(ctx, op, def, holder, value, shown);
}

function applyAttribute(ctx: Ctx, op: Op, def: AttributeDef, holder: () => Record<string, unknown>, value: unknown, shown: string) {
  if (op === "remove") {
    // RFC 7643 §2.2: a required attribute cannot become unassigned.
    if (def.required) bail("invalidValue", `"${shown}" is required and cannot be removed`);
    const h = holder();
    if (value !== undefined && value !== null && def.multiValued && def.type === "complex") {
      // Remove listed values (the Entra members form, applied to any multi-valued attribute).
      ctx.quirks.add("lenient.remove-by-value");
      const drop = coerceValue(def, value, shown, ctx) as unknown[];
      storeList(h, def, currentList(h, def).filter((x) => !drop.some((d) => sameElement(def, x, d))));
      return;
    }
    if (def.mutability === "immutable" && !isUnassigned(getAttr(h, def.name))) bail("mutability", `"${shown}" is immutable`);
    deleteAttr(h, def.name);
    return;
  }
  if (value === undefined) bail("invalidValue", `"${op}" requires a value`);
  const v = coerceValue(def, value, shown, ctx);
  const h = holder();
  if (def.multiValued) {
    const incoming = (v as unknown[] | undefined) ?? [];
    if (op === "replace") {
      if (def.required && incoming.length === 0) bail("invalidValue", `"${shown}" is required`);
      const list = [...incoming];
      storeList(h, def, list);
      return;
    }
    // add: append values not already present; a value already present takes the new sub-attributes.
    const list = currentList(h, def);
    const touched = new Set<unknown>();
    for (const item of incoming) {
      const existing = list.find((x) => sameElement(def, x, item));
      if (existing !== undefined && isObject(existing) && isObject(item)) {
        // The identifying value and type stay as stored ("already contains the value": RFC 7644 §3.5.2.1).
        const rest = Object.fromEntries(
          Object.entries(item).filter(([k]) => k !== "value" && !(k === "type" && getAttr(existing, "type") !== undefined)),
        );
        mergeInto(existing, rest);
        touched.add(existing);
      } else if (existing === undefined) {
        list.push(item);
        touched.add(item);
      }
    }
    enforcePrimary(list, touched, shown);
    storeList(h, def, list);
    return;
  }
  if (def.type === "complex") {
    // RFC 7644 §3.5.2.1/§3.5.2.3: sub-attributes not in "value" are left unchanged.
    if (v === undefined) {
      if (op === "replace") deleteAttr(h, def.name);
      return;
    }
    const cur = getAttr(h, def.name);
    const merged = isObject(cur) ? { ...cur } : {};
    mergeInto(merged, v as Record<string, unknown>);
    writeValue(h, def, merged, shown);
    return;
  }
  if (v === undefined && def.required) bail("invalidValue", `"${shown}" is required and cannot be null`);
  writeValue(h, def, v, shown);
}

function applySub(
  ctx: Ctx,
  op: Op,
  def: AttributeDef,
  holder: () => Record<string, unknown>,
  subDef: AttributeDef,
  value: unknown,
  shown: string,
) {
  if (def.multiValued) {
    bail("invalidPath", `"${shown}": select the values of the multi-valued "${def.name}" with a filter, e.g. ${def.name}[type eq "work"].${subDef.name}`);
  }
  const h = holder();
  const cur = getAttr(h, def.name);
  if (op === "remove") {
    if (!isObject(cur)) return;
    const next = { ...cur };
    deleteAttr(next, subDef.name);
    writeValue(h, def, next, shown);
    return;
  }
  if (value === undefined) bail("invalidValue", `"${op}" requires a value`);
  const v = coerceSingle(subDef, value, shown, ctx);
  const next = isObject(cur) ? { ...cur } : {};
  writeValue(next, subDef, v, shown);
  writeValue(h, def, next, shown);
}

function applyFiltered(
  ctx: Ctx,
  op: Op,
  def: AttributeDef,
  holder: () => Record<string, unknown>,
  filter: Filter,
  subDef: AttributeDef | undefined,
  value: unknown,
  shown: string,
) {
  const h = holder();
  const list = currentList(h, def);
  const matches = list.filter((x) => matchValueFilter(filter, x, def.subAttributes));

  if (op === "remove") {
    if (subDef) {
      for (const m of matches) if (isObject(m)) deleteAttr(m, subDef.name);
      storeList(h, def, list.filter((x) => !(isObject(x) && Object.keys(x).length === 0)));
    } else {
      storeList(h, def, list.filter((x) => !matches.includes(x)));
    }
    return;
  }
  if (value === undefined) bail("invalidValue", `"${op}" requires a value`);
  const touched = new Set<unknown>();
  const incoming = subDef ? coerceSingle(subDef, value, shown, ctx) : coerceSingle(def, value, shown, ctx);

  if (matches.length === 0) {
    // RFC 7644 §3.5.2.3: replace with an unmatched value filter is noTarget.
    if (op === "replace") bail("noTarget", `"${shown}" matches no value of "${def.name}"`);
    // Entra ID sends `add` on `emails[type eq "work"].value` for a user without a work email: create it.
    const base = elementFromFilter(filter, def.subAttributes);
    if (!base) {
      return bail("noTarget", `"${shown}" matches no value, and its filter does not describe a new one (use eq and "and" only)`);
    }
    if (incoming === undefined) return;
    const created: Record<string, unknown> = { ...base };
    if (subDef) created[subDef.name] = incoming;
    else mergeInto(created, incoming as Record<string, unknown>);
    ctx.quirks.add("entra.add-value-path-creates");
    list.push(created);
    touched.add(created);
  } else {
    for (const m of matches) {
      if (!isObject(m)) continue;
      if (subDef) {
        if (incoming === undefined) deleteAttr(m, subDef.name);
        else setAttr(m, subDef.name, incoming);
      } else if (op === "replace") {
        for (const k of Object.keys(m)) delete m[k];
        if (incoming !== undefined) mergeInto(m, incoming as Record<string, unknown>);
      } else if (incoming !== undefined) {
        mergeInto(m, incoming as Record<string, unknown>);
      }
      touched.add(m);
    }
  }
  if (findAttr(def.subAttributes, "primary")) enforcePrimary(list, touched, shown);
  storeList(h, def, list.filter((x) => !(isObject(x) && Object.keys(x).length === 0)));
}

function applyExtensionObject(ctx: Ctx, op: Op, urn: string, value: unknown, shown: string) {
  if (op === "remove") {
    deleteAttr(ctx.resource, urn);
    return;
  }
  if (value === null && op === "replace") {
    deleteAttr(ctx.resource, urn);
    return;
  }
  if (!isObject(value)) return bail("invalidValue", `"${shown}" takes an object of its attributes`);
  for (const [k, v] of Object.entries(value)) applyPathlessKey(ctx, op, { uri: urn, attr: k }, v, `${urn}:${k}`);
}

function applyPathless(ctx: Ctx, op: "add" | "replace", value: unknown) {
  if (!isObject(value)) {
    return bail("invalidValue", `"${op}" without a path takes an object of attributes, got ${JSON.stringify(value)}`);
  }
  for (const [key, v] of Object.entries(value)) {
    if (key.toLowerCase() === "schemas") {
      ctx.quirks.add("lenient.schemas-in-value");
      continue;
    }
    const ext = ctx.rs.extensions.find((e) => e.schema.id.toLowerCase() === key.toLowerCase());
    if (ext) {
      applyExtensionObject(ctx, op, ext.schema.id, v, key);
      continue;
    }
    if (/[.[:]/.test(key)) {
      // Entra ID (aadOptscim062020): {"op":"replace","value":{"name.givenName":"x","urn:...:User:department":"y"}}.
      const parsed = parseAttributePath(key);
      if (!parsed.ok) return bail("invalidPath", parsed.error.detail);
      ctx.quirks.add("entra.dotted-key");
      for (const q of parsed.value.quirks) ctx.quirks.add(q);
      applyWithPath(ctx, op, parsed.value.path, v, key);
      continue;
    }
    applyPathlessKey(ctx, op, { attr: key }, v, key);
  }
}

/** One top-level attribute of a path-less value: readOnly values that merely echo the current one are ignored. */
function applyPathlessKey(ctx: Ctx, op: "add" | "replace", path: { uri?: string; attr: string }, v: unknown, shown: string) {
  const resolved = resolveAttribute(ctx.rs, path.attr, path.uri);
  if (!resolved) return bail("invalidPath", `Unknown attribute "${shown}" for ${ctx.rs.name}`);
  if (resolved.def.mutability === "readOnly") {
    const holder = resolved.isExtension ? getAttr(ctx.resource, resolved.schema!.id) : ctx.resource;
    const current = isObject(holder) ? getAttr(holder, resolved.def.name) : undefined;
    // Okta Group Push: {"op":"replace","value":{"id":"<the group's id>","displayName":"new name"}}.
    if (deepEqual(current, v)) {
      ctx.quirks.add("okta.readonly-echo");
      return;
    }
    return bail("mutability", `"${resolved.def.name}" is readOnly`);
  }
  applyWithPath(ctx, op, path, v, shown);
}

// ---------------------------------------------------------------------------------------------------
// Public API

function normaliseOp(raw: unknown, i: number, quirks: QuirkLog): Op {
  if (typeof raw !== "string") return bail("invalidSyntax", `Operations[${i}].op must be "add", "replace" or "remove"`);
  const op = raw.toLowerCase();
  if (op !== "add" && op !== "replace" && op !== "remove") {
    return bail("invalidSyntax", `Operations[${i}].op ${JSON.stringify(raw)} is not "add", "replace" or "remove"`);
  }
  // Entra ID sends "Replace" / "Add" / "Remove".
  if (raw !== op) quirks.add("entra.capitalised-op");
  return op;
}

function syncSchemas(ctx: Ctx) {
  const present: string[] = [];
  for (const ext of ctx.rs.extensions) {
    const v = getAttr(ctx.resource, ext.schema.id);
    if (isUnassigned(v)) deleteAttr(ctx.resource, ext.schema.id);
    else present.push(ext.schema.id);
  }
  const current = getAttr(ctx.resource, "schemas");
  if (!Array.isArray(current) && present.length === 0) return;
  const list = Array.isArray(current) ? current.filter((s): s is string => typeof s === "string") : [ctx.rs.core.id];
  const extIds = new Set(ctx.rs.extensions.map((e) => e.schema.id.toLowerCase()));
  const next = [
    ...list.filter((s) => !extIds.has(s.toLowerCase()) || present.some((p) => p.toLowerCase() === s.toLowerCase())),
    ...present.filter((p) => !list.some((s) => s.toLowerCase() === p.toLowerCase())),
  ];
  if (!deepEqual(next, current)) setAttr(ctx.resource, "schemas", next);
}

/**
 * Applies PATCH operations (the `Operations` array) to a copy of `resource`. Operations run in order;
 * the first failure returns its issue and nothing else. Idempotent for Group members (adding a present
 * member or removing an absent one changes nothing in the DB). Never throws.
 */
export function applyPatch(
  resource: ScimResource,
  operations: unknown,
  schema: ResourceSchema,
  options: PatchOptions = {},
): Result<PatchOutcome> {
  const max = options.maxOperations ?? MAX_PATCH_OPERATIONS;
  if (!Array.isArray(operations) || operations.length === 0) {
    return fail("invalidSyntax", "Operations must be a non-empty array of PATCH operations");
  }
  // RFC 7644 §3.12 has no code for "too many operations"; tooMany ("more than the server is willing to
  // process") is the closest, and the Bulk endpoint's maxOperations limit (§3.7.3) is the same idea.
  if (operations.length > max) {
    return fail("tooMany", `A PATCH may contain at most ${max} operations; this one has ${operations.length}`);
  }
  const quirks = new QuirkLog();
  const ctx: Ctx = { rs: schema, resource: structuredClone(resource), quirks, isGroup: schema.name === "Group" };
  let i = 0;
  try {
    for (; i < operations.length; i++) {
      const raw: unknown = operations[i];
      if (!isObject(raw)) bail("invalidSyntax", `Operations[${i}] must be an object with "op"`);
      const o = raw as Record<string, unknown>;
      const op = normaliseOp(getAttr(o, "op"), i, quirks);
      const rawPath = getAttr(o, "path");
      const value = getAttr(o, "value");
      const hasPath = typeof rawPath === "string" ? rawPath.trim() !== "" : rawPath !== undefined && rawPath !== null;
      if (!hasPath) {
        // RFC 7644 §3.5.2.2: remove without "path" is noTarget.
        if (op === "remove") bail("noTarget", `Operations[${i}]: "remove" requires a path`);
        if (value === undefined) bail("invalidValue", `Operations[${i}]: "${op}" requires a value`);
        applyPathless(ctx, op as "add" | "replace", value);
        continue;
      }
      const parsed = parseAttributePath(rawPath);
      if (!parsed.ok) return fail(parsed.error.scimType, `Operations[${i}]: ${parsed.error.detail}`);
      for (const q of parsed.value.quirks) quirks.add(q);
      applyWithPath(ctx, op, parsed.value.path, value, formatPatchPath(parsed.value.path));
    }
  } catch (e) {
    if (e instanceof ScimFailure) {
      const d = e.issue.detail.startsWith("Operations[") ? e.issue.detail : `Operations[${i}]: ${e.issue.detail}`;
      return fail(e.issue.scimType, d);
    }
    throw e;
  }
  syncSchemas(ctx);
  if (ctx.isGroup) deleteAttr(ctx.resource, "members");
  deleteAttr(ctx.resource, "password");
  const outcome: PatchOutcome = { resource: ctx.resource, changed: false, quirks: quirks.list() };
  const before = structuredClone(resource);
  if (ctx.isGroup) deleteAttr(before, "members");
  deleteAttr(before, "password");
  outcome.changed = !deepEqual(before, ctx.resource);
  if (ctx.members) {
    const m = ctx.members;
    outcome.members = m.replace
      ? { addMembers: [], removeMembers: [], replaceMembers: [...m.replace], display: Object.fromEntries(m.display) }
      : { addMembers: [...m.add], removeMembers: [...m.remove], display: Object.fromEntries(m.display) };
    if (m.replace || m.add.size || m.remove.size) outcome.changed = true;
  }
  if (ctx.password !== undefined) {
    outcome.password = ctx.password;
    outcome.changed = true;
  }
  return ok(outcome);
}

export type PatchRequest = { operations: unknown[]; quirks: Quirk[] };

/**
 * Validates a PatchOp message body (RFC 7644 §3.5.2): `schemas` must list the PatchOp URN and
 * `Operations` must be an array. Other members (Microsoft's suite sends "id") are ignored.
 */
export function parsePatchRequest(body: unknown): Result<PatchRequest> {
  if (!isObject(body)) return fail("invalidSyntax", "A PATCH body must be a JSON object (a PatchOp message)");
  const quirks = new QuirkLog();
  const schemas = body.schemas;
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === "string" && s.toLowerCase() === SCHEMA_URNS.patchOp.toLowerCase())) {
    return fail("invalidSyntax", `"schemas" must contain "${SCHEMA_URNS.patchOp}"`);
  }
  let opsKey = "Operations";
  if (!("Operations" in body)) {
    const k = keyOf(body, "Operations");
    if (k === undefined) return fail("invalidSyntax", `A PatchOp message needs an "Operations" array`);
    quirks.add("lenient.operations-key-case");
    opsKey = k;
  }
  const operations = body[opsKey];
  if (!Array.isArray(operations)) return fail("invalidSyntax", `"Operations" must be an array`);
  return ok({ operations, quirks: quirks.list() });
}

/** parsePatchRequest + applyPatch, with the quirks of both. */
export function applyPatchRequest(
  resource: ScimResource,
  body: unknown,
  schema: ResourceSchema,
  options: PatchOptions = {},
): Result<PatchOutcome> {
  const req = parsePatchRequest(body);
  if (!req.ok) return req;
  const r = applyPatch(resource, req.value.operations, schema, options);
  if (!r.ok) return r;
  return ok({ ...r.value, quirks: [...new Set([...req.value.quirks, ...r.value.quirks])] });
}
