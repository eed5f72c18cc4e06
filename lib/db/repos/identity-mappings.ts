import { db } from "@/lib/db/client";
import { unwrap, type TxHandle } from "@/lib/db/unit-of-work";
import type { OrgContext } from "@/lib/auth/org-context";
import type { Prisma } from "@/lib/db/generated/prisma/client";

export type StoredMappingRules = {
  attributeRoleMappings: unknown;
  attributeTeamMappings: unknown;
  attributeBusinessUnitMappings: unknown;
};

const json = (v: unknown) => JSON.parse(JSON.stringify(v ?? [])) as Prisma.InputJsonValue;

/** The organization's attribute mappings (shared by SSO, SCIM and directory sync) and the roles they may name. */
export const identityMappingsRepo = (ctx: OrgContext, tx?: TxHandle) => {
  const c = async () => unwrap(tx) ?? (await db());
  return {
    async get(): Promise<StoredMappingRules | null> {
      return (await c()).identityMappingSet.findUnique({
        where: { orgId: ctx.orgId },
        select: { attributeRoleMappings: true, attributeTeamMappings: true, attributeBusinessUnitMappings: true },
      });
    },
    async upsert(rules: StoredMappingRules) {
      const data = {
        attributeRoleMappings: json(rules.attributeRoleMappings),
        attributeTeamMappings: json(rules.attributeTeamMappings),
        attributeBusinessUnitMappings: json(rules.attributeBusinessUnitMappings),
      };
      return (await c()).identityMappingSet.upsert({ where: { orgId: ctx.orgId }, create: { ...data, orgId: ctx.orgId }, update: data });
    },
    /** Custom roles a membership here may hold: the organization's, plus global ones it does not override. */
    async customRoles(): Promise<{ name: string; rank: number }[]> {
      const rows = await (await c()).role.findMany({ where: { scopeKey: { in: [ctx.orgId, "global"] } }, select: { name: true, rank: true, orgId: true } });
      const byName = new Map<string, { name: string; rank: number }>();
      for (const r of rows.filter((x) => x.orgId !== null)) byName.set(r.name, { name: r.name, rank: r.rank });
      for (const r of rows.filter((x) => x.orgId === null)) if (!byName.has(r.name)) byName.set(r.name, { name: r.name, rank: r.rank });
      return [...byName.values()];
    },
    async defaultRole(): Promise<string> {
      const org = await (await c()).organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { defaultRole: true } });
      return org.defaultRole;
    },
  };
};
