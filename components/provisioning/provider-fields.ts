import { ENTRA_CLOUDS } from "@/lib/sso/schemas";
import { GOOGLE_CREDENTIAL_MODES, PROVISIONING_PROVIDERS, SAILPOINT_PRODUCTS, type ProvisioningProvider, type SecretField } from "@/lib/provisioning/schemas";
import type { ProvisioningDto } from "@/lib/provisioning/dto";

// What the Directory form shows per provider (issue #6's field list) and the form's value shape.

export const DIRECTORY_PROVIDER_LABELS: Record<ProvisioningProvider, string> = {
  okta: "Okta",
  entra: "Microsoft Entra ID",
  keycloak: "Keycloak",
  zitadel: "ZITADEL",
  google: "Google Workspace",
  sailpoint: "SailPoint",
};

export const PROVIDER_OPTIONS = PROVISIONING_PROVIDERS.map((p) => ({ value: p, label: DIRECTORY_PROVIDER_LABELS[p] }));

export type FieldName =
  | "issuerUrl" | "clientId" | "clientSecret" | "apiToken" | "tenantId" | "cloud" | "serverUrl" | "realm" | "domain" | "projectId"
  | "serviceAccountClientId" | "serviceAccountClientSecret" | "adminEmail" | "credentialMode" | "serviceAccountJson"
  | "serviceAccountEnvVar" | "serviceAccountFile" | "impersonateServiceAccount" | "product" | "tenant" | "baseUrl" | "username" | "password";

export type DirectoryFormValues = { provider: ProvisioningProvider; enabled: boolean } & Record<FieldName, string> & {
  teamIdsField: string;
  decommissionMaxShare: string;
  decommissionMinCount: string;
  /** UI only: sends serviceAccountJson: null so credentialMode decides again. */
  removeServiceAccountJson: boolean;
};

export type FieldSpec = {
  name: FieldName;
  label: string;
  placeholder?: string;
  hint?: string;
  required?: boolean;
  /** Write-only: shows whether one is stored, never its value. */
  secret?: SecretField;
  /** Required unless one is stored (the server checks the same after merging). */
  secretRequired?: boolean;
  options?: readonly { value: string; label: string }[];
  textarea?: boolean;
  mono?: boolean;
  show?: (v: Pick<DirectoryFormValues, "credentialMode" | "product">) => boolean;
};

const ENV = "May be env.VAR_NAME.";
const CLOUD_OPTIONS = ENTRA_CLOUDS.map((c) => ({
  value: c,
  label: { commercial: "Commercial (graph.microsoft.com)", "gcc-high": "US Government GCC High (graph.microsoft.us)", dod: "US Government DoD (dod-graph.microsoft.us)" }[c],
}));
const MODE_OPTIONS = GOOGLE_CREDENTIAL_MODES.map((m) => ({
  value: m,
  label: { inherit: "Server default (GOOGLE_APPLICATION_CREDENTIALS)", env: "Environment variable holding the key JSON", file: "Key file on the server" }[m],
}));
const PRODUCT_OPTIONS = SAILPOINT_PRODUCTS.map((p) => ({ value: p, label: p === "isc" ? "Identity Security Cloud (ISC)" : "IdentityIQ (IIQ, SCIM 2.0)" }));
const isc = (v: { product: string }) => v.product !== "iiq";
const iiq = (v: { product: string }) => v.product === "iiq";

export const DIRECTORY_FIELD_SPECS: Record<ProvisioningProvider, FieldSpec[]> = {
  okta: [
    { name: "issuerUrl", label: "Okta URL", placeholder: "https://acme.okta.com", hint: `Your Okta org (or an authorization server under it). ${ENV}`, required: true, mono: true },
    { name: "apiToken", label: "API token", secret: "apiToken", secretRequired: true, hint: "Security → API → Tokens. Needed for import, team sync and reconciliation. Write-only; may be env.VAR_NAME." },
    { name: "clientId", label: "Client ID", hint: `Optional: an API services app, checked by Verify. ${ENV}`, mono: true },
    { name: "clientSecret", label: "Client secret", secret: "clientSecret", hint: "Optional, write-only; may be env.VAR_NAME." },
  ],
  entra: [
    { name: "tenantId", label: "Tenant ID", placeholder: "00000000-0000-0000-0000-000000000000", hint: `Directory (tenant) id or a verified tenant domain. ${ENV}`, required: true, mono: true },
    { name: "cloud", label: "Cloud", options: CLOUD_OPTIONS, required: true, hint: "Graph and login hosts differ per cloud." },
    { name: "clientId", label: "Client (application) ID", hint: `Needs User.Read.All, Group.Read.All (application permissions). ${ENV}`, required: true, mono: true },
    { name: "clientSecret", label: "Client secret", secret: "clientSecret", secretRequired: true, hint: "Write-only; may be env.VAR_NAME." },
  ],
  keycloak: [
    { name: "serverUrl", label: "Server URL", placeholder: "https://keycloak.acme.com", hint: `Without /realms/… ${ENV}`, required: true, mono: true },
    { name: "realm", label: "Realm", placeholder: "acme", required: true },
    { name: "clientId", label: "Client ID", hint: `A confidential client with a service account (view-users role). ${ENV}`, required: true, mono: true },
    { name: "clientSecret", label: "Client secret", secret: "clientSecret", secretRequired: true, hint: "Write-only; may be env.VAR_NAME." },
  ],
  zitadel: [
    { name: "domain", label: "Instance domain", placeholder: "acme.zitadel.cloud", hint: `Host name or base URL. ${ENV}`, required: true, mono: true },
    { name: "projectId", label: "Project ID", placeholder: "241856781328426253", hint: "Optional: project roles become groups." },
    { name: "serviceAccountClientId", label: "Service account client ID", required: true, mono: true, hint: ENV },
    { name: "serviceAccountClientSecret", label: "Service account client secret", secret: "serviceAccountClientSecret", secretRequired: true, hint: "Write-only; may be env.VAR_NAME." },
  ],
  google: [
    { name: "domain", label: "Workspace domain", placeholder: "acme.com", required: true, hint: ENV },
    { name: "adminEmail", label: "Admin email", placeholder: "admin@acme.com", required: true, hint: "The admin the service account acts as (domain-wide delegation)." },
    { name: "credentialMode", label: "Service account key", options: MODE_OPTIONS, required: true, hint: "Where the key comes from when none is pasted below." },
    { name: "serviceAccountEnvVar", label: "Variable name", placeholder: "GOOGLE_SA_KEY", mono: true, required: true, show: (v) => v.credentialMode === "env" },
    { name: "serviceAccountFile", label: "Key file path", placeholder: "/etc/gatehouse/google-sa.json", mono: true, required: true, show: (v) => v.credentialMode === "file" },
    { name: "impersonateServiceAccount", label: "Impersonate service account", placeholder: "sync@project.iam.gserviceaccount.com", hint: "Optional." },
    { name: "serviceAccountJson", label: "Paste a key (JSON)", secret: "serviceAccountJson", textarea: true, mono: true, hint: "Optional, write-only, encrypted at rest. A pasted key is used instead of the source above." },
  ],
  sailpoint: [
    { name: "product", label: "Product", options: PRODUCT_OPTIONS, required: true, hint: "Plain values only: SailPoint settings cannot use env.VAR_NAME." },
    { name: "tenant", label: "Tenant", placeholder: "acme", hint: "acme for acme.api.identitynow.com", required: true, show: isc },
    { name: "baseUrl", label: "SCIM base URL", placeholder: "https://iiq.acme.com/identityiq/scim/v2", required: true, mono: true, show: iiq },
    { name: "baseUrl", label: "API base URL", placeholder: "https://acme.api.identitynow.com", hint: "Optional override.", mono: true, show: isc },
    { name: "username", label: "Username", hint: "Basic auth.", show: iiq },
    { name: "password", label: "Password", secret: "password", hint: "Write-only.", show: iiq },
    { name: "clientId", label: "Client ID", mono: true, required: true, hint: "A personal access token or API client.", show: isc },
    { name: "clientId", label: "Client ID", mono: true, hint: "Optional: OAuth instead of basic auth.", show: iiq },
    { name: "clientSecret", label: "Client secret", secret: "clientSecret", secretRequired: true, hint: "Write-only.", show: isc },
    { name: "clientSecret", label: "Client secret", secret: "clientSecret", hint: "Write-only.", show: iiq },
  ],
};

const str = (v: unknown) => (typeof v === "string" ? v : "");

export function initialDirectoryValues(dto: ProvisioningDto | null): DirectoryFormValues {
  const d = (dto ?? {}) as Record<string, unknown>;
  return {
    provider: dto?.provider ?? "okta",
    enabled: dto?.enabled ?? false,
    issuerUrl: str(d.issuerUrl), clientId: str(d.clientId), clientSecret: "", apiToken: "", tenantId: str(d.tenantId), cloud: str(d.cloud) || "commercial",
    serverUrl: str(d.serverUrl), realm: str(d.realm), domain: str(d.domain), projectId: str(d.projectId),
    serviceAccountClientId: str(d.serviceAccountClientId), serviceAccountClientSecret: "", adminEmail: str(d.adminEmail),
    credentialMode: str(d.credentialMode) || "inherit", serviceAccountJson: "", serviceAccountEnvVar: str(d.serviceAccountEnvVar), serviceAccountFile: str(d.serviceAccountFile),
    impersonateServiceAccount: str(d.impersonateServiceAccount), product: str(d.product) || "isc", tenant: str(d.tenant), baseUrl: str(d.baseUrl),
    username: str(d.username), password: "",
    teamIdsField: dto?.teamIdsField ?? "",
    decommissionMaxShare: String(dto?.decommissionMaxShare ?? 0.1),
    decommissionMinCount: String(dto?.decommissionMinCount ?? 5),
    removeServiceAccountJson: false,
  };
}

/** What the form sends: UI-only fields turned into the API's shape. */
export function toDirectoryInput(v: DirectoryFormValues): Record<string, unknown> {
  const { removeServiceAccountJson, ...rest } = v;
  return removeServiceAccountJson && v.provider === "google" && !v.serviceAccountJson.trim() ? { ...rest, serviceAccountJson: null } : rest;
}

export const hasSecret = (dto: ProvisioningDto | null, s: SecretField): boolean =>
  !!dto && !!(dto as Record<string, unknown>)[`has${s[0]!.toUpperCase()}${s.slice(1)}`];
