import type { Command } from "commander";
import type { MemberDto } from "@/lib/members/dto";
import type { Page } from "@/lib/http/pagination";
import type { ApiClient } from "../client";
import { CliError } from "../io";
import { printFields, printJson, printPageFooter, printTable, shortDate } from "../output";
import { isUuid, orgPath, resolveOrgId } from "../resolve";
import { wantsJson, type Runtime } from "../runtime";

/** `<userId|email>` -> user id; an email is looked up through the members list. */
async function resolveUserId(api: ApiClient, orgId: string, ref: string): Promise<string> {
  if (isUuid(ref)) return ref;
  if (!ref.includes("@")) throw new CliError(`"${ref}" is neither a user id (UUID) nor an email address`, 2);
  const email = ref.trim().toLowerCase();
  const res = await api.get<Page<MemberDto>>(orgPath(orgId, "members"), { search: email, status: "all", limit: 200 });
  const hit = res.data.find((m) => m.email.toLowerCase() === email);
  if (!hit) throw new CliError(`Member not found: ${email} is not a member of this organization`);
  return hit.userId;
}

function showMember(rt: Runtime, cmd: Command, m: MemberDto, headline: string) {
  if (wantsJson(cmd)) return printJson(rt.io, m);
  rt.io.stdout(headline + "\n");
  printFields(rt.io, [["User ID", m.userId], ["Email", m.email], ["Name", m.name], ["Role", m.role], ["Status", m.status], ["Source", m.source], ["Since", shortDate(m.createdAt)]]);
}

export function registerMembers(program: Command, rt: Runtime) {
  const members = program.command("members").description("Manage an organization's members and their roles");

  members
    .command("list")
    .description("List members")
    .argument("<org>", "organization id or slug")
    .option("--search <text>", "filter by email or name")
    .option("--role <role>", "only members with this role")
    .option("--status <status>", "active, suspended or all", "all")
    .option("--page <n>", "page number, from 1")
    .option("--limit <n>", "page size, at most 200")
    .option("--json", "print the page as JSON ({ data, pagination })")
    .action(async (ref: string, o: { search?: string; role?: string; status?: string; page?: string; limit?: string }, cmd: Command) => {
      const api = rt.api(cmd);
      const orgId = await resolveOrgId(api, ref);
      const res = await api.get<Page<MemberDto>>(orgPath(orgId, "members"), { search: o.search, role: o.role, status: o.status, page: o.page, limit: o.limit });
      if (wantsJson(cmd)) return printJson(rt.io, res);
      if (res.data.length === 0) {
        rt.io.stdout(o.search || o.role ? "No members match.\n" : `No members yet. Add one with: gatehouse members add ${ref} --email jane@example.com --role admin\n`);
        return;
      }
      printTable(rt.io, ["Email", "Name", "Role", "Status", "Source", "Since", "User ID"],
        res.data.map((m) => [m.email, m.name, m.role, m.status, m.source, shortDate(m.createdAt), m.userId]));
      printPageFooter(rt.io, res.pagination, "member");
    });

  members
    .command("add")
    .description("Add a member by email (the account is created when there is none)")
    .argument("<org>", "organization id or slug")
    .requiredOption("--email <email>", "the person's email address")
    .option("--role <role>", "owner, admin, member or a custom role (default: the organization's default role)")
    .option("--name <name>", "display name, used when the account is new")
    .option("--json", "print the result as JSON")
    .action(async (ref: string, o: { email: string; role?: string; name?: string }, cmd: Command) => {
      const api = rt.api(cmd);
      const orgId = await resolveOrgId(api, ref);
      const m = await api.post<MemberDto>(orgPath(orgId, "members"), { email: o.email, ...(o.role !== undefined ? { role: o.role } : {}), ...(o.name !== undefined ? { name: o.name } : {}) });
      showMember(rt, cmd, m, `Added ${m.email} as ${m.role}`);
    });

  members
    .command("remove")
    .description("Remove a member from the organization")
    .argument("<org>", "organization id or slug")
    .argument("<member>", "user id or email")
    .option("--json", "print the result as JSON")
    .action(async (ref: string, member: string, _o: unknown, cmd: Command) => {
      const api = rt.api(cmd);
      const orgId = await resolveOrgId(api, ref);
      const userId = await resolveUserId(api, orgId, member);
      await api.delete(orgPath(orgId, "members", userId));
      if (wantsJson(cmd)) return printJson(rt.io, { removed: true, orgId, userId });
      rt.io.stdout(`Removed ${member} from the organization\n`);
    });

  members
    .command("set-role")
    .description("Change a member's role")
    .argument("<org>", "organization id or slug")
    .argument("<member>", "user id or email")
    .argument("<role>", "owner, admin, member or a custom role")
    .option("--json", "print the result as JSON")
    .action(async (ref: string, member: string, role: string, _o: unknown, cmd: Command) => {
      const api = rt.api(cmd);
      const orgId = await resolveOrgId(api, ref);
      const userId = await resolveUserId(api, orgId, member);
      const m = await api.patch<MemberDto>(orgPath(orgId, "members", userId, "role"), { role });
      showMember(rt, cmd, m, `${m.email} is now ${m.role}`);
    });
}
