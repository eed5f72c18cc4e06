import { decrypt, encrypt } from "@/lib/crypto";
import { isProduction } from "@/lib/env";
import { ssoSystemRepo, type SsoConnectionRow } from "@/lib/db/repos/sso-connections";
import { resolveConfig, issuerMatches, type ResolvedConfig, type EnvLookup } from "./config";
import { discover, type HttpGet, type ProviderEndpoints } from "./discovery";
import { processEnvLookup } from "./env-refs";
import type { SsoProvider } from "./schemas";

// A connection ready for use: configuration resolved (env references, issuer) and the provider's
// endpoints known (from the connection's discovery cache, fetched once when missing).

export type SsoRuntime = {
  orgId: string;
  orgName: string;
  orgSlug: string;
  connectionId: string;
  provider: SsoProvider;
  resolved: ResolvedConfig;
  endpoints: ProviderEndpoints;
  scopes: string[];
  userIdField: string;
  rolesField: string | null;
  teamIdsField: string | null;
  requireSso: boolean;
};

export type RuntimeFailure = { ok: false; reason: "no-connection" | "org-inactive" | "configuration-error" | "discovery-failed"; detail: string };
export type RuntimeResult = { ok: true; runtime: SsoRuntime } | RuntimeFailure;

export type Secrets = { clientSecret?: string; apiToken?: string };

export function sealSecrets(s: Secrets): string | null {
  const clean = Object.fromEntries(Object.entries(s).filter(([, v]) => typeof v === "string" && v !== ""));
  return Object.keys(clean).length ? encrypt(JSON.stringify(clean)) : null;
}

export function openSecrets(sealed: string | null): Secrets {
  if (!sealed) return {};
  try {
    return JSON.parse(decrypt(sealed)) as Secrets;
  } catch {
    return {};
  }
}

export function resolveRow(row: Pick<SsoConnectionRow, "provider" | "config" | "secretsEnc">, lookup: EnvLookup = processEnvLookup) {
  return resolveConfig(
    { provider: row.provider as SsoProvider, config: (row.config ?? {}) as Record<string, unknown>, secrets: openSecrets(row.secretsEnc) },
    lookup,
    { requireHttps: isProduction() },
  );
}

function cachedEndpoints(row: SsoConnectionRow, resolved: ResolvedConfig): ProviderEndpoints | null {
  const e = row.endpoints as ProviderEndpoints | null;
  if (!e || typeof e !== "object" || !e.authorization_endpoint || !e.token_endpoint || !e.jwks_uri) return null;
  // A cache from before the issuer changed is stale.
  if (!resolved.issuer.includes("{tenantid}") && !issuerMatches(resolved.issuer, e.issuer, undefined)) return null;
  return e;
}

type Loaded = NonNullable<Awaited<ReturnType<typeof ssoSystemRepo.connectionForOrg>>>;

/** Builds the runtime for an organization's connection, discovering its endpoints when none are cached. */
export async function loadRuntime(orgId: string, opts: { get?: HttpGet; lookup?: EnvLookup; row?: Loaded | null } = {}): Promise<RuntimeResult> {
  const row = opts.row !== undefined ? opts.row : await ssoSystemRepo.connectionForOrg(orgId);
  if (!row) return { ok: false, reason: "no-connection", detail: "This organization has no single sign-on connection" };
  if (!row.org.isActive) return { ok: false, reason: "org-inactive", detail: `Organization "${row.org.name}" is inactive` };
  const r = resolveRow(row, opts.lookup);
  if (!r.ok) return { ok: false, reason: "configuration-error", detail: r.issues.map((i) => i.message).join("; ") };
  let endpoints = cachedEndpoints(row, r.value);
  if (!endpoints) {
    const d = await discover(r.value, opts.get);
    if (!d.ok) return { ok: false, reason: "discovery-failed", detail: d.detail };
    if (!issuerMatches(r.value.issuer, d.endpoints.issuer, undefined) && !r.value.issuer.includes("{tenantid}")) {
      return { ok: false, reason: "discovery-failed", detail: `The provider says its issuer is "${d.endpoints.issuer}", expected "${r.value.issuer}"` };
    }
    endpoints = d.endpoints;
    await ssoSystemRepo.saveEndpoints(row.id, endpoints);
  }
  return {
    ok: true,
    runtime: {
      orgId: row.orgId,
      orgName: row.org.name,
      orgSlug: row.org.slug,
      connectionId: row.id,
      provider: row.provider as SsoProvider,
      resolved: r.value,
      endpoints,
      scopes: [...new Set([...row.scopes, ...r.value.extraScopes])],
      userIdField: row.userIdField,
      rolesField: row.rolesField,
      teamIdsField: row.teamIdsField,
      requireSso: row.requireSso,
    },
  };
}

/** The redirect URI to register at the provider (one per organization). */
export function redirectUriFor(appUrl: string, orgId: string) {
  return `${appUrl.replace(/\/+$/, "")}/api/auth/callback/${providerIdFor(orgId)}`;
}

export const PROVIDER_ID_PREFIX = "sso-";
export const providerIdFor = (orgId: string) => `${PROVIDER_ID_PREFIX}${orgId}`;
const PROVIDER_ID = /^sso-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
export const orgIdFromProviderId = (id: string) => PROVIDER_ID.exec(id)?.[1]?.toLowerCase() ?? null;
