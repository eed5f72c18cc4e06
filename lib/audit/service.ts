import type { TxHandle } from "@/lib/db/unit-of-work";
import { insertAuditEvent } from "@/lib/db/repos/audit";
import { actorId, actorLabel, type OrgContext, type Principal } from "@/lib/auth/org-context";

export type AuditInput = {
  action: string;
  targetType?: string;
  targetId?: string | null;
  targetLabel?: string | null;
  before?: unknown;
  after?: unknown;
};

/** Records an event for a change made in ctx's organization; call inside the change's transaction. */
export function recordAudit(tx: TxHandle, ctx: OrgContext, input: AuditInput) {
  return insertAuditEvent(tx, {
    orgId: ctx.orgId,
    orgName: ctx.orgName,
    actorType: ctx.actor.type,
    actorId: actorId(ctx.actor),
    actorLabel: actorLabel(ctx.actor),
    ip: ctx.meta.ip ?? null,
    userAgent: ctx.meta.userAgent ?? null,
    ...input,
  });
}

/** For events that happen before or outside an organization context (org creation, sign-ins). */
export function recordPrincipalAudit(
  tx: TxHandle,
  principal: Pick<Principal, "actor" | "meta">,
  org: { id: string; name: string } | null,
  input: AuditInput,
) {
  return insertAuditEvent(tx, {
    orgId: org?.id ?? null,
    orgName: org?.name ?? null,
    actorType: principal.actor.type,
    actorId: actorId(principal.actor),
    actorLabel: actorLabel(principal.actor),
    ip: principal.meta.ip ?? null,
    userAgent: principal.meta.userAgent ?? null,
    ...input,
  });
}
