"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ActionResult } from "@/lib/http/action-result";
import type { ProvisioningVerifyResult } from "@/lib/provisioning/dto";
import type { VerifyCheck } from "@/lib/directory/types";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { FormError } from "@/components/ui/form-field";
import { CheckList } from "@/components/ui/check-list";

const CHECK_LABELS: Record<string, string> = {
  settings: "Saved settings (environment variables, keys, https)",
  configuration: "Configuration",
  directory: "Directory",
};

/** Verify: reaches the provider's token and directory endpoints; each check with its reason. */
export function ProvisioningVerifyPanel({ last, canManage, verify }: {
  last: { ok: boolean; checks: VerifyCheck[]; at: string | null } | null;
  canManage: boolean;
  verify: () => Promise<ActionResult<ProvisioningVerifyResult>>;
}) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState(last);

  async function run() {
    setPending(true);
    setError(null);
    const r = await verify();
    setPending(false);
    if (!r.ok) return setError(r.message);
    setResult({ ...r.data, at: new Date().toISOString() });
    router.refresh();
  }

  const status = result ? (result.ok ? <Badge tone="green" dot>Verified</Badge> : <Badge tone="red" dot>Failed</Badge>) : <Badge tone="amber" dot>Not verified</Badge>;
  return (
    <Card aria-label="Verify the directory connection">
      <CardHeader
        title="Verify"
        description="Signs in to the provider's token endpoint and reads one page of its directory with the saved settings."
        actions={
          <>
            {status}
            {canManage ? <Button variant="secondary" loading={pending} onClick={run}>Verify</Button> : null}
          </>
        }
      />
      <CardBody className="space-y-3">
        <FormError message={error} />
        {result ? (
          <>
            <CheckList items={result.checks.map((c, i) => ({ key: `${c.name}-${i}`, label: CHECK_LABELS[c.name] ?? c.name, ok: c.ok, detail: c.detail }))} />
            {result.at ? <p className="text-xs text-slate-500">Last run <time dateTime={result.at}>{new Date(result.at).toLocaleString("en-GB", { timeZone: "UTC" })} UTC</time></p> : null}
          </>
        ) : (
          <p className="text-sm text-slate-500">Not verified yet. Save the connection, then run Verify.</p>
        )}
      </CardBody>
    </Card>
  );
}
