"use server";

import { redirect } from "next/navigation";
import { signIn } from "@/lib/auth/auth";
import { currentRequestMeta } from "@/lib/auth/require";
import { completeMfa, signInWithPassword, type LoginOutcome } from "@/lib/auth/login-service";
import { signOutSession } from "@/lib/auth/sessions";
import { loginSchema, mfaStepSchema } from "@/lib/auth/schemas";
import { emailStepSchema } from "@/lib/sso/schemas";
import { routeEmail } from "@/lib/sso/routing";
import { loadRuntime } from "@/lib/sso/runtime";
import { recordSsoFailure } from "@/lib/sso/sign-in";
import { signInWithSso } from "@/lib/auth/auth";
import { fieldErrorsFromIssues } from "@/lib/http/action-result";
import { zodIssues } from "@/lib/errors";
import { log } from "@/lib/log";

export type LoginStepResult =
  | { ok: false; message: string; throttled?: boolean; restart?: boolean; fieldErrors?: Record<string, string> }
  | { ok: true; step: "mfa"; challenge: string };

/** Hands the new session to Auth.js (which writes the cookie) and goes home; never returns on success. */
async function finish(outcome: LoginOutcome): Promise<LoginStepResult> {
  switch (outcome.status) {
    case "mfa_required":
      return { ok: true, step: "mfa", challenge: outcome.challenge };
    case "throttled":
      return { ok: false, message: outcome.message, throttled: true };
    case "failed":
      return { ok: false, message: outcome.message, restart: outcome.reason === "challenge_expired" };
    case "signed_in":
      break;
  }
  try {
    await signIn("credentials", { sessionToken: outcome.sessionToken, redirect: false });
  } catch (err) {
    log.error("could not write the session cookie", { err });
    await signOutSession(outcome.sessionToken, await currentRequestMeta()).catch(() => undefined);
    return { ok: false, message: "Something went wrong on our side while signing you in. Try again." };
  }
  redirect("/");
}

export type EmailStepResult = { ok: false; message: string; fieldErrors?: Record<string, string> } | { ok: true; step: "password" };

/**
 * Email-first step (issue #4): an email on a verified routing domain of an organization with SSO is sent
 * to its identity provider (never returns); any other email continues to the password step. The answer
 * is the same for unknown and known accounts.
 */
export async function emailStepAction(input: unknown): Promise<EmailStepResult> {
  const parsed = emailStepSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: "Enter your email.", fieldErrors: fieldErrorsFromIssues(zodIssues(parsed.error)) };
  const route = await routeEmail(parsed.data.email);
  if (route.kind === "password") return { ok: true, step: "password" };
  const rt = await loadRuntime(route.orgId);
  if (!rt.ok) {
    const f = await recordSsoFailure(route.orgId, { reason: rt.reason, detail: rt.detail, email: parsed.data.email }, await currentRequestMeta());
    redirect(`/login/error?trace=${f.traceId}`);
  }
  return signInWithSso(rt.runtime, "/", { login_hint: parsed.data.email });
}

export async function passwordStepAction(input: unknown): Promise<LoginStepResult> {
  const parsed = loginSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: "Enter your email and password.", fieldErrors: fieldErrorsFromIssues(zodIssues(parsed.error)) };
  return finish(await signInWithPassword(parsed.data, await currentRequestMeta()));
}

export async function mfaStepAction(input: unknown): Promise<LoginStepResult> {
  const parsed = mfaStepSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: "Enter the 6-digit code or a recovery code.", fieldErrors: fieldErrorsFromIssues(zodIssues(parsed.error)) };
  return finish(await completeMfa(parsed.data, await currentRequestMeta()));
}
