import type { DomainRow, DomainStatus } from "@/lib/db/repos/domains";
import { challengeRecordName, challengeRecordValue } from "./txt";
import { displayDomain } from "./normalize";

export function toDomainDto(d: DomainRow) {
  return {
    id: d.id,
    orgId: d.orgId,
    domain: d.domain,
    /** Unicode form for display (differs from domain for internationalised names) */
    displayName: displayDomain(d.domain) || d.domain,
    status: d.status as DomainStatus,
    /** what to publish in DNS; the value is public by nature (anyone can query it) */
    verificationRecord: { type: "TXT" as const, name: challengeRecordName(d.domain), value: challengeRecordValue(d.verificationToken) },
    verificationStartedAt: d.verificationStartedAt?.toISOString() ?? null,
    verifiedAt: d.verifiedAt?.toISOString() ?? null,
    lastCheckedAt: d.lastCheckedAt?.toISOString() ?? null,
    checkAttempts: d.checkAttempts,
    failureReason: d.failureReason,
    recordMissingSince: d.recordMissingSince?.toISOString() ?? null,
    routingEnabled: d.routingEnabled,
    autoJoinEnabled: d.autoJoinEnabled,
    autoJoinRole: d.autoJoinRole,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}
export type DomainDto = ReturnType<typeof toDomainDto>;
