import { db } from "@/lib/db/client";
import { unwrap, type TxHandle } from "@/lib/db/unit-of-work";
import type { OrgContext } from "@/lib/auth/org-context";
import { Prisma } from "@/lib/db/generated/prisma/client";

export const GLOBAL_SCOPE = "global";

export type ConfigRow = {
  id: string; orgId: string | null; scopeKey: string; name: string; value: Prisma.JsonValue | null;
  valueEnc: string | null; isSecret: boolean; createdAt: Date; updatedAt: Date;
};
/** What a write stores: a plain value, or the ciphertext of a secret one (never both). */
export type ConfigData = { value: unknown; valueEnc: string | null; isSecret: boolean };

// A secret keeps its value column SQL NULL: the plaintext exists only inside valueEnc.
const data = (d: ConfigData) => ({ value: d.value === null || d.value === undefined ? Prisma.DbNull : (d.value as Prisma.InputJsonValue), valueEnc: d.valueEnc, isSecret: d.isSecret });
const search = (s?: string): Prisma.ConfigWhereInput => (s ? { name: { contains: s.toLowerCase() } } : {});

/**
 * The organization's own items, plus read access to the global items its names resolve to.
 * Writes touch only rows with orgId = ctx.orgId.
 */
export const configsRepo = (ctx: OrgContext, tx?: TxHandle) => {
  const c = async () => unwrap(tx) ?? (await db());
  return {
    /** Effective items: every org item and every global item the org does not override, by name. */
    async listEffective(opts: { search?: string; skip: number; take: number }) {
      const client = await c();
      const own = await client.config.findMany({ where: { scopeKey: ctx.orgId }, select: { name: true } });
      const ownNames = own.map((r) => r.name);
      const where: Prisma.ConfigWhereInput = {
        AND: [search(opts.search), { OR: [{ scopeKey: ctx.orgId }, { scopeKey: GLOBAL_SCOPE, name: { notIn: ownNames } }] }],
      };
      const [rows, total] = await Promise.all([
        client.config.findMany({ where, orderBy: [{ name: "asc" }], skip: opts.skip, take: opts.take }),
        client.config.count({ where }),
      ]);
      const pageOwn = rows.filter((r) => r.orgId !== null).map((r) => r.name);
      const shadowed = pageOwn.length
        ? await client.config.findMany({ where: { scopeKey: GLOBAL_SCOPE, name: { in: pageOwn } }, select: { name: true } })
        : [];
      return { rows, total, overridden: new Set(shadowed.map((r) => r.name)) };
    },
    /** The org's item and the global item of that name (either may be null). */
    async findBoth(name: string) {
      const rows = await (await c()).config.findMany({ where: { name, scopeKey: { in: [ctx.orgId, GLOBAL_SCOPE] } } });
      return { own: rows.find((r) => r.orgId === ctx.orgId) ?? null, global: rows.find((r) => r.orgId === null) ?? null };
    },
    async create(name: string, d: ConfigData) {
      return (await c()).config.create({ data: { orgId: ctx.orgId, scopeKey: ctx.orgId, name, ...data(d) } });
    },
    async update(id: string, d: ConfigData) {
      return (await c()).config.update({ where: { orgId_id: { orgId: ctx.orgId, id } }, data: data(d) });
    },
    async delete(id: string) {
      return (await c()).config.delete({ where: { orgId_id: { orgId: ctx.orgId, id } } });
    },
  };
};

// SECURITY: global items (orgId null) are shared by every organization. lib/configs/service.ts only
// lets provider administrators and platform-wide keys call the writes.
export const globalConfigsRepo = (tx?: TxHandle) => {
  const c = async () => unwrap(tx) ?? (await db());
  return {
    async list(opts: { search?: string; skip: number; take: number }) {
      const client = await c();
      const where: Prisma.ConfigWhereInput = { scopeKey: GLOBAL_SCOPE, ...search(opts.search) };
      const [rows, total] = await Promise.all([
        client.config.findMany({ where, orderBy: [{ name: "asc" }], skip: opts.skip, take: opts.take }),
        client.config.count({ where }),
      ]);
      return { rows, total };
    },
    async find(name: string) {
      return (await c()).config.findUnique({ where: { scopeKey_name: { scopeKey: GLOBAL_SCOPE, name } } });
    },
    async create(name: string, d: ConfigData) {
      return (await c()).config.create({ data: { orgId: null, scopeKey: GLOBAL_SCOPE, name, ...data(d) } });
    },
    async update(name: string, d: ConfigData) {
      return (await c()).config.update({ where: { scopeKey_name: { scopeKey: GLOBAL_SCOPE, name } }, data: data(d) });
    },
    async delete(name: string) {
      return (await c()).config.delete({ where: { scopeKey_name: { scopeKey: GLOBAL_SCOPE, name } } });
    },
  };
};
