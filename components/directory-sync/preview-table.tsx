"use client";

import { createColumnHelper } from "@tanstack/react-table";
import type { PreviewDto, PreviewOutcome, PreviewUserDto } from "@/lib/directory-sync/dto";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { SearchIcon } from "@/components/ui/icons";

const OUTCOME: Record<PreviewOutcome, { label: string; tone: BadgeTone }> = {
  create: { label: "Create", tone: "green" },
  update: { label: "Update", tone: "indigo" },
  unchanged: { label: "Unchanged", tone: "slate" },
  skip: { label: "Skip", tone: "amber" },
};

const col = createColumnHelper<PreviewUserDto>();

const chips = (values: string[]) =>
  values.length ? (
    <ul className="flex max-w-xs flex-wrap gap-1">
      {values.map((v) => <li key={v} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">{v}</li>)}
    </ul>
  ) : <span className="text-slate-400">—</span>;

const columns = [
  col.accessor("email", {
    header: "User",
    cell: ({ row }) => (
      <div className="min-w-0">
        <p className="truncate font-medium text-slate-900">{row.original.displayName ?? row.original.email ?? row.original.externalId}</p>
        <p className="truncate text-xs text-slate-500">
          {row.original.email ?? <span className="text-amber-700">no email</span>}
          {row.original.active ? null : <span className="ml-1.5 text-amber-700">· disabled in the directory</span>}
        </p>
      </div>
    ),
  }),
  col.accessor("role", { header: "Role", cell: (c) => c.getValue() ?? <span className="text-slate-400">—</span>, meta: { className: "w-28" } }),
  col.accessor("teams", { header: "Teams", cell: (c) => chips(c.getValue()), meta: { hideOnMobile: true } }),
  col.accessor("businessUnits", { header: "Business units", cell: (c) => chips(c.getValue()), meta: { hideOnMobile: true } }),
  col.accessor("outcome", {
    header: "Outcome",
    cell: ({ row }) => (
      <div className="space-y-0.5">
        <Badge tone={OUTCOME[row.original.outcome].tone}>{OUTCOME[row.original.outcome].label}</Badge>
        {row.original.reason ? <p className="max-w-56 text-xs text-slate-500">{row.original.reason}</p> : null}
      </div>
    ),
    meta: { className: "w-48" },
  }),
];

/** What an import would do with each of up to 50 matching users. */
export function PreviewTable({ preview }: { preview: PreviewDto }) {
  const c = preview.counts;
  const shown = preview.users.length;
  return (
    <section aria-label="Import preview" className="space-y-2">
      <p className="text-sm text-slate-600">
        {shown === 0
          ? "No directory users match this filter."
          : <>Showing {shown}{preview.hasMore ? " (the first 50)" : ""} matching {shown === 1 ? "user" : "users"}: {c.create} to create, {c.update} to update, {c.unchanged} unchanged, {c.skip} skipped.</>}
      </p>
      {shown ? (
        <div className="rounded-lg ring-1 ring-slate-200">
          <DataTable caption="Preview of the import" columns={columns} data={preview.users} getRowId={(u) => u.externalId} empty={<EmptyState icon={<SearchIcon />} title="No matching users" />} />
        </div>
      ) : null}
    </section>
  );
}
