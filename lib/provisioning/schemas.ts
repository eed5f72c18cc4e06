import { z } from "zod";
import { attributeBusinessUnitMappingsSchema, attributeRoleMappingsSchema, attributeTeamMappingsSchema, teamIdsFieldSchema } from "@/lib/mappings/schemas";
import {
  ENTRA_CLOUDS,
  ENV_REFERENCE,
  HOSTNAME,
  blankToUndefined,
  fieldText as text,
  hostOrEnv,
  isEnvReference,
  isHttpUrl,
  optionalField as optional,
  urlOrEnv,
} from "@/lib/sso/schemas";
import { DIRECTORY_PROVIDERS, type DirectoryProvider } from "@/lib/directory/types";

// The organization's directory-sync connection (issue #6 "User provisioning configuration"). One
// discriminated union on `provider`, shared by the REST route, the portal form, gatehouse.config.json and
// the service. Fields listed in ENV_FIELDS may hold `env.VAR_NAME` (as in SSO); SailPoint and the mapping
// arrays take plain values only. Secrets (SECRET_FIELDS) are write-only: omitted or blank keeps the stored
// value, `null` removes it.

export const PROVISIONING_PROVIDERS = DIRECTORY_PROVIDERS;
export type ProvisioningProvider = DirectoryProvider;

export const GOOGLE_CREDENTIAL_MODES = ["inherit", "env", "file"] as const;
export type GoogleCredentialMode = (typeof GOOGLE_CREDENTIAL_MODES)[number];
export const SAILPOINT_PRODUCTS = ["isc", "iiq"] as const;

export const DEFAULT_DECOMMISSION_MAX_SHARE = 0.1;
export const DEFAULT_DECOMMISSION_MIN_COUNT = 5;

const isBlank = (v: unknown) => v === undefined || (typeof v === "string" && v.trim() === "");
/** SailPoint (issue: "plain values only, no env.*"). */
function plain(label: string, max = 512) {
  return text(label, max).refine((v) => !/^env\./.test(v), {
    message: `${label}: SailPoint settings take plain values only; env.* references are not supported for SailPoint`,
  });
}

/** Zitadel: the instance's host ("acme.zitadel.cloud") or its base URL (self-hosted, tests on loopback). */
const hostUrlOrEnv = (label: string) =>
  text(label, 2048).refine((v) => isEnvReference(v) || HOSTNAME.test(v) || (isHttpUrl(v) && new URL(v).pathname.replace(/\/+$/, "") === ""), {
    message: `${label} must be a host name such as acme.zitadel.cloud or a base URL such as https://zitadel.example.com`,
  });

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const emailOrEnv = (label: string) => text(label, 320).refine((v) => isEnvReference(v) || EMAIL.test(v), { message: `${label} must be an email address (or env.VAR_NAME)` });

const TENANT_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9-]+(\.[a-z0-9-]+)+)$/i;

/** A write-only secret: blank/omitted keeps the stored one, null removes it. */
const secret = (label: string, inner = text(label, 8192)) =>
  z.preprocess((v) => (v === null ? null : isBlank(v) ? undefined : v), inner.nullable().optional());

const ENV_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A pasted Google service-account key (the JSON file the Cloud console downloads). */
export function checkServiceAccountJson(raw: string): { ok: true } | { ok: false; message: string } {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return { ok: false, message: "serviceAccountJson is not valid JSON (paste the whole key file)" };
  }
  if (!v || typeof v !== "object" || Array.isArray(v)) return { ok: false, message: "serviceAccountJson must be a JSON object (the service account's key file)" };
  const k = v as Record<string, unknown>;
  if (typeof k.client_email !== "string" || !k.client_email) return { ok: false, message: "serviceAccountJson has no client_email: is this a service account key?" };
  if (typeof k.private_key !== "string" || !k.private_key.includes("PRIVATE KEY")) return { ok: false, message: "serviceAccountJson has no private_key in PEM form" };
  return { ok: true };
}

const serviceAccountJson = text("serviceAccountJson", 16_384).superRefine((v, ctx) => {
  if (ENV_REFERENCE.test(v)) {
    ctx.addIssue({ code: "custom", message: 'serviceAccountJson takes the key itself; to read it from a variable set credentialMode "env" and serviceAccountEnvVar' });
    return;
  }
  const r = checkServiceAccountJson(v);
  if (!r.ok) ctx.addIssue({ code: "custom", message: r.message });
});

const ratio = z.preprocess(
  (v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : blankToUndefined(v)),
  z
    .number({ error: "decommissionMaxShare must be a number between 0 and 1 (0.1 = 10%)" })
    .gt(0, "decommissionMaxShare must be greater than 0")
    .lte(1, "decommissionMaxShare must be at most 1 (100%)")
    .default(DEFAULT_DECOMMISSION_MAX_SHARE),
);
const minCount = z.preprocess(
  (v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : blankToUndefined(v)),
  z
    .number({ error: "decommissionMinCount must be a whole number" })
    .int("decommissionMinCount must be a whole number")
    .min(0, "decommissionMinCount cannot be negative")
    .max(1_000_000, "decommissionMinCount must be at most 1000000")
    .default(DEFAULT_DECOMMISSION_MIN_COUNT),
);

// Mapping arrays live in the organization's IdentityMappingSet, shared with SSO and SCIM: omitted means
// "leave them as they are" (a provisioning PUT must not wipe SSO's rules by leaving them out).
const shared = {
  enabled: z.boolean({ error: "enabled must be true or false" }).optional(),
  teamIdsField: teamIdsFieldSchema,
  attributeRoleMappings: attributeRoleMappingsSchema.optional(),
  attributeTeamMappings: attributeTeamMappingsSchema.optional(),
  attributeBusinessUnitMappings: attributeBusinessUnitMappingsSchema.optional(),
  decommissionMaxShare: ratio,
  decommissionMinCount: minCount,
};

export const oktaProvisioningSchema = z.strictObject({
  provider: z.literal("okta"),
  issuerUrl: urlOrEnv("issuerUrl"),
  clientId: optional(text("clientId")),
  clientSecret: secret("clientSecret"),
  apiToken: secret("apiToken"),
  ...shared,
});

export const entraProvisioningSchema = z.strictObject({
  provider: z.literal("entra"),
  tenantId: text("tenantId", 253).refine((v) => isEnvReference(v) || TENANT_ID.test(v), {
    message: 'tenantId must be the directory (tenant) id or a verified tenant domain (not "common": directory reads need one tenant)',
  }),
  clientId: text("clientId"),
  clientSecret: secret("clientSecret"),
  cloud: z.enum(ENTRA_CLOUDS, { error: "cloud must be commercial, gcc-high or dod" }).default("commercial"),
  ...shared,
});

export const keycloakProvisioningSchema = z.strictObject({
  provider: z.literal("keycloak"),
  serverUrl: urlOrEnv("serverUrl").refine((v) => !/\/realms(\/|$)/.test(v), {
    message: "serverUrl is the server's base URL without /realms/<realm> (the realm is its own field)",
  }),
  realm: text("realm", 255).refine((v) => isEnvReference(v) || !/[/\s?#]/.test(v), { message: "realm is a realm name, not a URL" }),
  clientId: text("clientId"),
  clientSecret: secret("clientSecret"),
  ...shared,
});

export const zitadelProvisioningSchema = z.strictObject({
  provider: z.literal("zitadel"),
  domain: hostUrlOrEnv("domain"),
  projectId: optional(text("projectId", 128)),
  serviceAccountClientId: text("serviceAccountClientId"),
  serviceAccountClientSecret: secret("serviceAccountClientSecret"),
  ...shared,
});

export const googleProvisioningSchema = z
  .strictObject({
    provider: z.literal("google"),
    domain: hostOrEnv("domain"),
    adminEmail: emailOrEnv("adminEmail"),
    credentialMode: z.enum(GOOGLE_CREDENTIAL_MODES, { error: "credentialMode must be inherit, env or file" }).default("inherit"),
    serviceAccountJson: secret("serviceAccountJson", serviceAccountJson),
    serviceAccountEnvVar: optional(
      text("serviceAccountEnvVar", 128).refine((v) => ENV_VAR_NAME.test(v.replace(/^env\./, "")), {
        message: "serviceAccountEnvVar is the name of an environment variable, e.g. GOOGLE_SA_KEY",
      }),
    ),
    serviceAccountFile: optional(
      text("serviceAccountFile", 1024).refine((v) => !/^env\./.test(v), { message: "serviceAccountFile is a file path on the server (not env.*)" }),
    ),
    impersonateServiceAccount: optional(emailOrEnv("impersonateServiceAccount")),
    ...shared,
  })
  .superRefine((v, ctx) => {
    if (v.credentialMode === "env" && !v.serviceAccountEnvVar) {
      ctx.addIssue({ code: "custom", path: ["serviceAccountEnvVar"], message: 'serviceAccountEnvVar is required with credentialMode "env" (the variable that holds the key JSON)' });
    }
    if (v.credentialMode === "file" && !v.serviceAccountFile) {
      ctx.addIssue({ code: "custom", path: ["serviceAccountFile"], message: 'serviceAccountFile is required with credentialMode "file" (the key file\'s path on the server)' });
    }
  });

export const sailpointProvisioningSchema = z
  .strictObject({
    provider: z.literal("sailpoint"),
    product: z.enum(SAILPOINT_PRODUCTS, { error: "product must be isc (Identity Security Cloud) or iiq (IdentityIQ)" }),
    tenant: optional(plain("tenant", 128).refine((v) => /^[a-z0-9][a-z0-9-]*$/i.test(v), { message: 'tenant is the ISC tenant name, e.g. "acme" for acme.api.identitynow.com' })),
    clientId: optional(plain("clientId")),
    clientSecret: secret("clientSecret", plain("clientSecret", 8192)),
    baseUrl: optional(plain("baseUrl", 2048).refine(isHttpUrl, { message: "baseUrl must be an http(s) URL" })),
    username: optional(plain("username", 256)),
    password: secret("password", plain("password", 8192)),
    ...shared,
  })
  .superRefine((v, ctx) => {
    const need = (k: keyof typeof v, why: string) => {
      if (v[k] === undefined) ctx.addIssue({ code: "custom", path: [k], message: `${k} is required ${why}` });
    };
    if (v.product === "isc") {
      need("tenant", "for Identity Security Cloud");
      need("clientId", "for Identity Security Cloud (a personal access token or API client id)");
    } else {
      need("baseUrl", "for IdentityIQ (its SCIM 2.0 base URL, e.g. https://iiq.example.com/identityiq/scim/v2)");
      if (v.username === undefined && v.clientId === undefined) {
        ctx.addIssue({ code: "custom", path: ["username"], message: "IdentityIQ needs a username (basic auth) or an OAuth clientId" });
      }
    }
  });

export const provisioningConfigSchema = z.discriminatedUnion(
  "provider",
  [oktaProvisioningSchema, entraProvisioningSchema, keycloakProvisioningSchema, zitadelProvisioningSchema, googleProvisioningSchema, sailpointProvisioningSchema],
  { error: (iss) => (iss.code === "invalid_union" ? `provider must be one of ${PROVISIONING_PROVIDERS.join(", ")}` : undefined) },
);
export type ProvisioningConfigInput = z.infer<typeof provisioningConfigSchema>;
export type ProvisioningConfigFormValues = z.input<typeof provisioningConfigSchema>;

/** Keys holding secrets: never stored in `config`, never returned, never audited. */
export const SECRET_FIELDS = ["clientSecret", "apiToken", "serviceAccountClientSecret", "serviceAccountJson", "password"] as const;
export type SecretField = (typeof SECRET_FIELDS)[number];
export type ProvisioningSecrets = Partial<Record<SecretField, string>>;

/** The non-secret provider fields stored in ProvisioningConfig.config. */
export const PROVIDER_FIELDS: Record<ProvisioningProvider, readonly string[]> = {
  okta: ["issuerUrl", "clientId"],
  entra: ["tenantId", "clientId", "cloud"],
  keycloak: ["serverUrl", "realm", "clientId"],
  zitadel: ["domain", "projectId", "serviceAccountClientId"],
  google: ["domain", "adminEmail", "credentialMode", "serviceAccountEnvVar", "serviceAccountFile", "impersonateServiceAccount"],
  sailpoint: ["product", "tenant", "clientId", "baseUrl", "username"],
};

/** The secrets each provider uses (the DTO's hasX flags and the required-on-create checks). */
export const PROVIDER_SECRETS: Record<ProvisioningProvider, readonly SecretField[]> = {
  okta: ["clientSecret", "apiToken"],
  entra: ["clientSecret"],
  keycloak: ["clientSecret"],
  zitadel: ["serviceAccountClientSecret"],
  google: ["serviceAccountJson"],
  sailpoint: ["clientSecret", "password"],
};

/** Fields that may hold `env.VAR_NAME` (the same kinds as SSO's; never SailPoint, mapping arrays or paths). */
export const ENV_FIELDS: Record<ProvisioningProvider, ReadonlySet<string>> = {
  okta: new Set(["issuerUrl", "clientId", "clientSecret", "apiToken"]),
  entra: new Set(["tenantId", "clientId", "clientSecret"]),
  keycloak: new Set(["serverUrl", "realm", "clientId", "clientSecret"]),
  zitadel: new Set(["domain", "projectId", "serviceAccountClientId", "serviceAccountClientSecret"]),
  google: new Set(["domain", "adminEmail", "impersonateServiceAccount"]),
  sailpoint: new Set(),
};

/** URL fields that must be https outside development. */
export const URL_FIELDS = ["issuerUrl", "serverUrl", "baseUrl", "domain"] as const;

const SHARED_KEYS = ["provider", "enabled", "teamIdsField", "attributeRoleMappings", "attributeTeamMappings", "attributeBusinessUnitMappings", "decommissionMaxShare", "decommissionMinCount"];

/**
 * The portal form's view of the same union: the form keeps every provider's fields while the dropdown
 * changes, so only the chosen provider's keys (and the shared ones) are validated.
 */
export const provisioningConfigFormSchema = z.preprocess((raw) => {
  if (!raw || typeof raw !== "object") return raw;
  const v = raw as Record<string, unknown>;
  const provider = v.provider as ProvisioningProvider;
  const keys = new Set([...SHARED_KEYS, ...(PROVIDER_FIELDS[provider] ?? []), ...(PROVIDER_SECRETS[provider] ?? [])]);
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v)) if (keys.has(k)) out[k] = val;
  return out;
}, provisioningConfigSchema);
export type ProvisioningConfigFormInput = z.input<typeof provisioningConfigFormSchema>;

/** gatehouse.config.json's `scim_config` entry: `{ enabled, provider, config: { … } }`. */
export const fileScimConfigSchema = z.strictObject({
  enabled: z.boolean({ error: "enabled must be true or false" }).default(false),
  provider: z.enum(PROVISIONING_PROVIDERS as unknown as [ProvisioningProvider, ...ProvisioningProvider[]], {
    error: `provider must be one of ${PROVISIONING_PROVIDERS.join(", ")}`,
  }),
  config: z.record(z.string(), z.unknown(), { error: "config must be an object with the provider's fields" }),
});
export type FileScimConfig = z.infer<typeof fileScimConfigSchema>;

/** The whole file: the provider organization's entry at the top level, the others under organizations.<slug>. */
export const gatehouseConfigFileSchema = z.looseObject({
  scim_config: z.unknown().optional(),
  organizations: z
    .record(z.string(), z.looseObject({ scim_config: z.unknown().optional() }), { error: "organizations must be an object keyed by organization slug" })
    .optional(),
});
