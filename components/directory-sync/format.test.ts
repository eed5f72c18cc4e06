import { describe, expect, it } from "vitest";
import { countItems, countsSummary, driftChanges, filterLabel, formatDuration, progressLabel, progressPercent, splitList } from "./format";

describe("directory-sync format", () => {
  it("shows an import's headline counts with zeros, then other non-zero counts", () => {
    expect(countItems("import", { created: 3, skipped: 0, drifted: 2, reactivated: 0 }).map((c) => `${c.label} ${c.value}`)).toEqual([
      "Created 3", "Updated 0", "Unchanged 0", "Skipped 0", "Drifted 2",
    ]);
  });

  it("summarises non-zero counts for tables, or says nothing changed", () => {
    expect(countsSummary("team_sync", { teamsCreated: 2, businessUnitsCreated: 1 })).toBe("2 teams created · 1 business units created");
    expect(countsSummary("import", {})).toBe("No changes");
  });

  it("formats durations from milliseconds to hours", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(420)).toBe("420 ms");
    expect(formatDuration(2500)).toBe("2.5 s");
    expect(formatDuration(42_000)).toBe("42 s");
    expect(formatDuration(125_000)).toBe("2 min 5 s");
    expect(formatDuration(3_720_000)).toBe("1 h 2 min");
  });

  it("computes progress, indeterminate while the total is unknown", () => {
    expect(progressPercent({ processed: 5, total: null, status: "running" })).toBeNull();
    expect(progressPercent({ processed: 50, total: 200, status: "running" })).toBe(25);
    expect(progressPercent({ processed: 250, total: 200, status: "running" })).toBe(100);
    expect(progressPercent({ processed: 0, total: null, status: "succeeded" })).toBe(100);
  });

  it("labels progress as processed of total, or processed alone while the total is unknown", () => {
    expect(progressLabel({ processed: 3, total: 5 })).toBe("3 of 5 processed");
    expect(progressLabel({ processed: 3, total: null })).toBe("3 processed");
  });

  it("splits list input on commas and new lines, dropping blanks and duplicates", () => {
    expect(splitList(" Engineering, Sales\n\nEngineering ,")).toEqual(["Engineering", "Sales"]);
  });

  it("labels filters and drift", () => {
    expect(filterLabel({ kind: "groups", groupIds: ["a", "b"] })).toBe("Groups: a, b");
    expect(filterLabel(null)).toBe("All users");
    expect(driftChanges({ userId: null, externalId: "x", email: null, role: { before: "member", after: "admin" }, teams: { added: ["Platform"], removed: ["Sales"] }, businessUnits: { added: [], removed: [] } }))
      .toEqual(["role member → admin", "teams +Platform −Sales"]);
    const who = { userId: "u1", externalId: "x", email: "ann@acme.test", status: { before: "active", after: "pending decommission (disabled)" } };
    expect(driftChanges({ ...who, decommission: { reason: "disabled", outcome: "pending" } })).toEqual(["would be decommissioned (awaiting approval): Disabled in the directory"]);
    expect(driftChanges({ ...who, decommission: { reason: "missing", outcome: "decommissioned" } })).toEqual(["decommissioned: Missing from the directory"]);
    expect(driftChanges({ ...who, decommission: { reason: "unassigned", outcome: "kept", note: "decommission rejected by an administrator" } }))
      .toEqual(["kept active, decommission rejected by an administrator (no longer assigned to the application)"]);
    expect(driftChanges(who)).toEqual(["status active → pending decommission (disabled)"]);
  });
});
