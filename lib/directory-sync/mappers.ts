import type { SyncRunRow } from "@/lib/db/repos/sync-runs";
import type { DirectoryFilter } from "@/lib/directory/types";
import type { DriftEntry, PendingDecommission, RunCounts, RunErrorEntry, RunStatus, RunTrigger, SkippedEntry, SyncKind, SyncRunDetailDto, SyncRunDto } from "./dto";

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const list = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

export function toSyncRunDto(row: Omit<SyncRunRow, "skipped" | "drift" | "pending" | "errors" | "state"> & Partial<SyncRunRow>): SyncRunDto {
  return {
    id: row.id,
    kind: row.kind as SyncKind,
    status: row.status as RunStatus,
    trigger: row.trigger as RunTrigger,
    filter: (row.filter as DirectoryFilter | null) ?? null,
    processed: row.processed,
    total: row.total,
    counts: (row.counts ?? {}) as RunCounts,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    durationMs: row.durationMs,
    approvedAt: iso(row.approvedAt),
  };
}

export function toSyncRunDetailDto(row: SyncRunRow): SyncRunDetailDto {
  return {
    ...toSyncRunDto(row),
    skipped: list<SkippedEntry>(row.skipped),
    errors: list<RunErrorEntry>(row.errors),
    drift: list<DriftEntry>(row.drift),
    pending: row.pending == null ? null : list<PendingDecommission>(row.pending),
    createdById: row.createdById,
    approvedById: row.approvedById,
  };
}
