"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { createMemberSchema } from "@/lib/members/schemas";
import { applyFieldErrors } from "@/lib/http/action-result";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogFooter, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { FormError, TextField } from "@/components/ui/form-field";
import { PlusIcon } from "@/components/ui/icons";
import { RoleSelectField } from "./role-select";
import type { MemberActions, RoleOption } from "./types";

type Input = z.input<typeof createMemberSchema>;
type Output = z.output<typeof createMemberSchema>;
const FIELDS = ["email", "role", "name"] as const;
const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** "Add member": an existing account by email, or a new one without a password (they sign in later). */
export function AddMemberDialog({ orgId, roles, defaultRole, action }: { orgId: string; roles: RoleOption[]; defaultRole: string; action: MemberActions["add"] }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const initialRole = roles.some((r) => r.name === defaultRole) ? defaultRole : roles.find((r) => r.name === "member")?.name ?? roles[roles.length - 1]?.name;
  const { register, handleSubmit, formState, setError, reset } = useForm<Input, unknown, Output>({
    resolver: zodResolver(createMemberSchema),
    mode: "onChange",
    defaultValues: { email: "", role: initialRole },
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
    router.refresh();
  });

  return (
    <DialogRoot open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button>
          <PlusIcon /> Add member
        </Button>
      </DialogTrigger>
      <DialogContent title="Add member" description="Add someone by email. If they have no account yet, one is created; they set up sign-in later." hideClose={isSubmitting}>
        <form onSubmit={onSubmit} noValidate className="space-y-4">
          <TextField label="Email" type="email" required autoComplete="off" placeholder="jane@acme.com" autoFocus error={errors.email?.message} {...register("email")} />
          <TextField
            label="Name"
            aside="Optional"
            autoComplete="off"
            placeholder="Jane Doe"
            hint="Used only if this email has no account yet."
            error={errors.name?.message}
            {...register("name", { setValueAs: emptyToUndefined })}
          />
          <RoleSelectField label="Role" roles={roles} error={errors.role?.message} hint="You can offer roles up to your own rank." {...register("role")} />
          <FormError message={formError} />
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="secondary" disabled={isSubmitting}>Cancel</Button>
            </DialogClose>
            <Button type="submit" loading={isSubmitting}>Add member</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
