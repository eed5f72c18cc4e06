"use client";

import { useEffect, useState, type ReactNode } from "react";
import type { InvitationDto } from "@/lib/invitations/dto";
import { Alert } from "@/components/ui/alert";
import { CardHeader } from "@/components/ui/card";
import type { RoleOption } from "@/components/members/types";
import { InviteDialog } from "./invite-dialog";
import { BulkInviteDialog } from "./bulk-invite-dialog";
import { InvitationsTable } from "./invitations-table";
import type { InvitationActions } from "./types";

/**
 * Client half of the invitations card: header with the invite dialogs, a short-lived confirmation
 * line, the table. Filters, the empty state and pagination are rendered by the server page.
 */
export function InvitationsPanel({ orgId, title, description, data, filters, empty, footer, roles, defaultRole, canCreate, canRevoke, actions }: {
  orgId: string; title: string; description: string; data: InvitationDto[]; filters: ReactNode; empty: ReactNode; footer: ReactNode;
  roles: RoleOption[]; defaultRole: string; canCreate: boolean; canRevoke: boolean; actions: InvitationActions;
}) {
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => setNotice(null), 8000);
    return () => clearTimeout(t);
  }, [notice]);
  const bar = canCreate && roles.length ? (
    <div className="flex flex-wrap items-center gap-2">
      <BulkInviteDialog orgId={orgId} roles={roles} defaultRole={defaultRole} action={actions.bulk} />
      <InviteDialog orgId={orgId} roles={roles} defaultRole={defaultRole} action={actions.create} onSent={setNotice} />
    </div>
  ) : null;
  return (
    <>
      <CardHeader title={title} description={description} actions={bar} />
      {filters}
      {notice ? <div className="border-b border-slate-100 px-5 py-3"><Alert tone={/, but /.test(notice) ? "warning" : "success"}>{notice}</Alert></div> : null}
      <InvitationsTable orgId={orgId} data={data} empty={empty} canResend={canCreate} canRevoke={canRevoke} actions={actions} onDone={setNotice} />
      {footer}
    </>
  );
}
