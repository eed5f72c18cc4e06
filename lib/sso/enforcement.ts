import { ssoSystemRepo } from "@/lib/db/repos/sso-connections";

// "Require SSO" (issue #4 "Enforcement"): members of an organization that requires SSO sign in only through
// it, except break-glass accounts. A break-glass account is an owner of that organization with a local
// password and TOTP enrolled (the same definition the precondition uses, lib/db/repos/sso-connections.ts).

export type PasswordSignInDecision = { ok: true } | { ok: false; orgNames: string[]; message: string };

export const SSO_REQUIRED_MESSAGE = "Your organization requires single sign-on. Enter your email and continue with your identity provider.";

/** Whether this user may finish a password sign-in. Call after the password was verified (it reveals policy). */
export async function passwordSignInAllowed(user: { id: string; passwordHash: string | null; mfaEnabledAt: Date | null }): Promise<PasswordSignInDecision> {
  const enforcing = await ssoSystemRepo.enforcingMemberships(user.id);
  if (!enforcing.length) return { ok: true };
  const breakGlass = !!user.passwordHash && !!user.mfaEnabledAt;
  const blocked = enforcing.filter((m) => !(breakGlass && m.role === "owner"));
  if (!blocked.length) return { ok: true };
  return { ok: false, orgNames: blocked.map((m) => m.org.name), message: SSO_REQUIRED_MESSAGE };
}
