"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { useForm, useWatch, type Resolver } from "react-hook-form";
import { ENTRA_CLOUDS, SSO_PROVIDERS, cleanRules, ssoConfigFormSchema, type SsoProvider } from "@/lib/sso/schemas";
import type { SsoConnectionDto } from "@/lib/sso/dto";
import type { MappingSuggestions } from "@/lib/mappings/suggest";
import type { MappingPreview } from "@/lib/sso/service";
import type { ActionResult } from "@/lib/http/action-result";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardFooter, CardHeader } from "@/components/ui/card";
import { FormError, SelectField, TextField } from "@/components/ui/form-field";
import { CLOUD_LABELS, PROVIDER_FIELD_SPECS, PROVIDER_LABELS, initialValues, type ProviderField, type SsoFormValues } from "./provider-fields";
import { MappingRules, SuggestionDatalists } from "./mapping-editor";
import { MappingPreviewTable } from "./mapping-preview";

export type SsoFormActions = {
  save: (input: unknown) => Promise<ActionResult<SsoConnectionDto>>;
  preview: (input: { attributeRoleMappings: never[]; attributeTeamMappings: never[]; attributeBusinessUnitMappings: never[] }) => Promise<ActionResult<MappingPreview>>;
};

const MAPPING_KEYS = ["attributeRoleMappings", "attributeTeamMappings", "attributeBusinessUnitMappings"] as const;
const mappingsOf = (v: SsoFormValues) => JSON.stringify(MAPPING_KEYS.map((k) => cleanRules(v[k])));

/**
 * The provider configuration and its mapping rules, validated as you type with the same schema the
 * server uses. Saving changed mappings first shows the preview (who would gain or lose what).
 */
export function SsoProviderForm({ dto, suggestions, roles, canManage, actions }: {
  dto: SsoConnectionDto | null;
  suggestions: MappingSuggestions;
  roles: string[];
  canManage: boolean;
  actions: SsoFormActions;
}) {
  const router = useRouter();
  const defaults = useMemo(() => initialValues(dto), [dto]);
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [preview, setPreview] = useState<{ key: string; data: MappingPreview } | null>(null);
  const { register, handleSubmit, control, formState, getValues, setError, reset } = useForm<SsoFormValues>({
    resolver: zodResolver(ssoConfigFormSchema as never) as unknown as Resolver<SsoFormValues>,
    mode: "onChange",
    defaultValues: defaults,
  });
  const { errors, isSubmitting } = formState;
  const provider = useWatch({ control, name: "provider" }) as SsoProvider;
  const specs = PROVIDER_FIELD_SPECS[provider] ?? [];
  const readOnly = !canManage;
  const err = (name: string) => (errors as Record<string, { message?: string } | undefined>)[name]?.message;

  async function runPreview(values: SsoFormValues) {
    const r = await actions.preview({
      attributeRoleMappings: cleanRules(values.attributeRoleMappings) as never[],
      attributeTeamMappings: cleanRules(values.attributeTeamMappings) as never[],
      attributeBusinessUnitMappings: cleanRules(values.attributeBusinessUnitMappings) as never[],
    });
    if (!r.ok) {
      setFormError(r.message);
      return null;
    }
    const p = { key: mappingsOf(values), data: r.data };
    setPreview(p);
    return p;
  }

  const onSubmit = handleSubmit(async () => {
    setFormError(null);
    setSaved(false);
    const values = getValues();
    // Issue #4 "Mapping preview": before saving changed mappings, show who would gain or lose what.
    if (dto && mappingsOf(values) !== mappingsOf(defaults) && preview?.key !== mappingsOf(values)) {
      await runPreview(values);
      return;
    }
    const r = await actions.save(values);
    if (!r.ok) {
      let applied = 0;
      for (const [path, message] of Object.entries(r.fieldErrors ?? {})) {
        setError(path as never, { type: "server", message });
        applied++;
      }
      setFormError(applied ? "Check the highlighted fields." : r.message);
      return;
    }
    setPreview(null);
    setSaved(true);
    reset(initialValues(r.data));
    router.refresh();
  });

  const pendingConfirm = !!dto && !!preview && preview.key === mappingsOf(getValues()) && mappingsOf(getValues()) !== mappingsOf(defaults);

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-6" aria-label="SSO provider">
      <SuggestionDatalists suggestions={suggestions} roles={roles} />
      <Card>
        <CardHeader title="Identity provider" description="One OpenID Connect provider per organization. Secrets are write-only and encrypted at rest." />
        <CardBody className="space-y-4">
          <FormError message={formError} />
          {saved ? <Alert tone="success" title="Saved">The provider configuration was saved. Run Verify to check it against the provider.</Alert> : null}
          <SelectField label="Provider" required disabled={readOnly} error={err("provider")} {...register("provider")}>
            {SSO_PROVIDERS.map((p) => <option key={p} value={p}>{PROVIDER_LABELS[p]}</option>)}
          </SelectField>
          <div className="grid gap-4 sm:grid-cols-2">
            {specs.map((f) =>
              f.select === "cloud" ? (
                <SelectField key={`${provider}-${f.name}`} label={f.label} required disabled={readOnly} error={err(f.name)} {...register(f.name as ProviderField)}>
                  {ENTRA_CLOUDS.map((c) => <option key={c} value={c}>{CLOUD_LABELS[c]}</option>)}
                </SelectField>
              ) : (
                <TextField
                  key={`${provider}-${f.name}`}
                  label={f.label}
                  required={f.required}
                  type={f.secret ? "password" : "text"}
                  autoComplete={f.secret ? "new-password" : "off"}
                  spellCheck={false}
                  placeholder={f.secret && dto?.hasApiToken ? "•••••••• (unchanged)" : f.placeholder}
                  hint={f.hint}
                  readOnly={readOnly}
                  className={f.url ? "font-mono" : undefined}
                  error={err(f.name)}
                  {...register(f.name as ProviderField)}
                />
              ),
            )}
            <TextField label="Client ID" required autoComplete="off" spellCheck={false} readOnly={readOnly} className="font-mono" hint="May be env.VAR_NAME." error={err("clientId")} {...register("clientId")} />
            <TextField
              label="Client secret"
              type="password"
              autoComplete="new-password"
              required={!dto?.hasClientSecret}
              readOnly={readOnly}
              aside={dto?.hasClientSecret ? "Stored" : undefined}
              placeholder={dto?.hasClientSecret ? "•••••••• (unchanged)" : ""}
              hint={dto?.hasClientSecret ? "Leave blank to keep the stored secret; it is never shown." : "Write-only; may be env.VAR_NAME."}
              error={err("clientSecret")}
              {...register("clientSecret")}
            />
            <TextField label="Audience" spellCheck={false} readOnly={readOnly} placeholder="Defaults to the client ID" hint="Override the ID token audience the provider uses." error={err("audience")} {...register("audience")} />
            <TextField label="Scopes" spellCheck={false} readOnly={readOnly} className="font-mono" hint="Separated by spaces; must include openid." error={err("scopes")} {...register("scopes")} />
          </div>
          <fieldset className="grid gap-4 rounded-lg border border-slate-200 p-4 sm:grid-cols-3">
            <legend className="px-1 text-sm font-medium text-slate-800">Claims</legend>
            <TextField label="User ID claim" spellCheck={false} readOnly={readOnly} className="font-mono" hint="Stable user id (Entra: oid)." error={err("userIdField")} {...register("userIdField")} />
            <TextField label="Roles claim" spellCheck={false} readOnly={readOnly} className="font-mono" placeholder="realm_access.roles" hint="Values naming Gatehouse roles directly." list="sso-attr-names" error={err("rolesField")} {...register("rolesField")} />
            <TextField label="Team IDs claim" spellCheck={false} readOnly={readOnly} className="font-mono" placeholder="team_ids" hint="Values naming existing teams." list="sso-attr-names" error={err("teamIdsField")} {...register("teamIdsField")} />
          </fieldset>
        </CardBody>
      </Card>

      <Card>
        <CardHeader
          title="Attribute mappings"
          description="Decide each person's role, teams and business units from the claims at every sign-in (shared with SCIM). Values compare case-insensitively."
        />
        <CardBody className="space-y-6">
          <div>
            <h3 className="mb-2 text-sm font-semibold text-slate-800">Role rules</h3>
            <MappingRules
              kind="attributeRoleMappings" control={control} register={register} errors={errors} readOnly={readOnly} suggestions={suggestions}
              description='Ordered: the first rule that matches decides the role. A "*" rule, last, is the fallback. With no rules, the first SSO user becomes admin and later ones get the default role.'
            />
          </div>
          <div>
            <h3 className="mb-2 text-sm font-semibold text-slate-800">Team rules</h3>
            <MappingRules kind="attributeTeamMappings" control={control} register={register} errors={errors} readOnly={readOnly} suggestions={suggestions} description="Every rule that matches adds its team." />
          </div>
          <div>
            <h3 className="mb-2 text-sm font-semibold text-slate-800">Business-unit rules</h3>
            <MappingRules kind="attributeBusinessUnitMappings" control={control} register={register} errors={errors} readOnly={readOnly} suggestions={suggestions} description="Every rule that matches adds its business unit." />
          </div>
          {preview ? (
            <section aria-label="Mapping preview" className="space-y-2">
              <h3 className="text-sm font-semibold text-slate-800">Preview: what the next sign-ins would change</h3>
              <MappingPreviewTable preview={preview.data} />
            </section>
          ) : null}
        </CardBody>
        {canManage ? (
          <CardFooter>
            {dto ? (
              <Button variant="secondary" onClick={() => { setFormError(null); void runPreview(getValues()); }}>
                Preview mapping changes
              </Button>
            ) : null}
            <Button type="submit" loading={isSubmitting}>
              {pendingConfirm ? "Confirm and save" : dto ? "Save changes" : "Save provider"}
            </Button>
          </CardFooter>
        ) : null}
      </Card>
    </form>
  );
}
