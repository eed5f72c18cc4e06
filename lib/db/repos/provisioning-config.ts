import { db } from "@/lib/db/client";
import { unwrap, type TxHandle } from "@/lib/db/unit-of-work";
import type { OrgContext } from "@/lib/auth/org-context";
import type { Prisma } from "@/lib/db/generated/prisma/client";

export type ProvisioningConfigRow = Prisma.ProvisioningConfigGetPayload<object>;
export type ProvisioningConfigWrite = {
  enabled: boolean;
  provider: string;
  config: Record<string, unknown>;
  secretsEnc: string | null;
  teamIdsField: string | null;
  decommissionMaxShare: number;
  decommissionMinCount: number;
  fileManaged: boolean;
};
export type ProvisioningConfigPatch = Partial<ProvisioningConfigWrite & { verifiedAt: Date | null }> & { lastVerifyResult?: unknown };

const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue;

function data(p: ProvisioningConfigPatch) {
  const { config, lastVerifyResult, ...rest } = p;
  return {
    ...rest,
    ...(config !== undefined ? { config: json(config) } : {}),
    ...(lastVerifyResult !== undefined ? { lastVerifyResult: lastVerifyResult === null ? ({ set: null } as never) : json(lastVerifyResult) } : {}),
  };
}

/** The organization's directory-sync configuration (one per organization). */
export const provisioningConfigRepo = (ctx: OrgContext, tx?: TxHandle) => {
  const c = async () => unwrap(tx) ?? (await db());
  return {
    async get() {
      return (await c()).provisioningConfig.findUnique({ where: { orgId: ctx.orgId } });
    },
    /** Row-locks the configuration for the rest of the transaction (two saves must not interleave their secret merges). */
    async lock() {
      await unwrap(tx)!.$queryRaw`SELECT 1 FROM "provisioning_config" WHERE "orgId" = ${ctx.orgId}::uuid FOR UPDATE`;
    },
    async create(w: ProvisioningConfigWrite) {
      return (await c()).provisioningConfig.create({ data: { ...w, config: json(w.config), orgId: ctx.orgId } });
    },
    async update(id: string, p: ProvisioningConfigPatch) {
      return (await c()).provisioningConfig.update({ where: { orgId_id: { orgId: ctx.orgId, id } }, data: data(p) });
    },
  };
};

/** Cross-organization reads for the scheduler and the start-up configuration file. */
export const provisioningSystemRepo = {
  // SECURITY: the reconciliation cron fans out one event per organization; only ids come back.
  async enabledOrgIds(): Promise<string[]> {
    const rows = await (await db()).provisioningConfig.findMany({
      where: { enabled: true, org: { isActive: true } },
      select: { orgId: true },
      orderBy: { orgId: "asc" },
    });
    return rows.map((r) => r.orgId);
  },
  // SECURITY: gatehouse.config.json names organizations by slug (or the provider organization); this maps
  // them to ids before an OrgContext is built for each with orgContextForJob.
  async orgIdsBySlug(slugs: string[]): Promise<Map<string, string>> {
    if (!slugs.length) return new Map();
    const rows = await (await db()).organization.findMany({ where: { slug: { in: slugs } }, select: { id: true, slug: true } });
    return new Map(rows.map((r) => [r.slug, r.id]));
  },
  // SECURITY: as above; the single provider organization takes the file's top-level entry.
  async providerOrgId(): Promise<string | null> {
    const row = await (await db()).organization.findFirst({ where: { isProvider: true }, select: { id: true } });
    return row?.id ?? null;
  },
  // SECURITY: start-up only. Rows the file no longer names become UI-managed again; the settings stay.
  async releaseFileManaged(keepOrgIds: string[]): Promise<string[]> {
    const c = await db();
    const rows = await c.provisioningConfig.findMany({ where: { fileManaged: true, orgId: { notIn: keepOrgIds } }, select: { orgId: true } });
    if (rows.length) await c.provisioningConfig.updateMany({ where: { orgId: { in: rows.map((r) => r.orgId) } }, data: { fileManaged: false } });
    return rows.map((r) => r.orgId);
  },
};
