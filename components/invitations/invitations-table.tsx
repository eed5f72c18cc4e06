"use client";

import { createColumnHelper } from "@tanstack/react-table";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import type { InvitationDto } from "@/lib/invitations/dto";
import { DataTable } from "@/components/ui/data-table";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Menu, MenuButton } from "@/components/ui/menu";
import { RoleBadge } from "@/components/members/role-badge";
import { InvitationStatusBadge } from "./invitation-status-badge";
import type { InvitationActions } from "./types";

const DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const col = createColumnHelper<InvitationDto>();

const dots = (
  <svg viewBox="0 0 24 24" className="size-4" fill="currentColor" aria-hidden="true">
    <circle cx="5" cy="12" r="1.6" /><circle cx="12" cy="12" r="1.6" /><circle cx="19" cy="12" r="1.6" />
  </svg>
);

type Target = { inv: InvitationDto; kind: "resend" | "revoke" };

function RowMenu({ inv, canResend, canRevoke, onPick }: { inv: InvitationDto; canResend: boolean; canRevoke: boolean; onPick: (p: Target) => void }) {
  const live = inv.status === "pending" || inv.status === "expired";
  if (!live || !(canResend || canRevoke)) return null;
  return (
    <Menu button={dots} buttonLabel={`Actions for the invitation to ${inv.email}`} buttonClassName="rounded-md p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-800 focus-visible:outline-2 focus-visible:outline-indigo-600">
      {canResend ? <MenuButton onClick={() => onPick({ inv, kind: "resend" })}>Resend…</MenuButton> : null}
      {canRevoke ? <MenuButton className="text-red-700" onClick={() => onPick({ inv, kind: "revoke" })}>Revoke…</MenuButton> : null}
    </Menu>
  );
}

export function InvitationsTable({ orgId, data, empty, canResend, canRevoke, actions, onDone }: {
  orgId: string; data: InvitationDto[]; empty: React.ReactNode; canResend: boolean; canRevoke: boolean;
  actions: Pick<InvitationActions, "resend" | "revoke">; onDone: (message: string) => void;
}) {
  const router = useRouter();
  // One dialog for the table, outside the rows: a row re-rendering never closes it.
  const [target, setTarget] = useState<Target | null>(null);
  const columns = useMemo(() => [
    col.accessor("email", { header: "Email", cell: (c) => <span className="font-medium text-slate-900">{c.getValue()}</span> }),
    col.accessor("role", { header: "Role", cell: (c) => <RoleBadge role={c.getValue()} />, meta: { className: "w-32" } }),
    col.accessor("status", { header: "Status", cell: (c) => <InvitationStatusBadge status={c.getValue()} />, meta: { className: "w-28" } }),
    col.accessor("expiresAt", {
      header: "Expires",
      cell: ({ row }) => {
        const i = row.original;
        const at = i.status === "accepted" ? i.acceptedAt : i.status === "revoked" ? i.revokedAt : i.expiresAt;
        const label = i.status === "accepted" ? "Accepted " : i.status === "revoked" ? "Revoked " : "";
        return at ? <time dateTime={at} className="whitespace-nowrap text-slate-500">{label}{DATE.format(new Date(at))}</time> : null;
      },
      meta: { className: "w-40", hideOnMobile: true },
    }),
    col.accessor("invitedBy", { header: "Invited by", cell: (c) => <span className="block max-w-48 truncate text-slate-500">{c.getValue() ?? "—"}</span>, meta: { hideOnMobile: true } }),
    col.accessor("sendCount", { header: "Sent", cell: (c) => <span className="text-slate-500 tabular-nums">{c.getValue()}×</span>, meta: { className: "w-16", hideOnMobile: true } }),
    ...(canResend || canRevoke
      ? [col.display({
          id: "actions",
          header: () => <span className="sr-only">Actions</span>,
          cell: ({ row }) => <RowMenu inv={row.original} canResend={canResend} canRevoke={canRevoke} onPick={setTarget} />,
          meta: { className: "w-12 text-right" },
        })]
      : []),
  ], [canResend, canRevoke]);
  const inv = target?.inv;
  const close = (open: boolean) => { if (!open) setTarget(null); };
  return (
    <>
      <DataTable caption="Invitations" columns={columns} data={data} getRowId={(i) => i.id} empty={empty} />
      <ConfirmDialog
        open={target?.kind === "resend"}
        onOpenChange={close}
        variant="primary"
        title={`Resend the invitation to ${inv?.email ?? ""}?`}
        description="A new link is emailed and valid for 7 days; the previous link stops working at once."
        confirmLabel="Resend"
        onConfirm={async () => {
          if (!inv) return;
          const r = await actions.resend(orgId, { invitationId: inv.id });
          if (!r.ok) return r;
          onDone(r.data.delivery.status === "failed" ? `Link renewed for ${inv.email}, but ${r.data.delivery.error}` : `Invitation resent to ${inv.email}`);
          router.refresh();
          return r;
        }}
      />
      <ConfirmDialog
        open={target?.kind === "revoke"}
        onOpenChange={close}
        title={`Revoke the invitation to ${inv?.email ?? ""}?`}
        description="The link stops working. You can invite them again later."
        confirmLabel="Revoke invitation"
        onConfirm={async () => {
          if (!inv) return;
          const r = await actions.revoke(orgId, { invitationId: inv.id });
          if (!r.ok) return r;
          onDone(`Invitation to ${inv.email} revoked`);
          router.refresh();
          return r;
        }}
      />
    </>
  );
}
