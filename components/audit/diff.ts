// Pure: the rows of an audit event's before/after comparison (unit-tested in diff.test.ts).

export type DiffRow = { key: string; before: unknown; after: unknown; change: "added" | "removed" | "changed" | "same" };

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * One row per top-level key when both sides are objects (or missing); a single "value" row otherwise.
 * Changed keys come first, then unchanged ones, each in key order.
 */
export function diffSnapshots(before: unknown, after: unknown): DiffRow[] {
  const b = before ?? undefined;
  const a = after ?? undefined;
  if ((b === undefined || isPlainObject(b)) && (a === undefined || isPlainObject(a))) {
    const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])].sort();
    const rows: DiffRow[] = keys.map((key) => {
      const inB = !!b && key in b;
      const inA = !!a && key in a;
      const bv = inB ? b![key] : undefined;
      const av = inA ? a![key] : undefined;
      const change = !inB ? "added" : !inA ? "removed" : same(bv, av) ? "same" : "changed";
      return { key, before: bv, after: av, change };
    });
    return [...rows.filter((r) => r.change !== "same"), ...rows.filter((r) => r.change === "same")];
  }
  return [{ key: "value", before: b, after: a, change: b === undefined ? "added" : a === undefined ? "removed" : same(b, a) ? "same" : "changed" }];
}

/** Compact display of a JSON value; undefined (absent) shows as an em dash. */
export function formatValue(v: unknown): string {
  if (v === undefined) return "—";
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}
