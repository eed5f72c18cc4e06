import { db } from "@/lib/db/client";
import { unwrap, type TxHandle } from "@/lib/db/unit-of-work";
import type { OrgContext } from "@/lib/auth/org-context";
import type { Prisma } from "@/lib/db/generated/prisma/client";

export type MemberFilter = { search?: string; role?: string; status?: "active" | "suspended" | "all" };

const withUser = { user: { select: { id: true, email: true, name: true, isActive: true } } } as const;

export const membersRepo = (ctx: OrgContext, tx?: TxHandle) => {
  const c = async () => unwrap(tx) ?? (await db());
  return {
    async list(f: MemberFilter, skip: number, take: number) {
      const where: Prisma.MembershipWhereInput = {
        orgId: ctx.orgId,
        ...(f.role ? { role: f.role } : {}),
        ...(f.status && f.status !== "all" ? { status: f.status } : {}),
        ...(f.search
          ? { user: { OR: [{ email: { contains: f.search, mode: "insensitive" } }, { name: { contains: f.search, mode: "insensitive" } }] } }
          : {}),
      };
      const client = await c();
      const [rows, total] = await Promise.all([
        client.membership.findMany({ where, include: withUser, orderBy: [{ user: { email: "asc" } }, { id: "asc" }], skip, take }),
        client.membership.count({ where }),
      ]);
      return { rows, total };
    },
    async findByUserId(userId: string) {
      return (await c()).membership.findUnique({ where: { orgId_userId: { orgId: ctx.orgId, userId } }, include: withUser });
    },
    async create(data: { userId: string; role: string; source: "manual" | "sso" | "scim" | "directory" }) {
      return (await c()).membership.create({ data: { ...data, orgId: ctx.orgId }, include: withUser });
    },
    async setRole(id: string, role: string) {
      return (await c()).membership.update({ where: { orgId_id: { orgId: ctx.orgId, id } }, data: { role }, include: withUser });
    },
    /** create/setRole without reading the row back (each include is another round trip): the SSO callback. */
    async createBare(data: { userId: string; role: string; source: "manual" | "sso" | "scim" | "directory" }) {
      return (await c()).membership.create({ data: { ...data, orgId: ctx.orgId }, select: { id: true } });
    },
    async setRoleBare(id: string, role: string) {
      await (await c()).membership.update({ where: { orgId_id: { orgId: ctx.orgId, id } }, data: { role }, select: { id: true } });
    },
    async delete(id: string) {
      return (await c()).membership.delete({ where: { orgId_id: { orgId: ctx.orgId, id } } });
    },
    async countActiveOwners() {
      return (await c()).membership.count({ where: { orgId: ctx.orgId, role: "owner", status: "active" } });
    },
    /**
     * Row-locks the organization for the rest of the transaction so concurrent role changes and
     * removals are serialised and the last-owner check cannot race.
     */
    async lockOrg() {
      await unwrap(tx)!.$queryRaw`SELECT 1 FROM "organization" WHERE "id" = ${ctx.orgId}::uuid FOR UPDATE`;
    },
  };
};

/**
 * Users are global identities, not tenant data. SECURITY: the lookup is by exact email only and is
 * used to attach a membership in ctx's organization; callers expose nothing about the user beyond
 * what the new membership shows.
 */
export const membershipUsersRepo = (tx?: TxHandle) => {
  const c = async () => unwrap(tx) ?? (await db());
  return {
    async findByEmail(email: string) {
      return (await c()).user.findUnique({ where: { email }, select: { id: true, email: true, name: true, isActive: true } });
    },
    /** A user without a password: they sign in later through an invitation or SSO. */
    async createWithoutPassword(email: string, name: string | null) {
      return (await c()).user.create({ data: { email, name }, select: { id: true, email: true, name: true, isActive: true } });
    },
  };
};
