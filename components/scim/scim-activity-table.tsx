"use client";

import { createColumnHelper } from "@tanstack/react-table";
import type { ScimActivityDto } from "@/lib/scim-activity/dto";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";

const TIME = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", second: "2-digit", timeZone: "UTC" });
const col = createColumnHelper<ScimActivityDto>();

export function OutcomeBadge({ row }: { row: Pick<ScimActivityDto, "status" | "outcome" | "scimType"> }) {
  const tone = row.outcome === "success" ? "green" : row.status >= 500 ? "red" : "amber";
  return (
    <Badge tone={tone} dot>
      {row.status}
      {row.scimType ? ` ${row.scimType}` : ""}
    </Badge>
  );
}

/** One SCIM request per row; the redacted request body and the error detail open below it. */
export function ScimActivityTable({ data, empty }: { data: ScimActivityDto[]; empty: React.ReactNode }) {
  const columns = [
    col.accessor("createdAt", {
      header: "Time (UTC)",
      cell: (c) => <time dateTime={c.getValue()} className="whitespace-nowrap text-slate-500">{TIME.format(new Date(c.getValue()))}</time>,
      meta: { className: "w-40" },
    }),
    col.accessor("operation", {
      header: "Operation",
      cell: ({ row }) => (
        <details className="min-w-0">
          <summary className="cursor-pointer select-none">
            <span className="font-medium text-slate-900">{row.original.operation}</span>
            <span className="ml-2 font-mono text-xs text-slate-500">{row.original.method}</span>
          </summary>
          <div className="mt-2 space-y-2">
            <p className="font-mono text-xs break-all text-slate-600">{row.original.path}</p>
            {row.original.detail ? <p className="text-sm text-red-700">{row.original.detail}</p> : null}
            {row.original.requestBody !== null ? (
              <pre className="max-h-72 max-w-md overflow-auto rounded bg-slate-900 p-3 text-xs text-slate-100" aria-label="Request body (secrets redacted)">
                {JSON.stringify(row.original.requestBody, null, 2)}
              </pre>
            ) : null}
          </div>
        </details>
      ),
    }),
    col.display({
      id: "resource",
      header: "Resource",
      cell: ({ row }) => (
        <div className="min-w-0">
          <p className="text-slate-700">{row.original.resourceType ?? "—"}</p>
          {row.original.resourceId ? <p className="max-w-[14rem] truncate font-mono text-xs text-slate-500" title={row.original.resourceId}>{row.original.resourceId}</p> : null}
        </div>
      ),
      meta: { hideOnMobile: true },
    }),
    col.display({ id: "outcome", header: "Outcome", cell: ({ row }) => <OutcomeBadge row={row.original} />, meta: { className: "w-40" } }),
    col.accessor("quirks", {
      header: "IdP quirks normalised",
      cell: (c) =>
        c.getValue().length ? (
          <ul className="flex max-w-xs flex-wrap gap-1">
            {c.getValue().map((q) => (
              <li key={q.name} title={q.description} className="rounded bg-indigo-50 px-1.5 py-0.5 font-mono text-[11px] text-indigo-800">{q.name}</li>
            ))}
          </ul>
        ) : (
          <span className="text-slate-400">None</span>
        ),
      meta: { hideOnMobile: true },
    }),
    col.accessor("durationMs", { header: "Time", cell: (c) => <span className="whitespace-nowrap text-slate-500">{c.getValue()} ms</span>, meta: { className: "w-24 text-right", hideOnMobile: true } }),
  ];
  return <DataTable caption="SCIM activity" columns={columns} data={data} getRowId={(r) => r.id} empty={empty} />;
}
