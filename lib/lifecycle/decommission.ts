import type { OrgContext } from "@/lib/auth/org-context";
import type { TxHandle } from "@/lib/db/unit-of-work";

export type DecommissionOptions = { reason: string; runId?: string };
export type DecommissionResult = { decommissioned: string[]; skipped: { userId: string; reason: string }[] };

/**
 * Cuts people off in ctx's organization (issue #6 "Decommission"): sessions and stored refresh tokens
 * revoked, API keys disabled, memberships suspended, DirectoryAccount marked decommissioned, one
 * `user.decommissioned` audit event per person; all in the caller's transaction, batched.
 * Owners are skipped with a reason. Idempotent.
 */
export async function decommissionUsers(ctx: OrgContext, tx: TxHandle, userIds: string[], opts: DecommissionOptions): Promise<DecommissionResult> {
  void ctx; void tx; void userIds; void opts;
  throw new Error("not implemented yet");
}
