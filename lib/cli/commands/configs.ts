import type { Command } from "commander";
import type { ConfigDto } from "@/lib/configs/dto";
import type { Page } from "@/lib/http/pagination";
import { apiPath } from "../client";
import { usageError } from "../io";
import { printFields, printJson, printPageFooter, printTable, shortDate } from "../output";
import { scopedCollection } from "../resolve";
import { wantsJson, type Runtime } from "../runtime";

const source = (c: ConfigDto) => (c.source === "global" ? "global (inherited)" : c.overridesGlobal ? "organization (overrides global)" : "organization");
const valueText = (v: unknown, max = 60) => {
  const s = JSON.stringify(v);
  return s.length > max ? s.slice(0, max - 1) + "…" : s;
};

function showConfig(rt: Runtime, cmd: Command, c: ConfigDto, headline?: string) {
  if (wantsJson(cmd)) return printJson(rt.io, c);
  if (headline) rt.io.stdout(headline + "\n");
  printFields(rt.io, [["Name", c.name], ["Value", JSON.stringify(c.value)], ["Secret", c.isSecret ? "yes (value masked)" : "no"], ["Source", source(c)], ["Updated", shortDate(c.updatedAt)]]);
}

function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw usageError(`--value must be JSON, e.g. --value '"text"', --value 42 or --value '{"tier":"gold"}' (got ${raw})`);
  }
}

const GLOBAL = "--global";
const globalHelp = "the global item (organization id null; provider administrators only) instead of an organization's";

export function registerConfigs(program: Command, rt: Runtime) {
  const configs = program
    .command("configs")
    .description("Manage configs: per organization, or global with --global (an organization's item overrides the global one)");

  configs
    .command("list")
    .description("List the effective configs of an organization, or the global ones")
    .usage(`<org> | ${GLOBAL} [options]`)
    .argument("[org]", "organization id or slug")
    .option(GLOBAL, globalHelp)
    .option("--search <text>", "filter by name")
    .option("--page <n>", "page number, from 1")
    .option("--limit <n>", "page size, at most 200")
    .option("--json", "print the page as JSON ({ data, pagination })")
    .action(async (org: string | undefined, o: { global?: boolean; search?: string; page?: string; limit?: string }, cmd: Command) => {
      const api = rt.api(cmd);
      const { base } = await scopedCollection(api, { global: o.global, args: org ? [org] : [], names: [], segment: "configs" });
      const res = await api.get<Page<ConfigDto>>(base, { search: o.search, page: o.page, limit: o.limit });
      if (wantsJson(cmd)) return printJson(rt.io, res);
      if (res.data.length === 0) {
        rt.io.stdout(`No configs yet. Set one with: gatehouse configs set ${o.global ? GLOBAL : org} billing.plan --value '"gold"'\n`);
        return;
      }
      printTable(rt.io, ["Name", "Value", "Secret", "Source", "Updated"], res.data.map((c) => [c.name, valueText(c.value), c.isSecret ? "yes" : "", source(c), shortDate(c.updatedAt)]));
      printPageFooter(rt.io, res.pagination, "config");
    });

  configs
    .command("get")
    .description("Show a config (in an organization: its own item, else the global one)")
    .usage(`<org> <name> | ${GLOBAL} <name> [options]`)
    .argument("<args...>", "[org] name")
    .option(GLOBAL, globalHelp)
    .option("--json", "print the result as JSON")
    .action(async (args: string[], o: { global?: boolean }, cmd: Command) => {
      const api = rt.api(cmd);
      const { base, rest } = await scopedCollection(api, { global: o.global, args, names: ["name"], segment: "configs" });
      showConfig(rt, cmd, await api.get<ConfigDto>(`${base}${apiPath(rest[0]!)}`));
    });

  configs
    .command("set")
    .description("Create or replace a config")
    .usage(`<org> <name> | ${GLOBAL} <name> --value <json> [options]`)
    .argument("<args...>", "[org] name")
    .requiredOption("--value <json>", "the value as JSON: '\"text\"', 42, true, '{\"key\":\"value\"}'")
    .option("--secret", "encrypt at rest and mask on read")
    .option("--no-secret", "store as plain (not secret)")
    .option(GLOBAL, globalHelp)
    .option("--json", "print the result as JSON")
    .action(async (args: string[], o: { global?: boolean; value: string; secret?: boolean }, cmd: Command) => {
      const value = parseValue(o.value);
      const api = rt.api(cmd);
      const { base, rest } = await scopedCollection(api, { global: o.global, args, names: ["name"], segment: "configs" });
      // Without --secret/--no-secret the server keeps the existing flag.
      const c = await api.put<ConfigDto>(`${base}${apiPath(rest[0]!)}`, { value, ...(o.secret !== undefined ? { isSecret: o.secret } : {}) });
      showConfig(rt, cmd, c, `Saved config ${c.name} (${c.source})`);
    });

  configs
    .command("delete")
    .description("Delete a config (an organization's override: the global item applies again)")
    .usage(`<org> <name> | ${GLOBAL} <name> [options]`)
    .argument("<args...>", "[org] name")
    .option(GLOBAL, globalHelp)
    .option("--json", "print the result as JSON")
    .action(async (args: string[], o: { global?: boolean }, cmd: Command) => {
      const api = rt.api(cmd);
      const { base, rest } = await scopedCollection(api, { global: o.global, args, names: ["name"], segment: "configs" });
      await api.delete(`${base}${apiPath(rest[0]!)}`);
      if (wantsJson(cmd)) return printJson(rt.io, { deleted: true, name: rest[0] });
      rt.io.stdout(`Deleted config ${rest[0]}\n`);
    });
}
