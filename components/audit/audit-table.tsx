"use client";

import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import type { ReactNode } from "react";
import type { AuditEventDto } from "@/lib/audit/dto";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { cn } from "@/components/ui/cn";
import { diffSnapshots, formatValue, type DiffRow } from "./diff";

const DATE_TIME = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", timeZone: "UTC" });
const col = createColumnHelper<AuditEventDto>();

const CHANGE_STYLE: Record<DiffRow["change"], string> = {
  added: "bg-green-50/70",
  removed: "bg-red-50/70",
  changed: "bg-amber-50/70",
  same: "",
};

function Diff({ event }: { event: AuditEventDto }) {
  const rows = diffSnapshots(event.before, event.after);
  const meta = [event.ip ? `IP ${event.ip}` : null, event.userAgent].filter(Boolean).join(" · ");
  if (!rows.length && !meta) return <span className="text-xs text-slate-400">No details</span>;
  const changed = rows.filter((r) => r.change !== "same").length;
  return (
    <details className="group">
      <summary className="cursor-pointer text-xs text-indigo-700 select-none hover:text-indigo-900">
        {rows.length ? `${changed} change${changed === 1 ? "" : "s"}` : "Request details"}
      </summary>
      <div className="mt-2 space-y-2">
        {rows.length ? (
          <table className="w-full max-w-2xl table-fixed text-xs">
            <thead>
              <tr className="text-left text-slate-500">
                <th className="w-1/4 py-1 pr-2 font-medium">Field</th>
                <th className="py-1 pr-2 font-medium">Before</th>
                <th className="py-1 font-medium">After</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 font-mono">
              {rows.map((r) => (
                <tr key={r.key} className={CHANGE_STYLE[r.change]}>
                  <td className="py-1 pr-2 align-top break-all text-slate-600">{r.key}</td>
                  <td className={cn("py-1 pr-2 align-top break-all whitespace-pre-wrap", r.change === "changed" || r.change === "removed" ? "text-red-700" : "text-slate-600")}>{formatValue(r.before)}</td>
                  <td className={cn("py-1 align-top break-all whitespace-pre-wrap", r.change === "changed" || r.change === "added" ? "text-green-700" : "text-slate-600")}>{formatValue(r.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {meta ? <p className="text-xs break-all text-slate-500">{meta}</p> : null}
      </div>
    </details>
  );
}

const ACTOR_TONE: Record<string, "indigo" | "amber" | "slate" | "green"> = { user: "indigo", api_key: "amber", system: "slate", scim: "green" };

/** The audit events of one page, newest first. `orgColumn` adds the organization (provider-wide view). */
export function AuditTable({ data, empty, orgColumn = false, orgLinkPrefix }: {
  data: AuditEventDto[];
  empty: ReactNode;
  orgColumn?: boolean;
  /** Provider-wide view: each organization links to `${orgLinkPrefix}${orgId}` (the list filtered to it). */
  orgLinkPrefix?: string;
}) {
  const columns = [
    col.accessor("createdAt", {
      header: "Time (UTC)",
      cell: (c) => <time dateTime={c.getValue()} className="text-xs whitespace-nowrap text-slate-600">{DATE_TIME.format(new Date(c.getValue()))}</time>,
      meta: { className: "w-44 align-top" },
    }),
    ...(orgColumn
      ? [col.accessor("orgName", {
          header: "Organization",
          cell: ({ row }) => {
            const e = row.original;
            if (!e.orgId) return <span className="text-xs text-slate-400">Global</span>;
            const label = e.orgName ?? e.orgId.slice(0, 8);
            return orgLinkPrefix ? <Link href={`${orgLinkPrefix}${e.orgId}`} className="text-sm text-slate-800 hover:text-indigo-700 hover:underline">{label}</Link> : <span>{label}</span>;
          },
          meta: { className: "align-top" },
        })]
      : []),
    col.accessor("actor", {
      header: "Actor",
      cell: ({ row }) => {
        const a = row.original.actor;
        return (
          <div className="min-w-0 space-y-0.5">
            <p className="truncate text-sm text-slate-900" title={a.id ?? undefined}>{a.label ?? a.id ?? "—"}</p>
            <Badge tone={ACTOR_TONE[a.type] ?? "slate"}>{a.type.replace("_", " ")}</Badge>
          </div>
        );
      },
      meta: { className: "align-top" },
    }),
    col.accessor("action", { header: "Action", cell: (c) => <code className="font-mono text-xs text-slate-800">{c.getValue()}</code>, meta: { className: "align-top" } }),
    col.accessor("target", {
      header: "Target",
      cell: ({ row }) => {
        const t = row.original.target;
        if (!t.type && !t.label) return <span className="text-slate-400">—</span>;
        return (
          <div className="min-w-0">
            <p className="truncate text-sm text-slate-800" title={t.id ?? undefined}>{t.label ?? t.id}</p>
            {t.type ? <p className="text-xs text-slate-500">{t.type.replace("_", " ")}</p> : null}
          </div>
        );
      },
      meta: { className: "align-top", hideOnMobile: true },
    }),
    col.display({ id: "details", header: "Details", cell: ({ row }) => <Diff event={row.original} />, meta: { className: "align-top" } }),
  ];
  return <DataTable columns={columns} data={data} getRowId={(r) => r.id} empty={empty} caption="Audit events" />;
}
