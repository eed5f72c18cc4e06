"use server";

import { redirect, unstable_rethrow } from "next/navigation";
import { signIn, signOut } from "@/lib/auth/auth";
import { currentPrincipal, currentRequestMeta } from "@/lib/auth/require";
import { userPrincipal } from "@/lib/auth/org-context";
import { completeMfa, signInWithPassword, type LoginOutcome } from "@/lib/auth/login-service";
import { signOutSession } from "@/lib/auth/sessions";
import { acceptInvitation, inspectLink } from "@/lib/invitations/service";
import { createAccountForInvitation } from "@/lib/invitations/accounts";
import { acceptTokenSchema, acceptWithMfaSchema, acceptWithNewAccountSchema, acceptWithPasswordSchema } from "@/lib/invitations/schemas";
import { autoJoin } from "@/lib/auto-join/service";
import { toActionFailure, type ActionFailure } from "@/lib/http/action-result";
import { log } from "@/lib/log";

// The accept page's actions. None has an organization context: the invitation token is the
// credential, and the email always comes from the invitation, never from the form.

export type AcceptStepResult = ActionFailure | { ok: true; step: "mfa"; challenge: string };

const fail = (err: unknown): ActionFailure => {
  unstable_rethrow(err);
  const f = toActionFailure(err);
  if (f.code === "internal") log.error("invitation accept action failed", { cause: err });
  return f;
};
const message = (code: ActionFailure["code"], text: string): ActionFailure => ({ ok: false, code, message: text });

/** Signed in as the invited address: join, then go to the organization. */
export async function acceptAction(input: unknown): Promise<AcceptStepResult> {
  let orgId: string;
  try {
    const { token } = acceptTokenSchema.parse(input);
    const principal = await currentPrincipal();
    if (!principal) return message("unauthenticated", "Sign in first.");
    orgId = (await acceptInvitation(token, principal)).orgId;
  } catch (err) {
    return fail(err);
  }
  redirect(`/orgs/${orgId}`);
}

/**
 * After a password (and maybe MFA) sign-in: accept as that user, then hand the session to Auth.js
 * (the cookie) and go to the organization. A refused accept revokes the fresh session.
 */
async function finish(outcome: LoginOutcome, token: string, opts: { autoJoin?: boolean } = {}): Promise<AcceptStepResult> {
  switch (outcome.status) {
    case "mfa_required":
      return { ok: true, step: "mfa", challenge: outcome.challenge };
    case "throttled":
      return message("rate_limited", outcome.message);
    case "failed":
      return message("unauthenticated", outcome.message);
    case "signed_in":
      break;
  }
  const meta = await currentRequestMeta();
  let orgId: string;
  try {
    const principal = await userPrincipal(outcome.userId, meta, outcome.sessionId);
    orgId = (await acceptInvitation(token, principal)).orgId;
    // A first sign-in (new account, or first password) on a verified auto-join domain joins that organization too.
    if (opts.autoJoin && principal.actor.type === "user") await autoJoin({ id: outcome.userId, email: principal.actor.email });
    await signIn("credentials", { sessionToken: outcome.sessionToken, redirect: false });
  } catch (err) {
    await signOutSession(outcome.sessionToken, meta).catch(() => undefined);
    return fail(err);
  }
  redirect(`/orgs/${orgId}`);
}

export async function signInAndAcceptAction(input: unknown): Promise<AcceptStepResult> {
  try {
    const { token, password } = acceptWithPasswordSchema.parse(input);
    const link = await inspectLink(token);
    if (!link.ok) return message("precondition_failed", link.message);
    const outcome = await signInWithPassword({ email: link.email, password }, await currentRequestMeta());
    return await finish(outcome, token);
  } catch (err) {
    return fail(err);
  }
}

export async function mfaAndAcceptAction(input: unknown): Promise<AcceptStepResult> {
  try {
    const { token, challenge, code } = acceptWithMfaSchema.parse(input);
    return await finish(await completeMfa({ challenge, code }, await currentRequestMeta()), token);
  } catch (err) {
    return fail(err);
  }
}

/**
 * Creates the invited account (or sets the first password of a passwordless one), signs in and joins.
 * This is the account's first sign-in, with the mailbox proven by the link: auto-join applies.
 */
export async function createAccountAndAcceptAction(input: unknown): Promise<AcceptStepResult> {
  try {
    const { token, name, password } = acceptWithNewAccountSchema.parse(input);
    const meta = await currentRequestMeta();
    const account = await createAccountForInvitation(token, { name, password }, meta);
    const outcome = await signInWithPassword({ email: account.email, password }, meta);
    return await finish(outcome, token, { autoJoin: true });
  } catch (err) {
    return fail(err);
  }
}

/** Signed in as someone else: sign out and come back to the same link. */
export async function signOutForInvitationAction(input: unknown): Promise<void> {
  const parsed = acceptTokenSchema.safeParse(input);
  await signOut({ redirectTo: parsed.success ? `/invitations/accept?token=${encodeURIComponent(parsed.data.token)}` : "/login" });
}
