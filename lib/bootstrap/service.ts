import { transaction } from "@/lib/db/unit-of-work";
import { bootstrapRepo } from "@/lib/db/repos/bootstrap";
import { SYSTEM_ROLES } from "@/lib/auth/permissions";
import { insertAuditEvent } from "@/lib/db/repos/audit";

export const PROVIDER_DEFAULT = { name: "Provider", slug: "provider" };

/**
 * Idempotent first-start set-up: the provider organization and the global system roles
 * (developer, viewer). Safe to call from every process at start-up (an advisory lock serialises it).
 */
export async function ensureBootstrap(): Promise<{ providerOrgId: string; created: boolean }> {
  return transaction(async (tx) => {
    const repo = bootstrapRepo(tx);
    await repo.lock();
    let provider = await repo.findProvider();
    let created = false;
    if (!provider) {
      provider = await repo.createProvider(PROVIDER_DEFAULT);
      created = true;
      await insertAuditEvent(tx, {
        orgId: provider.id, orgName: provider.name, actorType: "system", actorId: null, actorLabel: "bootstrap",
        action: "organization.created", targetType: "organization", targetId: provider.id, targetLabel: provider.name,
        after: { isProvider: true },
      });
    }
    for (const r of SYSTEM_ROLES) await repo.ensureGlobalRole(r);
    return { providerOrgId: provider.id, created };
  });
}
