"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { useForm, useWatch, type Resolver } from "react-hook-form";
import { provisioningConfigFormSchema, type ProvisioningProvider } from "@/lib/provisioning/schemas";
import type { ProvisioningDto } from "@/lib/provisioning/dto";
import type { ActionResult } from "@/lib/http/action-result";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardFooter, CardHeader } from "@/components/ui/card";
import { FormError, SelectField, TextField, TextareaField } from "@/components/ui/form-field";
import {
  DIRECTORY_FIELD_SPECS, PROVIDER_OPTIONS, hasSecret, initialDirectoryValues, toDirectoryInput,
  type DirectoryFormValues, type FieldSpec,
} from "./provider-fields";

export const FILE_MANAGED_BADGE = "Managed by gatehouse.config.json — restart to change";

/** The card's id: the directory-sync panel links here ("Configure the connection"). */
export const DIRECTORY_SETTINGS_ID = "directory-settings";

/**
 * The directory connection (issue #6 "User provisioning configuration"): provider and its fields, the
 * enabled switch and the decommission safety thresholds, validated as you type with the schema the
 * server uses. Secrets are write-only: the form shows whether one is stored, never its value.
 */
export function DirectorySettingsForm({ orgId, dto, canManage, mappingRuleCount, save }: {
  orgId: string;
  dto: ProvisioningDto | null;
  canManage: boolean;
  mappingRuleCount: number;
  save: (input: unknown) => Promise<ActionResult<ProvisioningDto>>;
}) {
  const router = useRouter();
  const defaults = useMemo(() => initialDirectoryValues(dto), [dto]);
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const { register, handleSubmit, control, formState, setError, reset } = useForm<DirectoryFormValues>({
    resolver: zodResolver(provisioningConfigFormSchema as never) as unknown as Resolver<DirectoryFormValues>,
    mode: "onChange",
    defaultValues: defaults,
  });
  const { errors, isSubmitting, isDirty } = formState;
  const provider = useWatch({ control, name: "provider" }) as ProvisioningProvider;
  const credentialMode = useWatch({ control, name: "credentialMode" });
  const product = useWatch({ control, name: "product" });
  const share = useWatch({ control, name: "decommissionMaxShare" });
  const fileManaged = !!dto?.fileManaged;
  const readOnly = !canManage || fileManaged;
  // Secrets stored for another provider are dropped when the provider changes (the server does the same).
  const sameProvider = dto?.provider === provider;
  const specs = (DIRECTORY_FIELD_SPECS[provider] ?? []).filter((f) => !f.show || f.show({ credentialMode, product }));
  const err = (name: string) => (errors as Record<string, { message?: string } | undefined>)[name]?.message;
  // Read-only inputs look read-only (the primitives style only `disabled`).
  const ro = (extra?: string) => [extra, readOnly ? "read-only:bg-slate-50 read-only:text-slate-600" : undefined].filter(Boolean).join(" ") || undefined;
  const sharePercent = Number(share) > 0 && Number(share) <= 1 ? `${Math.round(Number(share) * 1000) / 10}%` : null;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    setSaved(false);
    const r = await save(toDirectoryInput(values));
    if (!r.ok) {
      let applied = 0;
      for (const [path, message] of Object.entries(r.fieldErrors ?? {})) {
        setError(path as never, { type: "server", message });
        applied++;
      }
      setFormError(applied ? "Check the highlighted fields." : r.message);
      return;
    }
    setSaved(true);
    reset(initialDirectoryValues(r.data));
    router.refresh();
  });

  function field(f: FieldSpec) {
    const key = `${provider}-${f.name}-${f.label}`;
    if (f.options) {
      return (
        <SelectField key={key} label={f.label} required={f.required} hint={f.hint} disabled={readOnly} error={err(f.name)} {...register(f.name)}>
          {f.options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </SelectField>
      );
    }
    const stored = !!f.secret && sameProvider && hasSecret(dto, f.secret);
    const secretProps = f.secret
      ? {
          autoComplete: "new-password",
          aside: stored ? <Badge tone="green" dot>Stored</Badge> : undefined,
          placeholder: stored ? "•••••••• (unchanged)" : f.placeholder,
          required: f.secretRequired && !stored,
          hint: stored ? "Leave blank to keep the stored value; it is never shown." : f.hint,
        }
      : { autoComplete: "off", placeholder: f.placeholder, required: f.required, hint: f.hint };
    if (f.textarea) {
      return (
        <div key={key} className="space-y-2 sm:col-span-2">
          <TextareaField
            label={f.label}
            spellCheck={false}
            readOnly={readOnly}
            rows={4}
            className={ro(f.mono ? "font-mono text-xs" : undefined)}
            error={err(f.name)}
            {...secretProps}
            {...register(f.name)}
          />
          {stored && f.name === "serviceAccountJson" && !readOnly ? (
            <label className="flex items-center gap-2 text-sm text-slate-700">
              <input type="checkbox" className="size-4 rounded border-slate-300" {...register("removeServiceAccountJson")} />
              Remove the stored key (use the source above instead)
            </label>
          ) : null}
        </div>
      );
    }
    return (
      <TextField
        key={key}
        label={f.label}
        type={f.secret ? "password" : "text"}
        spellCheck={false}
        readOnly={readOnly}
        className={ro(f.mono ? "font-mono" : undefined)}
        error={err(f.name)}
        {...secretProps}
        {...register(f.name)}
      />
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Directory connection">
      <Card id={DIRECTORY_SETTINGS_ID} className="scroll-mt-6">
        <CardHeader
          title="Directory connection"
          description="Where people are imported from and reconciled against. Secrets are write-only and encrypted at rest."
          actions={
            <>
              {fileManaged ? <Badge tone="indigo" dot>{FILE_MANAGED_BADGE}</Badge> : null}
              {dto ? (dto.enabled ? <Badge tone="green" dot>Enabled</Badge> : <Badge tone="slate" dot>Disabled</Badge>) : <Badge tone="amber" dot>Not configured</Badge>}
            </>
          }
        />
        <CardBody className="space-y-5">
          {fileManaged ? (
            <Alert tone="info" title="Managed by gatehouse.config.json">
              These settings come from the server&apos;s configuration file and are read at start-up. Change the file and restart Gatehouse to change them.
            </Alert>
          ) : null}
          <FormError message={formError} />
          {saved ? <Alert tone="success" title="Saved">The directory connection was saved and applies immediately. Run Verify to check it against the provider.</Alert> : null}

          <label className="flex items-start gap-3 rounded-lg border border-slate-200 p-3">
            <input type="checkbox" className="mt-0.5 size-4 rounded border-slate-300" disabled={readOnly} {...register("enabled")} />
            <span>
              <span className="block text-sm font-medium text-slate-800">Directory sync enabled</span>
              <span className="block text-xs text-slate-500">Allows imports and team sync, and includes this organization in the 24-hour reconciliation.</span>
            </span>
          </label>

          <SelectField label="Provider" required disabled={readOnly} error={err("provider")} {...register("provider")}>
            {PROVIDER_OPTIONS.map((p) => <option key={p.value} value={p.value}>{p.label}</option>)}
          </SelectField>
          <div className="grid gap-4 sm:grid-cols-2">{specs.map(field)}</div>

          <fieldset className="grid gap-4 rounded-lg border border-slate-200 p-4 sm:grid-cols-3">
            <legend className="px-1 text-sm font-medium text-slate-800">Assignments and safety</legend>
            <TextField
              label="Team IDs attribute" spellCheck={false} readOnly={readOnly} className={ro("font-mono")} placeholder="teamIds"
              hint="Optional: a user attribute whose values name existing teams." error={err("teamIdsField")} {...register("teamIdsField")}
            />
            <TextField
              label="Approval above this share" inputMode="decimal" readOnly={readOnly} className={ro("font-mono")}
              hint={sharePercent ? `A run that would decommission more than ${sharePercent} of imported users waits for approval.` : "Between 0 and 1 (0.1 = 10%)."}
              error={err("decommissionMaxShare")} {...register("decommissionMaxShare")}
            />
            <TextField
              label="…and at least this many people" inputMode="numeric" readOnly={readOnly} className={ro("font-mono")}
              hint="Smaller runs never wait for approval." error={err("decommissionMinCount")} {...register("decommissionMinCount")}
            />
          </fieldset>
          <p className="text-sm text-slate-500">
            Roles, teams and business units come from the organization&apos;s attribute mappings, shared with single sign-on
            ({mappingRuleCount === 1 ? "1 rule" : `${mappingRuleCount} rules`}).{" "}
            <Link href={`/orgs/${orgId}/sso`} className="font-medium text-indigo-600 hover:text-indigo-500">Edit them on the SSO page</Link>.
          </p>
        </CardBody>
        {canManage && !fileManaged ? (
          <CardFooter>
            <Button type="submit" loading={isSubmitting} disabled={!!dto && !isDirty}>
              {dto ? "Save changes" : "Save connection"}
            </Button>
          </CardFooter>
        ) : null}
      </Card>
    </form>
  );
}
