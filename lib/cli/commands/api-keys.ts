import type { Command } from "commander";
import type { ApiKeyDto, CreatedApiKeyDto } from "@/lib/api-keys/dto";
import type { Page } from "@/lib/http/pagination";
import { apiPath } from "../client";
import { CliError } from "../io";
import { printFields, printJson, printPageFooter, printTable, shortDate } from "../output";
import { isUuid, scopedCollection } from "../resolve";
import { wantsJson, type Runtime } from "../runtime";

const GLOBAL = "--global";
const globalHelp = "platform-wide keys (act in every organization; provider administrators only)";

export function registerApiKeys(program: Command, rt: Runtime) {
  const keys = program.command("api-keys").description("Manage API keys: per organization, or platform-wide with --global");

  keys
    .command("list")
    .description("List API keys (never their secrets)")
    .usage(`<org> | ${GLOBAL} [options]`)
    .argument("[org]", "organization id or slug")
    .option(GLOBAL, globalHelp)
    .option("--status <status>", "active, expired, revoked or all", "all")
    .option("--search <text>", "filter by name")
    .option("--page <n>", "page number, from 1")
    .option("--limit <n>", "page size, at most 200")
    .option("--json", "print the page as JSON ({ data, pagination })")
    .action(async (org: string | undefined, o: { global?: boolean; status?: string; search?: string; page?: string; limit?: string }, cmd: Command) => {
      const api = rt.api(cmd);
      const { base } = await scopedCollection(api, { global: o.global, args: org ? [org] : [], names: [], segment: "api-keys" });
      const res = await api.get<Page<ApiKeyDto>>(base, { status: o.status, search: o.search, page: o.page, limit: o.limit });
      if (wantsJson(cmd)) return printJson(rt.io, res);
      if (res.data.length === 0) {
        rt.io.stdout(`No API keys. Create one with: gatehouse api-keys create ${o.global ? GLOBAL : org} --name ci --scopes org:read\n`);
        return;
      }
      printTable(rt.io, ["Name", "Prefix", "Status", "Scopes", "Expires", "Last used", "ID"],
        res.data.map((k) => [k.name, `${k.prefix}…`, k.status, k.scopes.join(", "), shortDate(k.expiresAt) || "never", shortDate(k.lastUsedAt) || "never", k.id]));
      printPageFooter(rt.io, res.pagination, "API key");
    });

  keys
    .command("create")
    .description("Create an API key; its secret is printed once")
    .usage(`<org> | ${GLOBAL} --name <name> [options]`)
    .argument("[org]", "organization id or slug")
    .option(GLOBAL, globalHelp)
    .requiredOption("--name <name>", "what the key is for, e.g. ci-deploy")
    .option("--scopes <list>", "comma-separated permissions, e.g. org:read,member:read (default: all you hold)")
    .option("--expires <date>", "expiry, ISO 8601 date or date-time, e.g. 2027-01-01")
    .option("--json", "print the result (including the secret) as JSON")
    .action(async (org: string | undefined, o: { global?: boolean; name: string; scopes?: string; expires?: string }, cmd: Command) => {
      const scopes = o.scopes?.split(",").map((s) => s.trim()).filter(Boolean);
      if (scopes && scopes.length === 0) throw new CliError("--scopes needs at least one permission, e.g. --scopes org:read", 2);
      const api = rt.api(cmd);
      const { base } = await scopedCollection(api, { global: o.global, args: org ? [org] : [], names: [], segment: "api-keys" });
      const k = await api.post<CreatedApiKeyDto>(base, { name: o.name, ...(scopes ? { scopes } : {}), ...(o.expires ? { expiresAt: o.expires } : {}) });
      if (wantsJson(cmd)) return printJson(rt.io, k);
      rt.io.stdout(`Created API key "${k.name}" (${k.prefix}…)\n`);
      printFields(rt.io, [["ID", k.id], ["Scopes", k.scopes.join(", ")], ["Expires", shortDate(k.expiresAt) || "never"]]);
      rt.io.stdout(`\n    ${k.secret}\n\n`);
      rt.io.stderr("Store this key now: it is shown only once and cannot be retrieved later.\n");
    });

  keys
    .command("revoke")
    .description("Revoke an API key: requests with it are refused from now on")
    .usage(`<org> <keyId> | ${GLOBAL} <keyId> [options]`)
    .argument("<args...>", "[org] keyId")
    .option(GLOBAL, globalHelp)
    .option("--json", "print the result as JSON")
    .action(async (args: string[], o: { global?: boolean }, cmd: Command) => {
      const api = rt.api(cmd);
      const { base, rest } = await scopedCollection(api, { global: o.global, args, names: ["keyId"], segment: "api-keys" });
      if (!isUuid(rest[0]!)) throw new CliError(`"${rest[0]}" is not an API key id (UUID); see gatehouse api-keys list`, 2);
      const k = await api.delete<ApiKeyDto>(`${base}${apiPath(rest[0]!)}`);
      if (wantsJson(cmd)) return printJson(rt.io, k);
      rt.io.stdout(`Revoked API key "${k.name}" (${k.prefix}…)\n`);
    });
}
