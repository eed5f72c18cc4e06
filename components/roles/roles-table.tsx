"use client";

import { createColumnHelper } from "@tanstack/react-table";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { RoleDto } from "@/lib/roles/dto";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable } from "@/components/ui/data-table";
import { PencilIcon, TrashIcon } from "@/components/ui/icons";
import { RoleFormDialog } from "./role-form-dialog";
import type { RoleActions } from "./types";

const col = createColumnHelper<RoleDto>();

export function RoleSourceBadge({ role }: { role: Pick<RoleDto, "source" | "overridesGlobal"> }) {
  if (role.source === "builtin") return <Badge tone="slate">Built-in</Badge>;
  if (role.source === "global") return <Badge tone="indigo">Global</Badge>;
  return (
    <span className="inline-flex flex-wrap gap-1">
      <Badge tone="green">This organization</Badge>
      {role.overridesGlobal ? <Badge tone="amber">Overrides global</Badge> : null}
    </span>
  );
}

type Manage = { canManage: boolean; held: string[]; maxRank: number; actions: RoleActions };

function RoleActionsCell({ orgId, role, manage }: { orgId: string; role: RoleDto; manage: Manage }) {
  const router = useRouter();
  const [dialog, setDialog] = useState<"edit" | "delete" | "override" | null>(null);
  const set = (d: typeof dialog) => (open: boolean) => setDialog(open ? d : null);
  const withinRank = role.rank <= manage.maxRank;
  if (!manage.canManage || role.source === "builtin") return null;

  if (role.source === "global") {
    return (
      <RoleFormDialog
        orgId={orgId}
        mode={{ kind: "create", from: role }}
        held={manage.held}
        maxRank={manage.maxRank}
        actions={manage.actions}
        open={dialog === "override"}
        onOpenChange={set("override")}
        trigger={<Button size="sm" variant="secondary" disabled={!withinRank} title={withinRank ? undefined : "Ranked above you"}>Override…</Button>}
      />
    );
  }
  return (
    <div className="flex justify-end gap-1">
      <RoleFormDialog
        orgId={orgId}
        mode={{ kind: "edit", role }}
        held={manage.held}
        maxRank={manage.maxRank}
        actions={manage.actions}
        open={dialog === "edit"}
        onOpenChange={set("edit")}
        trigger={<Button size="icon" variant="ghost" aria-label={`Edit ${role.name}`} disabled={!withinRank}><PencilIcon /></Button>}
      />
      <ConfirmDialog
        open={dialog === "delete"}
        onOpenChange={set("delete")}
        trigger={<Button size="icon" variant="ghost" aria-label={`Delete ${role.name}`} disabled={!withinRank}><TrashIcon /></Button>}
        title={`Delete the role “${role.name}”?`}
        description={
          role.memberCount
            ? `${role.memberCount} member${role.memberCount === 1 ? " holds" : "s hold"} it: change their role first, or the deletion is refused.`
            : role.overridesGlobal
              ? "Members given this role later get the global definition instead."
              : "Nobody holds it. This cannot be undone."
        }
        confirmLabel="Delete role"
        onConfirm={async () => {
          const r = await manage.actions.remove(orgId, { roleId: role.id! });
          if (r.ok) router.refresh();
          return r;
        }}
      />
    </div>
  );
}

export function RolesTable({ orgId, data, manage, empty }: { orgId: string; data: RoleDto[]; manage: Manage; empty: React.ReactNode }) {
  const columns = [
    col.accessor("name", {
      header: "Role",
      cell: ({ row }) => (
        <div className="min-w-0">
          <p className="font-mono text-sm font-medium text-slate-900">{row.original.name}</p>
          {row.original.description ? <p className="max-w-md text-xs text-slate-500">{row.original.description}</p> : null}
        </div>
      ),
    }),
    col.accessor("source", { header: "Defined", cell: ({ row }) => <RoleSourceBadge role={row.original} />, meta: { className: "w-48" } }),
    col.accessor("rank", { header: "Rank", cell: (c) => <span className="tabular-nums">{c.getValue()}</span>, meta: { className: "w-16 text-right" } }),
    col.accessor("permissions", {
      header: "Permissions",
      cell: (c) => {
        const ps = c.getValue();
        return (
          <details className="group">
            <summary className="cursor-pointer text-slate-600 select-none hover:text-slate-900">{ps.length} permission{ps.length === 1 ? "" : "s"}</summary>
            <ul className="mt-1 flex max-w-md flex-wrap gap-1">
              {ps.map((p) => <li key={p} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[11px] text-slate-700">{p}</li>)}
            </ul>
          </details>
        );
      },
      meta: { hideOnMobile: true },
    }),
    col.accessor("memberCount", { header: "Members", cell: (c) => <span className="tabular-nums">{c.getValue() ?? 0}</span>, meta: { className: "w-20 text-right" } }),
    ...(manage.canManage
      ? [col.display({ id: "actions", header: () => <span className="sr-only">Actions</span>, cell: ({ row }) => <RoleActionsCell orgId={orgId} role={row.original} manage={manage} />, meta: { className: "w-28 text-right" } })]
      : []),
  ];
  return <DataTable caption="Roles" columns={columns} data={data} getRowId={(r) => `${r.source}:${r.name}`} empty={empty} />;
}
