"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { useForm, useWatch } from "react-hook-form";
import {
  OAUTH_PROVIDERS, oauthConnectionFormSchema, type OAuthConnectionFormInput, type OAuthConnectionFormOutput,
} from "@/lib/oauth-connections/schemas";
import type { OAuthConnectionDto } from "@/lib/oauth-connections/dto";
import { applyFieldErrors } from "@/lib/http/action-result";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogFooter, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { FormError, SelectField, TextField } from "@/components/ui/form-field";
import type { OAuthConnectionActions } from "./types";
import type { ConfigDialogMode } from "./config-dialog";

const FIELDS = ["name", "provider", "clientId", "clientSecret", "removeClientSecret", "scopes", "issuer", "authorizationUrl", "tokenUrl", "userinfoUrl", "jwksUrl"] as const;

export const PROVIDER_LABELS: Record<(typeof OAUTH_PROVIDERS)[number], string> = {
  okta: "Okta", entra: "Microsoft Entra ID", google: "Google", keycloak: "Keycloak", zitadel: "ZITADEL",
  github: "GitHub", "generic-oidc": "Generic OpenID Connect", other: "Other OAuth 2.0",
};

const TITLES: Record<ConfigDialogMode, string> = { create: "New OAuth connection", edit: "Edit OAuth connection", override: "Override global OAuth connection" };

function initial(mode: ConfigDialogMode, item?: OAuthConnectionDto): OAuthConnectionFormInput {
  const blank = { clientSecret: "", removeClientSecret: false };
  if (!item || mode === "create") {
    return { name: "", provider: "generic-oidc", clientId: "", scopes: "openid email profile", issuer: "", authorizationUrl: "", tokenUrl: "", userinfoUrl: "", jwksUrl: "", ...blank };
  }
  return {
    name: item.name, provider: item.provider as OAuthConnectionFormInput["provider"], clientId: item.clientId, scopes: item.scopes.join(" "),
    issuer: item.issuer ?? "", authorizationUrl: item.authorizationUrl ?? "", tokenUrl: item.tokenUrl ?? "", userinfoUrl: item.userinfoUrl ?? "", jwksUrl: item.jwksUrl ?? "",
    ...blank,
  };
}

/** Create, edit or override an OAuth connection; the client secret is write-only (blank keeps the stored one). */
export function OAuthConnectionDialog({ mode, item, action, trigger }: {
  mode: ConfigDialogMode;
  item?: OAuthConnectionDto;
  action: OAuthConnectionActions["create"];
  trigger: ReactNode;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, formState, setError, reset, getValues, control } = useForm<OAuthConnectionFormInput, unknown, OAuthConnectionFormOutput>({
    resolver: zodResolver(oauthConnectionFormSchema),
    mode: "onChange",
    defaultValues: initial(mode, item),
  });
  const { errors, isSubmitting } = formState;
  const removing = useWatch({ control, name: "removeClientSecret" });
  // An override starts without a secret: the global connection's secret is not copied.
  const storedSecret = mode === "edit" && !!item?.hasClientSecret;

  function onOpenChange(next: boolean) {
    if (isSubmitting) return;
    setOpen(next);
    if (!next) {
      reset(initial(mode, item));
      setFormError(null);
    }
  }

  // The action re-parses with the same schema, so it gets the raw input values.
  const onSubmit = handleSubmit(async () => {
    setFormError(null);
    const r = await action(getValues());
    if (!r.ok) {
      setFormError(applyFieldErrors(r, FIELDS, setError));
      return;
    }
    setOpen(false);
    reset(initial("edit", r.data));
    router.refresh();
  });

  return (
    <DialogRoot open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent
        title={TITLES[mode]}
        description={mode === "override"
          ? `This organization gets its own “${item?.name}”; the global connection stays as it is for everyone else.`
          : "An OAuth 2.0 / OpenID Connect client registration. Endpoints must use https."}
        size="lg"
        hideClose={isSubmitting}
      >
        <form onSubmit={onSubmit} noValidate className="space-y-4">
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField label="Name" required autoComplete="off" spellCheck={false} placeholder="okta-main" readOnly={mode !== "create"} autoFocus={mode === "create"} className={mode === "create" ? "font-mono" : "bg-slate-50 font-mono text-slate-600"} error={errors.name?.message} {...register("name")} />
            <SelectField label="Provider" required error={errors.provider?.message} {...register("provider")}>
              {OAUTH_PROVIDERS.map((p) => <option key={p} value={p}>{PROVIDER_LABELS[p]}</option>)}
            </SelectField>
            <TextField label="Client ID" required autoComplete="off" spellCheck={false} autoFocus={mode !== "create"} className="font-mono" error={errors.clientId?.message} {...register("clientId")} />
            <TextField
              label="Client secret"
              type="password"
              autoComplete="new-password"
              aside={storedSecret ? "Stored" : "Optional"}
              placeholder={storedSecret ? "•••••••• (unchanged)" : ""}
              readOnly={removing}
              hint={storedSecret ? "Leave blank to keep the stored secret; it is never shown." : "Write-only: encrypted at rest and never shown again."}
              error={errors.clientSecret?.message}
              {...register("clientSecret")}
            />
          </div>
          {storedSecret ? (
            <label className="flex items-center gap-2 text-sm text-slate-700">
              <input type="checkbox" className="size-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600" {...register("removeClientSecret")} />
              Remove the stored client secret (public client)
            </label>
          ) : null}
          <TextField label="Scopes" spellCheck={false} className="font-mono" placeholder="openid email profile" hint="Separated by spaces." error={errors.scopes?.message ?? (errors.scopes as { [k: number]: { message?: string } } | undefined)?.[0]?.message} {...register("scopes")} />
          <fieldset className="space-y-3 rounded-lg border border-slate-200 p-4">
            <legend className="px-1 text-sm font-medium text-slate-800">Endpoints</legend>
            <TextField label="Issuer" type="url" inputMode="url" spellCheck={false} placeholder="https://acme.okta.com" error={errors.issuer?.message} {...register("issuer")} />
            <div className="grid gap-3 sm:grid-cols-2">
              <TextField label="Authorization URL" type="url" spellCheck={false} error={errors.authorizationUrl?.message} {...register("authorizationUrl")} />
              <TextField label="Token URL" type="url" spellCheck={false} error={errors.tokenUrl?.message} {...register("tokenUrl")} />
              <TextField label="Userinfo URL" type="url" spellCheck={false} error={errors.userinfoUrl?.message} {...register("userinfoUrl")} />
              <TextField label="JWKS URL" type="url" spellCheck={false} error={errors.jwksUrl?.message} {...register("jwksUrl")} />
            </div>
          </fieldset>
          <FormError message={formError} />
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="secondary" disabled={isSubmitting}>Cancel</Button>
            </DialogClose>
            <Button type="submit" loading={isSubmitting}>{mode === "create" ? "Create connection" : mode === "override" ? "Save override" : "Save"}</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
