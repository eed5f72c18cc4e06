"use client";

import { createColumnHelper } from "@tanstack/react-table";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import type { ActionResult } from "@/lib/http/action-result";
import type { RoleDto } from "@/lib/roles/dto";
import type { CreateRoleInput, UpdateRoleInput } from "@/lib/roles/schemas";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable } from "@/components/ui/data-table";
import { PencilIcon, PlusIcon, TrashIcon } from "@/components/ui/icons";
import { RoleFormDialog } from "./role-form-dialog";
import type { RoleActions } from "./types";

/** Global roles (provider administrators only): the actions take the input alone, no organization. */
export type GlobalRoleActions = {
  create: (input: CreateRoleInput) => Promise<ActionResult<RoleDto>>;
  update: (input: { roleId: string; changes: UpdateRoleInput }) => Promise<ActionResult<RoleDto>>;
  remove: (input: { roleId: string }) => Promise<ActionResult<void>>;
};
type Manage = { held: string[]; maxRank: number; actions: GlobalRoleActions };

// RoleFormDialog is organization-shaped (the org id comes first); this scope placeholder is ignored.
const SCOPE = "global";
const useAdapted = (a: GlobalRoleActions): RoleActions =>
  useMemo(() => ({ create: (_s, input) => a.create(input), update: (_s, input) => a.update(input), remove: (_s, input) => a.remove(input) }), [a]);

export function NewGlobalRoleButton({ held, maxRank, actions }: Manage) {
  const adapted = useAdapted(actions);
  return <RoleFormDialog orgId={SCOPE} mode={{ kind: "create" }} held={held} maxRank={maxRank} actions={adapted} trigger={<Button><PlusIcon /> New global role</Button>} />;
}

function GlobalRoleActionsCell({ role, manage }: { role: RoleDto; manage: Manage }) {
  const router = useRouter();
  const adapted = useAdapted(manage.actions);
  const [dialog, setDialog] = useState<"edit" | "delete" | null>(null);
  const set = (d: typeof dialog) => (open: boolean) => setDialog(open ? d : null);
  const withinRank = role.rank <= manage.maxRank;
  const above = withinRank ? undefined : "Ranked above you";
  return (
    <div className="flex justify-end gap-1">
      <RoleFormDialog
        orgId={SCOPE}
        mode={{ kind: "edit", role }}
        held={manage.held}
        maxRank={manage.maxRank}
        actions={adapted}
        open={dialog === "edit"}
        onOpenChange={set("edit")}
        trigger={<Button size="icon" variant="ghost" aria-label={`Edit ${role.name}`} disabled={!withinRank} title={above}><PencilIcon /></Button>}
      />
      {role.isSystem ? null : (
        <ConfirmDialog
          open={dialog === "delete"}
          onOpenChange={set("delete")}
          trigger={<Button size="icon" variant="ghost" aria-label={`Delete ${role.name}`} disabled={!withinRank} title={above}><TrashIcon /></Button>}
          title={`Delete the global role “${role.name}”?`}
          description="Organizations that override it keep their own version. If members elsewhere still hold the global one, the deletion is refused."
          confirmLabel="Delete role"
          onConfirm={async () => {
            const r = await manage.actions.remove({ roleId: role.id! });
            if (r.ok) router.refresh();
            return r;
          }}
        />
      )}
    </div>
  );
}

const col = createColumnHelper<RoleDto>();

/** Global roles with edit (all, system ones too) and delete (not system roles). */
export function GlobalRolesTable({ data, manage, empty }: { data: RoleDto[]; manage: Manage; empty: React.ReactNode }) {
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
    col.accessor("isSystem", {
      header: "Kind",
      cell: (c) => (c.getValue() ? <Badge tone="slate">System</Badge> : <Badge tone="indigo">Custom</Badge>),
      meta: { className: "w-28" },
    }),
    col.accessor("rank", { header: "Rank", cell: (c) => <span className="tabular-nums">{c.getValue()}</span>, meta: { className: "w-16 text-right" } }),
    col.accessor("permissions", {
      header: "Permissions",
      cell: (c) => {
        const ps = c.getValue();
        return (
          <details>
            <summary className="cursor-pointer text-slate-600 select-none hover:text-slate-900">{ps.length} permission{ps.length === 1 ? "" : "s"}</summary>
            <ul className="mt-1 flex max-w-md flex-wrap gap-1">
              {ps.map((p) => <li key={p} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[11px] text-slate-700">{p}</li>)}
            </ul>
          </details>
        );
      },
      meta: { hideOnMobile: true },
    }),
    col.display({ id: "actions", header: () => <span className="sr-only">Actions</span>, cell: ({ row }) => <GlobalRoleActionsCell role={row.original} manage={manage} />, meta: { className: "w-28 text-right" } }),
  ];
  return <DataTable caption="Global roles" columns={columns} data={data} getRowId={(r) => r.id ?? r.name} empty={empty} />;
}
