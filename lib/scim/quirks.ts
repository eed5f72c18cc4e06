/**
 * Identity-provider deviations from RFC 7643/7644 that the parsers accept and normalise. Each one is
 * reported by name so the SCIM activity log can show which were applied to a request.
 */
export const QUIRKS = {
  /** Entra ID sends `"op": "Replace"` / `"Add"` / `"Remove"` (RFC 7644 §3.5.2 uses lower case). */
  "entra.capitalised-op": "PATCH op in non-canonical case",
  /** Entra ID (without aadOptscim062020) sends booleans as the strings "True" / "False". */
  "entra.string-boolean": "boolean sent as a string",
  /** Entra ID (with aadOptscim062020) puts attribute paths as keys of a path-less value object. */
  "entra.dotted-key": "attribute path used as a key in a path-less value",
  /** Entra ID removes members with `path: "members"` plus a value array instead of a value filter. */
  "entra.remove-members-by-value": "members removed by value array",
  /** Entra ID sends `"$ref": null` on members. */
  "entra.null-ref": "null $ref dropped",
  /** Entra ID sends the manager as a plain id string instead of `{ "value": id }`. */
  "entra.manager-plain-string": "manager sent as a plain id",
  /** Microsoft's reference test collection sends a member as a plain id string. */
  "entra.member-plain-string": "member sent as a plain id",
  /** Microsoft's reference test collection names a member's display "displayName". */
  "entra.member-displayname": "member displayName read as display",
  /** Entra ID sends `add` on `emails[type eq "work"].value` when the user has no work email yet. */
  "entra.add-value-path-creates": "add on an unmatched value filter created the element",
  /** Microsoft's reference test collection sends unquoted filter values (`userName sw O`). */
  "entra.unquoted-filter-value": "unquoted filter value read as a string",
  /** `emails[type eq "work"].value eq "x"`: a value path followed by a sub-attribute comparison. */
  "entra.value-path-sub-attribute-filter": "value path with a trailing sub-attribute comparison",
  /** Okta Group Push echoes the read-only `id` inside a path-less replace value. */
  "okta.readonly-echo": "unchanged read-only attribute in a path-less value ignored",
  /** A single object where the schema wants an array of them. */
  "lenient.object-for-array": "single value wrapped into an array",
  /** `remove` of a multi-valued attribute with a value array: the listed values are removed. */
  "lenient.remove-by-value": "values removed by value array",
  /** `schemas` inside a path-less value object (it is not an attribute; RFC 7643 §3). */
  "lenient.schemas-in-value": "schemas inside a path-less value ignored",
  /** `operations` instead of `Operations` in the PatchOp message. */
  "lenient.operations-key-case": "Operations key in non-canonical case",
} as const;

export type Quirk = keyof typeof QUIRKS;

/** Collects quirk names in first-seen order, without duplicates. */
export class QuirkLog {
  private readonly seen = new Set<Quirk>();
  add(q: Quirk): void {
    this.seen.add(q);
  }
  list(): Quirk[] {
    return [...this.seen];
  }
}
