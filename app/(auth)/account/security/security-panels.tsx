"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { ButtonLink } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { CodeForm } from "./code-form";
import { RecoveryCodes } from "./recovery-codes";
import { confirmEnrolmentAction, disableMfaAction, regenerateRecoveryCodesAction } from "./actions";

export function EnrolPanel({ qrDataUrl, secret, continueHref }: { qrDataUrl: string; secret: string; continueHref: string }) {
  const [codes, setCodes] = useState<string[] | null>(null);
  if (codes) {
    return (
      <div className="space-y-5">
        <Alert tone="success" title="Two-factor authentication is on">
          From now on you sign in with your password and a code from your app.
        </Alert>
        <RecoveryCodes codes={codes} />
        <ButtonLink href={continueHref} variant="primary">
          I have saved my codes, continue
        </ButtonLink>
      </div>
    );
  }
  return (
    <ol className="space-y-6">
      <li className="flex gap-4">
        <Step n={1} />
        <div className="min-w-0 flex-1 space-y-3">
          <p className="text-sm text-slate-700">
            Scan this QR code with an authenticator app (1Password, Google Authenticator, Microsoft Authenticator, Authy…).
          </p>
          {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL, nothing to optimise */}
          <img src={qrDataUrl} alt="QR code to add Gatehouse to your authenticator app" width={176} height={176} className="rounded-lg ring-1 ring-slate-200" />
          <dl className="text-sm">
            <dt id="mfa-secret-label" className="text-slate-500">Secret key</dt>
            <dd aria-labelledby="mfa-secret-label" className="mt-1 font-mono text-sm break-all text-slate-900 select-all">{secret}</dd>
          </dl>
          <p className="text-xs text-slate-500">Can&apos;t scan? Enter the secret key in your app as a time-based key.</p>
        </div>
      </li>
      <li className="flex gap-4">
        <Step n={2} />
        <div className="min-w-0 flex-1 space-y-3">
          <p className="text-sm text-slate-700">Enter the 6-digit code your app shows to confirm.</p>
          <CodeForm action={confirmEnrolmentAction} submitLabel="Turn on two-factor authentication" onDone={(d) => setCodes(d.recoveryCodes)} />
        </div>
      </li>
    </ol>
  );
}

function Step({ n }: { n: number }) {
  return (
    <span className="flex size-7 shrink-0 items-center justify-center rounded-full bg-indigo-50 text-sm font-semibold text-indigo-700 ring-1 ring-indigo-200" aria-hidden="true">
      {n}
    </span>
  );
}

export function RegeneratePanel() {
  const [codes, setCodes] = useState<string[] | null>(null);
  if (codes) return <RecoveryCodes codes={codes} />;
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">Generating new codes makes all the old ones stop working.</p>
      <CodeForm action={regenerateRecoveryCodesAction} submitLabel="Generate new codes" variant="secondary" onDone={(d) => setCodes(d.recoveryCodes)} />
    </div>
  );
}

export function DisablePanel() {
  const router = useRouter();
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">You will sign in with your password only. Enter a current code to confirm.</p>
      <CodeForm action={disableMfaAction} submitLabel="Turn off" variant="destructive" onDone={() => router.refresh()} />
    </div>
  );
}
