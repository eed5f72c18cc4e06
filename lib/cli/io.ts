import type { FetchLike } from "./client";

/** Everything the CLI touches outside itself, injected so commands run in-process in tests. */
export type CliIo = {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  fetch: FetchLike;
  /** Asks a question and returns the typed line, or null when there is no one to answer (EOF). */
  prompt: (question: string) => Promise<string | null>;
};

/** A failure the CLI detected itself. exitCode 2 is a usage error, 1 anything else. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: 1 | 2 = 1, readonly hint?: string) {
    super(message);
    this.name = "CliError";
  }
}

export const usageError = (message: string, hint?: string) => new CliError(message, 2, hint);
