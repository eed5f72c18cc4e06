"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { updateOrganizationSchema } from "@/lib/organizations/schemas";
import type { OrganizationDto } from "@/lib/organizations/dto";
import { applyFieldErrors, type ActionResult } from "@/lib/http/action-result";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogFooter, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { FormError, SelectField, TextField } from "@/components/ui/form-field";
import { PencilIcon } from "@/components/ui/icons";

type Input = z.input<typeof updateOrganizationSchema>;
type Output = z.output<typeof updateOrganizationSchema>;
const FIELDS = ["name", "slug", "domain", "defaultRole"] as const;
type Field = (typeof FIELDS)[number];

export type EditableOrganization = Pick<OrganizationDto, "id" | "name" | "slug" | "domain" | "defaultRole">;

/**
 * Edits name, slug, domain and default role with the API's update schema. Only changed fields are
 * sent, so saving an untouched slug never trips the uniqueness check.
 */
export function EditOrganizationDialog({ org, roles, action }: {
  org: EditableOrganization;
  roles: { name: string; description?: string | null }[];
  action: (orgId: string, input: Output) => Promise<ActionResult<OrganizationDto>>;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const defaults: Input = { name: org.name, slug: org.slug, domain: org.domain ?? "", defaultRole: org.defaultRole };
  const { register, handleSubmit, formState, setError, reset } = useForm<Input, unknown, Output>({
    resolver: zodResolver(updateOrganizationSchema),
    mode: "onChange",
    defaultValues: defaults,
  });
  const { errors, isSubmitting, dirtyFields, isDirty } = formState;
  const roleOptions = roles.some((r) => r.name === org.defaultRole) ? roles : [{ name: org.defaultRole }, ...roles];

  function onOpenChange(next: boolean) {
    if (isSubmitting) return;
    setOpen(next);
    if (next) reset(defaults);
    setFormError(null);
  }

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const changed = Object.fromEntries(FIELDS.filter((f) => dirtyFields[f]).map((f) => [f, values[f]])) as Output;
    if (Object.keys(changed).length === 0) {
      setOpen(false);
      return;
    }
    const r = await action(org.id, changed);
    if (!r.ok) {
      setFormError(applyFieldErrors<Field>(r, FIELDS, setError));
      return;
    }
    setOpen(false);
    router.refresh();
  });

  return (
    <DialogRoot open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="secondary" size="sm">
          <PencilIcon className="size-3.5" /> Edit details
        </Button>
      </DialogTrigger>
      <DialogContent title="Edit organization" description="Changes apply immediately and are recorded in the audit log." hideClose={isSubmitting}>
        <form onSubmit={onSubmit} noValidate className="space-y-4">
          <TextField label="Name" required autoComplete="off" error={errors.name?.message} {...register("name")} />
          <TextField
            label="Slug"
            required
            autoComplete="off"
            spellCheck={false}
            className="font-mono"
            error={errors.slug?.message}
            hint="Changing the slug changes URLs and CLI references that use it."
            {...register("slug")}
          />
          <TextField
            label="Email domain"
            aside="Optional"
            autoComplete="off"
            spellCheck={false}
            placeholder="acme.com"
            error={errors.domain?.message}
            hint="Leave empty to remove the domain."
            {...register("domain", { setValueAs: (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v) })}
          />
          <SelectField label="Default role for new members" error={errors.defaultRole?.message} {...register("defaultRole")}>
            {roleOptions.map((r) => (
              <option key={r.name} value={r.name}>
                {r.name}
                {r.description ? ` — ${r.description}` : ""}
              </option>
            ))}
          </SelectField>
          <FormError message={formError} />
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="secondary" disabled={isSubmitting}>Cancel</Button>
            </DialogClose>
            <Button type="submit" loading={isSubmitting} disabled={!isDirty}>Save changes</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
