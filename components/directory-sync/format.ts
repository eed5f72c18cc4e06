// Pure labels and summaries for directory-sync runs (client-safe; unit-tested in format.test.ts).
import type { DirectoryFilter } from "@/lib/directory/types";
import type { DriftEntry, RunCounts, RunStatus, RunTrigger, SyncKind, SyncRunDto } from "@/lib/directory-sync/dto";

export const KIND_LABELS: Record<SyncKind, string> = {
  import: "Import",
  team_sync: "Team & business-unit sync",
  reconcile: "Reconciliation",
  session_check: "Session check",
};

export const STATUS_LABELS: Record<RunStatus, string> = {
  queued: "Queued",
  running: "Running",
  succeeded: "Succeeded",
  failed: "Failed",
  awaiting_approval: "Awaiting approval",
  cancelled: "Cancelled",
};

export const TRIGGER_LABELS: Record<RunTrigger, string> = { schedule: "Schedule", portal: "Portal", cli: "CLI", api: "API" };

export const isActiveStatus = (s: RunStatus) => s === "queued" || s === "running";

type CountKey = keyof RunCounts;
const COUNT_LABELS: Record<CountKey, string> = {
  created: "Created",
  updated: "Updated",
  unchanged: "Unchanged",
  skipped: "Skipped",
  decommissioned: "Decommissioned",
  reactivated: "Reactivated",
  drifted: "Drifted",
  teamsCreated: "Teams created",
  teamsRenamed: "Teams renamed",
  teamsUnchanged: "Teams unchanged",
  businessUnitsCreated: "Business units created",
  businessUnitsRenamed: "Business units renamed",
  businessUnitsUnchanged: "Business units unchanged",
  teamMembershipsAdded: "Team memberships added",
  teamMembershipsRemoved: "Team memberships removed",
  businessUnitMembershipsAdded: "Business-unit memberships added",
  businessUnitMembershipsRemoved: "Business-unit memberships removed",
  pending: "Pending approval",
  checked: "Checked",
  refreshed: "Refreshed",
  errors: "Errors",
};

// The counts a kind always shows (zero included), so "0 skipped" is an answer rather than a gap.
const HEADLINE: Record<SyncKind, CountKey[]> = {
  import: ["created", "updated", "unchanged", "skipped"],
  team_sync: ["teamsCreated", "teamsRenamed", "teamsUnchanged", "businessUnitsCreated", "businessUnitsRenamed", "businessUnitsUnchanged"],
  reconcile: ["updated", "unchanged", "decommissioned", "skipped"],
  session_check: ["checked", "refreshed", "decommissioned"],
};

export type CountItem = { key: CountKey; label: string; value: number };

/** The kind's headline counts (zeros included), then any other non-zero count the run kept. */
export function countItems(kind: SyncKind, counts: RunCounts): CountItem[] {
  const head = HEADLINE[kind];
  const rest = (Object.keys(counts) as CountKey[]).filter((k) => !head.includes(k) && (counts[k] ?? 0) > 0 && k in COUNT_LABELS);
  return [...head, ...rest].map((key) => ({ key, label: COUNT_LABELS[key], value: counts[key] ?? 0 }));
}

/** One line for tables: "3 created · 2 updated · 1 skipped" (non-zero counts only). */
export function countsSummary(kind: SyncKind, counts: RunCounts): string {
  const parts = countItems(kind, counts)
    .filter((c) => c.value > 0)
    .map((c) => `${c.value} ${c.label.toLowerCase()}`);
  return parts.length ? parts.join(" · ") : "No changes";
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const m = Math.floor(s / 60);
  const rest = Math.round(s - m * 60);
  if (m < 60) return rest ? `${m} min ${rest} s` : `${m} min`;
  const h = Math.floor(m / 60);
  return `${h} h ${m % 60} min`;
}

/** 0–100, or null while the total is unknown (the bar is then indeterminate). */
export function progressPercent(run: Pick<SyncRunDto, "processed" | "total" | "status">): number | null {
  if (run.status === "succeeded") return 100;
  if (!run.total) return null;
  return Math.min(100, Math.round((run.processed / run.total) * 100));
}

/** "3 of 5 processed", or "3 processed" while the total is unknown. */
export function progressLabel(run: Pick<SyncRunDto, "processed" | "total">): string {
  return run.total ? `${run.processed} of ${run.total} processed` : `${run.processed} processed`;
}

export function filterLabel(filter: DirectoryFilter | null | undefined): string {
  if (!filter || filter.kind === "all") return "All users";
  if (filter.kind === "groups") return `Groups: ${filter.groupIds.join(", ")}`;
  if (filter.kind === "roles") return `Roles: ${filter.roles.join(", ")}`;
  if (filter.kind === "departments") return `Departments: ${filter.departments.join(", ")}`;
  return `Query: ${filter.query}`;
}

/** "a, b\nc" → ["a", "b", "c"]: values are split on commas and new lines, blanks dropped, duplicates removed. */
export function splitList(text: string): string[] {
  return [...new Set(text.split(/[,\n]/).map((s) => s.trim()).filter(Boolean))];
}

/** Human-readable changes for one drift entry: ["role member → admin", "teams +Platform −Sales", ...]. */
export function driftChanges(d: DriftEntry): string[] {
  const out: string[] = [];
  if (d.role) out.push(`role ${d.role.before ?? "none"} → ${d.role.after ?? "none"}`);
  const set = (name: string, v?: { added: string[]; removed: string[] }) => {
    if (!v || (!v.added.length && !v.removed.length)) return;
    out.push(`${name} ${[...v.added.map((a) => `+${a}`), ...v.removed.map((r) => `−${r}`)].join(" ")}`);
  };
  set("teams", d.teams);
  set("business units", d.businessUnits);
  const dc = d.decommission;
  if (dc) {
    const why = DECOMMISSION_REASON_LABELS[dc.reason] ?? dc.reason;
    if (dc.outcome === "pending") out.push(`would be decommissioned (awaiting approval): ${why}`);
    else if (dc.outcome === "decommissioned") out.push(`decommissioned: ${why}`);
    else out.push(`kept active${dc.note ? `, ${dc.note}` : ""} (${why.toLowerCase()})`);
  } else if (d.status) out.push(`status ${d.status.before ?? "none"} → ${d.status.after ?? "none"}`);
  return out;
}

export const DECOMMISSION_REASON_LABELS = {
  disabled: "Disabled in the directory",
  unassigned: "No longer assigned to the application",
  missing: "Missing from the directory",
} as const;
