"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Controller, useForm } from "react-hook-form";
import type { z } from "zod";
import { createScimTokenSchema, SCIM_TOKEN_SCOPES } from "@/lib/scim-tokens/schemas";
import type { CreatedScimTokenDto } from "@/lib/scim-tokens/dto";
import { applyFieldErrors } from "@/lib/http/action-result";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { DialogClose, DialogContent, DialogFooter, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { FormError, TextField } from "@/components/ui/form-field";
import { PlusIcon } from "@/components/ui/icons";
import type { ScimTokenActions } from "./types";

type Input = z.input<typeof createScimTokenSchema>;
type Output = z.output<typeof createScimTokenSchema>;
const FIELDS = ["name", "scopes", "expiresAt"] as const;
const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const SCOPE_LABELS: Record<(typeof SCIM_TOKEN_SCOPES)[number], string> = {
  "users:read": "Read users",
  "users:write": "Create, update and remove users",
  "groups:read": "Read groups",
  "groups:write": "Create, update and remove groups (Group Push)",
};

function Secret({ label, copyLabel, value, testId }: { label: string; copyLabel: string; value: string; testId: string }) {
  return (
    <div>
      <p className="mb-1 text-sm font-medium text-slate-800">{label}</p>
      <div className="flex items-center gap-2 rounded-md bg-slate-900 px-3 py-2.5">
        <code className="min-w-0 flex-1 font-mono text-sm break-all text-green-300 select-all" data-testid={testId}>{value}</code>
        <CopyButton value={value} label={copyLabel} showLabel className="text-slate-200 hover:bg-slate-700 hover:text-white" />
      </div>
    </div>
  );
}

/**
 * "New SCIM token": a name, the scopes (all four by default), an optional expiry. On success the dialog
 * shows the token once, with the base URL, each with a copy button; closing it forgets the token.
 */
export function CreateScimTokenDialog({ orgId, action }: { orgId: string; action: ScimTokenActions["create"] }) {
  const router = useRouter();
  const idPrefix = useId().replace(/:/g, "");
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<CreatedScimTokenDto | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const defaults: Input = { name: "", scopes: [...SCIM_TOKEN_SCOPES] };
  const { register, control, handleSubmit, formState, setError, reset } = useForm<Input, unknown, Output>({
    resolver: zodResolver(createScimTokenSchema),
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
          <PlusIcon /> New SCIM token
        </Button>
      </DialogTrigger>
      {created ? (
        <DialogContent title="Copy your SCIM token now" description={`“${created.name}” is ready. This is the only time the full token is shown.`} size="lg" onInteractOutside={(e) => e.preventDefault()}>
          <div className="space-y-4">
            <Secret label="SCIM base URL" copyLabel="Copy URL" value={created.scimBaseUrl} testId="scim-base-url" />
            <Secret label="Token" copyLabel="Copy token" value={created.secret} testId="scim-token-secret" />
            <Alert tone="warning" title="Store it in your identity provider now">
              Gatehouse keeps only a hash. Okta: Authentication Mode “HTTP Header”, Authorization “Bearer”. Entra ID: “Secret Token”. If you lose it, create a new token and revoke this one.
            </Alert>
            <DialogFooter>
              <DialogClose asChild>
                <Button>Done</Button>
              </DialogClose>
            </DialogFooter>
          </div>
        </DialogContent>
      ) : (
        <DialogContent title="New SCIM token" description="For one identity provider connection. Keep the old token active until the provider uses the new one, then revoke it." size="lg" hideClose={isSubmitting}>
          <form onSubmit={onSubmit} noValidate className="space-y-4">
            <div className="grid gap-4 sm:grid-cols-3">
              <TextField label="Name" required autoComplete="off" placeholder="Okta production" autoFocus fieldClassName="sm:col-span-2" error={errors.name?.message} {...register("name")} />
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
              render={({ field }) => {
                const selected = new Set(field.value ?? []);
                const error = errors.scopes?.message ?? errors.scopes?.[0]?.message;
                return (
                  <fieldset aria-describedby={error ? `${idPrefix}-scopes-error` : undefined}>
                    <legend className="text-sm font-medium text-slate-800">Scopes</legend>
                    <ul className="mt-2 grid gap-2 rounded-md p-3 ring-1 ring-slate-200 sm:grid-cols-2">
                      {SCIM_TOKEN_SCOPES.map((s) => {
                        const id = `${idPrefix}-${s.replace(":", "-")}`;
                        return (
                          <li key={s} className="flex items-start gap-2">
                            <input
                              id={id}
                              type="checkbox"
                              className="mt-0.5 size-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-500"
                              checked={selected.has(s)}
                              onChange={(e) => field.onChange(SCIM_TOKEN_SCOPES.filter((x) => (x === s ? e.target.checked : selected.has(x))))}
                            />
                            <label htmlFor={id} className="text-sm text-slate-700">
                              <span className="font-mono text-xs text-slate-900">{s}</span>
                              <span className="block text-xs text-slate-500">{SCOPE_LABELS[s]}</span>
                            </label>
                          </li>
                        );
                      })}
                    </ul>
                    {error ? <p id={`${idPrefix}-scopes-error`} className="mt-1 text-sm text-red-700">{error}</p> : null}
                  </fieldset>
                );
              }}
            />
            <FormError message={formError} />
            <DialogFooter>
              <DialogClose asChild>
                <Button variant="secondary" disabled={isSubmitting}>Cancel</Button>
              </DialogClose>
              <Button type="submit" loading={isSubmitting}>Create token</Button>
            </DialogFooter>
          </form>
        </DialogContent>
      )}
    </DialogRoot>
  );
}
