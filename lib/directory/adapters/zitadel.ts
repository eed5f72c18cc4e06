import type { AdapterOptions, ZitadelDirectoryConfig } from "../config-types";
import { DirectoryError, type DirectoryAdapter } from "../types";

// Placeholder until the Zitadel adapter lands (issue #6).
export function createZitadelAdapter(_config: ZitadelDirectoryConfig, _opts: AdapterOptions = {}): DirectoryAdapter {
  const no = async (): Promise<never> => {
    throw new DirectoryError("unsupported", "Zitadel directory adapter not implemented yet");
  };
  return { provider: "zitadel", verify: no, listUsers: no, listGroups: no, listGroupMembers: no, listOrgUnits: no, getUserStatus: no };
}
