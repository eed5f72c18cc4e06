import { transaction } from "@/lib/db/unit-of-work";
import { usersRepo } from "@/lib/db/repos/users";
import { recordAccountAudit } from "@/lib/auth/account-audit";
import { hashPassword } from "@/lib/auth/password";
import type { RequestMeta } from "@/lib/auth/org-context";
import { AppError, conflict } from "@/lib/errors";
import { InvitationLinkError, inspectLink, type InvitationLink } from "./service";

// Accounts for invited people. The accept link proves the recipient controls the invited mailbox,
// which is what lets it set the first password of that address's account.

/** "password": sign in; "passwordless": an account exists (added by an admin, SCIM) without a password yet; "none": create one. */
export type InvitedAccountState = "password" | "passwordless" | "none";

export async function invitedAccountState(email: string): Promise<InvitedAccountState> {
  const u = await usersRepo().findByEmail(email);
  if (!u) return "none";
  return u.passwordHash ? "password" : "passwordless";
}

function assertLink(link: InvitationLink): asserts link is Extract<InvitationLink, { ok: true }> {
  if (!link.ok) {
    const code = link.problem === "invalid" ? "not_found" : link.problem === "expired" ? "precondition_failed" : link.problem === "org-inactive" ? "forbidden" : "conflict";
    throw new InvitationLinkError(link.problem, code, link.message);
  }
}

/**
 * Creates the invited address's account with a password, or sets the first password of an existing
 * passwordless account. Conflict when the account already has a password (sign in instead);
 * InvitationLinkError for a bad link. Does not accept the invitation or start a session: the accept
 * action signs in through lib/auth/login-service, then calls acceptInvitation.
 */
export async function createAccountForInvitation(token: string, input: { name?: string; password: string }, meta: RequestMeta): Promise<{ userId: string; email: string; created: boolean }> {
  const link = await inspectLink(token);
  assertLink(link);
  const passwordHash = await hashPassword(input.password);
  return transaction(async (tx) => {
    const users = usersRepo(tx);
    const existing = await users.findByEmail(link.email);
    if (existing?.passwordHash) throw conflict(`An account for ${link.email} already exists: sign in with its password to accept`);
    if (existing && !existing.isActive) throw new AppError("forbidden", "This account is disabled. Contact your administrator.");
    const user = existing
      ? await users.update(existing.id, { passwordHash, ...(input.name && !existing.name ? { name: input.name } : {}) })
      : await users.create({ email: link.email, name: input.name || null, passwordHash });
    const orgs = existing ? await usersRepo(tx).auditOrgs(user.id) : [];
    await recordAccountAudit(tx, { userId: user.id, email: user.email }, orgs, meta, {
      action: existing ? "user.password_set" : "user.created",
      after: { via: "invitation", invitationId: link.invitationId, orgId: link.orgId },
    });
    return { userId: user.id, email: user.email, created: !existing };
  });
}
