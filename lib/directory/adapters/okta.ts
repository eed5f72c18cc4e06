import type { AdapterOptions, OktaDirectoryConfig } from "../config-types";
import { DirectoryError, type DirectoryAdapter } from "../types";

// Placeholder until the Okta adapter lands (issue #6).
export function createOktaAdapter(_config: OktaDirectoryConfig, _opts: AdapterOptions = {}): DirectoryAdapter {
  const no = async (): Promise<never> => {
    throw new DirectoryError("unsupported", "Okta directory adapter not implemented yet");
  };
  return { provider: "okta", verify: no, listUsers: no, listGroups: no, listGroupMembers: no, listOrgUnits: no, getUserStatus: no };
}
