"use client";

import Link from "next/link";
import { createColumnHelper } from "@tanstack/react-table";
import type { SyncRunDto } from "@/lib/directory-sync/dto";
import { DataTable } from "@/components/ui/data-table";
import { countsSummary, filterLabel, formatDuration, KIND_LABELS, TRIGGER_LABELS } from "./format";
import { RunStatusBadge } from "./run-status-badge";

const DATE_TIME = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", timeZone: "UTC" });
const col = createColumnHelper<SyncRunDto>();

export function RunsTable({ orgId, data, empty }: { orgId: string; data: SyncRunDto[]; empty: React.ReactNode }) {
  const columns = [
    col.accessor("kind", {
      header: "Run",
      cell: ({ row }) => (
        <div className="min-w-0">
          <Link href={`/orgs/${orgId}/provisioning/history/${row.original.id}`} className="font-medium text-slate-900 hover:text-indigo-600">
            {KIND_LABELS[row.original.kind]}
          </Link>
          {row.original.kind === "import" ? <p className="truncate text-xs text-slate-500">{filterLabel(row.original.filter)}</p> : null}
        </div>
      ),
    }),
    col.accessor("status", { header: "Status", cell: (c) => <RunStatusBadge status={c.getValue()} />, meta: { className: "w-40" } }),
    col.accessor("trigger", { header: "Trigger", cell: (c) => TRIGGER_LABELS[c.getValue()] ?? c.getValue(), meta: { className: "w-24", hideOnMobile: true } }),
    col.display({
      id: "counts",
      header: "Counts",
      cell: ({ row }) => <span className="text-slate-600">{row.original.status === "queued" ? "—" : countsSummary(row.original.kind, row.original.counts)}</span>,
      meta: { hideOnMobile: true },
    }),
    col.accessor("durationMs", { header: "Duration", cell: (c) => <span className="whitespace-nowrap tabular-nums">{formatDuration(c.getValue())}</span>, meta: { className: "w-24" } }),
    col.accessor("startedAt", {
      header: "Started",
      cell: ({ row }) => {
        const at = row.original.startedAt ?? row.original.createdAt;
        return <time dateTime={at} className="whitespace-nowrap text-slate-500">{DATE_TIME.format(new Date(at))}</time>;
      },
      meta: { className: "w-48" },
    }),
  ];
  return <DataTable caption="Sync runs" columns={columns} data={data} getRowId={(r) => r.id} empty={empty} />;
}
