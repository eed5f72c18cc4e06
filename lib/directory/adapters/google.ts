import type { AdapterOptions, GoogleDirectoryConfig } from "../config-types";
import { DirectoryError, type DirectoryAdapter } from "../types";

// Placeholder until the Google adapter lands (issue #6).
export function createGoogleAdapter(_config: GoogleDirectoryConfig, _opts: AdapterOptions = {}): DirectoryAdapter {
  const no = async (): Promise<never> => {
    throw new DirectoryError("unsupported", "Google directory adapter not implemented yet");
  };
  return { provider: "google", verify: no, listUsers: no, listGroups: no, listGroupMembers: no, listOrgUnits: no, getUserStatus: no };
}
