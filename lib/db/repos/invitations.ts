import { db } from "@/lib/db/client";
import { unwrap, type TxHandle } from "@/lib/db/unit-of-work";
import type { OrgContext } from "@/lib/auth/org-context";
import type { Prisma } from "@/lib/db/generated/prisma/client";

/** Stored statuses; "expired" is derived (pending with expiresAt in the past). */
export type InvitationStatusFilter = "pending" | "accepted" | "revoked" | "expired" | "all";
export type InvitationRow = Prisma.InvitationGetPayload<object>;
export type NewInvitation = {
  id: string; email: string; role: string; tokenHash: string; expiresAt: Date;
  invitedById: string | null; invitedByLabel: string | null; lastSentAt: Date; sendCount: number;
};

function statusWhere(status: InvitationStatusFilter, now: Date): Prisma.InvitationWhereInput {
  switch (status) {
    case "pending": return { status: "pending", expiresAt: { gt: now } };
    case "expired": return { status: "pending", expiresAt: { lte: now } };
    case "accepted": return { status: "accepted" };
    case "revoked": return { status: "revoked" };
    default: return {};
  }
}

export const invitationsRepo = (ctx: OrgContext, tx?: TxHandle) => {
  const c = async () => unwrap(tx) ?? (await db());
  return {
    async list(f: { status: InvitationStatusFilter; search?: string }, skip: number, take: number) {
      const where: Prisma.InvitationWhereInput = {
        orgId: ctx.orgId,
        ...statusWhere(f.status, new Date()),
        ...(f.search ? { email: { contains: f.search, mode: "insensitive" } } : {}),
      };
      const client = await c();
      const [rows, total] = await Promise.all([
        client.invitation.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip, take }),
        client.invitation.count({ where }),
      ]);
      return { rows, total };
    },
    async findById(id: string) {
      return (await c()).invitation.findUnique({ where: { orgId_id: { orgId: ctx.orgId, id } } });
    },
    /** Pending invitations that have not expired, for these (lower-cased) emails. */
    async findLivePending(emails: string[]) {
      if (!emails.length) return [];
      return (await c()).invitation.findMany({ where: { orgId: ctx.orgId, email: { in: emails }, status: "pending", expiresAt: { gt: new Date() } } });
    },
    /** Which of these emails already belong to members of this organization (any membership status). */
    async memberEmails(emails: string[]) {
      if (!emails.length) return new Map<string, string>();
      const rows = await (await c()).membership.findMany({
        where: { orgId: ctx.orgId, user: { email: { in: emails } } },
        select: { role: true, user: { select: { email: true } } },
      });
      return new Map(rows.map((r) => [r.user.email, r.role]));
    },
    async createMany(rows: NewInvitation[]) {
      await (await c()).invitation.createMany({ data: rows.map((r) => ({ ...r, orgId: ctx.orgId })) });
    },
    async update(id: string, data: Partial<Pick<InvitationRow, "tokenHash" | "status" | "expiresAt" | "lastSentAt" | "sendCount" | "revokedAt" | "acceptedAt" | "acceptedUserId">>) {
      return (await c()).invitation.update({ where: { orgId_id: { orgId: ctx.orgId, id } }, data });
    },
    /** Single use: true only for the one caller that moves this live invitation to accepted. */
    async consume(id: string, userId: string, now: Date) {
      const r = await (await c()).invitation.updateMany({
        where: { orgId: ctx.orgId, id, status: "pending", expiresAt: { gt: now } },
        data: { status: "accepted", acceptedAt: now, acceptedUserId: userId },
      });
      return r.count === 1;
    },
    /**
     * Row-locks the organization for the rest of the transaction: "one pending invitation per email"
     * is checked and written under it, so concurrent invites of the same address cannot both pass.
     */
    async lockOrg() {
      await unwrap(tx)!.$queryRaw`SELECT 1 FROM "organization" WHERE "id" = ${ctx.orgId}::uuid FOR UPDATE`;
    },
  };
};

// SECURITY: an invitation link is looked up by the SHA-256 of its token before any organization
// context exists; the token itself is the credential (256 random bits), so the lookup is unscoped.
export const invitationTokensRepo = {
  async findByTokenHash(tokenHash: string) {
    return (await db()).invitation.findUnique({
      where: { tokenHash },
      include: { org: { select: { id: true, name: true, isActive: true } } },
    });
  },
};
