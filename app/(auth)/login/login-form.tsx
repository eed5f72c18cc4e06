"use client";

import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/form-field";
import { loginSchema, mfaCodeSchema, type LoginInput, type MfaCodeInput } from "@/lib/auth/schemas";
import { mfaStepAction, passwordStepAction, type LoginStepResult } from "./actions";

/** Two steps: email + password, then (for TOTP users) a code or a recovery code. */
export function LoginForm({ initialError }: { initialError?: string | null }) {
  const [challenge, setChallenge] = useState<string | null>(null);
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string | null>(initialError ?? null);

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
      onMfa={(c, e) => {
        setEmail(e);
        setError(null);
        setChallenge(c);
      }}
    />
  );
}

function PasswordStep({ error, setError, defaultEmail, onMfa }: {
  error: string | null; setError: (m: string | null) => void; defaultEmail: string; onMfa: (challenge: string, email: string) => void;
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
      <TextField label="Email" type="email" autoComplete="username" autoFocus placeholder="you@company.com" error={errors.email?.message} {...register("email")} />
      <TextField label="Password" type="password" autoComplete="current-password" error={errors.password?.message} {...register("password")} />
      <Button type="submit" size="lg" className="w-full" loading={pending}>
        Sign in
      </Button>
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
