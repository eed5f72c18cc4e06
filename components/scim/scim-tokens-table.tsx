"use client";

import { createColumnHelper } from "@tanstack/react-table";
import { useRouter } from "next/navigation";
import type { ScimTokenDto } from "@/lib/scim-tokens/dto";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable } from "@/components/ui/data-table";
import type { ScimTokenActions } from "./types";

const DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const DATE_TIME = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
const col = createColumnHelper<ScimTokenDto>();

export function ScimTokenStatusBadge({ status }: { status: ScimTokenDto["status"] }) {
  if (status === "active") return <Badge tone="green" dot>Active</Badge>;
  if (status === "expired") return <Badge tone="amber" dot>Expired</Badge>;
  return <Badge tone="slate" dot>Revoked</Badge>;
}

function RevokeButton({ orgId, token, action }: { orgId: string; token: ScimTokenDto; action: ScimTokenActions["revoke"] }) {
  const router = useRouter();
  return (
    <ConfirmDialog
      trigger={<Button size="sm" variant="secondary">Revoke</Button>}
      title={`Revoke “${token.name}”?`}
      description={`The identity provider's next request with ${token.prefix}… is refused (401). Users and groups it provisioned stay as they are. This cannot be undone.`}
      confirmLabel="Revoke token"
      onConfirm={async () => {
        const r = await action(orgId, { tokenId: token.id });
        if (r.ok) router.refresh();
        return r;
      }}
    />
  );
}

const when = (v: string | null, f: Intl.DateTimeFormat, none: string) =>
  v ? <time dateTime={v} className="whitespace-nowrap text-slate-500">{f.format(new Date(v))}</time> : <span className="text-slate-400">{none}</span>;

export function ScimTokensTable({ orgId, data, empty, canManage, action }: { orgId: string; data: ScimTokenDto[]; empty: React.ReactNode; canManage: boolean; action: ScimTokenActions["revoke"] }) {
  const columns = [
    col.accessor("name", {
      header: "Token",
      cell: ({ row }) => (
        <div className="min-w-0">
          <p className="truncate font-medium text-slate-900">{row.original.name}</p>
          <p className="font-mono text-xs text-slate-500">{row.original.prefix}…</p>
        </div>
      ),
    }),
    col.accessor("status", { header: "Status", cell: (c) => <ScimTokenStatusBadge status={c.getValue()} />, meta: { className: "w-28" } }),
    col.accessor("scopes", {
      header: "Scopes",
      cell: (c) => (
        <ul className="flex max-w-xs flex-wrap gap-1">
          {c.getValue().map((s) => <li key={s} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[11px] text-slate-700">{s}</li>)}
        </ul>
      ),
      meta: { hideOnMobile: true },
    }),
    col.accessor("lastUsedAt", { header: "Last used", cell: (c) => when(c.getValue(), DATE_TIME, "Never"), meta: { className: "w-40" } }),
    col.accessor("expiresAt", { header: "Expires", cell: (c) => when(c.getValue(), DATE, "Never"), meta: { className: "w-32", hideOnMobile: true } }),
    col.accessor("createdAt", { header: "Created", cell: (c) => when(c.getValue(), DATE, ""), meta: { className: "w-32", hideOnMobile: true } }),
    ...(canManage
      ? [col.display({
          id: "actions",
          header: () => <span className="sr-only">Actions</span>,
          cell: ({ row }) => (row.original.status === "revoked" ? null : <RevokeButton orgId={orgId} token={row.original} action={action} />),
          meta: { className: "w-24 text-right" },
        })]
      : []),
  ];
  return <DataTable caption="SCIM tokens" columns={columns} data={data} getRowId={(t) => t.id} empty={empty} />;
}
