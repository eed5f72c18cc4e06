"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ActionResult } from "@/lib/http/action-result";
import type { VerifyResult } from "@/lib/sso/service";
import type { VerifyCheck } from "@/lib/sso/discovery";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { FormError } from "@/components/ui/form-field";
import { CheckList } from "@/components/ui/check-list";
import { Badge } from "@/components/ui/badge";

const CHECK_LABELS: Record<string, string> = {
  configuration: "Configuration (environment variables, https)",
  discovery: "Discovery document",
  issuer: "Issuer matches",
  jwks: "Signing keys (JWKS)",
  algorithms: "ID-token signature algorithm",
};

export function VerifyPanel({ redirectUri, verifiedAt, lastChecks, canManage, verify }: {
  redirectUri: string;
  verifiedAt: string | null;
  lastChecks: VerifyCheck[] | null;
  canManage: boolean;
  verify: () => Promise<ActionResult<VerifyResult>>;
}) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [checks, setChecks] = useState<VerifyCheck[] | null>(lastChecks);

  async function run() {
    setPending(true);
    setError(null);
    const r = await verify();
    setPending(false);
    if (!r.ok) return setError(r.message);
    setChecks(r.data.checks);
    router.refresh();
  }

  return (
    <Card>
      <CardHeader
        title="Verify"
        description="Fetches the provider's discovery document and signing keys and checks the issuer."
        actions={
          <>
            {verifiedAt ? <Badge tone="green" dot>Verified</Badge> : <Badge tone="amber" dot>Not verified</Badge>}
            {canManage ? <Button variant="secondary" loading={pending} onClick={run}>Verify</Button> : null}
          </>
        }
      />
      <CardBody className="space-y-3">
        <div>
          <p className="text-xs font-medium text-slate-500">Redirect URI to register at the provider</p>
          <div className="mt-1 flex items-center gap-2">
            <code className="truncate rounded bg-slate-50 px-2 py-1 font-mono text-xs text-slate-800 ring-1 ring-slate-200">{redirectUri}</code>
            <CopyButton value={redirectUri} label="Copy redirect URI" />
          </div>
        </div>
        <FormError message={error} />
        {checks ? (
          <CheckList items={checks.map((c) => ({ key: c.check, label: CHECK_LABELS[c.check] ?? c.check, ok: c.ok, detail: c.reason }))} />
        ) : <p className="text-sm text-slate-500">Not verified yet.</p>}
      </CardBody>
    </Card>
  );
}
