import { db } from "@/lib/db/client";
import { unwrap, type TxHandle } from "@/lib/db/unit-of-work";
import type { Prisma } from "@/lib/db/generated/prisma/client";

// SECURITY: users are not tenant rows (one person may belong to several organizations), so these
// queries are keyed by the user's own id or email, never by an organization. Callers are the
// sign-in flow (before any context exists) and the signed-in user acting on their own account.
export const usersRepo = (tx?: TxHandle) => {
  const c = async () => unwrap(tx) ?? (await db());
  return {
    async findByEmail(email: string) {
      return (await c()).user.findUnique({ where: { email: email.toLowerCase() } });
    },
    async findById(id: string) {
      return (await c()).user.findUnique({ where: { id } });
    },
    async create(data: { email: string; name?: string | null; passwordHash: string }) {
      return (await c()).user.create({ data: { ...data, email: data.email.toLowerCase() } });
    },
    async update(id: string, data: Prisma.UserUpdateInput) {
      return (await c()).user.update({ where: { id }, data });
    },
    /**
     * Records `step` as the last accepted TOTP step, only if it is later than the stored one: true for
     * exactly one of several concurrent callers with the same step (the row lock serialises them and
     * PostgreSQL re-checks the condition), so a code cannot be used twice (RFC 6238 §5.2).
     */
    async claimTotpStep(id: string, step: number) {
      const r = await (await c()).user.updateMany({
        where: { id, OR: [{ mfaLastUsedStep: null }, { mfaLastUsedStep: { lt: step } }] },
        data: { mfaLastUsedStep: step },
      });
      return r.count === 1;
    },
    /** Active memberships in active or inactive organizations, with what a user needs to see. */
    async memberships(userId: string) {
      return (await c()).membership.findMany({
        where: { userId, status: "active" },
        select: { orgId: true, role: true, createdAt: true, org: { select: { id: true, name: true, slug: true, isProvider: true, isActive: true } } },
        orderBy: [{ org: { isProvider: "desc" } }, { org: { name: "asc" } }],
      });
    },
    // SECURITY: bootstrap only (`gatehouse admin create-owner`): the first owner of the provider
    // organization is created before any principal exists to build a context from.
    async addProviderOwner(orgId: string, userId: string) {
      return (await c()).membership.create({ data: { orgId, userId, role: "owner", source: "manual" } });
    },
    /** The organizations a user's account events are recorded in (customer admins see their members' sign-ins). */
    async auditOrgs(userId: string) {
      const rows = await (await c()).membership.findMany({
        where: { userId, status: "active" },
        select: { org: { select: { id: true, name: true } } },
      });
      return rows.map((r) => r.org);
    },
  };
};

export const recoveryCodesRepo = (tx?: TxHandle) => {
  const c = async () => unwrap(tx) ?? (await db());
  return {
    async replace(userId: string, codeHashes: string[]) {
      const client = await c();
      await client.recoveryCode.deleteMany({ where: { userId } });
      await client.recoveryCode.createMany({ data: codeHashes.map((codeHash) => ({ userId, codeHash })) });
    },
    async deleteAll(userId: string) {
      await (await c()).recoveryCode.deleteMany({ where: { userId } });
    },
    async listUnused(userId: string) {
      return (await c()).recoveryCode.findMany({ where: { userId, usedAt: null }, select: { id: true, codeHash: true } });
    },
    async countUnused(userId: string) {
      return (await c()).recoveryCode.count({ where: { userId, usedAt: null } });
    },
    /** True only for the one caller that flips usedAt: a code cannot be spent twice, even concurrently. */
    async markUsed(userId: string, id: string) {
      const r = await (await c()).recoveryCode.updateMany({ where: { id, userId, usedAt: null }, data: { usedAt: new Date() } });
      return r.count === 1;
    },
  };
};
