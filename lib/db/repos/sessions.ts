import { db } from "@/lib/db/client";
import { unwrap, type TxHandle } from "@/lib/db/unit-of-work";

// SECURITY: sessions belong to a user, not an organization. Reads by token hash happen before any
// principal exists; every other method takes the owning userId and filters by it, so one user can
// never see or revoke another's session (a foreign id simply matches nothing).
export const sessionsRepo = (tx?: TxHandle) => {
  const c = async () => unwrap(tx) ?? (await db());
  return {
    async create(data: {
      tokenHash: string; userId: string; activeOrgId: string | null; ip: string | null; userAgent: string | null;
      expiresAt: Date; mfaVerifiedAt: Date | null; source?: string;
    }) {
      return (await c()).session.create({ data });
    },
    /** A usable session: not revoked, not expired. */
    async findActiveByTokenHash(tokenHash: string, now = new Date()) {
      return (await c()).session.findFirst({ where: { tokenHash, revokedAt: null, expiresAt: { gt: now } } });
    },
    async findActiveForUser(userId: string, id: string, now = new Date()) {
      return (await c()).session.findFirst({ where: { id, userId, revokedAt: null, expiresAt: { gt: now } } });
    },
    /** At most one write a minute per session keeps page views off the write path. */
    async touch(id: string, now = new Date()) {
      await (await c()).session.updateMany({ where: { id, lastSeenAt: { lt: new Date(now.getTime() - 60_000) } }, data: { lastSeenAt: now } });
    },
    async listActiveForUser(userId: string, now = new Date()) {
      return (await c()).session.findMany({
        where: { userId, revokedAt: null, expiresAt: { gt: now } },
        orderBy: [{ lastSeenAt: "desc" }, { id: "asc" }],
      });
    },
    async revoke(userId: string, id: string) {
      const r = await (await c()).session.updateMany({ where: { id, userId, revokedAt: null }, data: { revokedAt: new Date() } });
      return r.count;
    },
    async revokeAllExcept(userId: string, exceptId: string | null) {
      const r = await (await c()).session.updateMany({
        where: { userId, revokedAt: null, ...(exceptId ? { id: { not: exceptId } } : {}) },
        data: { revokedAt: new Date() },
      });
      return r.count;
    },
    async revokeByTokenHash(tokenHash: string) {
      const r = await (await c()).session.updateMany({ where: { tokenHash, revokedAt: null }, data: { revokedAt: new Date() } });
      return r.count;
    },
    async setActiveOrg(userId: string, id: string, orgId: string) {
      const r = await (await c()).session.updateMany({ where: { id, userId, revokedAt: null }, data: { activeOrgId: orgId } });
      return r.count;
    },
    async markMfaVerified(userId: string, id: string) {
      await (await c()).session.updateMany({ where: { id, userId }, data: { mfaVerifiedAt: new Date() } });
    },
  };
};
