import type { AdapterOptions, ResolvedDirectoryConfig } from "./config-types";
import type { DirectoryAdapter } from "./types";
import { createOktaAdapter } from "./adapters/okta";
import { createEntraAdapter } from "./adapters/entra";
import { createKeycloakAdapter } from "./adapters/keycloak";
import { createZitadelAdapter } from "./adapters/zitadel";
import { createGoogleAdapter } from "./adapters/google";
import { createSailPointAdapter } from "./adapters/sailpoint";

export function createDirectoryAdapter(config: ResolvedDirectoryConfig, opts: AdapterOptions = {}): DirectoryAdapter {
  switch (config.provider) {
    case "okta":
      return createOktaAdapter(config, opts);
    case "entra":
      return createEntraAdapter(config, opts);
    case "keycloak":
      return createKeycloakAdapter(config, opts);
    case "zitadel":
      return createZitadelAdapter(config, opts);
    case "google":
      return createGoogleAdapter(config, opts);
    case "sailpoint":
      return createSailPointAdapter(config, opts);
  }
}
