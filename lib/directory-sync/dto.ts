import type { DirectoryFilter } from "@/lib/directory/types";

export type SyncKind = "import" | "team_sync" | "reconcile" | "session_check";
export const SYNC_KINDS: readonly SyncKind[] = ["import", "team_sync", "reconcile", "session_check"];
export type RunTrigger = "schedule" | "portal" | "cli" | "api";
export const RUN_TRIGGERS: readonly RunTrigger[] = ["schedule", "portal", "cli", "api"];
export type RunStatus = "queued" | "running" | "succeeded" | "failed" | "awaiting_approval" | "cancelled";
export const RUN_STATUSES: readonly RunStatus[] = ["queued", "running", "succeeded", "failed", "awaiting_approval", "cancelled"];

/** Counts a run keeps; every key optional (a team sync has no `created` users, an import no `teamsCreated`). */
export type RunCounts = Partial<
  Record<
    | "created"
    | "updated"
    | "unchanged"
    | "skipped"
    | "decommissioned"
    | "reactivated"
    | "drifted"
    | "teamsCreated"
    | "teamsRenamed"
    | "teamsUnchanged"
    | "businessUnitsCreated"
    | "businessUnitsRenamed"
    | "businessUnitsUnchanged"
    | "teamMembershipsAdded"
    | "teamMembershipsRemoved"
    | "businessUnitMembershipsAdded"
    | "businessUnitMembershipsRemoved"
    | "pending"
    | "checked"
    | "refreshed"
    | "errors",
    number
  >
>;

export type SyncRunDto = {
  id: string;
  kind: SyncKind;
  status: RunStatus;
  trigger: RunTrigger;
  filter: DirectoryFilter | null;
  processed: number;
  total: number | null;
  counts: RunCounts;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  approvedAt: string | null;
};

/** A person the run left alone, and why. */
export type SkippedEntry = { externalId: string | null; email: string | null; reason: string };
export type RunErrorEntry = { at: string; message: string; kind?: string };
/** What differed between Gatehouse and the directory for one person. */
export type DriftEntry = {
  userId: string | null;
  externalId: string;
  email: string | null;
  role?: { before: string | null; after: string | null };
  teams?: { added: string[]; removed: string[] };
  businessUnits?: { added: string[]; removed: string[] };
  status?: { before: string | null; after: string | null };
  /**
   * A reconciliation's decommission of this person, and why: pending while the run awaits approval,
   * then decommissioned (applied) or kept (rejected by an administrator, or refused, e.g. an owner).
   */
  decommission?: { reason: DecommissionReason; outcome: DecommissionOutcome; note?: string };
};
export type DecommissionReason = "disabled" | "unassigned" | "missing";
export type DecommissionOutcome = "pending" | "decommissioned" | "kept";
export type PendingDecommission = { userId: string; externalId: string; email: string; reason: DecommissionReason };

export type SyncRunDetailDto = SyncRunDto & {
  skipped: SkippedEntry[];
  errors: RunErrorEntry[];
  drift: DriftEntry[];
  pending: PendingDecommission[] | null;
  createdById: string | null;
  approvedById: string | null;
};

export type PreviewOutcome = "create" | "update" | "unchanged" | "skip";

export type PreviewUserDto = {
  externalId: string;
  email: string | null;
  displayName: string | null;
  active: boolean;
  role: string | null;
  teams: string[];
  businessUnits: string[];
  outcome: PreviewOutcome;
  reason?: string;
};

export type PreviewDto = {
  filter: DirectoryFilter;
  users: PreviewUserDto[];
  /** true when the directory had more matching users than the preview shows. */
  hasMore: boolean;
  counts: Record<PreviewOutcome, number>;
};
