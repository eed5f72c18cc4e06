"use client";

import { createColumnHelper } from "@tanstack/react-table";
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import type { OAuthConnectionDto } from "@/lib/oauth-connections/dto";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable } from "@/components/ui/data-table";
import { PencilIcon, TrashIcon } from "@/components/ui/icons";
import { OAuthConnectionDialog, PROVIDER_LABELS } from "./oauth-connection-dialog";
import { SourceBadge } from "./source-badge";
import type { ItemScope, OAuthConnectionActions } from "./types";

const col = createColumnHelper<OAuthConnectionDto>();
const host = (url: string | null) => {
  if (!url) return null;
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

function DeleteButton({ item, scope, action }: { item: OAuthConnectionDto; scope: ItemScope; action: OAuthConnectionActions["remove"] }) {
  const router = useRouter();
  const reverts = scope === "org" && item.overridesGlobal;
  return (
    <ConfirmDialog
      trigger={<Button size="sm" variant="ghost" aria-label={`${reverts ? "Delete override" : "Delete"} ${item.name}`}><TrashIcon className="size-4" />{reverts ? "Delete override" : "Delete"}</Button>}
      title={reverts ? `Delete the override of “${item.name}”?` : `Delete “${item.name}”?`}
      description={reverts
        ? "The organization goes back to the global connection."
        : scope === "global"
          ? "Organizations that inherit it will no longer see it; their own overrides stay."
          : "Its client secret is deleted with it."}
      confirmLabel={reverts ? "Delete override" : "Delete connection"}
      onConfirm={async () => {
        const r = await action({ name: item.name });
        if (r.ok) router.refresh();
        return r;
      }}
    />
  );
}

export function OAuthConnectionsTable({ data, scope, canManage, actions, empty }: { data: OAuthConnectionDto[]; scope: ItemScope; canManage: boolean; actions: OAuthConnectionActions; empty: ReactNode }) {
  const columns = [
    col.accessor("name", {
      header: "Name",
      cell: ({ row }) => (
        <div className="min-w-0">
          <p className="font-mono text-sm font-medium text-slate-900">{row.original.name}</p>
          <p className="text-xs text-slate-500">{PROVIDER_LABELS[row.original.provider as keyof typeof PROVIDER_LABELS] ?? row.original.provider}</p>
        </div>
      ),
    }),
    col.accessor("clientId", {
      header: "Client",
      cell: ({ row }) => (
        <div className="min-w-0 space-y-1">
          <code className="block truncate font-mono text-xs text-slate-800">{row.original.clientId}</code>
          {row.original.hasClientSecret ? <Badge tone="green">Secret stored</Badge> : <Badge tone="slate">No secret</Badge>}
        </div>
      ),
    }),
    col.accessor("issuer", {
      header: "Issuer / scopes",
      cell: ({ row }) => (
        <div className="min-w-0 text-xs">
          <p className="truncate text-slate-700">{host(row.original.issuer ?? row.original.authorizationUrl) ?? <span className="text-slate-400">No endpoints</span>}</p>
          <p className="truncate font-mono text-slate-500">{row.original.scopes.join(" ") || "—"}</p>
        </div>
      ),
      meta: { hideOnMobile: true },
    }),
    ...(scope === "org"
      ? [col.accessor("source", { header: "Source", cell: ({ row }) => <SourceBadge source={row.original.source} overridesGlobal={row.original.overridesGlobal} />, meta: { className: "w-52" } })]
      : []),
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
                  <OAuthConnectionDialog
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
  return <DataTable columns={columns} data={data} getRowId={(r) => r.id} empty={empty} caption={scope === "org" ? "Effective OAuth connections" : "Global OAuth connections"} />;
}
