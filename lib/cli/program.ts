import { Command, CommanderError } from "commander";
import { ApiError, UnreachableError } from "./client";
import { CliError, type CliIo } from "./io";
import { createRuntime, DEFAULT_URL } from "./runtime";
import { registerOrgs } from "./commands/orgs";
import { registerMembers } from "./commands/members";
import { registerConfigs } from "./commands/configs";
import { registerApiKeys } from "./commands/api-keys";
import { registerAdmin } from "./commands/admin";
import { registerInvitations } from "./commands/invitations";
import { registerDomains } from "./commands/domains";
import { registerJobs } from "./commands/jobs";
import { AppError } from "@/lib/errors";

export function buildProgram(io: CliIo): Command {
  const program = new Command("gatehouse")
    .description("Gatehouse admin CLI: a client of the /api/v1 REST API")
    .option("--url <url>", `Gatehouse base URL (env GATEHOUSE_URL, default ${DEFAULT_URL})`)
    .option("--api-key <key>", "API key gh_… (env GATEHOUSE_API_KEY)")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s), outputError: (s, write) => write(s) })
    // Subcommands inherit this: commander throws instead of calling process.exit.
    .exitOverride();
  const rt = createRuntime(io);
  registerOrgs(program, rt);
  registerMembers(program, rt);
  registerConfigs(program, rt);
  registerApiKeys(program, rt);
  registerAdmin(program, rt);
  registerInvitations(program, rt);
  registerDomains(program, rt);
  registerJobs(program, rt);
  return program;
}

/** Runs one CLI invocation and returns its exit code: 0 ok, 1 API or runtime error, 2 usage error. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync(argv, { from: "user" });
    return 0;
  } catch (err) {
    return reportError(err, io);
  }
}

function reportError(err: unknown, io: CliIo): number {
  // commander has already printed its own message (or the help).
  if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
  // ApiError from the HTTP commands, AppError from the in-process admin commands: same output.
  if (err instanceof ApiError || err instanceof AppError) {
    io.stderr(`Error: ${err.message}\n`);
    for (const i of err.issues ?? []) io.stderr(`  - ${i.path}: ${i.message}\n`);
    return 1;
  }
  if (err instanceof UnreachableError) {
    io.stderr(`${err.message}\n`);
    return 1;
  }
  if (err instanceof CliError) {
    io.stderr(`Error: ${err.message}\n`);
    if (err.hint) io.stderr(`${err.hint}\n`);
    return err.exitCode;
  }
  io.stderr(`Error: ${err instanceof Error ? err.message : String(err)}\n`);
  return 1;
}
