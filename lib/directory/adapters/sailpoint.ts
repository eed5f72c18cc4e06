import type { AdapterOptions, SailPointDirectoryConfig } from "../config-types";
import { DirectoryError, type DirectoryAdapter } from "../types";

// Placeholder until the SailPoint adapter lands (issue #6).
export function createSailPointAdapter(_config: SailPointDirectoryConfig, _opts: AdapterOptions = {}): DirectoryAdapter {
  const no = async (): Promise<never> => {
    throw new DirectoryError("unsupported", "SailPoint directory adapter not implemented yet");
  };
  return { provider: "sailpoint", verify: no, listUsers: no, listGroups: no, listGroupMembers: no, listOrgUnits: no, getUserStatus: no };
}
