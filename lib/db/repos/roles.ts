import { db } from "@/lib/db/client";
import { unwrap, type TxHandle } from "@/lib/db/unit-of-work";
import type { OrgContext } from "@/lib/auth/org-context";

export type RoleData = { name: string; description: string | null; permissions: string[]; rank: number };

const GLOBAL = "global";

/** Roles of ctx's organization; global roles are read through globalRolesRepo. */
export const rolesRepo = (ctx: OrgContext, tx?: TxHandle) => {
  const c = async () => unwrap(tx) ?? (await db());
  return {
    async list() {
      return (await c()).role.findMany({ where: { orgId: ctx.orgId }, orderBy: [{ rank: "desc" }, { name: "asc" }] });
    },
    async findById(id: string) {
      return (await c()).role.findUnique({ where: { orgId_id: { orgId: ctx.orgId, id } } });
    },
    async findByName(name: string) {
      return (await c()).role.findUnique({ where: { scopeKey_name: { scopeKey: ctx.orgId, name } } });
    },
    /** The role a membership named `name` gets here: the organization's own, else the global one. */
    async findEffective(name: string) {
      const rows = await (await c()).role.findMany({ where: { name, scopeKey: { in: [ctx.orgId, GLOBAL] } } });
      return rows.find((r) => r.orgId === ctx.orgId) ?? rows.find((r) => r.orgId === null) ?? null;
    },
    async create(data: RoleData) {
      return (await c()).role.create({ data: { ...data, orgId: ctx.orgId, scopeKey: ctx.orgId } });
    },
    async update(id: string, data: Partial<RoleData>) {
      return (await c()).role.update({ where: { orgId_id: { orgId: ctx.orgId, id } }, data });
    },
    async delete(id: string) {
      return (await c()).role.delete({ where: { orgId_id: { orgId: ctx.orgId, id } } });
    },
    /** Members per role name in this organization. */
    async holderCounts() {
      const rows = await (await c()).membership.groupBy({ by: ["role"], where: { orgId: ctx.orgId }, _count: { _all: true } });
      return new Map(rows.map((r) => [r.role, r._count._all]));
    },
    /** Memberships of this organization holding the role name. */
    async countHolders(name: string) {
      return (await c()).membership.count({ where: { orgId: ctx.orgId, role: name } });
    },
  };
};

/**
 * Global roles (orgId null). SECURITY: not tenant data; writes are reachable only through
 * lib/roles/service.ts global* functions, which require a provider administrator.
 */
export const globalRolesRepo = (tx?: TxHandle) => {
  const c = async () => unwrap(tx) ?? (await db());
  return {
    async list() {
      return (await c()).role.findMany({ where: { scopeKey: GLOBAL }, orderBy: [{ rank: "desc" }, { name: "asc" }] });
    },
    async findById(id: string) {
      return (await c()).role.findFirst({ where: { id, scopeKey: GLOBAL } });
    },
    async create(data: RoleData) {
      return (await c()).role.create({ data: { ...data, orgId: null, scopeKey: GLOBAL } });
    },
    async update(id: string, data: Partial<RoleData>) {
      return (await c()).role.update({ where: { id, scopeKey: GLOBAL }, data });
    },
    async delete(id: string) {
      return (await c()).role.delete({ where: { id, scopeKey: GLOBAL } });
    },
    /**
     * SECURITY: counts across organizations (no rows returned) to refuse deleting a global role that
     * memberships still resolve to; organizations overriding the name are not affected and not counted.
     */
    async countHolders(name: string) {
      return (await c()).membership.count({
        where: { role: name, org: { roles: { none: { name } } } },
      });
    },
  };
};
