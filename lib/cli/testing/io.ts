// Test support: an in-memory CliIo that records what a command printed.
import type { FetchLike } from "../client";
import type { CliIo } from "../io";
import { run } from "../program";

export type CliResult = { code: number; stdout: string; stderr: string; json: any };

export function cliRunner(opts: { fetch: FetchLike; env?: Record<string, string | undefined> }) {
  const transcript: string[] = [];
  async function cli(argv: string[], extra: { answer?: string | null; env?: Record<string, string | undefined> } = {}): Promise<CliResult> {
    let stdout = "";
    let stderr = "";
    const prompts: string[] = [];
    const io: CliIo = {
      stdout: (s) => void (stdout += s),
      stderr: (s) => void (stderr += s),
      env: { ...opts.env, ...extra.env },
      fetch: opts.fetch,
      prompt: async (q) => {
        prompts.push(q);
        return extra.answer ?? null;
      },
    };
    const code = await run(argv, io);
    transcript.push(stdout, stderr, ...prompts);
    let json: unknown;
    try {
      json = JSON.parse(stdout);
    } catch {
      json = undefined;
    }
    return { code, stdout, stderr, json };
  }
  /** Everything every run printed (to check that no API key ever appears). */
  cli.transcript = () => transcript.join("\n");
  return cli;
}
