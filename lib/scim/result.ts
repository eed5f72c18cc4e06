/**
 * Result values for the pure SCIM parsers (STYLE.md §5: parsers return discriminated unions, never throw).
 * The transport maps `scimType` to an HTTP 400 SCIM Error (RFC 7644 §3.12).
 */

/** RFC 7644 §3.12, Table 9: the scimType values the pure modules can produce. */
export type ScimType =
  | "invalidFilter"
  | "invalidPath"
  | "noTarget"
  | "invalidValue"
  | "invalidSyntax"
  | "mutability"
  | "tooMany";

export type ScimIssue = { scimType: ScimType; detail: string };

export type Result<T> = { ok: true; value: T } | { ok: false; error: ScimIssue };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

export const fail = (scimType: ScimType, detail: string): { ok: false; error: ScimIssue } => ({
  ok: false,
  error: { scimType, detail },
});
