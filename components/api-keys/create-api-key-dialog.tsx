"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Controller, useForm } from "react-hook-form";
import type { z } from "zod";
import { createApiKeySchema } from "@/lib/api-keys/schemas";
import type { CreatedApiKeyDto } from "@/lib/api-keys/dto";
import { applyFieldErrors } from "@/lib/http/action-result";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { DialogClose, DialogContent, DialogFooter, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { FormError, TextField } from "@/components/ui/form-field";
import { PlusIcon } from "@/components/ui/icons";
import { PermissionCheckboxes } from "@/components/roles/permission-checkboxes";
import type { ApiKeyActions } from "./types";

type Input = z.input<typeof createApiKeySchema>;
type Output = z.output<typeof createApiKeySchema>;
const FIELDS = ["name", "scopes", "expiresAt"] as const;
const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/**
 * "New API key": name, scopes (at most what the creator holds), optional expiry. On success the
 * dialog shows the secret once, with a copy button; closing it forgets the secret.
 */
export function CreateApiKeyDialog({ orgId, held, action, triggerLabel = "New API key", description = "For scripts, CI and the gatehouse CLI. A key acts in this organization with the scopes you pick." }: {
  orgId: string; held: string[]; action: ApiKeyActions["create"]; triggerLabel?: string; description?: string;
}) {
  const router = useRouter();
  const idPrefix = useId().replace(/:/g, "");
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<CreatedApiKeyDto | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const defaults: Input = { name: "", scopes: held as Input["scopes"] };
  const { register, control, handleSubmit, formState, setError, reset } = useForm<Input, unknown, Output>({
    resolver: zodResolver(createApiKeySchema),
    mode: "onChange",
    defaultValues: defaults,
  });
  const { errors, isSubmitting } = formState;

  function onOpenChange(next: boolean) {
    if (isSubmitting) return;
    setOpen(next);
    if (!next) {
      if (created) router.refresh();
      setCreated(null);
      reset(defaults);
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
    setCreated(r.data);
  });

  return (
    <DialogRoot open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button>
          <PlusIcon /> {triggerLabel}
        </Button>
      </DialogTrigger>
      {created ? (
        <DialogContent title="Copy your API key now" description={`“${created.name}” is ready. This is the only time the full key is shown.`} size="lg" onInteractOutside={(e) => e.preventDefault()}>
          <div className="space-y-4">
            <div className="flex items-center gap-2 rounded-md bg-slate-900 px-3 py-2.5">
              <code className="min-w-0 flex-1 font-mono text-sm break-all text-green-300 select-all" data-testid="api-key-secret">{created.secret}</code>
              <CopyButton value={created.secret} label="Copy key" showLabel className="text-slate-200 hover:bg-slate-700 hover:text-white" />
            </div>
            <Alert tone="warning" title="Store it somewhere safe">
              Gatehouse keeps only a hash. If you lose the key, revoke it and create a new one. Use it as <span className="font-mono">Authorization: Bearer {created.prefix}…</span>
            </Alert>
            <DialogFooter>
              <DialogClose asChild>
                <Button>Done</Button>
              </DialogClose>
            </DialogFooter>
          </div>
        </DialogContent>
      ) : (
        <DialogContent title={triggerLabel} description={description} size="lg" hideClose={isSubmitting}>
          <form onSubmit={onSubmit} noValidate className="space-y-4">
            <div className="grid gap-4 sm:grid-cols-3">
              <TextField label="Name" required autoComplete="off" placeholder="CI deploys" autoFocus fieldClassName="sm:col-span-2" error={errors.name?.message} {...register("name")} />
              <TextField
                label="Expires"
                aside="Optional"
                type="date"
                hint="End of that day (UTC). Empty: never."
                error={errors.expiresAt?.message}
                {...register("expiresAt", { setValueAs: emptyToUndefined })}
              />
            </div>
            <Controller
              control={control}
              name="scopes"
              render={({ field }) => (
                <PermissionCheckboxes legend="Scopes" idPrefix={idPrefix} value={field.value ?? []} onChange={field.onChange} held={held} error={errors.scopes?.message ?? errors.scopes?.[0]?.message} />
              )}
            />
            <FormError message={formError} />
            <DialogFooter>
              <DialogClose asChild>
                <Button variant="secondary" disabled={isSubmitting}>Cancel</Button>
              </DialogClose>
              <Button type="submit" loading={isSubmitting}>Create key</Button>
            </DialogFooter>
          </form>
        </DialogContent>
      )}
    </DialogRoot>
  );
}
