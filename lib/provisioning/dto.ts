import type { ProvisioningConfigRow } from "@/lib/db/repos/provisioning-config";
import type { MappingRuleSet } from "@/lib/mappings/evaluate";
import type { VerifyCheck } from "@/lib/directory/types";
import { PROVIDER_FIELDS, type ProvisioningProvider, type ProvisioningSecrets } from "./schemas";

// Row -> REST/portal shape. Secrets never leave: only hasClientSecret, hasApiToken, ...

export type ProvisioningVerifyResult = { ok: boolean; checks: VerifyCheck[] };

export type ProvisioningDto = {
  id: string;
  orgId: string;
  enabled: boolean;
  provider: ProvisioningProvider;
  /** Provider-specific fields as saved (`env.VAR_NAME` references shown as written). */
  [field: string]: unknown;
  hasClientSecret: boolean;
  hasApiToken: boolean;
  hasServiceAccountClientSecret: boolean;
  hasServiceAccountJson: boolean;
  hasPassword: boolean;
  teamIdsField: string | null;
  attributeRoleMappings: unknown[];
  attributeTeamMappings: unknown[];
  attributeBusinessUnitMappings: unknown[];
  decommissionMaxShare: number;
  decommissionMinCount: number;
  /** Set by gatehouse.config.json at start-up: PUT is refused until the file changes and the server restarts. */
  fileManaged: boolean;
  verifiedAt: string | null;
  lastVerify: (ProvisioningVerifyResult & { at: string | null }) | null;
  createdAt: string;
  updatedAt: string;
};

export function toProvisioningDto(row: ProvisioningConfigRow, secrets: ProvisioningSecrets, rules: MappingRuleSet): ProvisioningDto {
  const provider = row.provider as ProvisioningProvider;
  const config = (row.config ?? {}) as Record<string, unknown>;
  const fields: Record<string, unknown> = {};
  for (const k of PROVIDER_FIELDS[provider] ?? []) if (config[k] !== undefined && config[k] !== null) fields[k] = config[k];
  const verify = row.lastVerifyResult as (ProvisioningVerifyResult & { at?: string }) | null;
  return {
    id: row.id,
    orgId: row.orgId,
    enabled: row.enabled,
    provider,
    ...fields,
    hasClientSecret: !!secrets.clientSecret,
    hasApiToken: !!secrets.apiToken,
    hasServiceAccountClientSecret: !!secrets.serviceAccountClientSecret,
    hasServiceAccountJson: !!secrets.serviceAccountJson,
    hasPassword: !!secrets.password,
    teamIdsField: row.teamIdsField,
    attributeRoleMappings: [...(rules.attributeRoleMappings ?? [])],
    attributeTeamMappings: [...(rules.attributeTeamMappings ?? [])],
    attributeBusinessUnitMappings: [...(rules.attributeBusinessUnitMappings ?? [])],
    decommissionMaxShare: row.decommissionMaxShare,
    decommissionMinCount: row.decommissionMinCount,
    fileManaged: row.fileManaged,
    verifiedAt: row.verifiedAt?.toISOString() ?? null,
    lastVerify: verify && Array.isArray(verify.checks) ? { ok: !!verify.ok, checks: verify.checks, at: verify.at ?? null } : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
