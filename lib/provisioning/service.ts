import { readFileSync } from "node:fs";
import type { OrgContext } from "@/lib/auth/org-context";
import { recordAudit } from "@/lib/audit/service";
import { decrypt, encrypt } from "@/lib/crypto";
import { AppError, notFound, type FieldIssue } from "@/lib/errors";
import { env, isProduction } from "@/lib/env";
import { transaction } from "@/lib/db/unit-of-work";
import type { TxHandle } from "@/lib/db/unit-of-work";
import { provisioningConfigRepo, provisioningSystemRepo, type ProvisioningConfigRow } from "@/lib/db/repos/provisioning-config";
import { identityMappingsRepo } from "@/lib/db/repos/identity-mappings";
import { parseStoredRules } from "@/lib/sso/assign";
import { processEnvLookup } from "@/lib/sso/env-refs";
import { ENV_REFERENCE } from "@/lib/sso/schemas";
import type { MappingRuleSet } from "@/lib/mappings/evaluate";
import { createDirectoryAdapter } from "@/lib/directory/registry";
import { DirectoryError, type DirectoryAdapter, type VerifyCheck } from "@/lib/directory/types";
import type { AdapterOptions } from "@/lib/directory/config-types";
import { toProvisioningDto, type ProvisioningDto, type ProvisioningVerifyResult } from "./dto";
import { resolveProvisioning, type ResolveDeps, type ResolveResult } from "./resolve";
import {
  PROVIDER_FIELDS, PROVIDER_SECRETS, SECRET_FIELDS,
  type ProvisioningConfigInput, type ProvisioningProvider, type ProvisioningSecrets,
} from "./schemas";

// Managing the organization's directory-sync connection (issue #6 "User provisioning configuration").
// Every exported function assumes the transport checked provisioning:read or provisioning:manage.

export type { ProvisioningDto, ProvisioningVerifyResult } from "./dto";
export type DirectorySettings = {
  provider: ProvisioningProvider;
  enabled: boolean;
  teamIdsField: string | null;
  decommissionMaxShare: number;
  decommissionMinCount: number;
};

export const FILE_MANAGED_MESSAGE =
  "This provisioning configuration is managed by gatehouse.config.json: change the file and restart the server to change it";

function sealSecrets(s: ProvisioningSecrets): string | null {
  const clean = Object.fromEntries(Object.entries(s).filter(([, v]) => typeof v === "string" && v !== ""));
  return Object.keys(clean).length ? encrypt(JSON.stringify(clean)) : null;
}

function openSecrets(sealed: string | null): ProvisioningSecrets {
  if (!sealed) return {};
  try {
    return JSON.parse(decrypt(sealed)) as ProvisioningSecrets;
  } catch {
    // A key rotation without re-encryption: treat as "no secret stored" so the admin is asked again.
    return {};
  }
}

async function loadRules(ctx: OrgContext, tx?: TxHandle): Promise<MappingRuleSet> {
  return parseStoredRules(await identityMappingsRepo(ctx, tx).get());
}

/** The organization's provisioning configuration (no secrets), or null when none is saved. */
export async function getProvisioning(ctx: OrgContext): Promise<ProvisioningDto | null> {
  const row = await provisioningConfigRepo(ctx).get();
  if (!row) return null;
  return toProvisioningDto(row, openSecrets(row.secretsEnc), await loadRules(ctx));
}

/** How many attribute-mapping rules the organization has (shared with SSO; the Directory page links to them). */
export async function sharedMappingRuleCount(ctx: OrgContext): Promise<number> {
  const r = await loadRules(ctx);
  return (r.attributeRoleMappings?.length ?? 0) + (r.attributeTeamMappings?.length ?? 0) + (r.attributeBusinessUnitMappings?.length ?? 0);
}

function splitInput(input: ProvisioningConfigInput) {
  const provider = input.provider;
  const src = input as unknown as Record<string, unknown>;
  const config: Record<string, unknown> = {};
  for (const k of PROVIDER_FIELDS[provider]) if (src[k] !== undefined && src[k] !== null) config[k] = src[k];
  return { provider, config, src };
}

/** Literal URL fields must be https outside development (env references are checked when resolved). */
function httpsIssues(config: Record<string, unknown>): FieldIssue[] {
  if (!isProduction()) return [];
  const issues: FieldIssue[] = [];
  for (const k of ["issuerUrl", "serverUrl", "baseUrl", "domain"]) {
    const v = config[k];
    if (typeof v !== "string" || ENV_REFERENCE.test(v)) continue;
    if (k === "domain" && !/^[a-z]+:\/\//i.test(v)) continue;
    if (!v.startsWith("https://")) issues.push({ path: k, message: `${k} must use https outside development` });
  }
  return issues;
}

/** Secrets the saved configuration cannot work without (checked after merging with the stored ones). */
function missingSecrets(provider: ProvisioningProvider, config: Record<string, unknown>, s: ProvisioningSecrets): FieldIssue[] {
  const need = (k: keyof ProvisioningSecrets, message: string) => (s[k] ? [] : [{ path: k, message }]);
  switch (provider) {
    case "okta":
      return need("apiToken", "apiToken is required: Okta's Users and Groups API needs an API token");
    case "entra":
    case "keycloak":
      return need("clientSecret", "clientSecret is required");
    case "zitadel":
      return need("serviceAccountClientSecret", "serviceAccountClientSecret is required");
    case "google":
      return [];
    case "sailpoint":
      if (config.product === "iiq") {
        return [
          ...(config.username ? need("password", "password is required with username (IdentityIQ basic auth)") : []),
          ...(config.clientId ? need("clientSecret", "clientSecret is required with clientId") : []),
        ];
      }
      return need("clientSecret", "clientSecret is required for Identity Security Cloud");
  }
}

// Changing any of these points the connection at another directory: the last Verify no longer applies.
const IDENTITY_KEYS = ["issuerUrl", "tenantId", "cloud", "serverUrl", "realm", "domain", "projectId", "clientId", "serviceAccountClientId", "adminEmail", "credentialMode", "serviceAccountEnvVar", "serviceAccountFile", "impersonateServiceAccount", "product", "tenant", "baseUrl", "username"];

type SnapshotOf = Pick<ProvisioningConfigRow, "enabled" | "provider" | "teamIdsField" | "decommissionMaxShare" | "decommissionMinCount" | "fileManaged"> & { config: unknown };
const snapshot = (row: SnapshotOf) => ({
  enabled: row.enabled, provider: row.provider, ...(row.config as Record<string, unknown>), teamIdsField: row.teamIdsField,
  decommissionMaxShare: row.decommissionMaxShare, decommissionMinCount: row.decommissionMinCount, fileManaged: row.fileManaged,
});

const hasFlags = (s: ProvisioningSecrets) => Object.fromEntries(SECRET_FIELDS.filter((k) => s[k]).map((k) => [`has${k[0]!.toUpperCase()}${k.slice(1)}`, true]));

type SaveSource = { kind: "api" } | { kind: "file" };

/**
 * The one writer behind PUT and gatehouse.config.json. Returns null when the file re-applied an
 * unchanged configuration (no write, no audit event).
 */
async function save(ctx: OrgContext, input: ProvisioningConfigInput, source: SaveSource): Promise<{ row: ProvisioningConfigRow; rules: MappingRuleSet; secrets: ProvisioningSecrets; changed: boolean }> {
  const { provider, config, src } = splitInput(input);
  const https = httpsIssues(config);
  if (https.length) throw new AppError("invalid_input", https.map((i) => i.message).join("; "), { issues: https });

  return transaction(async (tx) => {
    const repo = provisioningConfigRepo(ctx, tx);
    const existing = await repo.get();
    if (existing) await repo.lock();
    if (existing?.fileManaged && source.kind === "api") throw new AppError("conflict", FILE_MANAGED_MESSAGE);

    // Secrets: omitted keeps the stored one (same provider only), null removes it, a value replaces it.
    const kept = existing && existing.provider === provider ? openSecrets(existing.secretsEnc) : {};
    const secrets: ProvisioningSecrets = {};
    const changedSecrets: string[] = [];
    for (const k of PROVIDER_SECRETS[provider]) {
      const v = src[k];
      if (v === null) {
        if (kept[k]) changedSecrets.push(k);
      } else if (typeof v === "string") {
        secrets[k] = v;
        if (v !== kept[k]) changedSecrets.push(k);
      } else if (kept[k]) secrets[k] = kept[k];
    }
    const missing = missingSecrets(provider, config, secrets);
    if (missing.length) throw new AppError("invalid_input", missing.map((i) => i.message).join("; "), { issues: missing });

    const rulesBefore = await loadRules(ctx, tx);
    const givenRules = {
      ...(input.attributeRoleMappings ? { attributeRoleMappings: input.attributeRoleMappings } : {}),
      ...(input.attributeTeamMappings ? { attributeTeamMappings: input.attributeTeamMappings } : {}),
      ...(input.attributeBusinessUnitMappings ? { attributeBusinessUnitMappings: input.attributeBusinessUnitMappings } : {}),
    };
    const rules: MappingRuleSet = { ...rulesBefore, ...givenRules };
    const mappingsChanged = JSON.stringify(parseStoredRules(rules as never)) !== JSON.stringify(rulesBefore);

    const write = {
      enabled: input.enabled ?? existing?.enabled ?? false,
      provider,
      config,
      teamIdsField: input.teamIdsField ?? null,
      decommissionMaxShare: input.decommissionMaxShare,
      decommissionMinCount: input.decommissionMinCount,
      fileManaged: source.kind === "file" ? true : (existing?.fileManaged ?? false),
    };

    const before = existing ? snapshot(existing) : null;
    const after = snapshot({ ...write, config });
    const unchanged = existing && JSON.stringify(before) === JSON.stringify(after) && changedSecrets.length === 0 && !mappingsChanged
      && Object.keys(kept).filter((k) => (PROVIDER_SECRETS[provider] as readonly string[]).includes(k)).length === Object.keys(secrets).length;
    if (existing && unchanged) return { row: existing, rules: rulesBefore, secrets, changed: false };

    if (mappingsChanged) {
      await identityMappingsRepo(ctx, tx).upsert({
        attributeRoleMappings: rules.attributeRoleMappings ?? [],
        attributeTeamMappings: rules.attributeTeamMappings ?? [],
        attributeBusinessUnitMappings: rules.attributeBusinessUnitMappings ?? [],
      });
    }

    let row: ProvisioningConfigRow;
    if (!existing) {
      row = await repo.create({ ...write, secretsEnc: sealSecrets(secrets) });
    } else {
      const prev = existing.config as Record<string, unknown>;
      const repointed = existing.provider !== provider || IDENTITY_KEYS.some((k) => JSON.stringify(prev[k]) !== JSON.stringify(config[k])) || changedSecrets.length > 0;
      row = await repo.update(existing.id, { ...write, secretsEnc: sealSecrets(secrets), ...(repointed ? { verifiedAt: null, lastVerifyResult: null } : {}) });
    }
    await recordAudit(tx, ctx, {
      action: "provisioning.updated", targetType: "provisioning_config", targetId: row.id, targetLabel: provider,
      before: before ? { ...before, ...hasFlags(kept), ...(mappingsChanged ? { mappings: rulesBefore } : {}) } : null,
      after: {
        ...after, ...hasFlags(secrets), secretsChanged: changedSecrets, source: source.kind === "file" ? "gatehouse.config.json" : "api",
        ...(existing ? {} : { created: true }), ...(mappingsChanged ? { mappings: rules } : {}),
      },
    });
    return { row, rules, secrets, changed: true };
  });
}

/**
 * Creates or replaces the configuration (PUT). Secrets are write-only: omitted keeps the stored one (same
 * provider), null removes it; required ones are checked after that merge. Mapping arrays, when given, go
 * to the organization's IdentityMappingSet (shared with SSO and SCIM). Refused with conflict when the
 * configuration is managed by gatehouse.config.json. Audited as provisioning.updated (no secrets).
 */
export async function putProvisioning(ctx: OrgContext, input: ProvisioningConfigInput): Promise<ProvisioningDto> {
  const r = await save(ctx, input, { kind: "api" });
  return toProvisioningDto(r.row, r.secrets, r.rules);
}

/** gatehouse.config.json's writer (lib/provisioning/file-config.ts): marks the row file-managed; a no-op when unchanged. */
export async function applyFileProvisioning(ctx: OrgContext, input: ProvisioningConfigInput): Promise<{ changed: boolean }> {
  return { changed: (await save(ctx, input, { kind: "file" })).changed };
}

/** Test seams: where the environment, GOOGLE_APPLICATION_CREDENTIALS and key files come from. */
export type ResolveOverrides = Partial<ResolveDeps>;

function resolveRow(row: ProvisioningConfigRow, o: ResolveOverrides = {}): ResolveResult {
  return resolveProvisioning(
    { provider: row.provider as ProvisioningProvider, config: (row.config ?? {}) as Record<string, unknown>, secrets: openSecrets(row.secretsEnc) },
    {
      lookup: o.lookup ?? processEnvLookup,
      requireHttps: o.requireHttps ?? isProduction(),
      googleApplicationCredentials: "googleApplicationCredentials" in o ? o.googleApplicationCredentials : env().GOOGLE_APPLICATION_CREDENTIALS,
      readFile: o.readFile ?? ((p) => readFileSync(p, "utf8")),
    },
  );
}

const settingsOf = (row: ProvisioningConfigRow): DirectorySettings => ({
  provider: row.provider as ProvisioningProvider,
  enabled: row.enabled,
  teamIdsField: row.teamIdsField,
  decommissionMaxShare: row.decommissionMaxShare,
  decommissionMinCount: row.decommissionMinCount,
});

const describeError = (err: unknown): string =>
  err instanceof DirectoryError ? `${err.message}${err.status ? ` (HTTP ${err.status})` : ""}` : err instanceof Error ? err.message : String(err);

/**
 * Verify (issue #6): resolves the configuration (env references, Google key), then lets the provider's
 * adapter reach its token and directory endpoints; every check comes back with its reason. Stores the
 * result on the configuration (verifiedAt when everything passed) and audits provisioning.verified.
 * not_found when nothing is configured. Works whether or not sync is enabled.
 */
export async function verifyProvisioning(ctx: OrgContext, opts: AdapterOptions & { resolve?: ResolveOverrides } = {}): Promise<ProvisioningVerifyResult> {
  const row = await provisioningConfigRepo(ctx).get();
  if (!row) throw notFound("Provisioning configuration");
  const { resolve, ...adapterOpts } = opts;
  const checks: VerifyCheck[] = [];
  const r = resolveRow(row, resolve);
  if (!r.ok) {
    checks.push({ name: "settings", ok: false, detail: r.issues.map((i) => i.message).join("; ") });
  } else {
    checks.push({ name: "settings", ok: true });
    try {
      const adapter = createDirectoryAdapter(r.value, adapterOpts);
      const found = await adapter.verify();
      if (!found.length) checks.push({ name: "directory", ok: false, detail: "The adapter reported no checks" });
      checks.push(...found);
    } catch (err) {
      checks.push({ name: "directory", ok: false, detail: describeError(err) });
    }
  }
  const ok = checks.every((c) => c.ok);
  const at = new Date();
  await transaction(async (tx) => {
    await provisioningConfigRepo(ctx, tx).update(row.id, { lastVerifyResult: { ok, checks, at: at.toISOString() }, verifiedAt: ok ? at : null });
    await recordAudit(tx, ctx, {
      action: "provisioning.verified", targetType: "provisioning_config", targetId: row.id, targetLabel: row.provider,
      after: { ok, failed: checks.filter((c) => !c.ok).map((c) => c.name) },
    });
  });
  return { ok, checks };
}

/**
 * The organization's directory adapter and its sync settings, for the sync engine and jobs. Throws
 * invalid_input naming what to configure when there is no configuration, when it is disabled (unless
 * `requireEnabled: false`, e.g. a portal preview before turning sync on) or when it cannot be resolved
 * (missing environment variable, unreadable Google key, http URL in production).
 */
export async function directoryAdapterFor(
  ctx: OrgContext,
  opts: AdapterOptions & { requireEnabled?: boolean; resolve?: ResolveOverrides } = {},
): Promise<{ adapter: DirectoryAdapter; config: DirectorySettings }> {
  const { requireEnabled = true, resolve, ...adapterOpts } = opts;
  const row = await provisioningConfigRepo(ctx).get();
  if (!row) {
    throw new AppError("invalid_input", "Directory sync is not configured: choose a provider under Governance → User Provisioning → Directory (or PUT /api/v1/organizations/{id}/provisioning)");
  }
  if (requireEnabled && !row.enabled) {
    throw new AppError("invalid_input", "Directory sync is turned off for this organization: enable it under Governance → User Provisioning → Directory");
  }
  const r = resolveRow(row, resolve);
  if (!r.ok) {
    throw new AppError("invalid_input", `The directory configuration cannot be used: ${r.issues.map((i) => i.message).join("; ")}`, { issues: r.issues });
  }
  return { adapter: createDirectoryAdapter(r.value, adapterOpts), config: settingsOf(row) };
}

/** Organizations whose directory sync is enabled (active organizations only), for the reconciliation fan-out. */
export async function listOrgsWithProvisioningEnabled(): Promise<string[]> {
  return provisioningSystemRepo.enabledOrgIds();
}
