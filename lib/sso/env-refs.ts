import type { EnvLookup } from "./config";

// SSO configuration fields may name an environment variable (`env.VAR_NAME`, issue #4) that is read when
// the connection is used, not when it is saved. This is the one place outside lib/env.ts that reads
// process.env: the variable names are data chosen by an administrator, so they cannot be in env()'s schema.
export const processEnvLookup: EnvLookup = (name) => process.env[name];
