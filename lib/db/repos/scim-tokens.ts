import { db, runInBackground } from "@/lib/db/client";
import { unwrap, type TxHandle } from "@/lib/db/unit-of-work";
import type { OrgContext } from "@/lib/auth/org-context";
import type { Prisma } from "@/lib/db/generated/prisma/client";

export type NewScimToken = { name: string; prefix: string; tokenHash: string; scopes: string[]; createdById: string | null; expiresAt: Date | null };
export type ScimTokenStatusFilter = "active" | "revoked" | "all";

function statusWhere(status: ScimTokenStatusFilter, now: Date): Prisma.ScimTokenWhereInput {
  switch (status) {
    case "active": return { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
    case "revoked": return { revokedAt: { not: null } };
    default: return {};
  }
}

export const scimTokensRepo = (ctx: OrgContext, tx?: TxHandle) => {
  const c = async () => unwrap(tx) ?? (await db());
  return {
    async list(status: ScimTokenStatusFilter, skip: number, take: number) {
      const where: Prisma.ScimTokenWhereInput = { orgId: ctx.orgId, ...statusWhere(status, new Date()) };
      const client = await c();
      const [rows, total] = await Promise.all([
        client.scimToken.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], skip, take }),
        client.scimToken.count({ where }),
      ]);
      return { rows, total };
    },
    async findById(id: string) {
      return (await c()).scimToken.findUnique({ where: { orgId_id: { orgId: ctx.orgId, id } } });
    },
    async create(data: NewScimToken) {
      return (await c()).scimToken.create({ data: { ...data, orgId: ctx.orgId } });
    },
    async revoke(id: string) {
      return (await c()).scimToken.update({ where: { orgId_id: { orgId: ctx.orgId, id } }, data: { revokedAt: new Date() } });
    },
  };
};

// SECURITY: unscoped by design. It runs before an OrgContext exists, to decide whether one may be
// created (lib/auth/org-context.ts authenticateScim is the only caller); the lookup key is the SHA-256 of
// a 256-bit secret, so it can only find the token the caller holds.
export const scimTokenAuthRepo = {
  async findByHash(tokenHash: string) {
    return (await db()).scimToken.findUnique({
      where: { tokenHash },
      include: { org: { select: { id: true, name: true, isProvider: true, isActive: true } } },
    });
  },
  /** Not awaited by callers: throttled like API keys (one write a minute per token), tracked so a disconnect waits for it. */
  touch(id: string) {
    runInBackground(
      db().then((c) =>
        c.scimToken.updateMany({
          where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(Date.now() - 60_000) } }] },
          data: { lastUsedAt: new Date() },
        }),
      ),
    );
  },
};
