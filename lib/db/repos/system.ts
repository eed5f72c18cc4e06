import { db } from "@/lib/db/client";
import { unwrap, type TxHandle } from "@/lib/db/unit-of-work";
import type { Prisma } from "@/lib/db/generated/prisma/client";

/**
 * Member counts for a page of organizations. A separate grouped query on the (orgId) index: Prisma's
 * `include: { _count }` aggregates the whole membership table before joining (60 ms at 100k rows).
 */
export async function memberCounts(orgIds: string[], tx?: TxHandle): Promise<Map<string, number>> {
  if (!orgIds.length) return new Map();
  const rows = await (unwrap(tx) ?? (await db())).membership.groupBy({ by: ["orgId"], where: { orgId: { in: orgIds } }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.orgId, r._count._all]));
}

// Cross-organization reads and writes. Each method says why it may be unscoped.
export const systemRepo = {
  // SECURITY: the caller passes orgIds = null only for provider admins / platform keys (lib/organizations/service.ts).
  async listOrganizations(opts: { orgIds: string[] | null; search?: string; status: "active" | "inactive" | "all"; skip: number; take: number }) {
    const where: Prisma.OrganizationWhereInput = {
      ...(opts.orgIds ? { id: { in: opts.orgIds } } : {}),
      ...(opts.status === "all" ? {} : { isActive: opts.status === "active" }),
      ...(opts.search
        ? { OR: [{ name: { contains: opts.search, mode: "insensitive" } }, { slug: { contains: opts.search.toLowerCase() } }, { domain: { contains: opts.search.toLowerCase() } }] }
        : {}),
    };
    const c = await db();
    const [page, total] = await Promise.all([
      c.organization.findMany({ where, orderBy: [{ isProvider: "desc" }, { name: "asc" }, { id: "asc" }], skip: opts.skip, take: opts.take }),
      c.organization.count({ where }),
    ]);
    const counts = await memberCounts(page.map((o) => o.id));
    return { rows: page.map((o) => ({ ...o, _count: { memberships: counts.get(o.id) ?? 0 } })), total };
  },
  // SECURITY: a user's own memberships, to list the organizations they belong to.
  async membershipOrgIds(userId: string) {
    const rows = await (await db()).membership.findMany({ where: { userId, status: "active" }, select: { orgId: true } });
    return rows.map((r) => r.orgId);
  },
  // Creating an organization happens before any context for it exists.
  async createOrganization(tx: TxHandle, data: { name: string; slug: string; domain?: string | null; isProvider?: boolean }) {
    const org = await unwrap(tx)!.organization.create({ data });
    return { ...org, _count: { memberships: 0 } };
  },
  // Bootstrap: there is exactly one provider organization.
  async findProviderOrg(tx?: TxHandle) {
    return (unwrap(tx) ?? (await db())).organization.findFirst({ where: { isProvider: true } });
  },
  async slugExists(slug: string) {
    return !!(await (await db()).organization.findUnique({ where: { slug }, select: { id: true } }));
  },
};
