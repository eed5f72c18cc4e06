"use client";

import type { ActionResult } from "@/lib/http/action-result";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { TrashIcon } from "@/components/ui/icons";

/** Delete with typed-name confirmation; the action redirects to the organizations list. */
export function DeleteOrganizationDialog({ org, action }: {
  org: { id: string; name: string };
  action: (orgId: string, input: { confirmName: string }) => Promise<ActionResult<unknown>>;
}) {
  return (
    <ConfirmDialog
      trigger={<Button variant="destructive"><TrashIcon className="size-4" /> Delete organization</Button>}
      title={`Delete ${org.name}?`}
      description="This permanently removes the organization, its memberships, roles, configs, connections and API keys."
      confirmLabel="Delete permanently"
      variant="destructive"
      confirmText={org.name}
      onConfirm={(typed) => action(org.id, { confirmName: typed })}
    >
      The audit log keeps its record of the organization. This cannot be undone.
    </ConfirmDialog>
  );
}
