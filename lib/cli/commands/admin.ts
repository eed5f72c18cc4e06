import type { Command } from "commander";
import { printFields, printJson } from "../output";
import { CliError } from "../io";
import { wantsJson, type Runtime } from "../runtime";

export function registerAdmin(program: Command, rt: Runtime) {
  const admin = program.command("admin").description("Server-side administration: runs against the database directly (DATABASE_URL, else the embedded PGlite)");

  admin
    .command("create-owner")
    .description("Create an owner of the provider organization with a local password (first run, break-glass)")
    .requiredOption("--email <email>", "the owner's email address")
    .option("--password <password>", "the password (asked for when omitted, so it stays out of shell history)")
    .option("--name <name>", "display name")
    .option("--json", "print the result as JSON")
    .action(async (o: { email: string; password?: string; name?: string }, cmd: Command) => {
      const password = o.password ?? (await rt.io.prompt("Password for the new owner: "));
      if (!password) throw new CliError("A password is required: pass --password or type it when asked", 2);
      // Imported here, not at the top: only this command needs the database and its driver.
      const { createProviderOwner } = await import("@/lib/users/service");
      const owner = await createProviderOwner({ email: o.email, password, ...(o.name !== undefined ? { name: o.name } : {}) });
      if (wantsJson(cmd)) return printJson(rt.io, owner);
      rt.io.stdout("Created a provider owner\n");
      printFields(rt.io, [["Email", owner.email], ["User ID", owner.userId], ["Organization", owner.orgName ?? owner.orgId]]);
      rt.io.stdout("Sign in with this email and password; you will be asked to enrol two-factor authentication.\n");
    });
}
