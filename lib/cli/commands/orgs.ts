import type { Command } from "commander";
import type { OrganizationDto } from "@/lib/organizations/dto";
import type { Page } from "@/lib/http/pagination";
import { CliError, usageError } from "../io";
import { printFields, printJson, printPageFooter, printTable, shortDate } from "../output";
import { resolveOrgId, orgPath } from "../resolve";
import { wantsJson, type Runtime } from "../runtime";

const status = (o: OrganizationDto) => (o.isActive ? "active" : "inactive");
const label = (o: OrganizationDto) => `${o.isProvider ? "★ " : ""}${o.name}`;

function showOrg(rt: Runtime, cmd: Command, o: OrganizationDto, headline?: string) {
  if (wantsJson(cmd)) return printJson(rt.io, o);
  if (headline) rt.io.stdout(headline + "\n");
  printFields(rt.io, [
    ["ID", o.id],
    ["Name", label(o)],
    ["Slug", o.slug],
    ["Domain", o.domain],
    ["Status", status(o)],
    ["Provider", o.isProvider ? "yes" : "no"],
    ["Default role", o.defaultRole],
    ["Members", o.memberCount],
    ["Created", shortDate(o.createdAt)],
    ["Updated", shortDate(o.updatedAt)],
    ...(o.deactivatedAt ? ([["Deactivated", shortDate(o.deactivatedAt)]] as [string, string][]) : []),
  ]);
}

/** `--domain ""` clears the domain. */
const domainValue = (d: string | undefined) => (d === undefined ? undefined : d.trim() === "" ? null : d);

export function registerOrgs(program: Command, rt: Runtime) {
  const orgs = program.command("orgs").description("Manage organizations (tenants)");

  orgs
    .command("create")
    .description("Create an organization (provider administrators and platform keys only)")
    .requiredOption("--name <name>", "display name, e.g. \"Acme Corporation\"")
    .option("--domain <domain>", "email domain, e.g. acme.com")
    .option("--slug <slug>", "URL slug (derived from the name when omitted)")
    .option("--json", "print the result as JSON")
    .action(async (o: { name: string; domain?: string; slug?: string }, cmd: Command) => {
      const body = { name: o.name, ...(o.slug !== undefined ? { slug: o.slug } : {}), ...(o.domain !== undefined ? { domain: domainValue(o.domain) } : {}) };
      const org = await rt.api(cmd).post<OrganizationDto>("/organizations", body);
      showOrg(rt, cmd, org, `Created organization "${org.name}" (${org.slug})`);
    });

  orgs
    .command("list")
    .description("List the organizations you can see")
    .option("--search <text>", "filter by name, slug or domain")
    .option("--status <status>", "active, inactive or all", "all")
    .option("--page <n>", "page number, from 1")
    .option("--limit <n>", "page size, at most 200")
    .option("--json", "print the page as JSON ({ data, pagination })")
    .action(async (o: { search?: string; status?: string; page?: string; limit?: string }, cmd: Command) => {
      const res = await rt.api(cmd).get<Page<OrganizationDto>>("/organizations", { search: o.search, status: o.status, page: o.page, limit: o.limit });
      if (wantsJson(cmd)) return printJson(rt.io, res);
      if (res.data.length === 0) {
        rt.io.stdout(o.search ? `No organizations match "${o.search}".\n` : "No organizations yet. Create one with: gatehouse orgs create --name \"Acme Corporation\" --domain acme.com\n");
        return;
      }
      printTable(rt.io, ["Name", "Slug", "Domain", "Status", "Members", "Created", "ID"],
        res.data.map((x) => [label(x), x.slug, x.domain, status(x), x.memberCount, shortDate(x.createdAt), x.id]));
      printPageFooter(rt.io, res.pagination, "organization");
    });

  orgs
    .command("show")
    .description("Show one organization")
    .argument("<org>", "organization id or slug")
    .option("--json", "print the result as JSON")
    .action(async (ref: string, _o: unknown, cmd: Command) => {
      const api = rt.api(cmd);
      const id = await resolveOrgId(api, ref);
      showOrg(rt, cmd, await api.get<OrganizationDto>(orgPath(id)));
    });

  orgs
    .command("update")
    .description("Change an organization's name, slug or domain")
    .argument("<org>", "organization id or slug")
    .option("--name <name>", "new display name")
    .option("--slug <slug>", "new slug")
    .option("--domain <domain>", "new email domain (\"\" removes it)")
    .option("--json", "print the result as JSON")
    .action(async (ref: string, o: { name?: string; slug?: string; domain?: string }, cmd: Command) => {
      const body = {
        ...(o.name !== undefined ? { name: o.name } : {}),
        ...(o.slug !== undefined ? { slug: o.slug } : {}),
        ...(o.domain !== undefined ? { domain: domainValue(o.domain) } : {}),
      };
      if (Object.keys(body).length === 0) throw usageError("Nothing to change: pass --name, --slug or --domain");
      const api = rt.api(cmd);
      const id = await resolveOrgId(api, ref);
      const org = await api.put<OrganizationDto>(orgPath(id), body);
      showOrg(rt, cmd, org, `Updated organization "${org.name}"`);
    });

  for (const [name, isActive, verb] of [["deactivate", false, "Deactivated"], ["activate", true, "Activated"]] as const) {
    orgs
      .command(name)
      .description(isActive ? "Reactivate an organization" : "Deactivate an organization: data stays, members and API keys are refused")
      .argument("<org>", "organization id or slug")
      .option("--json", "print the result as JSON")
      .action(async (ref: string, _o: unknown, cmd: Command) => {
        const api = rt.api(cmd);
        const id = await resolveOrgId(api, ref);
        const org = await api.put<OrganizationDto>(orgPath(id), { isActive });
        showOrg(rt, cmd, org, `${verb} organization "${org.name}"`);
      });
  }

  orgs
    .command("delete")
    .description("Delete an organization and its data (audit events are kept)")
    .argument("<org>", "organization id or slug")
    .option("-y, --yes", "do not ask for confirmation")
    .option("--json", "print the result as JSON")
    .action(async (ref: string, o: { yes?: boolean }, cmd: Command) => {
      const api = rt.api(cmd);
      const id = await resolveOrgId(api, ref);
      const org = await api.get<OrganizationDto>(orgPath(id));
      if (!o.yes) {
        const answer = await rt.io.prompt(`This deletes "${org.name}" and all its data. Type its slug (${org.slug}) to confirm: `);
        if (answer?.trim() !== org.slug) throw new CliError("Aborted: the slug did not match, nothing was deleted (pass --yes to skip this question)");
      }
      await api.delete(orgPath(id));
      if (wantsJson(cmd)) return printJson(rt.io, { deleted: true, id: org.id, slug: org.slug });
      rt.io.stdout(`Deleted organization "${org.name}" (${org.slug})\n`);
    });
}
