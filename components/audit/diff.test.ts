import { describe, expect, test } from "vitest";
import { diffSnapshots, formatValue } from "./diff";

describe("diffSnapshots", () => {
  test("object snapshots: changed, added and removed keys first, then the unchanged ones", () => {
    const rows = diffSnapshots({ name: "Acme", role: "member", old: 1 }, { name: "Acme", role: "admin", added: true });
    expect(rows).toEqual([
      { key: "added", before: undefined, after: true, change: "added" },
      { key: "old", before: 1, after: undefined, change: "removed" },
      { key: "role", before: "member", after: "admin", change: "changed" },
      { key: "name", before: "Acme", after: "Acme", change: "same" },
    ]);
  });
  test("a created event (no before) lists every key as added", () => {
    expect(diffSnapshots(null, { a: 1 })).toEqual([{ key: "a", before: undefined, after: 1, change: "added" }]);
  });
  test("nested values compare by content", () => {
    expect(diffSnapshots({ v: { x: [1, 2] } }, { v: { x: [1, 2] } })[0]!.change).toBe("same");
    expect(diffSnapshots({ v: { x: [1, 2] } }, { v: { x: [2, 1] } })[0]!.change).toBe("changed");
  });
  test("non-object snapshots become one value row", () => {
    expect(diffSnapshots("a", "b")).toEqual([{ key: "value", before: "a", after: "b", change: "changed" }]);
    expect(diffSnapshots([1], null)).toEqual([{ key: "value", before: [1], after: undefined, change: "removed" }]);
  });
  test("nothing on either side is no rows", () => {
    expect(diffSnapshots(null, null)).toEqual([]);
  });
  test("formatValue", () => {
    expect(formatValue(undefined)).toBe("—");
    expect(formatValue("x")).toBe("x");
    expect(formatValue({ a: 1 })).toBe('{"a":1}');
    expect(formatValue(null)).toBe("null");
  });
});
