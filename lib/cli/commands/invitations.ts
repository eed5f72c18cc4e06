import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import type { InvitationDto } from "@/lib/invitations/dto";
import type { BulkPreview, BulkResult, CreatedInvitation } from "@/lib/invitations/service";
import type { Page } from "@/lib/http/pagination";
import type { ApiClient } from "../client";
import { CliError } from "../io";
import { printFields, printJson, printPageFooter, printTable, shortDate } from "../output";
import { isUuid, orgPath, resolveOrgId } from "../resolve";
import { wantsJson, type Runtime } from "../runtime";

/** `<invitationId|email>` -> id; an email picks its pending (else newest) invitation. */
async function resolveInvitationId(api: ApiClient, orgId: string, ref: string): Promise<string> {
  if (isUuid(ref)) return ref;
  if (!ref.includes("@")) throw new CliError(`"${ref}" is neither an invitation id (UUID) nor an email address`, 2);
  const email = ref.trim().toLowerCase();
  const res = await api.get<Page<InvitationDto>>(orgPath(orgId, "invitations"), { search: email, limit: 200 });
  const mine = res.data.filter((i) => i.email === email);
  const hit = mine.find((i) => i.status === "pending") ?? mine.find((i) => i.status === "expired") ?? mine[0];
  if (!hit) throw new CliError(`Invitation not found: no invitation for ${email} in this organization`);
  return hit.id;
}

function delivery(i: CreatedInvitation): string {
  const d = i.delivery;
  return d.status === "sent" ? "emailed" : d.status === "outbox" ? "written to the development outbox" : `NOT emailed: ${d.error}`;
}

function showInvitation(rt: Runtime, cmd: Command, i: CreatedInvitation, headline: string) {
  if (wantsJson(cmd)) return printJson(rt.io, i);
  rt.io.stdout(`${headline} (${delivery(i)})\n`);
  printFields(rt.io, [["ID", i.id], ["Email", i.email], ["Role", i.role], ["Status", i.status], ["Expires", shortDate(i.expiresAt)], ["Sent", `${i.sendCount}×`]]);
}

export function registerInvitations(program: Command, rt: Runtime) {
  const inv = program.command("invitations").description("Invite people to an organization by email");

  inv
    .command("create")
    .description("Invite one address; the invitation email goes out at once")
    .argument("<org>", "organization id or slug")
    .requiredOption("--email <email>", "the person's email address")
    .option("--role <role>", "owner, admin, member or a custom role (default: the organization's default role)")
    .option("--expires-in-days <n>", "how long the link works, 1 to 30 days", "7")
    .option("--json", "print the result as JSON")
    .action(async (ref: string, o: { email: string; role?: string; expiresInDays: string }, cmd: Command) => {
      const api = rt.api(cmd);
      const orgId = await resolveOrgId(api, ref);
      const i = await api.post<CreatedInvitation>(orgPath(orgId, "invitations"), { email: o.email, expiresInDays: Number(o.expiresInDays), ...(o.role !== undefined ? { role: o.role } : {}) });
      showInvitation(rt, cmd, i, `Invited ${i.email} as ${i.role}`);
    });

  inv
    .command("bulk")
    .description("Invite up to 50 people from a CSV file (email[,role] per line, optional header)")
    .argument("<org>", "organization id or slug")
    .argument("<file>", "path to the CSV file")
    .option("--role <role>", "role for rows without one (default: the organization's default role)")
    .option("--expires-in-days <n>", "how long the links work, 1 to 30 days", "7")
    .option("--dry-run", "only preview: classify every row, invite no one")
    .option("--json", "print the result as JSON")
    .action(async (ref: string, file: string, o: { role?: string; expiresInDays: string; dryRun?: boolean }, cmd: Command) => {
      let csv: string;
      try {
        csv = await readFile(file, "utf8");
      } catch (e) {
        throw new CliError(`Cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 2);
      }
      const api = rt.api(cmd);
      const orgId = await resolveOrgId(api, ref);
      const r = await api.post<BulkPreview | BulkResult>(orgPath(orgId, "invitations", "bulk"), {
        csv, dryRun: !!o.dryRun, expiresInDays: Number(o.expiresInDays), ...(o.role !== undefined ? { defaultRole: o.role } : {}),
      });
      if (wantsJson(cmd)) return printJson(rt.io, r);
      printTable(rt.io, ["Row", "Email", "Role", "Status", "Note"],
        r.rows.map((row) => [row.row, row.email, row.role, row.status, row.reason ?? ("delivery" in row && row.delivery?.status === "failed" ? row.delivery.error : "")]));
      const s = r.summary;
      rt.io.stdout(r.dryRun
        ? `Preview only, nothing sent: ${s["will-invite"]} will be invited, ${s["already-member"]} already members, ${s["already-invited"]} already invited, ${s.invalid} invalid.\n`
        : `Invited ${s.invited}; skipped ${s["already-member"]} already members and ${s["already-invited"]} already invited.\n`);
      if (r.dryRun && s.invalid > 0) rt.io.stdout("Fix or remove the invalid rows: a bulk invitation with invalid rows is refused as a whole.\n");
    });

  inv
    .command("list")
    .description("List invitations (newest first)")
    .argument("<org>", "organization id or slug")
    .option("--status <status>", "pending, accepted, expired, revoked or all", "all")
    .option("--search <text>", "filter by email")
    .option("--page <n>", "page number, from 1")
    .option("--limit <n>", "page size, at most 200")
    .option("--json", "print the page as JSON ({ data, pagination })")
    .action(async (ref: string, o: { status?: string; search?: string; page?: string; limit?: string }, cmd: Command) => {
      const api = rt.api(cmd);
      const orgId = await resolveOrgId(api, ref);
      const res = await api.get<Page<InvitationDto>>(orgPath(orgId, "invitations"), { status: o.status, search: o.search, page: o.page, limit: o.limit });
      if (wantsJson(cmd)) return printJson(rt.io, res);
      if (res.data.length === 0) {
        rt.io.stdout(o.search || o.status !== "all" ? "No invitations match.\n" : `No invitations yet. Invite someone with: gatehouse invitations create ${ref} --email jane@example.com\n`);
        return;
      }
      printTable(rt.io, ["Email", "Role", "Status", "Expires", "Sent", "Invited by", "ID"],
        res.data.map((i) => [i.email, i.role, i.status, shortDate(i.expiresAt), `${i.sendCount}×`, i.invitedBy, i.id]));
      printPageFooter(rt.io, res.pagination, "invitation");
    });

  inv
    .command("revoke")
    .description("Revoke an invitation: its link stops working")
    .argument("<org>", "organization id or slug")
    .argument("<invitation>", "invitation id or the invited email")
    .option("--json", "print the result as JSON")
    .action(async (ref: string, invitation: string, _o: unknown, cmd: Command) => {
      const api = rt.api(cmd);
      const orgId = await resolveOrgId(api, ref);
      const id = await resolveInvitationId(api, orgId, invitation);
      const i = await api.delete<InvitationDto>(orgPath(orgId, "invitations", id));
      if (wantsJson(cmd)) return printJson(rt.io, i);
      rt.io.stdout(`Revoked the invitation to ${i?.email ?? invitation}\n`);
    });

  inv
    .command("resend")
    .description("Send a new link (the previous one stops working)")
    .argument("<org>", "organization id or slug")
    .argument("<invitation>", "invitation id or the invited email")
    .option("--expires-in-days <n>", "how long the new link works, 1 to 30 days", "7")
    .option("--json", "print the result as JSON")
    .action(async (ref: string, invitation: string, o: { expiresInDays: string }, cmd: Command) => {
      const api = rt.api(cmd);
      const orgId = await resolveOrgId(api, ref);
      const id = await resolveInvitationId(api, orgId, invitation);
      const i = await api.post<CreatedInvitation>(orgPath(orgId, "invitations", id, "resend"), { expiresInDays: Number(o.expiresInDays) });
      showInvitation(rt, cmd, i, `Resent the invitation to ${i.email}`);
    });
}
