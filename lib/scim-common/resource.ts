/** Pieces shared by the User and Group resources: ETags, meta filter targets, list paging, the ListResponse. */
import { SCHEMA_URNS } from "@/lib/scim/schema";
import type { ScimResource } from "@/lib/scim/patch";
import type { ScalarTarget, Target } from "./filter-sql";

/** RFC 7644 §3.14: a weak entity tag per resource version. */
export const etagOf = (version: number) => `W/"${version}"`;

/**
 * The versions an `If-Match` header accepts: `"*"` matches any, otherwise the listed tags (weak or
 * strong spelling of `W/"n"`). Returns null when the header is absent.
 */
export function parseIfMatch(header: string | null): "*" | number[] | null {
  if (header === null || header.trim() === "") return null;
  if (header.trim() === "*") return "*";
  const out: number[] = [];
  for (const part of header.split(",")) {
    const m = /^\s*(?:W\/)?"(\d+)"\s*$/i.exec(part);
    if (m) out.push(Number(m[1]));
  }
  return out;
}

/** True when the request's If-Match allows writing over `version`. */
export function ifMatchAllows(header: string | null, version: number): boolean {
  const want = parseIfMatch(header);
  return want === null || want === "*" || want.includes(version);
}

const q = (s: string) => s.replace(/'/g, "''");

/** `meta.*` of a table aliased `alias` with createdAt/updatedAt/version columns. */
export function metaTargets(alias: string, resourceType: string, locationPrefix: string) {
  const text = (expr: string): ScalarTarget => ({ kind: "scalar", expr, type: "text", caseExact: true });
  return (sub: string | undefined): Target => {
    switch (sub) {
      case undefined:
        return text(`'${resourceType}'`);
      case "created":
        return { kind: "scalar", expr: `${alias}."createdAt"`, type: "timestamp", caseExact: true };
      case "lastModified":
        return { kind: "scalar", expr: `${alias}."updatedAt"`, type: "timestamp", caseExact: true };
      case "resourceType":
        return text(`'${resourceType}'`);
      case "version":
        return text(`('W/"' || ${alias}."version"::text || '"')`);
      case "location":
        return text(`('${q(locationPrefix)}' || ${alias}."id"::text)`);
      default:
        return { kind: "never" };
    }
  };
}

export const MAX_COUNT = 100;

export type ListPaging = { startIndex: number; count: number };

export function listResponse(resources: ScimResource[], totalResults: number, paging: ListPaging) {
  return {
    schemas: [SCHEMA_URNS.listResponse],
    totalResults,
    startIndex: paging.startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
