"use client";

import { useRouter } from "next/navigation";
import type { OrganizationDto } from "@/lib/organizations/dto";
import type { ActionResult } from "@/lib/http/action-result";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { PowerIcon } from "@/components/ui/icons";

/** Deactivate / Reactivate with a confirmation (provider administrators only; the page decides). */
export function OrganizationStatusControl({ org, action }: {
  org: Pick<OrganizationDto, "id" | "name" | "isActive">;
  action: (orgId: string, input: { isActive: boolean }) => Promise<ActionResult<OrganizationDto>>;
}) {
  const router = useRouter();
  const run = async (isActive: boolean) => {
    const r = await action(org.id, { isActive });
    if (r.ok) router.refresh();
    return r;
  };
  return org.isActive ? (
    <ConfirmDialog
      trigger={<Button variant="secondary"><PowerIcon className="size-4 text-red-600" /> Deactivate</Button>}
      title={`Deactivate ${org.name}?`}
      description="Its members will no longer be able to act in it and its API keys will be refused."
      confirmLabel="Deactivate organization"
      variant="destructive"
      onConfirm={() => run(false)}
    >
      Nothing is deleted: members, roles, configs and keys are kept, and you can reactivate it at any time.
    </ConfirmDialog>
  ) : (
    <ConfirmDialog
      trigger={<Button><PowerIcon className="size-4" /> Reactivate</Button>}
      title={`Reactivate ${org.name}?`}
      description="Its members can act in it again and its API keys are accepted again."
      confirmLabel="Reactivate organization"
      variant="primary"
      onConfirm={() => run(true)}
    />
  );
}
