import { AppError } from "@/lib/errors";
import type { ScimIssue } from "@/lib/scim/result";
import { ifMatchAllows, etagOf } from "./resource";

/** A pure parser's `{ scimType, detail }` as the error services throw (HTTP 400, RFC 7644 §3.12). */
export const scimIssue = (issue: ScimIssue) => new AppError("bad_request", issue.detail, { scimType: issue.scimType });

export const scimNotFound = (type: "User" | "Group", id: string) => new AppError("not_found", `${type} ${JSON.stringify(id)} not found`);

export const uniqueness = (detail: string) => new AppError("conflict", detail, { scimType: "uniqueness" });

/** RFC 7644 §3.14: a write with a stale If-Match is 412. */
export function checkIfMatch(header: string | null | undefined, version: number) {
  if (!ifMatchAllows(header ?? null, version)) {
    throw new AppError("precondition_failed", `The resource has changed: its version is ${etagOf(version)}`);
  }
}

/** Prisma P2002 on a unique index -> 409 uniqueness naming the attribute. */
export function asUniqueness(err: unknown, fields: Record<string, string>): never {
  const e = err as { code?: string; meta?: { target?: unknown } };
  if (e && typeof e === "object" && e.code === "P2002") {
    // The driver adapter reports the constraint's fields in meta, in one shape or another.
    const meta = JSON.stringify(e.meta ?? {});
    const hit = Object.entries(fields).find(([col]) => meta.includes(col));
    throw uniqueness(hit ? `${hit[1]} is already taken in this organization` : "A resource with these values already exists");
  }
  throw err;
}
