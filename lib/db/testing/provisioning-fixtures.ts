// Test-only reads for the provisioning suites: what was really stored (secrets encrypted, config shape).
import { db } from "@/lib/db/client";

export async function provisioningRow(orgId: string) {
  return (await db()).provisioningConfig.findUnique({ where: { orgId } });
}

export async function identityMappingSetRow(orgId: string) {
  return (await db()).identityMappingSet.findUnique({ where: { orgId } });
}
