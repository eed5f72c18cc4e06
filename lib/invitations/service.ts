import { randomUUID } from "node:crypto";
import { transaction, type TxHandle } from "@/lib/db/unit-of-work";
import { invitationsRepo, invitationTokensRepo, type InvitationRow, type NewInvitation } from "@/lib/db/repos/invitations";
import { membersRepo } from "@/lib/db/repos/members";
import { organizationRepo } from "@/lib/db/repos/organizations";
import { recordAudit, recordPrincipalAudit } from "@/lib/audit/service";
import { AppError, conflict, invalid, notFound } from "@/lib/errors";
import { actorLabel, orgContextForJob, type OrgContext, type Principal } from "@/lib/auth/org-context";
import { env } from "@/lib/env";
import { randomToken, sha256 } from "@/lib/crypto";
import { toPage, type Page } from "@/lib/http/pagination";
import { assertHolds, assertRankAtMost, isOwnerActor } from "@/lib/roles/grants";
import { resolve } from "@/lib/roles/service";
import { assertMailConfigured, mailMode, sendMail, type MailResult } from "@/lib/mail/service";
import { invitationStatus, toInvitationDto, type InvitationDto } from "./dto";
import { invitationEmail } from "./email";
import { parseInvitationCsv } from "./csv";
import { roleNameRefSchema } from "@/lib/roles/schemas";
import {
  MAX_BULK_INVITATIONS, invitationEmailSchema,
  type BulkInvitationsInput, type CreateInvitationInput, type ListInvitationsQuery, type ResendInvitationInput,
} from "./schemas";

const DAY = 86_400_000;

export type Delivery = { status: "sent" | "outbox" | "failed"; error?: string };

export const acceptUrl = (token: string) => `${env().APP_URL.replace(/\/$/, "")}/invitations/accept?token=${encodeURIComponent(token)}`;
const newToken = () => randomToken(32);

export async function list(ctx: OrgContext, q: ListInvitationsQuery): Promise<Page<InvitationDto>> {
  const { rows, total } = await invitationsRepo(ctx).list({ status: q.status, search: q.search || undefined }, (q.page - 1) * q.limit, q.limit);
  const now = new Date();
  return toPage(rows.map((r) => toInvitationDto(r, now)), total, q);
}

export async function get(ctx: OrgContext, id: string): Promise<InvitationDto> {
  const i = await invitationsRepo(ctx).findById(id);
  if (!i) throw notFound("Invitation");
  return toInvitationDto(i);
}

// Roles: the same anti-escalation rules as adding a member directly (lib/members).

type RoleCheck = { ok: true; name: string } | { ok: false; reason: string };

async function checkRole(ctx: OrgContext, name: string, tx?: TxHandle): Promise<RoleCheck> {
  const role = await resolve(ctx, name, tx);
  if (!role) return { ok: false, reason: `Unknown role "${name}": use owner, admin, member or a custom role of this organization` };
  try {
    if (role.name === "owner") {
      const firstOwner = ctx.viaProvider && (await membersRepo(ctx, tx).countActiveOwners()) === 0;
      if (!isOwnerActor(ctx) && !firstOwner) return { ok: false, reason: "Only an owner can invite someone as owner" };
    } else {
      assertRankAtMost(ctx, role.rank, `The role "${role.name}"`);
      assertHolds(ctx, [...role.permissions], `the role "${role.name}"`);
    }
  } catch (e) {
    if (e instanceof AppError) return { ok: false, reason: e.message };
    throw e;
  }
  return { ok: true, name: role.name };
}

async function defaultRole(ctx: OrgContext) {
  return (await organizationRepo(ctx).get()).defaultRole;
}

function newRow(ctx: OrgContext, email: string, role: string, days: number, now: Date): NewInvitation & { token: string } {
  const token = newToken();
  return {
    id: randomUUID(), token, email, role, tokenHash: sha256(token), expiresAt: new Date(now.getTime() + days * DAY),
    invitedById: ctx.actor.type === "user" ? ctx.actor.userId : null, invitedByLabel: actorLabel(ctx.actor),
    lastSentAt: now, sendCount: 1,
  };
}

const auditAfter = (r: { email: string; role: string; expiresAt: Date }) => ({ email: r.email, role: r.role, expiresAt: r.expiresAt.toISOString() });

async function deliver(ctx: OrgContext, rows: { email: string; role: string; token: string; expiresAt: Date }[]): Promise<Delivery[]> {
  const mode = mailMode();
  const results: MailResult[] = await sendMail(
    rows.map((r) => invitationEmail({ to: r.email, orgId: ctx.orgId, orgName: ctx.orgName, role: r.role, invitedBy: actorLabel(ctx.actor), acceptUrl: acceptUrl(r.token), expiresAt: r.expiresAt })),
  );
  return results.map((r) => (r.ok ? { status: mode === "smtp" ? "sent" : "outbox" } : { status: "failed", error: `${r.error}; the invitation exists: resend it once mail works` }));
}

export type CreatedInvitation = InvitationDto & { delivery: Delivery };

/**
 * Invites one address. Conflict if it belongs to a member already or has a live pending invitation
 * (checked under a lock on the organization); invalid_input for an unknown role, forbidden above the
 * actor's rank. The email is sent after the transaction commits; a delivery failure is reported, not
 * thrown. Production without SMTP_URL refuses before writing. Assumes invitation:create.
 */
export async function create(ctx: OrgContext, input: CreateInvitationInput): Promise<CreatedInvitation> {
  assertMailConfigured();
  const roleName = input.role ?? (await defaultRole(ctx));
  const now = new Date();
  const row = await transaction(async (tx) => {
    const role = await checkRole(ctx, roleName, tx);
    if (!role.ok) {
      if (role.reason.startsWith("Unknown role")) throw invalid(role.reason, [{ path: "role", message: role.reason }]);
      throw new AppError("forbidden", role.reason);
    }
    const repo = invitationsRepo(ctx, tx);
    await repo.lockOrg();
    const members = await repo.memberEmails([input.email]);
    if (members.has(input.email)) throw conflict(`${input.email} is already a member of ${ctx.orgName} (role ${members.get(input.email)})`);
    const [pending] = await repo.findLivePending([input.email]);
    if (pending) throw conflict(`${input.email} already has a pending invitation (expires ${pending.expiresAt.toISOString()}); resend or revoke it instead`);
    const r = newRow(ctx, input.email, role.name, input.expiresInDays, now);
    const { token: _t, ...data } = r;
    await repo.createMany([data]);
    await recordAudit(tx, ctx, { action: "invitation.created", targetType: "invitation", targetId: r.id, targetLabel: r.email, after: auditAfter(r) });
    return r;
  });
  const [delivery] = await deliver(ctx, [row]);
  const stored = (await invitationsRepo(ctx).findById(row.id))!;
  return { ...toInvitationDto(stored), delivery: delivery! };
}

// Bulk

export type BulkRowStatus = "will-invite" | "already-member" | "already-invited" | "invalid";
export type BulkPreviewRow = {
  /** 1-based position in the request (or the CSV line number) */
  row: number;
  email: string;
  role: string | null;
  status: BulkRowStatus;
  reason?: string;
};
export type BulkCommitRow = Omit<BulkPreviewRow, "status"> & {
  status: "invited" | "already-member" | "already-invited";
  invitationId?: string;
  delivery?: Delivery;
};
export type BulkSummary = Record<BulkRowStatus | "invited", number> & { total: number };
export type BulkPreview = { dryRun: true; summary: BulkSummary; rows: BulkPreviewRow[] };
export type BulkResult = { dryRun: false; summary: BulkSummary; rows: BulkCommitRow[] };

function inputRows(input: BulkInvitationsInput): { row: number; email: string; role?: string }[] {
  const rows = input.csv !== undefined
    ? parseInvitationCsv(input.csv).map((r) => ({ row: r.line, email: r.email, role: r.role }))
    : (input.rows ?? []).map((r, i) => ({ row: i + 1, email: r.email, role: r.role }));
  if (rows.length > MAX_BULK_INVITATIONS) throw invalid(`At most ${MAX_BULK_INVITATIONS} invitations per request (got ${rows.length})`);
  if (!rows.length) throw invalid("There is nothing to invite: send at least one row (email, and optionally role)");
  return rows;
}

async function classify(ctx: OrgContext, input: BulkInvitationsInput, tx?: TxHandle): Promise<BulkPreviewRow[]> {
  const raw = inputRows(input);
  const fallbackRole = input.defaultRole ?? (await defaultRole(ctx));
  const roles = new Map<string, RoleCheck>();
  const seen = new Map<string, number>();
  const rows: BulkPreviewRow[] = [];
  for (const r of raw) {
    const email = invitationEmailSchema.safeParse(r.email);
    const display = r.email.trim().toLowerCase();
    const roleIn = r.role?.trim() ? r.role.trim().toLowerCase() : fallbackRole;
    if (!email.success) {
      rows.push({ row: r.row, email: display, role: roleIn, status: "invalid", reason: display ? `"${r.email.trim()}" is not a valid email address` : "The email is empty" });
      continue;
    }
    const first = seen.get(email.data);
    if (first !== undefined) {
      rows.push({ row: r.row, email: email.data, role: roleIn, status: "invalid", reason: `Duplicate of row ${first}` });
      continue;
    }
    seen.set(email.data, r.row);
    const roleName = roleNameRefSchema.safeParse(roleIn);
    if (!roleName.success) {
      rows.push({ row: r.row, email: email.data, role: roleIn, status: "invalid", reason: `"${roleIn}" is not a role name` });
      continue;
    }
    if (!roles.has(roleName.data)) roles.set(roleName.data, await checkRole(ctx, roleName.data, tx));
    const check = roles.get(roleName.data)!;
    if (!check.ok) {
      rows.push({ row: r.row, email: email.data, role: roleName.data, status: "invalid", reason: check.reason });
      continue;
    }
    rows.push({ row: r.row, email: email.data, role: check.name, status: "will-invite" });
  }
  const candidates = rows.filter((r) => r.status === "will-invite").map((r) => r.email);
  const repo = invitationsRepo(ctx, tx);
  const [members, pending] = await Promise.all([repo.memberEmails(candidates), repo.findLivePending(candidates)]);
  const pendingBy = new Map(pending.map((p) => [p.email, p]));
  for (const r of rows) {
    if (r.status !== "will-invite") continue;
    if (members.has(r.email)) Object.assign(r, { status: "already-member", reason: `Already a member (role ${members.get(r.email)})` });
    else if (pendingBy.has(r.email)) Object.assign(r, { status: "already-invited", reason: `Already invited; that invitation expires ${pendingBy.get(r.email)!.expiresAt.toISOString()}` });
  }
  return rows;
}

function summarise(rows: { status: string }[]): BulkSummary {
  const s: BulkSummary = { total: rows.length, "will-invite": 0, "already-member": 0, "already-invited": 0, invalid: 0, invited: 0 };
  for (const r of rows) s[r.status as keyof BulkSummary]++;
  return s;
}

/**
 * Bulk invitations (at most 50; more is invalid_input "At most 50 invitations per request (got N)").
 * dryRun: classifies every row and writes nothing. Otherwise all-or-nothing for bad input: any
 * invalid row (malformed email, duplicate, unknown or forbidden role) refuses the whole request with
 * per-row issues and writes nothing; already-member/already-invited rows are skipped and reported;
 * every will-invite row is written in ONE transaction, then mailed. Assumes invitation:create.
 */
export async function bulk(ctx: OrgContext, input: BulkInvitationsInput): Promise<BulkPreview | BulkResult> {
  if (input.dryRun) {
    const rows = await classify(ctx, input);
    return { dryRun: true, summary: summarise(rows), rows };
  }
  assertMailConfigured();
  const now = new Date();
  const { rows, created } = await transaction(async (tx) => {
    await invitationsRepo(ctx, tx).lockOrg();
    const rows = await classify(ctx, input, tx);
    const bad = rows.filter((r) => r.status === "invalid");
    if (bad.length) {
      throw invalid(
        `${bad.length} of ${rows.length} rows are invalid; nothing was invited. Fix or remove them (a dry run shows every row): ${bad.slice(0, 3).map((r) => `row ${r.row}: ${r.reason}`).join("; ")}${bad.length > 3 ? "; …" : ""}`,
        bad.map((r) => ({ path: `rows.${r.row}`, message: `${r.email || "(empty)"}: ${r.reason}` })),
      );
    }
    const created = rows.filter((r) => r.status === "will-invite").map((r) => ({ preview: r, data: newRow(ctx, r.email, r.role!, input.expiresInDays, now) }));
    const repo = invitationsRepo(ctx, tx);
    await repo.createMany(created.map(({ data: { token: _t, ...d } }) => d));
    for (const c of created) {
      await recordAudit(tx, ctx, { action: "invitation.created", targetType: "invitation", targetId: c.data.id, targetLabel: c.data.email, after: { ...auditAfter(c.data), bulk: true } });
    }
    return { rows, created };
  });
  const deliveries = await deliver(ctx, created.map((c) => c.data));
  const byRow = new Map(created.map((c, i) => [c.preview.row, { id: c.data.id, delivery: deliveries[i]! }]));
  const out: BulkCommitRow[] = rows.map((r) => {
    const made = byRow.get(r.row);
    if (made) return { row: r.row, email: r.email, role: r.role, status: "invited", invitationId: made.id, delivery: made.delivery };
    return { row: r.row, email: r.email, role: r.role, status: r.status as "already-member" | "already-invited", reason: r.reason };
  });
  return { dryRun: false, summary: summarise(out), rows: out };
}

// Resend, revoke

async function findOr404(ctx: OrgContext, id: string, tx?: TxHandle): Promise<InvitationRow> {
  const i = await invitationsRepo(ctx, tx).findById(id);
  if (!i) throw notFound("Invitation");
  return i;
}

/**
 * A new link for a pending or expired invitation: new token (the old link stops working at once),
 * new expiry, sendCount + 1. Conflict for accepted or revoked invitations, and for an expired one
 * whose address was invited again since. Assumes invitation:create.
 */
export async function resend(ctx: OrgContext, id: string, input: ResendInvitationInput = { expiresInDays: 7 }): Promise<CreatedInvitation> {
  assertMailConfigured();
  const now = new Date();
  const { row, token } = await transaction(async (tx) => {
    const repo = invitationsRepo(ctx, tx);
    await repo.lockOrg();
    const i = await findOr404(ctx, id, tx);
    const status = invitationStatus(i, now);
    if (status === "accepted") throw conflict(`The invitation for ${i.email} was already accepted`);
    if (status === "revoked") throw conflict(`The invitation for ${i.email} was revoked; create a new one instead`);
    if (status === "expired") {
      const [newer] = await repo.findLivePending([i.email]);
      if (newer) throw conflict(`${i.email} has a newer pending invitation; resend that one instead`);
      if ((await repo.memberEmails([i.email])).has(i.email)) throw conflict(`${i.email} is already a member of ${ctx.orgName}`);
    }
    const token = newToken();
    const row = await repo.update(i.id, { tokenHash: sha256(token), expiresAt: new Date(now.getTime() + input.expiresInDays * DAY), lastSentAt: now, sendCount: i.sendCount + 1 });
    await recordAudit(tx, ctx, { action: "invitation.resent", targetType: "invitation", targetId: i.id, targetLabel: i.email, before: { expiresAt: i.expiresAt.toISOString(), sendCount: i.sendCount }, after: { expiresAt: row.expiresAt.toISOString(), sendCount: row.sendCount } });
    return { row, token };
  });
  const [delivery] = await deliver(ctx, [{ email: row.email, role: row.role, token, expiresAt: row.expiresAt }]);
  return { ...toInvitationDto(row), delivery: delivery! };
}

/** Revokes a pending (or expired) invitation; revoking twice is a no-op. Conflict once accepted. Assumes invitation:revoke. */
export async function revoke(ctx: OrgContext, id: string): Promise<InvitationDto> {
  return transaction(async (tx) => {
    const i = await findOr404(ctx, id, tx);
    if (i.status === "revoked") return toInvitationDto(i);
    if (i.status === "accepted") throw conflict(`The invitation for ${i.email} was already accepted; remove the member instead`);
    const row = await invitationsRepo(ctx, tx).update(i.id, { status: "revoked", revokedAt: new Date() });
    await recordAudit(tx, ctx, { action: "invitation.revoked", targetType: "invitation", targetId: i.id, targetLabel: i.email, before: { status: invitationStatus(i) }, after: { status: "revoked" } });
    return toInvitationDto(row);
  });
}

// Accepting (no OrgContext: the token is the credential)

export type InvitationLinkProblem = "invalid" | "expired" | "revoked" | "accepted" | "org-inactive";

/** The AppError an accept page can tell apart by `problem`. */
export class InvitationLinkError extends AppError {
  readonly problem: InvitationLinkProblem;
  constructor(problem: InvitationLinkProblem, code: ConstructorParameters<typeof AppError>[0], message: string) {
    super(code, message);
    this.problem = problem;
  }
}

export type InvitationLink =
  | { ok: true; invitationId: string; orgId: string; orgName: string; email: string; role: string; expiresAt: string }
  | { ok: false; problem: InvitationLinkProblem; message: string; orgName?: string };

const LINK_CODES = { invalid: "not_found", expired: "precondition_failed", revoked: "conflict", accepted: "conflict", "org-inactive": "forbidden" } as const;

function linkMessage(problem: InvitationLinkProblem, orgName?: string, when?: Date): string {
  switch (problem) {
    case "invalid": return "This invitation link is not valid. Check that you opened the whole link from the most recent invitation email; a resent invitation replaces the earlier link.";
    case "expired": return `This invitation to ${orgName} expired${when ? ` on ${when.toUTCString()}` : ""}. Ask an administrator of ${orgName} to send a new one.`;
    case "revoked": return `This invitation to ${orgName} was withdrawn by an administrator. Ask them to invite you again if you still need access.`;
    case "accepted": return `This invitation to ${orgName} has already been used. Sign in to reach the organization.`;
    case "org-inactive": return `${orgName} is inactive, so its invitations cannot be accepted right now.`;
  }
}

const linkError = (problem: InvitationLinkProblem, message: string) => new InvitationLinkError(problem, LINK_CODES[problem], message);

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{20,200}$/;

/** What an accept link points at, for the page: a union, never throws for a bad link. */
export async function inspectLink(token: string): Promise<InvitationLink> {
  const problem = (p: InvitationLinkProblem, orgName?: string, when?: Date): InvitationLink => ({ ok: false, problem: p, message: linkMessage(p, orgName, when), orgName });
  if (!TOKEN_SHAPE.test(token)) return problem("invalid");
  const i = await invitationTokensRepo.findByTokenHash(sha256(token));
  if (!i) return problem("invalid");
  const status = invitationStatus(i);
  if (status !== "pending") return problem(status, i.org.name, i.expiresAt);
  if (!i.org.isActive) return problem("org-inactive", i.org.name);
  return { ok: true, invitationId: i.id, orgId: i.orgId, orgName: i.org.name, email: i.email, role: i.role, expiresAt: i.expiresAt.toISOString() };
}

export type AcceptResult = { orgId: string; orgName: string; role: string; alreadyMember: boolean };

/**
 * Accepts an invitation as the signed-in user. Throws InvitationLinkError (an AppError) for a forged,
 * expired, revoked or used link and for an inactive organization; forbidden when the user's email is
 * not the invited one. Membership, the accepted mark and the audit events are one transaction, and
 * the conditional update makes the link single-use even under concurrent clicks.
 */
export async function acceptInvitation(token: string, principal: Pick<Principal, "actor" | "meta">): Promise<AcceptResult> {
  if (principal.actor.type !== "user") throw new AppError("forbidden", "Sign in as a person to accept an invitation");
  const user = { id: principal.actor.userId, email: principal.actor.email.toLowerCase() };
  const link = await inspectLink(token);
  if (!link.ok) throw linkError(link.problem, link.message);
  if (link.email !== user.email) {
    throw new AppError("forbidden", `This invitation is for ${link.email}, but you are signed in as ${user.email}. Sign out and sign in (or create an account) as ${link.email}.`);
  }
  let ctx: OrgContext;
  try {
    ctx = await orgContextForJob(link.orgId, "invitation");
  } catch {
    throw linkError("org-inactive", linkMessage("org-inactive", link.orgName));
  }
  return transaction(async (tx) => {
    const now = new Date();
    if (!(await invitationsRepo(ctx, tx).consume(link.invitationId, user.id, now))) {
      // Lost a race with another click, a revoke or the clock: report what happened.
      const again = await inspectLink(token);
      throw again.ok ? linkError("accepted", linkMessage("accepted", link.orgName)) : linkError(again.problem, again.message);
    }
    const members = membersRepo(ctx, tx);
    const existing = await members.findByUserId(user.id);
    // A custom role deleted since the invitation falls back to member (least privilege).
    const role = (await resolve(ctx, link.role, tx)) ? link.role : "member";
    const org = { id: ctx.orgId, name: ctx.orgName };
    await recordPrincipalAudit(tx, principal, org, {
      action: "invitation.accepted", targetType: "invitation", targetId: link.invitationId, targetLabel: link.email,
      after: { email: link.email, role, alreadyMember: !!existing },
    });
    if (!existing) {
      await members.create({ userId: user.id, role, source: "manual" });
      await recordPrincipalAudit(tx, principal, org, {
        action: "member.added", targetType: "member", targetId: user.id, targetLabel: user.email,
        after: { email: user.email, role, status: "active", source: "manual", via: "invitation", invitationId: link.invitationId },
      });
    }
    return { orgId: ctx.orgId, orgName: ctx.orgName, role: existing?.role ?? role, alreadyMember: !!existing };
  });
}

