"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { createInvitationSchema } from "@/lib/invitations/schemas";
import { applyFieldErrors } from "@/lib/http/action-result";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogFooter, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { FormError, TextField } from "@/components/ui/form-field";
import { PlusIcon } from "@/components/ui/icons";
import { RoleSelectField } from "@/components/members/role-select";
import type { RoleOption } from "@/components/members/types";
import type { InvitationActions } from "./types";

type Input = z.input<typeof createInvitationSchema>;
type Output = z.output<typeof createInvitationSchema>;
const FIELDS = ["email", "role", "expiresInDays"] as const;

/** "Invite": one address, a role and how long the link works; the email goes out at once. */
export function InviteDialog({ orgId, roles, defaultRole, action, onSent }: {
  orgId: string; roles: RoleOption[]; defaultRole: string; action: InvitationActions["create"]; onSent?: (message: string) => void;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const initialRole = roles.some((r) => r.name === defaultRole) ? defaultRole : roles.find((r) => r.name === "member")?.name ?? roles.at(-1)?.name;
  const { register, handleSubmit, formState, setError, reset } = useForm<Input, unknown, Output>({
    resolver: zodResolver(createInvitationSchema),
    mode: "onTouched",
    defaultValues: { email: "", role: initialRole, expiresInDays: 7 },
  });
  const { errors, isSubmitting } = formState;

  function onOpenChange(next: boolean) {
    if (isSubmitting) return;
    setOpen(next);
    if (!next) {
      reset();
      setFormError(null);
    }
  }

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const r = await action(orgId, values);
    if (!r.ok) {
      setFormError(applyFieldErrors(r, FIELDS, setError));
      return;
    }
    setOpen(false);
    reset();
    const d = r.data.delivery;
    onSent?.(d.status === "failed" ? `Invitation created for ${r.data.email}, but ${d.error}` : d.status === "outbox" ? `Invitation for ${r.data.email} written to the development outbox` : `Invitation sent to ${r.data.email}`);
    router.refresh();
  });

  return (
    <DialogRoot open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button><PlusIcon /> Invite</Button>
      </DialogTrigger>
      <DialogContent title="Invite someone" description="They get an email with a single-use link to join this organization." hideClose={isSubmitting}>
        <form onSubmit={onSubmit} noValidate className="space-y-4">
          <TextField label="Email" type="email" required autoComplete="off" placeholder="jane@acme.com" autoFocus error={errors.email?.message} {...register("email")} />
          <RoleSelectField label="Role" roles={roles} error={errors.role?.message} hint="You can offer roles up to your own rank." {...register("role")} />
          <TextField label="Link expires after" aside="days" type="number" min={1} max={30} inputMode="numeric" hint="1 to 30 days; 7 by default." error={errors.expiresInDays?.message} {...register("expiresInDays")} />
          <FormError message={formError} />
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="secondary" disabled={isSubmitting}>Cancel</Button>
            </DialogClose>
            <Button type="submit" loading={isSubmitting}>Send invitation</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
