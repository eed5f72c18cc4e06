import type { DirectoryProvider } from "./types";

/**
 * A provider's directory configuration after resolution: secrets decrypted, `env.VAR` references read,
 * Google credentials loaded (credentialMode inherit/env/file → serviceAccount). The provisioning service
 * (lib/provisioning) produces it; adapters consume it. Never logged, never returned.
 */
export type OktaDirectoryConfig = { provider: "okta"; issuerUrl: string; clientId?: string; clientSecret?: string; apiToken: string };
export type EntraCloud = "commercial" | "gcc-high" | "dod";
export type EntraDirectoryConfig = { provider: "entra"; tenantId: string; clientId: string; clientSecret: string; cloud: EntraCloud };
export type KeycloakDirectoryConfig = { provider: "keycloak"; serverUrl: string; realm: string; clientId: string; clientSecret: string };
export type ZitadelDirectoryConfig = {
  provider: "zitadel";
  domain: string; // "acme.zitadel.cloud" or a full URL (http://127.0.0.1:port in tests)
  projectId?: string;
  serviceAccountClientId: string;
  serviceAccountClientSecret: string;
};
export type GoogleServiceAccountKey = { client_email: string; private_key: string; token_uri?: string; [k: string]: unknown };
export type GoogleDirectoryConfig = {
  provider: "google";
  domain: string;
  adminEmail: string;
  /** null with credentialMode "inherit" when no key could be loaded: the adapter then reports a config error. */
  serviceAccount: GoogleServiceAccountKey | null;
  impersonateServiceAccount?: string;
};
export type SailPointDirectoryConfig =
  | { provider: "sailpoint"; product: "isc"; tenant: string; clientId: string; clientSecret: string; baseUrl?: string }
  | { provider: "sailpoint"; product: "iiq"; baseUrl: string; username?: string; password?: string; clientId?: string; clientSecret?: string };

export type ResolvedDirectoryConfig =
  | OktaDirectoryConfig
  | EntraDirectoryConfig
  | KeycloakDirectoryConfig
  | ZitadelDirectoryConfig
  | GoogleDirectoryConfig
  | SailPointDirectoryConfig;

/**
 * Options that are not configuration: where the provider's fixed hosts are (tests point Graph, Google
 * and SailPoint ISC at loopback contract servers), the page size, and timeouts.
 */
export type AdapterOptions = {
  /** Overrides of fixed hosts, e.g. { graph: "http://127.0.0.1:4010", login: "http://127.0.0.1:4010" }. */
  endpoints?: Record<string, string>;
  pageSize?: number;
  timeoutMs?: number;
  retries?: number;
  maxRetryAfterMs?: number;
  sleep?: (ms: number) => Promise<void>;
};

export type ProviderOf<C extends ResolvedDirectoryConfig> = C["provider"] extends DirectoryProvider ? C["provider"] : never;
