"use client";

import { createColumnHelper } from "@tanstack/react-table";
import { useRouter } from "next/navigation";
import type { ApiKeyDto } from "@/lib/api-keys/dto";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable } from "@/components/ui/data-table";
import type { ApiKeyActions } from "./types";

const DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const DATE_TIME = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
const col = createColumnHelper<ApiKeyDto>();

export function ApiKeyStatusBadge({ status }: { status: ApiKeyDto["status"] }) {
  if (status === "active") return <Badge tone="green" dot>Active</Badge>;
  if (status === "expired") return <Badge tone="amber" dot>Expired</Badge>;
  return <Badge tone="slate" dot>Revoked</Badge>;
}

function RevokeButton({ orgId, apiKey, action }: { orgId: string; apiKey: ApiKeyDto; action: ApiKeyActions["revoke"] }) {
  const router = useRouter();
  return (
    <ConfirmDialog
      trigger={<Button size="sm" variant="secondary">Revoke</Button>}
      title={`Revoke “${apiKey.name}”?`}
      description={`Requests using ${apiKey.prefix}… are refused immediately. This cannot be undone.`}
      confirmLabel="Revoke key"
      onConfirm={async () => {
        const r = await action(orgId, { keyId: apiKey.id });
        if (r.ok) router.refresh();
        return r;
      }}
    />
  );
}

export function ApiKeysTable({ orgId, data, empty, canManage, action }: { orgId: string; data: ApiKeyDto[]; empty: React.ReactNode; canManage: boolean; action: ApiKeyActions["revoke"] }) {
  const columns = [
    col.accessor("name", {
      header: "Key",
      cell: ({ row }) => (
        <div className="min-w-0">
          <p className="truncate font-medium text-slate-900">{row.original.name}</p>
          <p className="font-mono text-xs text-slate-500">{row.original.prefix}…</p>
        </div>
      ),
    }),
    col.accessor("status", { header: "Status", cell: (c) => <ApiKeyStatusBadge status={c.getValue()} />, meta: { className: "w-28" } }),
    col.accessor("scopes", {
      header: "Scopes",
      cell: (c) => {
        const s = c.getValue();
        return (
          <details>
            <summary className="cursor-pointer text-slate-600 select-none hover:text-slate-900">{s.length} scope{s.length === 1 ? "" : "s"}</summary>
            <ul className="mt-1 flex max-w-sm flex-wrap gap-1">
              {s.map((p) => <li key={p} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[11px] text-slate-700">{p}</li>)}
            </ul>
          </details>
        );
      },
      meta: { hideOnMobile: true },
    }),
    col.accessor("lastUsedAt", {
      header: "Last used",
      cell: (c) => (c.getValue() ? <time dateTime={c.getValue()!} className="whitespace-nowrap text-slate-500">{DATE_TIME.format(new Date(c.getValue()!))}</time> : <span className="text-slate-400">Never</span>),
      meta: { className: "w-40", hideOnMobile: true },
    }),
    col.accessor("expiresAt", {
      header: "Expires",
      cell: (c) => (c.getValue() ? <time dateTime={c.getValue()!} className="whitespace-nowrap text-slate-500">{DATE.format(new Date(c.getValue()!))}</time> : <span className="text-slate-400">Never</span>),
      meta: { className: "w-32", hideOnMobile: true },
    }),
    col.accessor("createdAt", {
      header: "Created",
      cell: (c) => <time dateTime={c.getValue()} className="whitespace-nowrap text-slate-500">{DATE.format(new Date(c.getValue()))}</time>,
      meta: { className: "w-32", hideOnMobile: true },
    }),
    ...(canManage
      ? [col.display({
          id: "actions",
          header: () => <span className="sr-only">Actions</span>,
          cell: ({ row }) => (row.original.status === "revoked" ? null : <RevokeButton orgId={orgId} apiKey={row.original} action={action} />),
          meta: { className: "w-24 text-right" },
        })]
      : []),
  ];
  return <DataTable caption="API keys" columns={columns} data={data} getRowId={(k) => k.id} empty={empty} />;
}
