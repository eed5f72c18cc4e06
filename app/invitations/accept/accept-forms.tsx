"use client";

import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/form-field";
import { newPasswordSchema } from "@/lib/auth/schemas";
import type { InvitedAccountState } from "@/lib/invitations/accounts";
import {
  acceptAction, createAccountAndAcceptAction, mfaAndAcceptAction, signInAndAcceptAction, signOutForInvitationAction, type AcceptStepResult,
} from "./actions";

type Invite = { orgName: string; email: string; role: string; expiresAt: string };

const DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC", timeZoneName: "short" });

function InviteSummary({ invite }: { invite: Invite }) {
  return (
    <dl className="mb-5 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded-lg bg-slate-50 px-4 py-3 text-sm">
      <dt className="text-slate-500">Email</dt>
      <dd className="truncate font-medium text-slate-800">{invite.email}</dd>
      <dt className="text-slate-500">Role</dt>
      <dd className="text-slate-800">{invite.role}</dd>
      <dt className="text-slate-500">Expires</dt>
      <dd className="text-slate-800">{DATE.format(new Date(invite.expiresAt))}</dd>
    </dl>
  );
}

/** Signed in as the invited address. */
export function AcceptInvitationPanel({ token, invite }: { token: string; invite: Invite }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div>
      <InviteSummary invite={invite} />
      <FormError message={error} />
      <Button
        size="lg"
        className="mt-2 w-full"
        loading={pending}
        onClick={() => start(async () => {
          setError(null);
          const r = await acceptAction({ token });
          if (r && !r.ok) setError(r.message);
        })}
      >
        Accept and join {invite.orgName}
      </Button>
    </div>
  );
}

export function SignedInAsSomeoneElse({ token, invitedEmail, currentEmail }: { token: string; invitedEmail: string; currentEmail: string }) {
  const [pending, start] = useTransition();
  return (
    <div className="space-y-4 text-sm text-slate-600">
      <p>
        This invitation is for <strong className="text-slate-800">{invitedEmail}</strong>, but you are signed in as{" "}
        <strong className="text-slate-800">{currentEmail}</strong>.
      </p>
      <p>Sign out, then open the link again to sign in (or create an account) as {invitedEmail}.</p>
      <Button variant="secondary" className="w-full" loading={pending} onClick={() => start(() => signOutForInvitationAction({ token }))}>
        Sign out and continue
      </Button>
    </div>
  );
}

/**
 * Not signed in: the invited address either has a password (sign in), or not yet (create the
 * account, or set the first password of a passwordless one): the link proves the mailbox.
 */
export function SignInOrCreateAccount({ token, invite, account }: { token: string; invite: Invite; account: InvitedAccountState }) {
  const [challenge, setChallenge] = useState<string | null>(null);
  return (
    <div>
      <InviteSummary invite={invite} />
      {challenge ? (
        <MfaStep token={token} challenge={challenge} onRestart={() => setChallenge(null)} />
      ) : account === "password" ? (
        <SignInStep token={token} email={invite.email} onMfa={setChallenge} />
      ) : (
        <CreateAccountStep token={token} email={invite.email} passwordless={account === "passwordless"} onMfa={setChallenge} />
      )}
    </div>
  );
}

function useStep(onMfa: (challenge: string) => void) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const run = (fn: () => Promise<AcceptStepResult | undefined>, onFail?: (r: Extract<AcceptStepResult, { ok: false }>) => void) =>
    start(async () => {
      setError(null);
      const r = await fn();
      if (!r) return; // redirected to the organization
      if (r.ok) return onMfa(r.challenge);
      onFail?.(r);
      setError(r.message);
    });
  return { pending, error, run };
}

const passwordOnly = z.object({ password: z.string().min(1, "Enter your password") });

function SignInStep({ token, email, onMfa }: { token: string; email: string; onMfa: (c: string) => void }) {
  const { pending, error, run } = useStep(onMfa);
  const { register, handleSubmit, resetField, formState: { errors } } = useForm<z.infer<typeof passwordOnly>>({ resolver: zodResolver(passwordOnly), defaultValues: { password: "" } });
  return (
    <form noValidate className="space-y-4" onSubmit={handleSubmit((v) => run(() => signInAndAcceptAction({ token, password: v.password }), () => resetField("password")))}>
      <FormError message={error} />
      <p className="text-sm text-slate-600">Sign in as <strong className="text-slate-800">{email}</strong> to accept.</p>
      <TextField label="Password" type="password" autoComplete="current-password" autoFocus error={errors.password?.message} {...register("password")} />
      <Button type="submit" size="lg" className="w-full" loading={pending}>Sign in and accept</Button>
    </form>
  );
}

const codeOnly = z.object({ code: z.string().trim().min(1, "Enter the 6-digit code or a recovery code") });

function MfaStep({ token, challenge, onRestart }: { token: string; challenge: string; onRestart: () => void }) {
  const { pending, error, run } = useStep(() => undefined);
  const { register, handleSubmit, resetField, formState: { errors } } = useForm<z.infer<typeof codeOnly>>({ resolver: zodResolver(codeOnly), defaultValues: { code: "" } });
  return (
    <form noValidate className="space-y-4" onSubmit={handleSubmit((v) => run(() => mfaAndAcceptAction({ token, challenge, code: v.code }), () => resetField("code")))}>
      <FormError message={error} />
      <TextField label="Authentication code" inputMode="numeric" autoComplete="one-time-code" autoFocus hint="The 6-digit code from your authenticator app, or a recovery code." error={errors.code?.message} {...register("code")} />
      <Button type="submit" size="lg" className="w-full" loading={pending}>Verify and accept</Button>
      <button type="button" className="w-full text-center text-sm text-slate-500 hover:text-slate-700" onClick={onRestart}>Start over</button>
    </form>
  );
}

const createForm = z
  .object({ name: z.string().trim().max(100, "Use at most 100 characters"), password: newPasswordSchema, confirmPassword: z.string() })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "The passwords do not match" });

function CreateAccountStep({ token, email, passwordless, onMfa }: { token: string; email: string; passwordless: boolean; onMfa: (c: string) => void }) {
  const { pending, error, run } = useStep(onMfa);
  const { register, handleSubmit, formState: { errors }, setError } = useForm<z.infer<typeof createForm>>({
    resolver: zodResolver(createForm),
    mode: "onTouched",
    defaultValues: { name: "", password: "", confirmPassword: "" },
  });
  return (
    <form
      noValidate
      className="space-y-4"
      onSubmit={handleSubmit((v) =>
        run(
          () => createAccountAndAcceptAction({ token, name: v.name || undefined, password: v.password, confirmPassword: v.confirmPassword }),
          (r) => {
            for (const k of ["name", "password", "confirmPassword"] as const) if (r.fieldErrors?.[k]) setError(k, { message: r.fieldErrors[k] });
          },
        ),
      )}
    >
      <FormError message={error} />
      <p className="text-sm text-slate-600">
        {passwordless ? <>An account for <strong className="text-slate-800">{email}</strong> exists without a password. Choose one to finish setting it up.</> : <>Create the account for <strong className="text-slate-800">{email}</strong>.</>}
      </p>
      {passwordless ? null : <TextField label="Your name" aside="Optional" autoComplete="name" error={errors.name?.message} {...register("name")} />}
      <TextField label="Password" type="password" autoComplete="new-password" hint="At least 12 characters." error={errors.password?.message} {...register("password")} />
      <TextField label="Confirm password" type="password" autoComplete="new-password" error={errors.confirmPassword?.message} {...register("confirmPassword")} />
      <Button type="submit" size="lg" className="w-full" loading={pending}>{passwordless ? "Set password and accept" : "Create account and accept"}</Button>
    </form>
  );
}
