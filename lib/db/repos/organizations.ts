import { db } from "@/lib/db/client";
import { unwrap, type TxHandle } from "@/lib/db/unit-of-work";
import type { OrgContext } from "@/lib/auth/org-context";
import type { Prisma } from "@/lib/db/generated/prisma/client";
import { memberCounts } from "@/lib/db/repos/system";

/** The organization row of the context itself. */
export const organizationRepo = (ctx: OrgContext, tx?: TxHandle) => {
  const c = async () => unwrap(tx) ?? (await db());
  return {
    async get() {
      const org = await (await c()).organization.findUniqueOrThrow({ where: { id: ctx.orgId } });
      return { ...org, _count: { memberships: (await memberCounts([org.id], tx)).get(org.id) ?? 0 } };
    },
    async update(data: Prisma.OrganizationUpdateInput) {
      const org = await (await c()).organization.update({ where: { id: ctx.orgId }, data });
      return { ...org, _count: { memberships: (await memberCounts([org.id], tx)).get(org.id) ?? 0 } };
    },
    async delete() {
      return (await c()).organization.delete({ where: { id: ctx.orgId } });
    },
  };
};
