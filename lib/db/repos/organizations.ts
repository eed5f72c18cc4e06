import { db } from "@/lib/db/client";
import { unwrap, type TxHandle } from "@/lib/db/unit-of-work";
import type { OrgContext } from "@/lib/auth/org-context";
import type { Prisma } from "@/lib/db/generated/prisma/client";

/** The organization row of the context itself. */
export const organizationRepo = (ctx: OrgContext, tx?: TxHandle) => {
  const c = async () => unwrap(tx) ?? (await db());
  return {
    async get() {
      return (await c()).organization.findUniqueOrThrow({ where: { id: ctx.orgId }, include: { _count: { select: { memberships: true } } } });
    },
    async update(data: Prisma.OrganizationUpdateInput) {
      return (await c()).organization.update({ where: { id: ctx.orgId }, data, include: { _count: { select: { memberships: true } } } });
    },
    async delete() {
      return (await c()).organization.delete({ where: { id: ctx.orgId } });
    },
  };
};
