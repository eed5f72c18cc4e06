"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import type { SyncRunDetailDto, SyncRunDto } from "@/lib/directory-sync/dto";
import { Alert } from "@/components/ui/alert";
import { cn } from "@/components/ui/cn";
import { countItems, isActiveStatus, KIND_LABELS, progressLabel, progressPercent, formatDuration } from "./format";
import { RunStatusBadge } from "./run-status-badge";
import type { DirectorySyncActions } from "./types";

const POLL_MS = 1000;
const SKIPPED_SHOWN = 20;

/** processed/total as a bar; indeterminate (striped, no value) while the total is unknown. */
export function ProgressBar({ run, label }: { run: Pick<SyncRunDto, "processed" | "total" | "status">; label: string }) {
  const pct = progressPercent(run);
  const active = isActiveStatus(run.status);
  return (
    <div className="space-y-1.5">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={run.total ?? undefined}
        aria-valuenow={run.total ? run.processed : undefined}
        aria-valuetext={progressLabel(run)}
        className="h-2 overflow-hidden rounded-full bg-slate-100"
      >
        <div
          className={cn(
            "h-full rounded-full transition-[width] duration-500",
            run.status === "failed" ? "bg-red-500" : run.status === "awaiting_approval" ? "bg-amber-500" : "bg-indigo-600",
            pct === null && active && "animate-pulse",
          )}
          style={{ width: `${pct ?? (active ? 35 : 100)}%` }}
        />
      </div>
      <p className="text-xs text-slate-500 tabular-nums">
        {progressLabel(run)}{run.total && pct !== null ? ` (${pct}%)` : ""}
      </p>
    </div>
  );
}

/** The run's counts as a list ("Created 3"), then who was skipped and why. */
export function RunSummary({ run, title }: { run: SyncRunDto & Partial<Pick<SyncRunDetailDto, "skipped">>; title: string }) {
  const items = countItems(run.kind, run.counts);
  const skipped = run.skipped ?? [];
  return (
    <div className="space-y-3">
      <ul aria-label={title} className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        {items.map((c) => (
          <li key={c.key} className="rounded-lg bg-slate-50 px-3 py-2 ring-1 ring-slate-200 ring-inset">
            <span className="block text-xs text-slate-500">{c.label}</span>
            <span className="block text-lg font-semibold text-slate-900 tabular-nums">{c.value}</span>
          </li>
        ))}
      </ul>
      {skipped.length ? (
        <div>
          <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">Skipped</p>
          <ul aria-label="Skipped users" className="mt-1 divide-y divide-slate-100 text-sm">
            {skipped.slice(0, SKIPPED_SHOWN).map((s, i) => (
              <li key={`${s.externalId ?? s.email ?? ""}-${i}`} className="flex flex-wrap gap-x-2 py-1.5">
                <span className="font-medium text-slate-800">{s.email ?? s.externalId ?? "Unknown user"}</span>
                <span className="text-slate-500">{s.reason}</span>
              </li>
            ))}
          </ul>
          {skipped.length > SKIPPED_SHOWN ? <p className="mt-1 text-xs text-slate-500">…and {skipped.length - SKIPPED_SHOWN} more in the run&apos;s details.</p> : null}
        </div>
      ) : null}
    </div>
  );
}

/**
 * One run followed live: polls it about once a second while it is queued or running, shows a progress
 * bar, then its result. `onSettled` fires once when it stops (to refresh the page's server data).
 */
export function RunProgress({ orgId, run: initial, getRun, label, onSettled }: { orgId: string; run: SyncRunDto | SyncRunDetailDto; getRun: DirectorySyncActions["getRun"]; label?: string; onSettled?: (run: SyncRunDetailDto) => void }) {
  const [run, setRun] = useState<SyncRunDto | SyncRunDetailDto>(initial);
  const [pollError, setPollError] = useState<string | null>(null);
  const settled = useRef(onSettled);
  useEffect(() => { settled.current = onSettled; }, [onSettled]);

  const active = isActiveStatus(run.status);
  useEffect(() => {
    if (!active) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      const r = await getRun(orgId, { runId: initial.id }).catch(() => null);
      if (cancelled) return;
      if (r?.ok) {
        setPollError(null);
        setRun(r.data);
        if (!isActiveStatus(r.data.status)) {
          settled.current?.(r.data);
          return;
        }
      } else {
        setPollError(r ? r.message : "Could not reach the server; retrying…");
        // Gone or no longer allowed (signed out of the organization, run deleted with it): stop asking.
        if (r && (r.code === "not_found" || r.code === "forbidden")) return;
      }
      timer = setTimeout(tick, POLL_MS);
    };
    timer = setTimeout(tick, POLL_MS);
    return () => { cancelled = true; clearTimeout(timer); };
  }, [active, getRun, orgId, initial.id]);

  const name = label ?? KIND_LABELS[run.kind];
  const detailHref = `/orgs/${orgId}/provisioning/history/${run.id}`;
  return (
    <section aria-label={`${name} run`} className="space-y-3 rounded-lg border border-slate-200 p-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex items-center gap-2">
          <span className="text-sm font-medium text-slate-900">{name}</span>
          <RunStatusBadge status={run.status} />
        </div>
        <div className="flex items-center gap-3 text-xs text-slate-500">
          {run.durationMs !== null ? <span>{formatDuration(run.durationMs)}</span> : null}
          <Link href={detailHref} className="font-medium text-indigo-600 hover:text-indigo-500">Details</Link>
        </div>
      </div>
      {active || run.status === "failed" || run.total ? <ProgressBar run={run} label={`${name} progress`} /> : null}
      {pollError ? <p className="text-xs text-amber-700">{pollError}</p> : null}
      {run.status === "failed" ? (
        <Alert tone="danger" title={`${name} failed`}>
          <p>{run.error ?? "The run stopped with an error; see its details."}</p>
          <p className="mt-1">Nobody was decommissioned by a failed run; what was imported before the failure is kept.</p>
        </Alert>
      ) : null}
      {run.status === "awaiting_approval" ? (
        <Alert tone="warning" title="Waiting for an administrator's approval">
          This run would decommission more people than the safety limit allows, so it stopped. <Link href={detailHref} className="font-medium underline">Review who and why</Link>.
        </Alert>
      ) : null}
      {run.status === "cancelled" ? <Alert tone="info" title="Cancelled">Nothing was decommissioned.</Alert> : null}
      {!active ? <RunSummary run={run} title={`${name} result`} /> : null}
    </section>
  );
}
