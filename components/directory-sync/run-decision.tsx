"use client";

import { useRouter } from "next/navigation";
import type { SyncRunDto } from "@/lib/directory-sync/dto";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { RunProgress } from "./run-progress";
import type { DirectorySyncActions, RunDecisionActions } from "./types";

/** Approve (decommission the pending people) or Reject (cancel the run, nobody decommissioned). */
export function RunDecision({ orgId, runId, pendingCount, actions }: { orgId: string; runId: string; pendingCount: number; actions: RunDecisionActions }) {
  const router = useRouter();
  const people = `${pendingCount} ${pendingCount === 1 ? "person" : "people"}`;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <ConfirmDialog
        trigger={<Button variant="secondary">Reject</Button>}
        title="Reject this run?"
        description={`The run is cancelled and nobody is decommissioned. The ${people} keep their access until a later run decides again.`}
        confirmLabel="Reject run"
        variant="primary"
        onConfirm={async () => {
          const r = await actions.reject(orgId, { runId });
          if (r.ok) router.refresh();
          return r;
        }}
      />
      <ConfirmDialog
        trigger={<Button variant="destructive">Approve</Button>}
        title={`Decommission ${people}?`}
        description="Their sessions and refresh tokens are revoked, their API keys disabled and their memberships suspended. Audit events are kept."
        confirmLabel={`Decommission ${people}`}
        onConfirm={async () => {
          const r = await actions.approve(orgId, { runId });
          if (r.ok) router.refresh();
          return r;
        }}
      />
    </div>
  );
}

/** A run still in flight on its detail page: live progress, then the page re-renders with the result. */
export function LiveRun({ orgId, run, getRun }: { orgId: string; run: SyncRunDto; getRun: DirectorySyncActions["getRun"] }) {
  const router = useRouter();
  return <RunProgress orgId={orgId} run={run} getRun={getRun} onSettled={() => router.refresh()} />;
}
