"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useId, useState, type ReactNode } from "react";
import { Controller, useForm } from "react-hook-form";
import type { z } from "zod";
import { createRoleSchema } from "@/lib/roles/schemas";
import type { RoleDto } from "@/lib/roles/dto";
import { applyFieldErrors } from "@/lib/http/action-result";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogFooter, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { FormError, TextField, TextareaField } from "@/components/ui/form-field";
import { PermissionCheckboxes } from "./permission-checkboxes";
import type { RoleActions } from "./types";

type Input = z.input<typeof createRoleSchema>;
type Output = z.output<typeof createRoleSchema>;
const FIELDS = ["name", "description", "permissions", "rank"] as const;

export type RoleFormMode =
  | { kind: "create"; from?: Pick<RoleDto, "name" | "description" | "permissions" | "rank"> }
  | { kind: "edit"; role: RoleDto };

/**
 * Create a role, override a global one (create prefilled with its name), or edit an organization role.
 * Validates as you type with createRoleSchema; an edit sends only what changed.
 */
export function RoleFormDialog({ orgId, mode, held, maxRank, actions, trigger, open: openProp, onOpenChange }: {
  orgId: string; mode: RoleFormMode; held: string[]; maxRank: number; actions: Pick<RoleActions, "create" | "update">;
  trigger?: ReactNode; open?: boolean; onOpenChange?: (open: boolean) => void;
}) {
  const router = useRouter();
  const idPrefix = useId().replace(/:/g, "");
  const [openState, setOpenState] = useState(false);
  const open = openProp ?? openState;
  const [formError, setFormError] = useState<string | null>(null);
  const base = mode.kind === "edit" ? mode.role : mode.from;
  const defaults: Input = {
    name: base?.name ?? "",
    description: base?.description ?? "",
    permissions: (base?.permissions ?? []) as Input["permissions"],
    rank: base?.rank ?? Math.min(20, maxRank),
  };
  const { register, control, handleSubmit, formState, setError, reset } = useForm<Input, unknown, Output>({
    resolver: zodResolver(createRoleSchema),
    mode: "onChange",
    defaultValues: defaults,
  });
  const { errors, isSubmitting, dirtyFields, isDirty } = formState;

  function setOpen(next: boolean) {
    if (isSubmitting) return;
    setOpenState(next);
    onOpenChange?.(next);
    if (!next) {
      reset(defaults);
      setFormError(null);
    }
  }

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const description = values.description ? values.description : null;
    const r =
      mode.kind === "create"
        ? await actions.create(orgId, { ...values, description })
        : await actions.update(orgId, {
            roleId: mode.role.id!,
            changes: {
              ...(dirtyFields.name ? { name: values.name } : {}),
              ...(dirtyFields.description ? { description } : {}),
              ...(dirtyFields.permissions ? { permissions: values.permissions } : {}),
              ...(dirtyFields.rank ? { rank: values.rank } : {}),
            },
          });
    if (!r.ok) {
      setFormError(applyFieldErrors(r, FIELDS, setError));
      return;
    }
    setOpen(false);
    router.refresh();
  });

  const overriding = mode.kind === "create" && !!mode.from;
  const title = mode.kind === "edit" ? `Edit role “${mode.role.name}”` : overriding ? `Override “${mode.from!.name}” here` : "New role";
  const description =
    mode.kind === "edit"
      ? "Changes apply at once to every member holding this role."
      : overriding
        ? "Creates this organization's own version of the global role; members holding it get these permissions instead."
        : "A named set of permissions with a rank. Members can be given it like a built-in role.";

  return (
    <DialogRoot open={open} onOpenChange={setOpen}>
      {trigger ? <DialogTrigger asChild>{trigger}</DialogTrigger> : null}
      <DialogContent title={title} description={description} size="lg" hideClose={isSubmitting}>
        <form onSubmit={onSubmit} noValidate className="space-y-4">
          <div className="grid gap-4 sm:grid-cols-3">
            <TextField
              label="Name"
              required
              autoComplete="off"
              spellCheck={false}
              placeholder="support-agent"
              readOnly={overriding}
              className="font-mono"
              fieldClassName="sm:col-span-2"
              hint={overriding ? "Same name as the global role, so this one takes its place here." : "Lower-case letters, digits and hyphens."}
              error={errors.name?.message}
              {...register("name")}
            />
            <TextField
              label="Rank"
              required
              type="number"
              min={1}
              max={maxRank}
              hint={`1–${maxRank}; owner is 100, admin 80, member 10.`}
              error={errors.rank?.message}
              {...register("rank", { valueAsNumber: true })}
            />
          </div>
          <TextareaField label="Description" aside="Optional" rows={2} placeholder="What people with this role do" error={errors.description?.message} {...register("description")} />
          <Controller
            control={control}
            name="permissions"
            render={({ field }) => (
              <PermissionCheckboxes idPrefix={idPrefix} value={field.value ?? []} onChange={field.onChange} held={held} error={errors.permissions?.message ?? errors.permissions?.[0]?.message} />
            )}
          />
          <FormError message={formError} />
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="secondary" disabled={isSubmitting}>Cancel</Button>
            </DialogClose>
            <Button type="submit" loading={isSubmitting} disabled={mode.kind === "edit" && !isDirty}>{mode.kind === "edit" ? "Save changes" : "Create role"}</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
