import type { GoogleServiceAccountKey, ResolvedDirectoryConfig } from "@/lib/directory/config-types";
import type { EnvLookup } from "@/lib/sso/config";
import { ENV_REFERENCE } from "@/lib/sso/schemas";
import { ENV_FIELDS, checkServiceAccountJson, type GoogleCredentialMode, type ProvisioningProvider, type ProvisioningSecrets } from "./schemas";

// Turning a saved configuration into what an adapter needs (lib/directory/config-types.ts): secrets
// decrypted by the caller, `env.VAR_NAME` references read, Google's key loaded per credentialMode, URLs
// checked for https outside development. Pure apart from the injected lookups.

export type StoredProvisioning = { provider: ProvisioningProvider; config: Record<string, unknown>; secrets: ProvisioningSecrets };
export type ConfigIssue = { path: string; message: string };
export type ResolveResult = { ok: true; value: ResolvedDirectoryConfig } | { ok: false; issues: ConfigIssue[] };

export type ResolveDeps = {
  lookup: EnvLookup;
  requireHttps: boolean;
  /** GOOGLE_APPLICATION_CREDENTIALS (credentialMode "inherit"), read through lib/env.ts by the caller. */
  googleApplicationCredentials?: string;
  /** Reads a key file (credentialMode "file" and "inherit"); throws when it cannot. */
  readFile: (path: string) => string;
};

const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);
const trimSlash = (s: string) => s.replace(/\/+$/, "");

/** Resolves `env.VAR_NAME` in the fields that allow it; a missing variable names the field and the variable. */
export function resolveEnvFields(provider: ProvisioningProvider, values: Record<string, unknown>, lookup: EnvLookup) {
  const allowed = ENV_FIELDS[provider];
  const out: Record<string, unknown> = {};
  const issues: ConfigIssue[] = [];
  for (const [k, v] of Object.entries(values)) {
    const m = allowed.has(k) && typeof v === "string" ? ENV_REFERENCE.exec(v.trim()) : null;
    if (!m) {
      out[k] = v;
      continue;
    }
    const resolved = lookup(m[1]!);
    if (resolved === undefined || resolved.trim() === "") issues.push({ path: k, message: `${k} references the environment variable ${m[1]}, which is not set on the server` });
    else out[k] = resolved.trim();
  }
  return { values: out, issues };
}

function parseKey(raw: string, source: string): { key: GoogleServiceAccountKey } | { error: string } {
  const check = checkServiceAccountJson(raw);
  if (!check.ok) return { error: `${source}: ${check.message.replace(/^serviceAccountJson /, "the key ")}` };
  return { key: JSON.parse(raw) as GoogleServiceAccountKey };
}

/** The Google service-account key: a stored (pasted) key wins; otherwise credentialMode says where it is. */
export function loadGoogleKey(c: Record<string, unknown>, secrets: ProvisioningSecrets, deps: ResolveDeps): { key: GoogleServiceAccountKey } | { error: string; path: string } {
  if (secrets.serviceAccountJson) {
    const r = parseKey(secrets.serviceAccountJson, "The stored service account key");
    return "error" in r ? { ...r, path: "serviceAccountJson" } : r;
  }
  const mode = (str(c.credentialMode) ?? "inherit") as GoogleCredentialMode;
  const fromFile = (path: string, what: string, field: string) => {
    let raw: string;
    try {
      raw = deps.readFile(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return { error: `${what} ${path} cannot be read${code ? ` (${code})` : ""}`, path: field };
    }
    const r = parseKey(raw, `${what} ${path}`);
    return "error" in r ? { ...r, path: field } : r;
  };
  switch (mode) {
    case "env": {
      const name = String(c.serviceAccountEnvVar ?? "").replace(/^env\./, "");
      const raw = name ? deps.lookup(name) : undefined;
      if (!raw || !raw.trim()) return { error: `serviceAccountEnvVar names ${name || "no variable"}, which is not set on the server`, path: "serviceAccountEnvVar" };
      const r = parseKey(raw, `The environment variable ${name}`);
      return "error" in r ? { ...r, path: "serviceAccountEnvVar" } : r;
    }
    case "file": {
      const path = str(c.serviceAccountFile);
      if (!path) return { error: 'serviceAccountFile is required with credentialMode "file"', path: "serviceAccountFile" };
      return fromFile(path, "The key file", "serviceAccountFile");
    }
    case "inherit": {
      const path = deps.googleApplicationCredentials?.trim();
      if (!path) {
        return { error: 'credentialMode "inherit" uses the server\'s GOOGLE_APPLICATION_CREDENTIALS, which is not set; paste a key or choose env or file', path: "credentialMode" };
      }
      return fromFile(path, "GOOGLE_APPLICATION_CREDENTIALS", "credentialMode");
    }
  }
}

function httpsIssue(field: string, value: string, requireHttps: boolean): ConfigIssue | null {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return { path: field, message: `${field} is not a valid URL: ${value}` };
  }
  if (u.protocol === "https:") return null;
  if (u.protocol === "http:" && !requireHttps) return null;
  return { path: field, message: `${field} must use https outside development (got ${u.protocol}//${u.host})` };
}

/** Resolves a stored configuration for an adapter; every problem is reported with the field it concerns. */
export function resolveProvisioning(stored: StoredProvisioning, deps: ResolveDeps): ResolveResult {
  const { provider } = stored;
  const { values: c, issues } = resolveEnvFields(provider, { ...stored.config, ...stored.secrets }, deps.lookup);
  if (issues.length) return { ok: false, issues };
  const out: ConfigIssue[] = [];
  const need = (k: string, why = `${k} is required`): string => {
    const v = str(c[k]);
    if (!v) out.push({ path: k, message: why });
    return v ?? "";
  };
  const url = (k: string) => {
    const v = str(c[k]);
    if (v) {
      const i = httpsIssue(k, v, deps.requireHttps);
      if (i) out.push(i);
    }
    return v ? trimSlash(v) : "";
  };
  let value: ResolvedDirectoryConfig;
  switch (provider) {
    case "okta":
      need("issuerUrl");
      need("apiToken", "apiToken is required: Okta's Users and Groups API needs an API token (Security → API → Tokens)");
      value = { provider, issuerUrl: url("issuerUrl"), clientId: str(c.clientId), clientSecret: str(c.clientSecret), apiToken: str(c.apiToken) ?? "" };
      break;
    case "entra":
      value = {
        provider, tenantId: need("tenantId"), clientId: need("clientId"), clientSecret: need("clientSecret"),
        cloud: (str(c.cloud) as "commercial" | "gcc-high" | "dod" | undefined) ?? "commercial",
      };
      break;
    case "keycloak":
      need("serverUrl");
      value = { provider, serverUrl: url("serverUrl"), realm: need("realm"), clientId: need("clientId"), clientSecret: need("clientSecret") };
      break;
    case "zitadel": {
      const domain = need("domain");
      if (/^[a-z]+:\/\//i.test(domain)) url("domain");
      value = {
        provider, domain: trimSlash(domain), projectId: str(c.projectId),
        serviceAccountClientId: need("serviceAccountClientId"), serviceAccountClientSecret: need("serviceAccountClientSecret"),
      };
      break;
    }
    case "google": {
      const k = loadGoogleKey(c, stored.secrets, deps);
      if ("error" in k) out.push({ path: k.path, message: k.error });
      value = {
        provider, domain: need("domain").toLowerCase(), adminEmail: need("adminEmail", "adminEmail is required: the admin the service account acts as (domain-wide delegation)"),
        serviceAccount: "key" in k ? k.key : null, impersonateServiceAccount: str(c.impersonateServiceAccount),
      };
      break;
    }
    case "sailpoint": {
      if (c.product === "iiq") {
        need("baseUrl");
        const username = str(c.username);
        if (username) need("password", "password is required with username (IdentityIQ basic auth)");
        if (str(c.clientId)) need("clientSecret", "clientSecret is required with clientId");
        if (!username && !str(c.clientId)) out.push({ path: "username", message: "IdentityIQ needs a username and password, or an OAuth clientId and clientSecret" });
        value = { provider, product: "iiq", baseUrl: url("baseUrl"), username, password: str(c.password), clientId: str(c.clientId), clientSecret: str(c.clientSecret) };
      } else {
        const baseUrl = str(c.baseUrl) ? url("baseUrl") : undefined;
        value = { provider, product: "isc", tenant: need("tenant"), clientId: need("clientId"), clientSecret: need("clientSecret"), ...(baseUrl ? { baseUrl } : {}) };
      }
      break;
    }
  }
  return out.length ? { ok: false, issues: out } : { ok: true, value };
}
