"use client";

import Link from "next/link";
import { createColumnHelper } from "@tanstack/react-table";
import type { OrganizationDto } from "@/lib/organizations/dto";
import { DataTable } from "@/components/ui/data-table";
import { StatusBadge } from "@/components/ui/badge";
import { ProviderStar } from "./provider-star";
import { formatDate } from "./format";

const col = createColumnHelper<OrganizationDto>();

const columns = [
  col.accessor("name", {
    header: "Name",
    cell: ({ row }) => {
      const o = row.original;
      // The star sits outside the link so the link's accessible name is just the organization's name.
      return (
        <span className="inline-flex max-w-72 items-center gap-2">
          {o.isProvider ? <ProviderStar /> : null}
          <Link href={`/orgs/${o.id}`} className="truncate font-medium text-slate-900 hover:text-indigo-700 hover:underline">
            {o.name}
          </Link>
        </span>
      );
    },
  }),
  col.accessor("slug", {
    header: "Slug",
    cell: (c) => <span className="font-mono text-xs text-slate-600">{c.getValue()}</span>,
    meta: { hideOnMobile: true },
  }),
  col.accessor("domain", {
    header: "Domain",
    cell: (c) => c.getValue() ?? <span className="text-slate-400">—</span>,
    meta: { hideOnMobile: true },
  }),
  col.accessor("memberCount", {
    header: "Members",
    cell: (c) => <span className="tabular-nums">{c.getValue() ?? 0}</span>,
    meta: { className: "text-right w-24" },
  }),
  col.accessor("isActive", {
    header: "Status",
    cell: (c) => <StatusBadge active={c.getValue()} />,
    meta: { className: "w-28" },
  }),
  col.accessor("createdAt", {
    header: "Created",
    cell: (c) => <time dateTime={c.getValue()} className="whitespace-nowrap text-slate-500">{formatDate(c.getValue())}</time>,
    meta: { className: "w-32", hideOnMobile: true },
  }),
];

export function OrganizationsTable({ data, empty }: { data: OrganizationDto[]; empty: React.ReactNode }) {
  return <DataTable caption="Organizations" columns={columns} data={data} getRowId={(o) => o.id} empty={empty} />;
}
