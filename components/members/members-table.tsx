"use client";

import { createColumnHelper } from "@tanstack/react-table";
import type { MemberDto } from "@/lib/members/dto";
import { DataTable } from "@/components/ui/data-table";
import { MemberStatusBadge, RoleBadge } from "./role-badge";
import { MemberRowActions, type RowPermissions } from "./member-row-actions";
import type { MemberActions, RoleOption } from "./types";

const DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const SOURCE: Record<string, string> = { manual: "Manual", sso: "SSO", scim: "SCIM", directory: "Directory sync" };

const col = createColumnHelper<MemberDto>();

export type MembersTableProps = {
  orgId: string;
  data: MemberDto[];
  empty: React.ReactNode;
  currentUserId: string | null;
  /** Roles the viewer may grant (change-role form). */
  grantable: RoleOption[];
  /** Per member userId, what the viewer may do (computed on the server with the rank rules). */
  permissions: Record<string, RowPermissions>;
  actions: Pick<MemberActions, "changeRole" | "remove" | "transfer">;
};

export function MembersTable({ orgId, data, empty, currentUserId, grantable, permissions, actions }: MembersTableProps) {
  const anyActions = Object.values(permissions).some((p) => p.canChangeRole || p.canRemove || p.canTransfer);
  const columns = [
    col.accessor("email", {
      header: "Member",
      cell: ({ row }) => {
        const m = row.original;
        return (
          <div className="min-w-0">
            <p className="truncate font-medium text-slate-900">
              {m.name ?? m.email}
              {m.userId === currentUserId ? <span className="ml-2 text-xs font-normal text-slate-500">(you)</span> : null}
            </p>
            {m.name ? <p className="truncate text-xs text-slate-500">{m.email}</p> : null}
          </div>
        );
      },
    }),
    col.accessor("role", { header: "Role", cell: (c) => <RoleBadge role={c.getValue()} />, meta: { className: "w-36" } }),
    col.accessor("status", { header: "Status", cell: (c) => <MemberStatusBadge status={c.getValue()} />, meta: { className: "w-28" } }),
    col.accessor("source", { header: "Source", cell: (c) => <span className="text-slate-500">{SOURCE[c.getValue()] ?? c.getValue()}</span>, meta: { className: "w-32", hideOnMobile: true } }),
    col.accessor("createdAt", {
      header: "Added",
      cell: (c) => <time dateTime={c.getValue()} className="whitespace-nowrap text-slate-500">{DATE.format(new Date(c.getValue()))}</time>,
      meta: { className: "w-32", hideOnMobile: true },
    }),
    ...(anyActions
      ? [
          col.display({
            id: "actions",
            header: () => <span className="sr-only">Actions</span>,
            cell: ({ row }) => {
              const m = row.original;
              const p = permissions[m.userId];
              if (!p || !(p.canChangeRole || p.canRemove || p.canTransfer)) return null;
              return <MemberRowActions orgId={orgId} member={m} roles={grantable} perms={p} isSelf={m.userId === currentUserId} actions={actions} />;
            },
            meta: { className: "w-12 text-right" },
          }),
        ]
      : []),
  ];
  return <DataTable caption="Members" columns={columns} data={data} getRowId={(m) => m.id} empty={empty} />;
}
