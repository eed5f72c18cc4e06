// Turning a saved provider configuration into what sign-in needs: `env.VAR_NAME` references resolved,
// the issuer derived per provider, the discovery URL and expected audiences. Pure: the environment
// lookup is passed in (lib/sso/env-refs.ts reads the real one).

import { ENTRA_CLOUDS, ENV_REFERENCE, type EntraCloud, type SsoProvider } from "./schemas";

export type EnvLookup = (name: string) => string | undefined;

/** The stored shape: provider-specific fields (SsoConnection.config) plus the decrypted secrets. */
export type StoredConfig = { provider: SsoProvider; config: Record<string, unknown>; secrets: { clientSecret?: string; apiToken?: string } };

export type ExplicitEndpoints = {
  authorization_endpoint: string;
  token_endpoint: string;
  userinfo_endpoint?: string;
  jwks_uri: string;
};

export type ResolvedConfig = {
  provider: SsoProvider;
  /** The issuer the ID token's `iss` must equal. Entra "common": contains `{tenantid}` (see issuerMatches). */
  issuer: string;
  discoveryUrl: string;
  explicitEndpoints: ExplicitEndpoints | null;
  clientId: string;
  clientSecret: string | null;
  apiToken: string | null;
  /** Accepted `aud` values: the audience override, else the client id (plus Entra's appIdUri). */
  audiences: string[];
  /** Google: the `hd` claim must equal this hosted domain. */
  hostedDomain: string | null;
  /** Zitadel: the project whose role claim carries roles. */
  zitadelProjectId: string | null;
  /** Scopes the provider needs on top of the configured ones (Zitadel project audience). */
  extraScopes: string[];
  /** Entra multi-tenant: the tenant ids (`tid`) allowed to sign in; null = any tenant. */
  allowedTenants: string[] | null;
};

export type ConfigIssue = { path: string; message: string };
export type ResolveResult = { ok: true; value: ResolvedConfig } | { ok: false; issues: ConfigIssue[] };

/** Entra authority hosts per cloud (Microsoft: "National clouds" — Azure Government uses login.microsoftonline.us for GCC High and DoD). */
export const ENTRA_AUTHORITY_HOSTS: Record<EntraCloud, string> = {
  commercial: "login.microsoftonline.com",
  "gcc-high": "login.microsoftonline.us",
  dod: "login.microsoftonline.us",
};

const trimSlash = (s: string) => s.replace(/\/+$/, "");

/** Resolves `env.VAR_NAME` values. Missing variables are configuration issues naming the field and the variable. */
export function resolveEnvRefs(values: Record<string, unknown>, lookup: EnvLookup): { values: Record<string, unknown>; issues: ConfigIssue[] } {
  const out: Record<string, unknown> = {};
  const issues: ConfigIssue[] = [];
  for (const [k, v] of Object.entries(values)) {
    const m = typeof v === "string" ? ENV_REFERENCE.exec(v.trim()) : null;
    if (!m) {
      out[k] = v;
      continue;
    }
    const resolved = lookup(m[1]!);
    if (resolved === undefined || resolved.trim() === "") {
      issues.push({ path: k, message: `${k} references the environment variable ${m[1]}, which is not set on the server` });
    } else out[k] = resolved.trim();
  }
  return { values: out, issues };
}

const str = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v.trim() : null);

/** The issuer per provider (issue #4). */
export function deriveIssuer(provider: SsoProvider, c: Record<string, unknown>): string {
  switch (provider) {
    case "okta":
      return trimSlash(String(c.issuerUrl));
    case "entra": {
      const cloud = (ENTRA_CLOUDS as readonly string[]).includes(String(c.cloud)) ? (c.cloud as EntraCloud) : "commercial";
      const tenant = String(c.tenantId);
      // Multi-tenant apps: the issuer names the signing tenant, checked against the token's tid claim.
      const t = /^(common|organizations)$/i.test(tenant) ? "{tenantid}" : tenant;
      return `https://${ENTRA_AUTHORITY_HOSTS[cloud]}/${t}/v2.0`;
    }
    case "keycloak":
      return `${trimSlash(String(c.serverUrl))}/realms/${encodeURIComponent(String(c.realm))}`;
    case "zitadel":
      return `https://${String(c.domain).toLowerCase()}`;
    case "google":
      return "https://accounts.google.com";
    case "oidc":
      return trimSlash(String(c.issuer));
  }
}

function discoveryUrlFor(provider: SsoProvider, c: Record<string, unknown>, issuer: string): string {
  if (provider === "entra" && issuer.includes("{tenantid}")) {
    const cloud = (c.cloud as EntraCloud) ?? "commercial";
    return `https://${ENTRA_AUTHORITY_HOSTS[cloud] ?? ENTRA_AUTHORITY_HOSTS.commercial}/${String(c.tenantId).toLowerCase()}/v2.0/.well-known/openid-configuration`;
  }
  return `${issuer}/.well-known/openid-configuration`;
}

/** True when `iss` is the expected issuer; a `{tenantid}` template accepts exactly the token's own `tid`. */
export function issuerMatches(expected: string, iss: unknown, tid: unknown): boolean {
  if (typeof iss !== "string") return false;
  if (!expected.includes("{tenantid}")) return iss === expected || trimSlash(iss) === expected;
  if (typeof tid !== "string" || !/^[0-9a-f-]{36}$/i.test(tid)) return false;
  return iss === expected.replace("{tenantid}", tid);
}

const GUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

/**
 * The tenant a concrete issuer names when it is an instance of a `{tenantid}` template
 * (`https://login.microsoftonline.com/<tid>/v2.0`), else null. Only a GUID fills the slot.
 */
export function tenantOfIssuer(template: string, iss: unknown): string | null {
  if (typeof iss !== "string" || !template.includes("{tenantid}")) return null;
  const [before, after] = template.split("{tenantid}") as [string, string];
  const esc = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const m = new RegExp(`^${esc(before)}(${GUID})${esc(after)}$`).exec(iss);
  return m ? m[1]!.toLowerCase() : null;
}

/**
 * Resolves a stored configuration for use. `requireHttps` (outside development) refuses plain-http
 * issuers and endpoints: @auth/core allows them, so this is where they are stopped.
 */
export function resolveConfig(stored: StoredConfig, lookup: EnvLookup, opts: { requireHttps: boolean }): ResolveResult {
  const { values, issues } = resolveEnvRefs({ ...stored.config, ...stored.secrets }, lookup);
  if (issues.length) return { ok: false, issues };
  const c = values;
  const clientId = str(c.clientId);
  if (!clientId) return { ok: false, issues: [{ path: "clientId", message: "clientId is required" }] };

  const issuer = deriveIssuer(stored.provider, c);
  const explicit =
    stored.provider === "oidc" && str(c.authorizationEndpoint) && str(c.tokenEndpoint) && str(c.jwksUri)
      ? {
          authorization_endpoint: str(c.authorizationEndpoint)!,
          token_endpoint: str(c.tokenEndpoint)!,
          jwks_uri: str(c.jwksUri)!,
          ...(str(c.userinfoEndpoint) ? { userinfo_endpoint: str(c.userinfoEndpoint)! } : {}),
        }
      : null;

  const urls: [string, string][] = [["issuer", issuer]];
  if (explicit) for (const [k, v] of Object.entries(explicit)) urls.push([k, v]);
  const urlIssues: ConfigIssue[] = [];
  for (const [k, v] of urls) {
    let u: URL;
    try {
      u = new URL(v.replace("{tenantid}", "common"));
    } catch {
      urlIssues.push({ path: k, message: `${k} is not a valid URL: ${v}` });
      continue;
    }
    if (u.protocol !== "https:" && (opts.requireHttps || u.protocol !== "http:")) {
      urlIssues.push({ path: k, message: `${k} must use https outside development (got ${u.protocol}//${u.host})` });
    }
  }
  if (urlIssues.length) return { ok: false, issues: urlIssues };

  const audience = str(c.audience);
  const audiences = [audience ?? clientId];
  if (stored.provider === "entra" && str(c.appIdUri)) audiences.push(str(c.appIdUri)!);
  const projectId = stored.provider === "zitadel" ? str(c.projectId) : null;

  return {
    ok: true,
    value: {
      provider: stored.provider,
      issuer,
      discoveryUrl: discoveryUrlFor(stored.provider, c, issuer),
      explicitEndpoints: explicit,
      clientId,
      clientSecret: str(c.clientSecret),
      apiToken: str(c.apiToken),
      audiences,
      hostedDomain: stored.provider === "google" ? (str(c.domain)?.toLowerCase() ?? null) : null,
      zitadelProjectId: projectId,
      extraScopes: projectId ? [`urn:zitadel:iam:org:project:id:${projectId}:aud`] : [],
      allowedTenants: stored.provider === "entra" && issuer.includes("{tenantid}") && str(c.allowedTenants)
        ? str(c.allowedTenants)!.split(/[\s,]+/).filter(Boolean).map((t) => t.toLowerCase())
        : null,
    },
  };
}

/** Zitadel puts project roles in `urn:zitadel:iam:org:project:<projectId>:roles`; other providers need rolesField. */
export function defaultRolesField(resolved: Pick<ResolvedConfig, "provider" | "zitadelProjectId">): string | undefined {
  if (resolved.provider === "zitadel") {
    return resolved.zitadelProjectId ? `urn:zitadel:iam:org:project:${resolved.zitadelProjectId}:roles` : "urn:zitadel:iam:org:project:roles";
  }
  return undefined;
}
