import type { AdapterOptions, EntraDirectoryConfig } from "../config-types";
import { DirectoryError, type DirectoryAdapter } from "../types";

// Placeholder until the Entra adapter lands (issue #6).
export function createEntraAdapter(_config: EntraDirectoryConfig, _opts: AdapterOptions = {}): DirectoryAdapter {
  const no = async (): Promise<never> => {
    throw new DirectoryError("unsupported", "Entra directory adapter not implemented yet");
  };
  return { provider: "entra", verify: no, listUsers: no, listGroups: no, listGroupMembers: no, listOrgUnits: no, getUserStatus: no };
}
