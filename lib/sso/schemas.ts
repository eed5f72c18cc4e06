import { z } from "zod";
import { identityFieldsShape, mappingFieldsShape, attributeRoleMappingsSchema, attributeTeamMappingsSchema, attributeBusinessUnitMappingsSchema } from "@/lib/mappings/schemas";
import { pageQuerySchema } from "@/lib/http/pagination";
import { emailSchema } from "@/lib/auth/schemas";

// The organization's SSO provider (issue #4 "SSO provider configuration"). One discriminated union on
// `provider`, shared by the REST route, the portal form and the service. Fields marked "env" may hold
// `env.VAR_NAME`, resolved from the environment when used (lib/sso/config.ts); secrets are write-only.

export const SSO_PROVIDERS = ["okta", "entra", "keycloak", "zitadel", "google", "oidc"] as const;
export type SsoProvider = (typeof SSO_PROVIDERS)[number];

export const ENTRA_CLOUDS = ["commercial", "gcc-high", "dod"] as const;
export type EntraCloud = (typeof ENTRA_CLOUDS)[number];

export const DEFAULT_SCOPES = ["openid", "profile", "email", "offline_access"] as const;

/** `env.VAR_NAME`: the value is read from the server's environment at use. */
export const ENV_REFERENCE = /^env\.([A-Za-z_][A-Za-z0-9_]*)$/;
export const isEnvReference = (v: unknown): v is string => typeof v === "string" && ENV_REFERENCE.test(v.trim());

// Forms send "" for an empty optional field and PUT bodies may send null: both mean "not set".
const blankToUndefined = (v: unknown) => (v === null || (typeof v === "string" && v.trim() === "") ? undefined : v);

function text(label: string, max = 512) {
  return z
    .string({ error: `${label} must be a string` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be at most ${max} characters`);
}

/** A plain value or `env.VAR_NAME`. */
const textOrEnv = (label: string, max = 512) => text(label, max);

/** An http(s) URL or `env.VAR_NAME` (https outside development is checked by the service). */
function urlOrEnv(label: string) {
  return text(label, 2048).refine((v) => isEnvReference(v) || isHttpUrl(v), {
    message: `${label} must be an http(s) URL (or env.VAR_NAME)`,
  });
}

export function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return (u.protocol === "https:" || u.protocol === "http:") && !u.username && !u.password && !u.hash;
  } catch {
    return false;
  }
}

const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+(:\d{1,5})?$/i;
function hostOrEnv(label: string) {
  return text(label, 253).refine((v) => isEnvReference(v) || HOSTNAME.test(v), {
    message: `${label} must be a host name such as example.com (no scheme or path)`,
  });
}

// The field builders above, shared with the directory-sync configuration (lib/provisioning/schemas.ts).
export { blankToUndefined, text as fieldText, optional as optionalField, urlOrEnv, hostOrEnv, HOSTNAME };

const TENANT_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isTenantList = (v: string) => v.split(/[\s,]+/).filter(Boolean).every((t) => TENANT_GUID.test(t));
const TENANT = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|common|organizations|[a-z0-9-]+(\.[a-z0-9-]+)+)$/i;

/** Write-only secrets: omitted (or blank) on update keeps the stored value. */
const secret = (label: string) => optional(textOrEnv(label, 4096));

export const scopesSchema = z.preprocess(
  (v) => {
    const b = blankToUndefined(v);
    return typeof b === "string" ? b.split(/[\s,]+/).filter(Boolean) : b;
  },
  z
    .array(z.string().trim().min(1).max(256).regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, "Scopes are printable ASCII without spaces or quotes"))
    .max(50, "At most 50 scopes")
    .default([...DEFAULT_SCOPES])
    .refine((s) => s.includes("openid"), { message: 'scopes must include "openid"' })
    .transform((s) => [...new Set(s)]),
);

// Shared by every provider (issue: "shared: scopes, userIdField, rolesField, attribute*Mappings").
const shared = {
  clientId: textOrEnv("clientId", 512),
  clientSecret: secret("clientSecret"),
  audience: optional(textOrEnv("audience", 512)),
  scopes: scopesSchema,
  ...identityFieldsShape,
  ...mappingFieldsShape,
  requireSso: z.boolean({ error: "requireSso must be true or false" }).optional(),
};

export const oktaConfigSchema = z.strictObject({
  provider: z.literal("okta"),
  issuerUrl: urlOrEnv("issuerUrl"),
  apiToken: secret("apiToken"),
  ...shared,
});

export const entraConfigSchema = z.strictObject({
  provider: z.literal("entra"),
  tenantId: text("tenantId", 253).refine((v) => isEnvReference(v) || TENANT.test(v), {
    message: 'tenantId must be a directory (tenant) id, a verified tenant domain, or "common"',
  }),
  cloud: z.enum(ENTRA_CLOUDS, { error: "cloud must be commercial, gcc-high or dod" }).default("commercial"),
  appIdUri: optional(textOrEnv("appIdUri", 512)),
  // Multi-tenant ("common"/"organizations") apps: the directories whose people may sign in (empty: any).
  allowedTenants: optional(
    text("allowedTenants", 4000).refine((v) => isEnvReference(v) || isTenantList(v), {
      message: "allowedTenants is a list of directory (tenant) ids separated by spaces or commas",
    }),
  ),
  ...shared,
});

export const keycloakConfigSchema = z.strictObject({
  provider: z.literal("keycloak"),
  serverUrl: urlOrEnv("serverUrl").refine((v) => !/\/realms(\/|$)/.test(v), {
    message: "serverUrl is the server's base URL without /realms/<realm> (the realm is its own field)",
  }),
  realm: textOrEnv("realm", 255).refine((v) => isEnvReference(v) || !/[/\s?#]/.test(v), { message: "realm is a realm name, not a URL" }),
  ...shared,
});

export const zitadelConfigSchema = z.strictObject({
  provider: z.literal("zitadel"),
  domain: hostOrEnv("domain"),
  projectId: optional(textOrEnv("projectId", 128)),
  ...shared,
});

export const googleConfigSchema = z.strictObject({
  provider: z.literal("google"),
  domain: hostOrEnv("domain"),
  ...shared,
});

export const oidcConfigSchema = z.strictObject({
  provider: z.literal("oidc"),
  issuer: urlOrEnv("issuer"),
  authorizationEndpoint: optional(urlOrEnv("authorizationEndpoint")),
  tokenEndpoint: optional(urlOrEnv("tokenEndpoint")),
  userinfoEndpoint: optional(urlOrEnv("userinfoEndpoint")),
  jwksUri: optional(urlOrEnv("jwksUri")),
  ...shared,
});

const withExplicitEndpoints = (v: { provider: string } & Record<string, unknown>, ctx: z.RefinementCtx) => {
  if (v.provider !== "oidc") return;
  const given = ["authorizationEndpoint", "tokenEndpoint", "jwksUri"].filter((k) => v[k] !== undefined);
  if (given.length > 0 && given.length < 3) {
    for (const k of ["authorizationEndpoint", "tokenEndpoint", "jwksUri"]) {
      if (v[k] === undefined) ctx.addIssue({ code: "custom", path: [k], message: `${k} is required when endpoints are given explicitly (or leave all empty to use discovery)` });
    }
  }
};

/** PUT /sso-provider body: the provider's fields plus the shared ones. */
export const ssoConfigSchema = z
  .discriminatedUnion("provider", [oktaConfigSchema, entraConfigSchema, keycloakConfigSchema, zitadelConfigSchema, googleConfigSchema, oidcConfigSchema], {
    error: (iss) => (iss.code === "invalid_union" ? `provider must be one of ${SSO_PROVIDERS.join(", ")}` : undefined),
  })
  .superRefine(withExplicitEndpoints);
export type SsoConfigInput = z.infer<typeof ssoConfigSchema>;
export type SsoConfigFormValues = z.input<typeof ssoConfigSchema>;

/** The keys of each variant that hold secrets (never stored in `config`, never returned). */
export const SECRET_FIELDS = ["clientSecret", "apiToken"] as const;
export type SecretField = (typeof SECRET_FIELDS)[number];

/** The fields stored in SsoConnection.config per provider (everything but shared columns and secrets). */
export const PROVIDER_FIELDS: Record<SsoProvider, readonly string[]> = {
  okta: ["issuerUrl", "clientId", "audience"],
  entra: ["tenantId", "cloud", "clientId", "audience", "appIdUri", "allowedTenants"],
  keycloak: ["serverUrl", "realm", "clientId", "audience"],
  zitadel: ["domain", "clientId", "projectId", "audience"],
  google: ["domain", "clientId", "audience"],
  oidc: ["issuer", "authorizationEndpoint", "tokenEndpoint", "userinfoEndpoint", "jwksUri", "clientId", "audience"],
};

/** Fields that may hold `env.VAR_NAME`. Claim paths, scopes and mapping arrays are plain values. */
export const ENV_FIELDS: ReadonlySet<string> = new Set([
  "issuerUrl", "tenantId", "serverUrl", "realm", "domain", "projectId", "issuer", "authorizationEndpoint", "tokenEndpoint",
  "userinfoEndpoint", "jwksUri", "clientId", "clientSecret", "apiToken", "audience", "appIdUri", "allowedTenants",
]);

export const mappingPreviewSchema = z.strictObject({
  attributeRoleMappings: attributeRoleMappingsSchema.default([]),
  attributeTeamMappings: attributeTeamMappingsSchema.default([]),
  attributeBusinessUnitMappings: attributeBusinessUnitMappingsSchema.default([]),
});
export type MappingPreviewInput = z.infer<typeof mappingPreviewSchema>;

export const setEnforcementSchema = z.strictObject({ requireSso: z.boolean({ error: "requireSso must be true or false" }) });
export type SetEnforcementInput = z.infer<typeof setEnforcementSchema>;

export const listFailuresQuerySchema = pageQuerySchema;
export type ListFailuresQuery = z.infer<typeof listFailuresQuerySchema>;

/** The login page's first step. */
export const emailStepSchema = z.strictObject({ email: emailSchema });
export type EmailStepInput = z.infer<typeof emailStepSchema>;

const SHARED_KEYS = ["provider", "clientId", "clientSecret", "audience", "scopes", "userIdField", "rolesField", "teamIdsField", "attributeRoleMappings", "attributeTeamMappings", "attributeBusinessUnitMappings", "requireSso"];
const PROVIDER_ONLY: Record<SsoProvider, readonly string[]> = { ...PROVIDER_FIELDS, okta: [...PROVIDER_FIELDS.okta, "apiToken"] };

export function cleanRules(v: unknown): unknown {
  if (!Array.isArray(v)) return v;
  // Form rows keep an empty attributeName ("match by presence" / group rules): absent, not "".
  return v.map((r) => {
    if (!r || typeof r !== "object") return r;
    const { attributeName, ...rest } = r as Record<string, unknown>;
    return typeof attributeName === "string" && attributeName.trim() !== "" ? { ...rest, attributeName } : rest;
  });
}

/**
 * The portal form's view of the same union: a form keeps every provider's fields while the dropdown
 * changes, so only the chosen provider's keys (and the shared ones) are validated.
 */
export const ssoConfigFormSchema = z.preprocess((raw) => {
  if (!raw || typeof raw !== "object") return raw;
  const v = raw as Record<string, unknown>;
  const provider = v.provider as SsoProvider;
  const keys = new Set([...SHARED_KEYS, ...(PROVIDER_ONLY[provider] ?? [])]);
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v)) if (keys.has(k)) out[k] = k.startsWith("attribute") ? cleanRules(val) : val;
  return out;
}, ssoConfigSchema);
export type SsoConfigFormInput = z.input<typeof ssoConfigFormSchema>;
