import type { TxHandle } from "@/lib/db/unit-of-work";
import { insertAuditEvent } from "@/lib/db/repos/audit";
import type { RequestMeta } from "@/lib/auth/org-context";

export type AccountAuditInput = { action: string; before?: unknown; after?: unknown };

/**
 * Records an event about a person's account (sign-ins, MFA, sessions) once in every organization
 * they are an active member of, so each organization's admins see their members' sign-ins; with no
 * membership (or an unknown email) the event is recorded once without an organization.
 */
export async function recordAccountAudit(
  tx: TxHandle,
  subject: { userId: string | null; email: string },
  orgs: readonly { id: string; name: string }[],
  meta: RequestMeta,
  input: AccountAuditInput,
) {
  const base = {
    actorType: "user",
    actorId: subject.userId,
    actorLabel: subject.email,
    targetType: "user",
    targetId: subject.userId,
    targetLabel: subject.email,
    ip: meta.ip ?? null,
    userAgent: meta.userAgent ?? null,
    ...input,
  };
  if (!orgs.length) return insertAuditEvent(tx, { orgId: null, orgName: null, ...base });
  for (const org of orgs) await insertAuditEvent(tx, { orgId: org.id, orgName: org.name, ...base });
}
