"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { createOrganizationSchema, slugify } from "@/lib/organizations/schemas";
import type { OrganizationDto } from "@/lib/organizations/dto";
import { applyFieldErrors, type ActionResult } from "@/lib/http/action-result";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogFooter, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { FormError, TextField } from "@/components/ui/form-field";
import { PlusIcon } from "@/components/ui/icons";

type Input = z.input<typeof createOrganizationSchema>;
type Output = z.output<typeof createOrganizationSchema>;
const FIELDS = ["name", "slug", "domain"] as const;
const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/**
 * "New organization": validates as you type with the same schema the API uses; server errors
 * (a taken slug) land on their field. Opens the new organization on success.
 */
export function CreateOrganizationDialog({ action }: { action: (input: Output) => Promise<ActionResult<OrganizationDto>> }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Input, unknown, Output>({
    resolver: zodResolver(createOrganizationSchema),
    mode: "onChange",
    defaultValues: { name: "" },
  });
  const { register, handleSubmit, formState, setError, reset, control } = form;
  const { errors, isSubmitting } = formState;
  const derivedSlug = slugify(useWatch({ control, name: "name" }) ?? "");

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
    const r = await action(values);
    if (!r.ok) {
      setFormError(applyFieldErrors(r, FIELDS, setError));
      return;
    }
    setOpen(false);
    reset();
    router.push(`/orgs/${r.data.id}`);
  });

  return (
    <DialogRoot open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button>
          <PlusIcon /> New organization
        </Button>
      </DialogTrigger>
      <DialogContent
        title="New organization"
        description="Create a customer organization. You can invite members and configure it next."
        hideClose={isSubmitting}
      >
        <form onSubmit={onSubmit} noValidate className="space-y-4">
          <TextField label="Name" required autoComplete="off" placeholder="Acme Corporation" autoFocus error={errors.name?.message} {...register("name")} />
          <TextField
            label="Slug"
            aside="Optional"
            autoComplete="off"
            spellCheck={false}
            placeholder={derivedSlug}
            className="font-mono"
            error={errors.slug?.message}
            hint={<>Used in URLs and the CLI. Leave empty to use <span className="font-mono">{derivedSlug}</span>.</>}
            {...register("slug", { setValueAs: emptyToUndefined })}
          />
          <TextField
            label="Email domain"
            aside="Optional"
            autoComplete="off"
            spellCheck={false}
            placeholder="acme.com"
            error={errors.domain?.message}
            hint="The domain its people sign in with, without https:// or a path."
            {...register("domain", { setValueAs: emptyToUndefined })}
          />
          <FormError message={formError} />
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="secondary" disabled={isSubmitting}>Cancel</Button>
            </DialogClose>
            <Button type="submit" loading={isSubmitting}>Create organization</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
