import type { Command } from "commander";
import type { DomainDto } from "@/lib/domains/dto";
import type { StartVerificationResult } from "@/lib/domains/service";
import type { Page } from "@/lib/http/pagination";
import type { ApiClient } from "../client";
import { CliError } from "../io";
import { printFields, printJson, printPageFooter, printTable, shortDate } from "../output";
import { isUuid, orgPath, resolveOrgId } from "../resolve";
import { wantsJson, type Runtime } from "../runtime";

/** `<domainId|domain>` -> id, matching the stored (punycode) or displayed name. */
async function resolveDomainId(api: ApiClient, orgId: string, ref: string): Promise<string> {
  if (isUuid(ref)) return ref;
  const name = ref.trim().toLowerCase().replace(/\.$/, "");
  const res = await api.get<Page<DomainDto>>(orgPath(orgId, "domains"), { limit: 200 });
  const hit = res.data.find((d) => d.domain === name || d.displayName === name);
  if (!hit) throw new CliError(`Domain not found: ${ref} has not been added to this organization`);
  return hit.id;
}

function showDomain(rt: Runtime, d: DomainDto) {
  printFields(rt.io, [
    ["ID", d.id],
    ["Domain", d.displayName === d.domain ? d.domain : `${d.displayName} (${d.domain})`],
    ["Status", d.status],
    ["Verified", shortDate(d.verifiedAt)],
    ["Last check", d.lastCheckedAt ? `${shortDate(d.lastCheckedAt)} (${d.checkAttempts} in total)` : ""],
    ["Problem", d.failureReason],
    ["Routing", d.routingEnabled ? "on" : "off"],
    ["Auto-join", d.autoJoinEnabled ? `on (${d.autoJoinRole})` : "off"],
  ]);
  if (d.status !== "verified") {
    rt.io.stdout(`\nPublish this DNS record, then run: gatehouse domains confirm <org> ${d.domain}\n`);
    printFields(rt.io, [["Name", d.verificationRecord.name], ["Type", "TXT"], ["Value", d.verificationRecord.value]]);
  }
}

const onOff = (v: string | undefined, flag: string) => {
  if (v === undefined) return undefined;
  if (v === "on" || v === "true") return true;
  if (v === "off" || v === "false") return false;
  throw new CliError(`${flag} takes on or off (got "${v}")`, 2);
};

export function registerDomains(program: Command, rt: Runtime) {
  const domains = program.command("domains").description("Verify an organization's email domains (DNS TXT) and set routing and auto-join");

  domains
    .command("add")
    .description("Add a domain and print the TXT record to publish")
    .argument("<org>", "organization id or slug")
    .argument("<domain>", "e.g. acme.com (internationalised names are converted to punycode)")
    .option("--json", "print the result as JSON")
    .action(async (ref: string, domain: string, _o: unknown, cmd: Command) => {
      const api = rt.api(cmd);
      const orgId = await resolveOrgId(api, ref);
      const d = await api.post<DomainDto>(orgPath(orgId, "domains"), { domain });
      if (wantsJson(cmd)) return printJson(rt.io, d);
      rt.io.stdout(`Added ${d.displayName}\n`);
      showDomain(rt, d);
    });

  domains
    .command("list")
    .description("List the organization's domains")
    .argument("<org>", "organization id or slug")
    .option("--status <status>", "pending, verified, failed or expired")
    .option("--page <n>", "page number, from 1")
    .option("--limit <n>", "page size, at most 200")
    .option("--json", "print the page as JSON ({ data, pagination })")
    .action(async (ref: string, o: { status?: string; page?: string; limit?: string }, cmd: Command) => {
      const api = rt.api(cmd);
      const orgId = await resolveOrgId(api, ref);
      const res = await api.get<Page<DomainDto>>(orgPath(orgId, "domains"), { status: o.status, page: o.page, limit: o.limit });
      if (wantsJson(cmd)) return printJson(rt.io, res);
      if (res.data.length === 0) {
        rt.io.stdout(o.status ? "No domains match.\n" : `No domains yet. Add one with: gatehouse domains add ${ref} acme.com\n`);
        return;
      }
      printTable(rt.io, ["Domain", "Status", "Verified", "Routing", "Auto-join", "TXT name", "ID"],
        res.data.map((d) => [d.displayName, d.status, shortDate(d.verifiedAt), d.routingEnabled ? "on" : "off", d.autoJoinEnabled ? `on (${d.autoJoinRole})` : "off", d.verificationRecord.name, d.id]));
      printPageFooter(rt.io, res.pagination, "domain");
    });

  domains
    .command("verify")
    .description("Start background verification (retries for up to 72 hours; needs Inngest)")
    .argument("<org>", "organization id or slug")
    .argument("<domain>", "domain name or id")
    .option("--json", "print the result as JSON")
    .action(async (ref: string, domain: string, _o: unknown, cmd: Command) => {
      const api = rt.api(cmd);
      const orgId = await resolveOrgId(api, ref);
      const id = await resolveDomainId(api, orgId, domain);
      const r = await api.post<StartVerificationResult>(orgPath(orgId, "domains", id, "verify"));
      if (wantsJson(cmd)) return printJson(rt.io, r);
      rt.io.stdout(`${r.message}\n`);
    });

  domains
    .command("confirm")
    .description("Check the TXT record now (exit code 1 when the domain is not verified)")
    .argument("<org>", "organization id or slug")
    .argument("<domain>", "domain name or id")
    .option("--json", "print the result as JSON")
    .action(async (ref: string, domain: string, _o: unknown, cmd: Command) => {
      const api = rt.api(cmd);
      const orgId = await resolveOrgId(api, ref);
      const id = await resolveDomainId(api, orgId, domain);
      const d = await api.post<DomainDto>(orgPath(orgId, "domains", id, "confirm"));
      if (wantsJson(cmd)) printJson(rt.io, d);
      else {
        rt.io.stdout(d.status === "verified" ? `${d.displayName} is verified\n` : `${d.displayName} is not verified yet\n`);
        showDomain(rt, d);
      }
      if (d.status !== "verified") throw new CliError(d.failureReason ?? "The TXT record was not found");
    });

  domains
    .command("set")
    .description("Change routing, auto-join and the auto-join role (the domain must be verified to turn them on)")
    .argument("<org>", "organization id or slug")
    .argument("<domain>", "domain name or id")
    .option("--routing <on|off>", "route sign-ins on this domain to the organization's SSO")
    .option("--auto-join <on|off>", "new people on this domain join automatically")
    .option("--auto-join-role <role>", "the role auto-joined people get (not owner)")
    .option("--json", "print the result as JSON")
    .action(async (ref: string, domain: string, o: { routing?: string; autoJoin?: string; autoJoinRole?: string }, cmd: Command) => {
      const body = { routingEnabled: onOff(o.routing, "--routing"), autoJoinEnabled: onOff(o.autoJoin, "--auto-join"), autoJoinRole: o.autoJoinRole };
      if (Object.values(body).every((v) => v === undefined)) throw new CliError("Nothing to change: pass --routing, --auto-join or --auto-join-role", 2);
      const api = rt.api(cmd);
      const orgId = await resolveOrgId(api, ref);
      const id = await resolveDomainId(api, orgId, domain);
      const d = await api.patch<DomainDto>(orgPath(orgId, "domains", id), body);
      if (wantsJson(cmd)) return printJson(rt.io, d);
      rt.io.stdout(`Updated ${d.displayName}\n`);
      showDomain(rt, d);
    });

  domains
    .command("remove")
    .description("Remove a domain (its verification, routing and auto-join stop)")
    .argument("<org>", "organization id or slug")
    .argument("<domain>", "domain name or id")
    .option("--json", "print the result as JSON")
    .action(async (ref: string, domain: string, _o: unknown, cmd: Command) => {
      const api = rt.api(cmd);
      const orgId = await resolveOrgId(api, ref);
      const id = await resolveDomainId(api, orgId, domain);
      await api.delete(orgPath(orgId, "domains", id));
      if (wantsJson(cmd)) return printJson(rt.io, { removed: true, orgId, domainId: id });
      rt.io.stdout(`Removed ${domain}\n`);
    });
}
