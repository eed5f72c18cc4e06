"use client";

import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/form-field";
import { loginSchema, mfaCodeSchema, type LoginInput, type MfaCodeInput } from "@/lib/auth/schemas";
import { emailStepSchema, type EmailStepInput } from "@/lib/sso/schemas";
import { emailStepAction, mfaStepAction, passwordStepAction, type LoginStepResult } from "./actions";

/**
 * Email first: an address on a domain routed to an organization's identity provider goes there (SSO);
 * anything else continues to email + password, then (for TOTP users) a code or a recovery code.
 */
export function LoginForm({ initialError }: { initialError?: string | null }) {
  const [challenge, setChallenge] = useState<string | null>(null);
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string | null>(initialError ?? null);
  const [step, setStep] = useState<"email" | "password">("email");

  if (step === "email" && !challenge) {
    return (
      <EmailStep
        error={error}
        setError={setError}
        defaultEmail={email}
        onPassword={(e) => {
          setEmail(e);
          setError(null);
          setStep("password");
        }}
      />
    );
  }

  if (challenge) {
    return (
      <MfaStep
        challenge={challenge}
        email={email}
        onRestart={(message) => {
          setChallenge(null);
          setError(message);
        }}
      />
    );
  }
  return (
    <PasswordStep
      error={error}
      setError={setError}
      defaultEmail={email}
      onBack={() => {
        setError(null);
        setStep("email");
      }}
      onMfa={(c, e) => {
        setEmail(e);
        setError(null);
        setChallenge(c);
      }}
    />
  );
}

function EmailStep({ error, setError, defaultEmail, onPassword }: {
  error: string | null; setError: (m: string | null) => void; defaultEmail: string; onPassword: (email: string) => void;
}) {
  const [pending, startTransition] = useTransition();
  const { register, handleSubmit, setError: setFieldError, getValues, formState: { errors } } = useForm<EmailStepInput>({
    resolver: zodResolver(emailStepSchema),
    defaultValues: { email: defaultEmail },
  });

  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      setError(null);
      // Redirects to the organization's identity provider when the domain uses SSO.
      const r = await emailStepAction(values);
      if (!r) return;
      if (r.ok) return onPassword(values.email);
      if (r.fieldErrors?.email) setFieldError("email", { message: r.fieldErrors.email });
      setError(r.message);
    }),
  );

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      <FormError message={error} />
      <TextField label="Email" type="email" autoComplete="username" autoFocus placeholder="you@company.com" error={errors.email?.message} {...register("email")} />
      <Button type="submit" size="lg" className="w-full" loading={pending}>
        Continue
      </Button>
      <p className="text-center text-xs text-slate-500">
        Work email on a domain with single sign-on? You will continue at your organization&apos;s identity provider.{" "}
        <button type="button" onClick={() => onPassword(getValues("email") ?? "")} className="font-medium text-indigo-600 hover:text-indigo-500">
          Sign in with a password instead
        </button>
      </p>
    </form>
  );
}

function PasswordStep({ error, setError, defaultEmail, onMfa, onBack }: {
  error: string | null; setError: (m: string | null) => void; defaultEmail: string; onMfa: (challenge: string, email: string) => void; onBack?: () => void;
}) {
  const [pending, startTransition] = useTransition();
  const { register, handleSubmit, setError: setFieldError, resetField, formState: { errors } } = useForm<LoginInput>({
    resolver: zodResolver(loginSchema),
    defaultValues: { email: defaultEmail, password: "" },
  });

  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      setError(null);
      const r: LoginStepResult | undefined = await passwordStepAction(values);
      if (!r) return; // redirected home
      if (r.ok) return onMfa(r.challenge, values.email);
      for (const [k, m] of Object.entries(r.fieldErrors ?? {})) if (k === "email" || k === "password") setFieldError(k, { message: m });
      resetField("password");
      setError(r.message);
    }),
  );

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      <FormError message={error} />
      <TextField label="Email" type="email" autoComplete="username" autoFocus={!defaultEmail} placeholder="you@company.com" error={errors.email?.message} {...register("email")} />
      <TextField label="Password" type="password" autoComplete="current-password" autoFocus={!!defaultEmail} error={errors.password?.message} {...register("password")} />
      <Button type="submit" size="lg" className="w-full" loading={pending}>
        Sign in
      </Button>
      {onBack ? (
        <button type="button" onClick={onBack} className="w-full text-center text-sm font-medium text-indigo-600 hover:text-indigo-500">
          Use a different email
        </button>
      ) : null}
    </form>
  );
}

function MfaStep({ challenge, email, onRestart }: { challenge: string; email: string; onRestart: (message: string | null) => void }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const { register, handleSubmit, resetField, formState: { errors } } = useForm<MfaCodeInput>({
    resolver: zodResolver(mfaCodeSchema),
    defaultValues: { code: "" },
  });

  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      setError(null);
      const r = await mfaStepAction({ ...values, challenge });
      if (!r || r.ok) return;
      if (r.restart) return onRestart(r.message);
      resetField("code");
      setError(r.message);
    }),
  );

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      <div>
        <h2 className="text-base font-semibold text-slate-900">Two-factor authentication</h2>
        <p className="mt-1 text-sm text-slate-500">
          Enter the 6-digit code from your authenticator app for <span className="font-medium text-slate-700">{email}</span>, or one of your recovery codes.
        </p>
      </div>
      <FormError message={error} />
      <TextField
        label="Authentication code"
        autoComplete="one-time-code"
        autoFocus
        spellCheck={false}
        placeholder="123456 or xxxxx-xxxxx"
        className="font-mono tracking-widest"
        error={errors.code?.message}
        {...register("code")}
      />
      <Button type="submit" size="lg" className="w-full" loading={pending}>
        Verify
      </Button>
      <button type="button" onClick={() => onRestart(null)} className="w-full text-center text-sm font-medium text-indigo-600 hover:text-indigo-500">
        Use a different account
      </button>
    </form>
  );
}
