import { unwrap, type TxHandle } from "@/lib/db/unit-of-work";

// SECURITY: start-up only; creates the provider organization and global rows, no tenant data.
export const bootstrapRepo = (h: TxHandle) => {
  const tx = unwrap(h)!;
  return {
  lock: () => tx.$executeRawUnsafe("SELECT pg_advisory_xact_lock(727001)"),
  findProvider: () => tx.organization.findFirst({ where: { isProvider: true } }),
  async createProvider(p: { name: string; slug: string }) {
    const taken = await tx.organization.findUnique({ where: { slug: p.slug } });
    return tx.organization.create({ data: { name: p.name, slug: taken ? `${p.slug}-${Date.now()}` : p.slug, isProvider: true } });
  },
  async ensureGlobalRole(r: { name: string; description: string; rank: number; permissions: string[] }) {
    await tx.role.upsert({
      where: { scopeKey_name: { scopeKey: "global", name: r.name } },
      create: { ...r, scopeKey: "global", orgId: null, isSystem: true },
      update: {},
    });
  },
};
};
