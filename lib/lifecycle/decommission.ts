import type { OrgContext } from "@/lib/auth/org-context";
import type { TxHandle } from "@/lib/db/unit-of-work";
import { directoryAccountsRepo, directoryIdentityRepo } from "@/lib/db/repos/directory-accounts";
import { recordAuditMany } from "@/lib/audit/service";

export type DecommissionOptions = {
  reason: string;
  runId?: string;
  /** Per-person reasons (reconciliation: disabled | unassigned | missing); `reason` for anyone not listed. */
  reasons?: ReadonlyMap<string, string>;
};
export type DecommissionResult = { decommissioned: string[]; skipped: { userId: string; reason: string }[] };

const BATCH = 1000;

/**
 * Cuts people off in ctx's organization (issue #6 "Decommission"): sessions and stored refresh tokens
 * revoked, API keys disabled, memberships suspended, DirectoryAccount marked decommissioned, one
 * `user.decommissioned` audit event per person; all in the caller's transaction, one statement per
 * step for each batch of people. Owners are skipped with a reason (an identity source never locks out
 * an owner). People without a membership here still lose their sessions here and their account link.
 * Idempotent: decommissioning someone again revokes whatever is new and records nothing new for a
 * membership already suspended.
 */
export async function decommissionUsers(ctx: OrgContext, tx: TxHandle, userIds: string[], opts: DecommissionOptions): Promise<DecommissionResult> {
  const out: DecommissionResult = { decommissioned: [], skipped: [] };
  const unique = [...new Set(userIds)];
  for (let i = 0; i < unique.length; i += BATCH) {
    const ids = unique.slice(i, i + BATCH);
    const idn = directoryIdentityRepo(ctx, tx);
    const [memberships, emails] = await Promise.all([idn.memberships(ids), idn.userEmails(ids)]);
    const byUser = new Map(memberships.map((m) => [m.userId, m]));
    const targets: string[] = [];
    for (const id of ids) {
      if (!emails.has(id)) out.skipped.push({ userId: id, reason: "no such user" });
      else if (byUser.get(id)?.role === "owner") out.skipped.push({ userId: id, reason: "owner: an owner is never decommissioned by a directory" });
      else targets.push(id);
    }
    if (!targets.length) continue;
    const [suspended, sessions, keys] = [await idn.suspendMemberships(targets), await idn.revokeSessions(targets), await idn.disableApiKeys(targets)];
    const reasonOf = (id: string) => opts.reasons?.get(id) ?? opts.reason;
    await directoryAccountsRepo(ctx, tx).markDecommissioned(targets, targets.map(reasonOf), opts.runId ?? null);
    const wasSuspended = new Set(suspended);
    await recordAuditMany(
      tx,
      ctx,
      targets.map((id) => {
        const m = byUser.get(id);
        return {
          action: "user.decommissioned",
          targetType: "member",
          targetId: id,
          targetLabel: emails.get(id) ?? null,
          before: m ? { role: m.role, status: m.status, source: m.source } : null,
          after: {
            status: m ? "suspended" : null,
            membershipSuspended: wasSuspended.has(id),
            sessionsRevoked: sessions.get(id) ?? 0,
            apiKeysDisabled: keys.get(id) ?? 0,
            reason: reasonOf(id),
            ...(opts.runId ? { runId: opts.runId } : {}),
          },
        };
      }),
    );
    out.decommissioned.push(...targets);
  }
  return out;
}
