/**
 * Translates a resolved SCIM filter (lib/scim/filter.ts `parseAndResolveFilter`) into a parameterised
 * PostgreSQL boolean expression. Pure: text and values out, nothing executed. The repositories append it
 * to `WHERE "orgId" = $1 AND (...)`, so a filter is always evaluated by the database over the
 * organization's rows, never in memory.
 *
 * Every predicate is two-valued (NULL folds to false), so `not (...)` and `ne` behave as RFC 7644
 * §3.4.2.2 describes for absent attributes: `title ne "x"` matches users without a title.
 */
import type { AttrPath, CompValue, CompareOp, Filter } from "@/lib/scim/filter";

export type SqlText = { text: string; values: unknown[] };

/** How a scalar is stored. `lowered`: the column already holds the lower-cased value (userNameLower). */
export type ScalarKind = "text" | "lowered" | "boolean" | "timestamp" | "uuid" | "integer" | "jsonBoolean";

export type ScalarTarget = { kind: "scalar"; expr: string; type: ScalarKind; caseExact: boolean };

/** A multi-valued complex attribute: a correlated row source whose rows expose sub-attributes. */
export type MultiTarget = {
  kind: "multi";
  /** `FROM ... WHERE ...` body of an EXISTS sub-query (without the leading SELECT). */
  source: string;
  sub: (name: string) => ScalarTarget | undefined;
  /** The sub-attribute a bare comparison (`emails co "x"`) means; resolveFilter already adds it. */
  defaultSub: string;
};

/** A singular complex attribute stored as a JSON object (`name`, `manager`): presence only. */
export type ObjectTarget = { kind: "object"; expr: string };

/** Attributes with no storage (e.g. `meta.location` of a Group never matches): `pr` false, `eq` false. */
export type NeverTarget = { kind: "never" };

export type Target = ScalarTarget | MultiTarget | ObjectTarget | NeverTarget;

/** Maps a canonical attribute path to its storage. `undefined` means "not filterable" (a bug: resolveFilter let it through). */
export type TargetMap = (path: AttrPath) => Target | undefined;

export class FilterSqlError extends Error {}

const LIKE_ESCAPE = /[\\%_]/g;
const escapeLike = (s: string) => s.replace(LIKE_ESCAPE, (c) => `\\${c}`);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Builds placeholders `$n` continuing after the values the caller already bound. */
export class Params {
  readonly values: unknown[];
  constructor(initial: unknown[] = []) {
    this.values = [...initial];
  }
  add(v: unknown, cast?: string): string {
    this.values.push(v);
    return `$${this.values.length}${cast ? `::${cast}` : ""}`;
  }
}

const FALSE = "FALSE";
const TRUE = "TRUE";

/** `jsonb_array_elements` over a jsonb value that may be absent or not an array. */
export function jsonArrayElements(expr: string, alias: string): string {
  return `jsonb_array_elements(CASE WHEN jsonb_typeof(${expr}) = 'array' THEN ${expr} ELSE '[]'::jsonb END) AS ${alias}`;
}

/** Sub-attributes of a JSON array element, all stored as JSON: booleans as JSON booleans. */
export function jsonElementSub(alias: string, booleans: readonly string[] = ["primary"], caseExact: readonly string[] = []) {
  return (name: string): ScalarTarget => ({
    kind: "scalar",
    expr: `(${alias}->>'${name.replace(/'/g, "''")}')`,
    type: booleans.includes(name) ? "jsonBoolean" : "text",
    caseExact: caseExact.includes(name),
  });
}

function present(t: Target): string {
  switch (t.kind) {
    case "never":
      return FALSE;
    case "object":
      return `(jsonb_typeof(${t.expr}) = 'object' AND ${t.expr} <> '{}'::jsonb)`;
    case "multi":
      return `EXISTS (SELECT 1 FROM ${t.source})`;
    case "scalar":
      if (t.type === "text" || t.type === "lowered") return `(${t.expr} IS NOT NULL AND ${t.expr} <> '')`;
      return `(${t.expr} IS NOT NULL)`;
  }
}

function compareScalar(t: ScalarTarget, op: CompareOp, value: CompValue, p: Params): string {
  if (value === null) {
    // RFC 7644 §3.4.2.2: `eq null` is "not present" (resolveFilter only allows eq/ne with null).
    const pr = present(t);
    return op === "eq" ? `NOT ${pr}` : pr;
  }
  if (op === "ne") return `NOT COALESCE(${compareScalar(t, "eq", value, p)}, FALSE)`;
  const sqlOp = { eq: "=", gt: ">", ge: ">=", lt: "<", le: "<=" } as Record<string, string>;
  switch (t.type) {
    case "boolean":
      return `(${t.expr} = ${p.add(Boolean(value), "boolean")})`;
    case "jsonBoolean":
      return `(${t.expr} = ${p.add(String(value), "text")})`;
    case "integer":
      return `(${t.expr} ${sqlOp[op]} ${p.add(Number(value), "integer")})`;
    case "timestamp":
      // Prisma stores timestamp(3) without time zone, in UTC.
      return `(${t.expr} ${sqlOp[op]} (${p.add(String(value), "timestamptz")} AT TIME ZONE 'UTC'))`;
    case "uuid":
      if (op === "eq") return typeof value === "string" && UUID.test(value) ? `(${t.expr} = ${p.add(value, "uuid")})` : FALSE;
      return compareText({ ...t, expr: `(${t.expr})::text`, type: "text", caseExact: true }, op, value, p);
    default:
      return compareText(t, op, value, p);
  }
}

function compareText(t: ScalarTarget, op: CompareOp, value: CompValue, p: Params): string {
  const raw = String(value);
  const fold = !t.caseExact;
  const lhs = fold && t.type !== "lowered" ? `lower(${t.expr})` : t.expr;
  const v = fold ? raw.toLowerCase() : raw;
  switch (op) {
    case "eq":
      return `(${lhs} = ${p.add(v, "text")})`;
    case "co":
      return `(${lhs} LIKE ${p.add(`%${escapeLike(v)}%`, "text")})`;
    case "sw":
      return `(${lhs} LIKE ${p.add(`${escapeLike(v)}%`, "text")})`;
    case "ew":
      return `(${lhs} LIKE ${p.add(`%${escapeLike(v)}`, "text")})`;
    case "gt":
      return `(${lhs} > ${p.add(v, "text")})`;
    case "ge":
      return `(${lhs} >= ${p.add(v, "text")})`;
    case "lt":
      return `(${lhs} < ${p.add(v, "text")})`;
    case "le":
      return `(${lhs} <= ${p.add(v, "text")})`;
    case "ne":
      return `NOT COALESCE(${compareText(t, "eq", value, p)}, FALSE)`;
  }
}

/** A comparison or presence test on one scalar, inside or outside a value filter. */
function leaf(f: Extract<Filter, { kind: "compare" | "present" }>, t: Target, p: Params, positive = false): string {
  if (f.kind === "present") return present(t);
  if (t.kind === "never") return f.op === "ne" || (f.op === "eq" && f.value === null) ? TRUE : FALSE;
  if (t.kind !== "scalar") throw new FilterSqlError(`"${f.path.attr}" cannot be compared directly`);
  // Outside any NOT a NULL comparison already drops the row, and the bare comparison can use an index
  // (`userNameLower = $2` is an index lookup; COALESCE around it was a sequential scan of the organization).
  const cmp = compareScalar(t, f.op, f.value, p);
  return positive ? cmp : `COALESCE(${cmp}, FALSE)`;
}

function inValueFilter(f: Filter, multi: MultiTarget, p: Params, positive = false): string {
  switch (f.kind) {
    case "and":
    case "or":
      return `(${f.filters.map((c) => inValueFilter(c, multi, p, positive)).join(f.kind === "and" ? " AND " : " OR ")})`;
    case "not":
      return `(NOT ${inValueFilter(f.filter, multi, p)})`;
    case "valuePath":
      throw new FilterSqlError("value filters cannot be nested");
    case "present":
    case "compare": {
      const t = multi.sub(f.path.attr);
      return leaf(f, t ?? { kind: "never" }, p, positive);
    }
  }
}

/**
 * Compiles `filter` against `targets`. `p` carries the values already bound by the caller (the orgId).
 * Throws FilterSqlError only for filters resolveFilter would have rejected. `positive`: the result is used
 * as a WHERE condition outside any NOT, where NULL and FALSE both drop the row (the comparisons then go bare).
 */
export function filterToSql(filter: Filter, targets: TargetMap, p: Params, positive = true): string {
  switch (filter.kind) {
    case "and":
    case "or":
      return `(${filter.filters.map((c) => filterToSql(c, targets, p, positive)).join(filter.kind === "and" ? " AND " : " OR ")})`;
    case "not":
      return `(NOT ${filterToSql(filter.filter, targets, p, false)})`;
    case "valuePath": {
      const t = targets({ ...(filter.path.uri ? { uri: filter.path.uri } : {}), attr: filter.path.attr });
      if (!t || t.kind === "never") return FALSE;
      if (t.kind !== "multi") throw new FilterSqlError(`"${filter.path.attr}" is not multi-valued`);
      return `EXISTS (SELECT 1 FROM ${t.source} AND ${inValueFilter(filter.filter, t, p, positive)})`;
    }
    case "present":
    case "compare": {
      const whole = targets({ ...(filter.path.uri ? { uri: filter.path.uri } : {}), attr: filter.path.attr });
      if (!whole) throw new FilterSqlError(`"${filter.path.attr}" has no storage`);
      if (whole.kind === "multi") {
        // `emails.value co "x"`: some element matches (RFC 7644 §3.4.2.2, multi-valued attributes).
        if (filter.kind === "present" && filter.path.sub === undefined) return present(whole);
        const sub = whole.sub(filter.path.sub ?? whole.defaultSub) ?? ({ kind: "never" } as const);
        if (filter.kind === "compare" && filter.op === "ne") {
          return `(NOT ${filterToSql({ ...filter, op: "eq" }, targets, p, false)})`;
        }
        return `EXISTS (SELECT 1 FROM ${whole.source} AND ${leaf(filter, sub, p, positive)})`;
      }
      if (filter.path.sub !== undefined) {
        const t = targets(filter.path);
        return leaf(filter, t ?? { kind: "never" }, p, positive);
      }
      return leaf(filter, whole, p, positive);
    }
  }
}
