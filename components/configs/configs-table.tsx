"use client";

import { createColumnHelper } from "@tanstack/react-table";
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import type { ConfigDto } from "@/lib/configs/dto";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable } from "@/components/ui/data-table";
import { PencilIcon, TrashIcon } from "@/components/ui/icons";
import { ConfigDialog } from "./config-dialog";
import { SecretBadge, SourceBadge } from "./source-badge";
import type { ConfigActions, ItemScope } from "./types";

const DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const col = createColumnHelper<ConfigDto>();

function ValuePreview({ item }: { item: ConfigDto }) {
  if (item.isSecret) return <span className="font-mono text-xs text-slate-400" aria-label="Secret value, hidden">********</span>;
  const text = JSON.stringify(item.value);
  if (text.length <= 60) return <code className="font-mono text-xs break-all text-slate-800">{text}</code>;
  return (
    <details>
      <summary className="cursor-pointer font-mono text-xs text-slate-600 select-none hover:text-slate-900">{text.slice(0, 50)}…</summary>
      <pre className="mt-1 max-h-64 max-w-md overflow-auto rounded bg-slate-50 p-2 text-xs text-slate-800">{JSON.stringify(item.value, null, 2)}</pre>
    </details>
  );
}

function DeleteButton({ item, scope, action }: { item: ConfigDto; scope: ItemScope; action: ConfigActions["remove"] }) {
  const router = useRouter();
  const reverts = scope === "org" && item.overridesGlobal;
  return (
    <ConfirmDialog
      trigger={<Button size="sm" variant="ghost" aria-label={`${reverts ? "Delete override" : "Delete"} ${item.name}`}><TrashIcon className="size-4" />{reverts ? "Delete override" : "Delete"}</Button>}
      title={reverts ? `Delete the override of “${item.name}”?` : `Delete “${item.name}”?`}
      description={reverts
        ? "The organization goes back to the global value."
        : scope === "global"
          ? "Organizations that inherit it will no longer see it; their own overrides stay."
          : "Anything that reads this config gets not-found afterwards."}
      confirmLabel={reverts ? "Delete override" : "Delete config"}
      onConfirm={async () => {
        const r = await action({ name: item.name });
        if (r.ok) router.refresh();
        return r;
      }}
    />
  );
}

/** Effective configs (org page) or global configs (provider page), with the row actions the caller may use. */
export function ConfigsTable({ data, scope, canManage, actions, empty }: { data: ConfigDto[]; scope: ItemScope; canManage: boolean; actions: ConfigActions; empty: ReactNode }) {
  const columns = [
    col.accessor("name", {
      header: "Name",
      cell: ({ row }) => (
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-mono text-sm font-medium text-slate-900">{row.original.name}</span>
          {row.original.isSecret ? <SecretBadge /> : null}
        </div>
      ),
    }),
    col.accessor("value", { header: "Value", cell: ({ row }) => <ValuePreview item={row.original} /> }),
    ...(scope === "org"
      ? [col.accessor("source", { header: "Source", cell: ({ row }) => <SourceBadge source={row.original.source} overridesGlobal={row.original.overridesGlobal} />, meta: { className: "w-52" } })]
      : []),
    col.accessor("updatedAt", {
      header: "Updated",
      cell: (c) => <time dateTime={c.getValue()} className="whitespace-nowrap text-slate-500">{DATE.format(new Date(c.getValue()))}</time>,
      meta: { className: "w-32", hideOnMobile: true },
    }),
    ...(canManage
      ? [
          col.display({
            id: "actions",
            header: () => <span className="sr-only">Actions</span>,
            cell: ({ row }) => {
              const item = row.original;
              const inherited = scope === "org" && item.source === "global";
              return (
                <div className="flex justify-end gap-1">
                  <ConfigDialog
                    mode={inherited ? "override" : "edit"}
                    item={item}
                    action={actions.put}
                    trigger={<Button size="sm" variant="secondary" aria-label={`${inherited ? "Override" : "Edit"} ${item.name}`}><PencilIcon className="size-3.5" />{inherited ? "Override" : "Edit"}</Button>}
                  />
                  {inherited ? null : <DeleteButton item={item} scope={scope} action={actions.remove} />}
                </div>
              );
            },
            meta: { className: "w-64 text-right" },
          }),
        ]
      : []),
  ];
  return <DataTable columns={columns} data={data} getRowId={(r) => r.id} empty={empty} caption={scope === "org" ? "Effective configs" : "Global configs"} />;
}
