// Test-only: directory sync's integration tests set up and inspect rows across many tables (provisioning
// config, memberships, teams, sessions, API keys, directory accounts); like fixtures.ts, they use the
// client directly.
import { db } from "@/lib/db/client";

export const testDb = () => db();

/** An enabled directory configuration without secrets: enough for the engine when the adapter is injected. */
export async function enableProvisioning(orgId: string, opts: { provider?: string; maxShare?: number; minCount?: number } = {}) {
  return (await db()).provisioningConfig.create({
    data: { orgId, enabled: true, provider: opts.provider ?? "okta", config: {}, decommissionMaxShare: opts.maxShare ?? 0.1, decommissionMinCount: opts.minCount ?? 5 },
  });
}
