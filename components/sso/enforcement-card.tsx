"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ActionResult } from "@/lib/http/action-result";
import type { EnforcementStatus } from "@/lib/sso/service";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { FormError } from "@/components/ui/form-field";
import { CheckIcon, XIcon } from "@/components/ui/icons";

/** "Require SSO" with its preconditions spelled out (issue #4 "Enforcement"). */
export function EnforcementCard({ status, canManage, setEnforcement }: {
  status: EnforcementStatus;
  canManage: boolean;
  setEnforcement: (input: { requireSso: boolean }) => Promise<ActionResult<EnforcementStatus>>;
}) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function toggle(next: boolean) {
    setPending(true);
    setError(null);
    setNotice(null);
    const r = await setEnforcement({ requireSso: next });
    setPending(false);
    if (!r.ok) return setError(r.message);
    if (r.data.sessionsEnded !== undefined) setNotice(`Single sign-on is now required. ${sessionsPhrase(r.data.sessionsEnded)} ended.`);
    router.refresh();
  }

  const testOk = !!status.testSignIn;
  const glassOk = status.breakGlassAccounts.length > 0;
  return (
    <Card>
      <CardHeader
        title="Require SSO"
        description="When on, members sign in only through the identity provider. Break-glass accounts — owners with a local password and two-factor authentication — can still use their password."
        actions={status.requireSso ? <Badge tone="green" dot>Required</Badge> : <Badge tone="slate" dot>Optional</Badge>}
      />
      <CardBody className="space-y-3">
        <ul className="space-y-2 text-sm" aria-label="Preconditions">
          <li className="flex items-start gap-2">
            {testOk ? <CheckIcon className="mt-0.5 size-4 text-green-600" title="met" /> : <XIcon className="mt-0.5 size-4 text-red-600" title="not met" />}
            <span>
              A successful test sign-in by a non-admin user
              {status.testSignIn ? <span className="text-slate-500"> — {status.testSignIn.email} on {new Date(status.testSignIn.at).toLocaleString("en-GB", { timeZone: "UTC" })} UTC</span> : null}
            </span>
          </li>
          <li className="flex items-start gap-2">
            {glassOk ? <CheckIcon className="mt-0.5 size-4 text-green-600" title="met" /> : <XIcon className="mt-0.5 size-4 text-red-600" title="not met" />}
            <span>
              At least one break-glass account
              {glassOk ? <span className="text-slate-500"> — {status.breakGlassAccounts.map((a) => a.email).join(", ")}</span> : null}
            </span>
          </li>
        </ul>
        {!status.requireSso && status.canEnforce && canManage ? (
          <p className="text-sm text-slate-600">
            Turning this on ends {sessionsPhrase(status.sessionsToEnd)} of members who did not sign in through this provider (break-glass accounts keep theirs).
          </p>
        ) : null}
        {notice ? <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800">{notice}</p> : null}
        <FormError message={error} />
        {canManage ? (
          status.requireSso ? (
            <Button variant="secondary" loading={pending} onClick={() => toggle(false)}>Stop requiring SSO</Button>
          ) : (
            <Button loading={pending} disabled={!status.canEnforce} onClick={() => toggle(true)}>Require SSO</Button>
          )
        ) : null}
        {!status.requireSso && !status.canEnforce ? <p className="text-xs text-slate-500">{status.blockers.join(" ")}</p> : null}
      </CardBody>
    </Card>
  );
}

const sessionsPhrase = (n: number) => (n === 1 ? "1 session" : `${n} sessions`);
