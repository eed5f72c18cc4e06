import Link from "next/link";
import { notFound } from "next/navigation";
import { requireOrgMember } from "@/lib/auth/require";
import { can } from "@/lib/auth/permissions";
import { isUuid } from "@/lib/auth/org-context";
import { AppError } from "@/lib/errors";
import * as directorySync from "@/lib/directory-sync/service";
import type { SyncRunDetailDto } from "@/lib/directory-sync/dto";
import { Alert } from "@/components/ui/alert";
import { Card, CardBody, DescriptionList, PageHeader } from "@/components/ui/card";
import { ChevronLeftIcon } from "@/components/ui/icons";
import { approveDirectoryRunAction, getDirectoryRunAction, rejectDirectoryRunAction } from "@/components/directory-sync/actions";
import { filterLabel, formatDuration, isActiveStatus, KIND_LABELS, TRIGGER_LABELS } from "@/components/directory-sync/format";
import { RunSummary } from "@/components/directory-sync/run-progress";
import { LiveRun, RunDecision } from "@/components/directory-sync/run-decision";
import { DriftList, ErrorList, PendingList, SkippedList } from "@/components/directory-sync/run-detail";
import { RunStatusBadge } from "@/components/directory-sync/run-status-badge";

export const metadata = { title: "Sync run" };

const DATE_TIME = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", timeZone: "UTC", timeZoneName: "short" });
const when = (iso: string | null) => (iso ? <time dateTime={iso}>{DATE_TIME.format(new Date(iso))}</time> : <span className="text-slate-400">—</span>);

async function loadRun(ctx: Awaited<ReturnType<typeof requireOrgMember>>, runId: string): Promise<SyncRunDetailDto> {
  // Another organization's run is not_found, like an unknown id: the page does not reveal it exists.
  if (!isUuid(runId)) notFound();
  try {
    return await directorySync.getRun(ctx, runId);
  } catch (e) {
    if (e instanceof AppError && e.code === "not_found") notFound();
    throw e;
  }
}

export default async function SyncRunPage({ params }: { params: Promise<{ orgId: string; runId: string }> }) {
  const { orgId, runId } = await params;
  const ctx = await requireOrgMember(orgId);
  if (!can(ctx, "provisioning:read")) {
    return <Alert tone="info" title="No access to user provisioning">Your role ({ctx.role}) cannot see this organization&apos;s directory sync.</Alert>;
  }
  const run = await loadRun(ctx, runId);
  const canManage = can(ctx, "provisioning:manage");
  const active = isActiveStatus(run.status);
  const name = KIND_LABELS[run.kind];

  return (
    <div className="space-y-6">
      <div>
        <Link href={`/orgs/${ctx.orgId}/provisioning/history`} className="mb-2 inline-flex items-center gap-1 text-sm text-slate-500 hover:text-slate-800">
          <ChevronLeftIcon className="size-3.5" /> Sync history
        </Link>
        <PageHeader title={<span className="flex items-center gap-3">{name} <RunStatusBadge status={run.status} /></span>} description={`Run ${run.id}`} className="mb-0" />
      </div>

      {run.status === "failed" ? <Alert tone="danger" title="This run failed">{run.error ?? "See the errors below."} A failed run decommissions nobody; progress made before the failure is kept.</Alert> : null}
      {run.status === "cancelled" ? <Alert tone="info" title="Cancelled">{run.approvedAt ? "Rejected by an administrator: nobody was decommissioned." : "Nobody was decommissioned."}</Alert> : null}

      <Card>
        <DescriptionList
          items={[
            { term: "Trigger", value: TRIGGER_LABELS[run.trigger] ?? run.trigger },
            ...(run.kind === "import" ? [{ term: "Filter", value: filterLabel(run.filter) }] : []),
            { term: "Started", value: when(run.startedAt ?? run.createdAt) },
            { term: "Finished", value: when(run.finishedAt) },
            { term: "Duration", value: formatDuration(run.durationMs) },
            { term: "Processed", value: run.total ? `${run.processed} of ${run.total}` : String(run.processed) },
            ...(run.approvedAt ? [{ term: run.status === "cancelled" ? "Decided" : "Approved", value: when(run.approvedAt) }] : []),
          ]}
        />
        {active ? null : (
          <CardBody className="border-t border-slate-100">
            <RunSummary run={{ ...run, skipped: [] }} title={`${name} result`} />
          </CardBody>
        )}
      </Card>

      {active ? <LiveRun orgId={ctx.orgId} run={run} getRun={getDirectoryRunAction} /> : null}

      {run.status === "awaiting_approval" ? (
        <PendingList
          run={run}
          actions={
            canManage ? (
              <RunDecision orgId={ctx.orgId} runId={run.id} pendingCount={run.pending?.length ?? 0} actions={{ approve: approveDirectoryRunAction, reject: rejectDirectoryRunAction }} />
            ) : (
              <span className="text-sm text-slate-500">An owner or admin decides.</span>
            )
          }
        />
      ) : null}

      {run.kind !== "session_check" || run.drift.length ? <DriftList run={run} /> : null}
      {run.skipped.length || run.kind === "import" ? <SkippedList run={run} /> : null}
      <ErrorList run={run} />
    </div>
  );
}
