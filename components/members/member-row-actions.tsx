"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { MemberDto } from "@/lib/members/dto";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Menu, MenuButton, MenuSeparator } from "@/components/ui/menu";
import { ChangeRoleDialog } from "./change-role-dialog";
import type { MemberActions, RoleOption } from "./types";

export type RowPermissions = { canChangeRole: boolean; canRemove: boolean; canTransfer: boolean };

const dots = (
  <svg viewBox="0 0 24 24" className="size-4" fill="currentColor" aria-hidden="true">
    <circle cx="5" cy="12" r="1.6" /><circle cx="12" cy="12" r="1.6" /><circle cx="19" cy="12" r="1.6" />
  </svg>
);

export function MemberRowActions({ orgId, member, roles, perms, isSelf, actions }: {
  orgId: string; member: MemberDto; roles: RoleOption[]; perms: RowPermissions; isSelf: boolean;
  actions: Pick<MemberActions, "changeRole" | "remove" | "transfer">;
}) {
  const router = useRouter();
  const [dialog, setDialog] = useState<"role" | "remove" | "transfer" | null>(null);
  const who = member.name ?? member.email;
  const set = (d: typeof dialog) => (open: boolean) => setDialog(open ? d : null);

  return (
    <>
      <Menu
        button={dots}
        buttonLabel={`Actions for ${member.email}`}
        buttonClassName="rounded-md p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-800 focus-visible:outline-2 focus-visible:outline-indigo-600"
      >
        {perms.canChangeRole ? <MenuButton onClick={() => setDialog("role")}>Change role…</MenuButton> : null}
        {perms.canTransfer ? <MenuButton onClick={() => setDialog("transfer")}>Transfer ownership…</MenuButton> : null}
        {perms.canRemove ? (
          <>
            {perms.canChangeRole || perms.canTransfer ? <MenuSeparator /> : null}
            <MenuButton className="text-red-700" onClick={() => setDialog("remove")}>{isSelf ? "Leave organization…" : "Remove from organization…"}</MenuButton>
          </>
        ) : null}
      </Menu>

      {perms.canChangeRole ? (
        <ChangeRoleDialog orgId={orgId} member={member} roles={roles} open={dialog === "role"} onOpenChange={set("role")} action={actions.changeRole} />
      ) : null}
      {perms.canRemove ? (
        <ConfirmDialog
          open={dialog === "remove"}
          onOpenChange={set("remove")}
          title={isSelf ? "Leave this organization?" : `Remove ${who}?`}
          description={isSelf ? "You lose access as soon as you confirm." : "They lose access to this organization at once. Their account stays; you can add them again later."}
          confirmLabel={isSelf ? "Leave" : "Remove member"}
          onConfirm={async () => {
            const r = await actions.remove(orgId, { userId: member.userId });
            if (r.ok) router.refresh();
            return r;
          }}
        />
      ) : null}
      {perms.canTransfer ? (
        <ConfirmDialog
          open={dialog === "transfer"}
          onOpenChange={set("transfer")}
          variant="primary"
          title={`Transfer ownership to ${who}?`}
          description="They become an owner. If you are an owner here, you become an admin in the same step."
          confirmLabel="Transfer ownership"
          onConfirm={async () => {
            const r = await actions.transfer(orgId, { userId: member.userId });
            if (r.ok) router.refresh();
            return r;
          }}
        />
      ) : null}
    </>
  );
}
