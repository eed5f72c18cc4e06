import type { AdapterOptions, KeycloakDirectoryConfig } from "../config-types";
import { DirectoryError, type DirectoryAdapter } from "../types";

// Placeholder until the Keycloak adapter lands (issue #6).
export function createKeycloakAdapter(_config: KeycloakDirectoryConfig, _opts: AdapterOptions = {}): DirectoryAdapter {
  const no = async (): Promise<never> => {
    throw new DirectoryError("unsupported", "Keycloak directory adapter not implemented yet");
  };
  return { provider: "keycloak", verify: no, listUsers: no, listGroups: no, listGroupMembers: no, listOrgUnits: no, getUserStatus: no };
}
