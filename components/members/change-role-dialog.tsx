"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { updateMemberRoleSchema } from "@/lib/members/schemas";
import type { MemberDto } from "@/lib/members/dto";
import { applyFieldErrors } from "@/lib/http/action-result";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogFooter, DialogRoot } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/form-field";
import { RoleSelectField } from "./role-select";
import type { MemberActions, RoleOption } from "./types";

type Input = z.input<typeof updateMemberRoleSchema>;
type Output = z.output<typeof updateMemberRoleSchema>;

/** Controlled by the row menu. The server re-checks the rank and last-owner rules and says why it refuses. */
export function ChangeRoleDialog({ orgId, member, roles, open, onOpenChange, action }: {
  orgId: string; member: MemberDto; roles: RoleOption[]; open: boolean; onOpenChange: (open: boolean) => void; action: MemberActions["changeRole"];
}) {
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  // The current role stays selectable even when the actor could not grant it.
  const options = roles.some((r) => r.name === member.role) ? roles : [{ name: member.role, description: "current role", source: "builtin" as const }, ...roles];
  const { register, handleSubmit, formState, setError, reset } = useForm<Input, unknown, Output>({
    resolver: zodResolver(updateMemberRoleSchema),
    mode: "onChange",
    defaultValues: { role: member.role },
  });
  const { errors, isSubmitting, isDirty } = formState;

  function close(next: boolean) {
    if (isSubmitting) return;
    onOpenChange(next);
    if (!next) {
      reset({ role: member.role });
      setFormError(null);
    }
  }

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const r = await action(orgId, { userId: member.userId, ...values });
    if (!r.ok) {
      setFormError(applyFieldErrors(r, ["role"], setError));
      return;
    }
    onOpenChange(false);
    router.refresh();
  });

  return (
    <DialogRoot open={open} onOpenChange={close}>
      <DialogContent title="Change role" description={<>For <span className="font-medium text-slate-900">{member.name ?? member.email}</span>{member.name ? ` (${member.email})` : ""}</>} hideClose={isSubmitting}>
        <form onSubmit={onSubmit} noValidate className="space-y-4">
          <RoleSelectField label="Role" roles={options} error={errors.role?.message} {...register("role")} />
          <FormError message={formError} />
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="secondary" disabled={isSubmitting}>Cancel</Button>
            </DialogClose>
            <Button type="submit" loading={isSubmitting} disabled={!isDirty}>Save role</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
