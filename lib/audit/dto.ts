import type { AuditEventRow } from "@/lib/db/repos/audit";

export function toAuditEventDto(e: AuditEventRow) {
  return {
    id: e.id,
    orgId: e.orgId,
    orgName: e.orgName,
    actor: { type: e.actorType, id: e.actorId, label: e.actorLabel },
    action: e.action,
    target: { type: e.targetType, id: e.targetId, label: e.targetLabel },
    before: (e.before ?? null) as unknown,
    after: (e.after ?? null) as unknown,
    ip: e.ip,
    userAgent: e.userAgent,
    createdAt: e.createdAt.toISOString(),
  };
}
export type AuditEventDto = ReturnType<typeof toAuditEventDto>;
