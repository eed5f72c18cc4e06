import type { Command } from "commander";
import { createApiClient, type ApiClient } from "./client";
import { usageError, type CliIo } from "./io";

export const DEFAULT_URL = "http://localhost:3000";

/** What every command gets: the injected IO and an API client built from --url/--api-key or the environment. */
export type Runtime = {
  io: CliIo;
  api: (cmd: Command) => ApiClient;
};

export function createRuntime(io: CliIo): Runtime {
  return {
    io,
    api(cmd) {
      const g = cmd.optsWithGlobals<{ url?: string; apiKey?: string }>();
      const baseUrl = g.url || io.env.GATEHOUSE_URL || DEFAULT_URL;
      if (!/^https?:\/\/[^/]/i.test(baseUrl)) throw usageError(`The Gatehouse URL must start with http:// or https:// (got "${baseUrl}")`);
      const apiKey = g.apiKey || io.env.GATEHOUSE_API_KEY;
      if (!apiKey) throw usageError("No API key: set GATEHOUSE_API_KEY or pass --api-key gh_…");
      return createApiClient({ baseUrl, apiKey, fetch: io.fetch });
    },
  };
}

/** The `--json` flag of the command (commands that show a result declare it). */
export const wantsJson = (cmd: Command) => Boolean(cmd.opts<{ json?: boolean }>().json);
