import type { SsoConnectionRow } from "@/lib/db/repos/sso-connections";
import type { MappingRuleSet } from "@/lib/mappings/evaluate";
import { deriveIssuer } from "./config";
import { openSecrets, redirectUriFor } from "./runtime";
import { ENV_REFERENCE, PROVIDER_FIELDS, type SsoProvider } from "./schemas";
import type { VerifyCheck } from "./discovery";
import type { TestSignInResult } from "./sign-in";

// Row -> REST/portal shape. Secrets never leave: only `hasClientSecret` / `hasApiToken`.

export type SsoConnectionDto = {
  id: string;
  orgId: string;
  provider: SsoProvider;
  /** Provider-specific fields as saved (`env.VAR_NAME` references are shown as written). */
  [field: string]: unknown;
  hasClientSecret: boolean;
  hasApiToken: boolean;
  scopes: string[];
  userIdField: string;
  rolesField: string | null;
  teamIdsField: string | null;
  attributeRoleMappings: unknown[];
  attributeTeamMappings: unknown[];
  attributeBusinessUnitMappings: unknown[];
  /** The issuer ID tokens must carry; null while it depends on an environment variable (oidc: as configured). */
  issuer: string | null;
  /** Register this at the provider as the redirect (callback) URI. */
  redirectUri: string;
  requireSso: boolean;
  verifiedAt: string | null;
  lastVerifyChecks: VerifyCheck[] | null;
  testSignIn: { at: string; email: string | null } | null;
  lastTestResult: TestSignInResult | null;
  createdAt: string;
  updatedAt: string;
};

export function toSsoConnectionDto(row: SsoConnectionRow, rules: MappingRuleSet, appUrl: string): SsoConnectionDto {
  const provider = row.provider as SsoProvider;
  const config = (row.config ?? {}) as Record<string, unknown>;
  const fields: Record<string, unknown> = {};
  for (const k of PROVIDER_FIELDS[provider] ?? []) if (config[k] !== undefined && config[k] !== null) fields[k] = config[k];
  const secrets = openSecrets(row.secretsEnc);
  const usesEnv = Object.values(config).some((v) => typeof v === "string" && ENV_REFERENCE.test(v));
  let issuer: string | null = null;
  if (!usesEnv) {
    try {
      issuer = deriveIssuer(provider, config);
    } catch {
      issuer = null;
    }
  }
  const verify = row.lastVerifyResult as { checks?: VerifyCheck[] } | null;
  return {
    id: row.id,
    orgId: row.orgId,
    provider,
    ...fields,
    hasClientSecret: !!secrets.clientSecret,
    hasApiToken: !!secrets.apiToken,
    scopes: row.scopes,
    userIdField: row.userIdField,
    rolesField: row.rolesField,
    teamIdsField: row.teamIdsField,
    attributeRoleMappings: [...(rules.attributeRoleMappings ?? [])],
    attributeTeamMappings: [...(rules.attributeTeamMappings ?? [])],
    attributeBusinessUnitMappings: [...(rules.attributeBusinessUnitMappings ?? [])],
    issuer: provider === "oidc" && typeof config.issuer === "string" ? (issuer ?? config.issuer) : issuer,
    redirectUri: redirectUriFor(appUrl, row.orgId),
    requireSso: row.requireSso,
    verifiedAt: row.verifiedAt?.toISOString() ?? null,
    lastVerifyChecks: verify?.checks ?? null,
    testSignIn: row.testSignInAt ? { at: row.testSignInAt.toISOString(), email: row.testSignInEmail } : null,
    lastTestResult: (row.lastTestResult as TestSignInResult | null) ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type SsoFailureDto = {
  id: string;
  traceId: string;
  reason: string;
  detail: string | null;
  email: string | null;
  claims: unknown;
  test: boolean;
  createdAt: string;
};

export function toSsoFailureDto(r: { id: string; traceId: string; reason: string; detail: string | null; email: string | null; claims: unknown; test: boolean; createdAt: Date }): SsoFailureDto {
  return { id: r.id, traceId: r.traceId, reason: r.reason, detail: r.detail, email: r.email, claims: r.claims ?? null, test: r.test, createdAt: r.createdAt.toISOString() };
}
