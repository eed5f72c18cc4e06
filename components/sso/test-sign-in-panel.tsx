"use client";

import { useRouter } from "next/navigation";
import type { TestSignInResult } from "@/lib/sso/sign-in";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";

const WHY: Record<string, string> = {
  mapped: "matched by the mappings",
  "first-sso-user": "first SSO user of the organization (no mappings)",
  "default-role": "the organization's default role (no mappings)",
  "not-sso-managed": "kept: this membership is not managed by SSO",
  "no-mappings": "kept (no mappings)",
};

/** Test sign-in (issue #4 "Safe rollout"): opens the provider in a new window; this panel shows the result. */
export function TestSignInPanel({ orgId, result, justTested, canManage }: { orgId: string; result: TestSignInResult | null; justTested: boolean; canManage: boolean }) {
  const router = useRouter();
  return (
    <Card>
      <CardHeader
        title="Test sign-in"
        description="Sign in at the provider as someone else in a new window; your own session is untouched. Nothing is provisioned: the result below shows the claims received and what the mappings produce."
        actions={canManage ? (
          <>
            <a href={`/orgs/${orgId}/sso/test`} target="_blank" rel="noopener" className={buttonClasses("secondary")}>Test sign-in</a>
            <Button variant="ghost" onClick={() => router.refresh()}>Refresh result</Button>
          </>
        ) : null}
      />
      <CardBody>
        {justTested ? <Alert tone="info" className="mb-3">Test sign-in finished. You can close this window.</Alert> : null}
        {!result ? <p className="text-sm text-slate-500">No test sign-in yet.</p> : (
          <div className="space-y-3" aria-label="Test sign-in result">
            <div className="flex flex-wrap items-center gap-2 text-sm">
              {result.ok ? <Badge tone="green" dot>Would be signed in</Badge> : <Badge tone="red" dot>Would be refused</Badge>}
              <span className="font-medium text-slate-800">{result.email ?? "(no email)"}</span>
              <span className="text-slate-400">·</span>
              <time className="text-slate-500" dateTime={result.at}>{new Date(result.at).toLocaleString("en-GB", { timeZone: "UTC" })} UTC</time>
              {result.countsForEnforcement ? <Badge tone="indigo">Counts for “require SSO”</Badge> : null}
            </div>
            {result.failure ? (
              <Alert tone="danger" title={result.failure.message}>
                {result.failure.detail}{result.traceId ? <> · trace <code className="font-mono">{result.traceId}</code></> : null}
              </Alert>
            ) : (
              <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-3">
                <div><dt className="text-xs text-slate-500">Role</dt><dd className="font-medium text-slate-900" data-testid="test-role">{result.role ?? "—"}</dd><dd className="text-xs text-slate-500">{result.roleWhy ? WHY[result.roleWhy] : null}</dd></div>
                <div><dt className="text-xs text-slate-500">Teams</dt><dd className="text-slate-900" data-testid="test-teams">{result.teams.length ? result.teams.join(", ") : "—"}</dd></div>
                <div><dt className="text-xs text-slate-500">Business units</dt><dd className="text-slate-900" data-testid="test-units">{result.businessUnits.length ? result.businessUnits.join(", ") : "—"}</dd></div>
              </dl>
            )}
            {result.warnings.length ? <p className="text-xs text-amber-700">Skipped rules naming unknown roles: {result.warnings.map((w) => `#${w.rule + 1} (${w.role})`).join(", ")}</p> : null}
            <details className="rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200">
              <summary className="cursor-pointer text-sm font-medium text-slate-700">Claims received{result.usedUserinfo ? " (ID token + userinfo)" : ""}</summary>
              <pre className="mt-2 max-h-80 overflow-auto text-xs text-slate-800">{JSON.stringify(result.claims, null, 2)}</pre>
            </details>
          </div>
        )}
      </CardBody>
    </Card>
  );
}
