import { AppError } from "@/lib/errors";
import { parseAndResolveFilter } from "@/lib/scim/filter";
import type { Quirk } from "@/lib/scim/quirks";
import type { ResourceSchema } from "@/lib/scim/schema";
import { filterToSql, FilterSqlError, Params, type TargetMap } from "./filter-sql";
import { scimIssue } from "./errors";
import { MAX_COUNT } from "./resource";

/** RFC 7644 §3.4.2.4 paging plus the filter and projection of a list request. */
export type ListQuery = {
  filter?: string;
  startIndex: number;
  count: number;
  attributes?: string;
  excludedAttributes?: string;
};

const get = (src: URLSearchParams | Record<string, unknown>, name: string): unknown => {
  if (src instanceof URLSearchParams) {
    for (const [k, v] of src) if (k.toLowerCase() === name.toLowerCase()) return v;
    return undefined;
  }
  const key = Object.keys(src).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : src[key];
};

function integer(v: unknown, name: string, fallback: number): number {
  if (v === undefined || v === null || v === "") return fallback;
  const n = typeof v === "number" ? v : Number(String(v).trim());
  if (!Number.isInteger(n)) throw new AppError("bad_request", `${name} must be an integer, got ${JSON.stringify(v)}`, { scimType: "invalidValue" });
  return n;
}

const listParam = (v: unknown, name: string): string | undefined => {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v.map(String).join(",");
  if (typeof v !== "string") throw new AppError("bad_request", `${name} must be a string`, { scimType: "invalidValue" });
  return v;
};

/** From the query string (GET) or a `.search` body (POST, RFC 7644 §3.4.3). */
export function parseListQuery(src: URLSearchParams | Record<string, unknown>): ListQuery {
  const filter = get(src, "filter");
  if (filter !== undefined && typeof filter !== "string") throw new AppError("bad_request", "filter must be a string", { scimType: "invalidFilter" });
  return {
    ...(filter !== undefined && filter.trim() !== "" ? { filter } : {}),
    // RFC 7644 §3.4.2.4: startIndex below 1 is 1; a negative count is 0; we cap count at 100.
    startIndex: Math.max(1, integer(get(src, "startIndex"), "startIndex", 1)),
    count: Math.min(MAX_COUNT, Math.max(0, integer(get(src, "count"), "count", MAX_COUNT))),
    attributes: listParam(get(src, "attributes"), "attributes"),
    excludedAttributes: listParam(get(src, "excludedAttributes"), "excludedAttributes"),
  };
}

/** The filter as SQL over `targets` (`$1` = orgId), with the quirks the parser normalised. */
export function compileFilter(filter: string | undefined, rs: ResourceSchema, targets: TargetMap, orgId: string) {
  if (filter === undefined) return { where: null, quirks: [] as Quirk[] };
  const parsed = parseAndResolveFilter(filter, rs);
  if (!parsed.ok) throw scimIssue(parsed.error);
  const p = new Params([orgId]);
  let text: string;
  try {
    text = filterToSql(parsed.value.filter, targets, p);
  } catch (e) {
    if (e instanceof FilterSqlError) throw scimIssue({ scimType: "invalidFilter", detail: e.message });
    throw e;
  }
  return { where: { text, values: p.values }, quirks: parsed.value.quirks };
}
