import { db } from "@/lib/db/client";
import { unwrap, type TxHandle } from "@/lib/db/unit-of-work";
import type { OrgContext } from "@/lib/auth/org-context";
import type { Prisma } from "@/lib/db/generated/prisma/client";

export type ApiKeyStatusFilter = "active" | "expired" | "revoked" | "all";
export type NewApiKey = { name: string; prefix: string; keyHash: string; scopes: string[]; createdById: string | null; expiresAt: Date | null };

function statusWhere(status: ApiKeyStatusFilter, now: Date): Prisma.ApiKeyWhereInput {
  switch (status) {
    case "active": return { revokedAt: null, disabledAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
    case "expired": return { revokedAt: null, expiresAt: { lte: now } };
    case "revoked": return { revokedAt: { not: null } };
    default: return {};
  }
}

// One shape for both scopes: orgId is ctx.orgId for an organization's keys, null for platform keys.
function repo(orgId: string | null, tx?: TxHandle) {
  const c = async () => unwrap(tx) ?? (await db());
  const one = (id: string): Prisma.ApiKeyWhereUniqueInput => (orgId ? { orgId_id: { orgId, id } } : { id, orgId: null });
  return {
    async list(f: { status: ApiKeyStatusFilter; search?: string }, skip: number, take: number) {
      const where: Prisma.ApiKeyWhereInput = {
        orgId,
        ...statusWhere(f.status, new Date()),
        ...(f.search ? { name: { contains: f.search, mode: "insensitive" } } : {}),
      };
      const client = await c();
      const [rows, total] = await Promise.all([
        client.apiKey.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], skip, take }),
        client.apiKey.count({ where }),
      ]);
      return { rows, total };
    },
    async findById(id: string) {
      return (await c()).apiKey.findUnique({ where: one(id) });
    },
    async create(data: NewApiKey) {
      return (await c()).apiKey.create({ data: { ...data, orgId } });
    },
    async revoke(id: string) {
      return (await c()).apiKey.update({ where: one(id), data: { revokedAt: new Date() } });
    },
  };
}

export const apiKeysRepo = (ctx: OrgContext, tx?: TxHandle) => repo(ctx.orgId, tx);

/** SECURITY: platform-wide keys (orgId null); only lib/api-keys/service.ts platform* functions, provider admins only. */
export const platformApiKeysRepo = (tx?: TxHandle) => repo(null, tx);
