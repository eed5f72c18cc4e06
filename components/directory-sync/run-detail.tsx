import type { ReactNode } from "react";
import type { SyncRunDetailDto } from "@/lib/directory-sync/dto";
import { Card, CardHeader } from "@/components/ui/card";
import { DECOMMISSION_REASON_LABELS, driftChanges } from "./format";

// Server-rendered lists of one run's details: pending decommissions, drift, skipped people, errors.

const DATE_TIME = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", timeZone: "UTC" });

function SimpleTable({ caption, head, rows, empty }: { caption: string; head: string[]; rows: ReactNode[][]; empty: string }) {
  if (!rows.length) return <p className="px-5 py-6 text-sm text-slate-500">{empty}</p>;
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-200 bg-slate-50/70">
          <tr>{head.map((h) => <th key={h} scope="col" className="px-5 py-2.5 text-xs font-medium tracking-wide text-slate-500 uppercase">{h}</th>)}</tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r, i) => <tr key={i}>{r.map((c, j) => <td key={j} className="px-5 py-2.5 align-top text-slate-700">{c}</td>)}</tr>)}
        </tbody>
      </table>
    </div>
  );
}

const person = (email: string | null, externalId: string | null) => (
  <div className="min-w-0">
    <p className="font-medium text-slate-900">{email ?? <span className="text-amber-700">no email</span>}</p>
    {externalId ? <p className="font-mono text-xs text-slate-500">{externalId}</p> : null}
  </div>
);

export function PendingList({ run, actions }: { run: SyncRunDetailDto; actions?: ReactNode }) {
  const pending = run.pending ?? [];
  return (
    <Card aria-label="Pending decommissions">
      <CardHeader
        title={`${pending.length} ${pending.length === 1 ? "person" : "people"} would be decommissioned`}
        description="More than the safety limit allows in one run, so the run stopped before touching anyone. Check the list: a directory outage or a changed filter can look like people leaving."
        actions={actions}
      />
      <SimpleTable
        caption="People pending decommission"
        head={["Person", "Reason"]}
        rows={pending.map((p) => [person(p.email, p.externalId), DECOMMISSION_REASON_LABELS[p.reason] ?? p.reason])}
        empty="Nobody is pending."
      />
    </Card>
  );
}

export function DriftList({ run }: { run: SyncRunDetailDto }) {
  return (
    <Card aria-label="Drift">
      <CardHeader title="Drift" description="Who differed from the directory, and how (what this run changed, or would have)." />
      <SimpleTable
        caption="Drift found"
        head={["Person", "Differences"]}
        rows={run.drift.map((d) => [
          person(d.email, d.externalId),
          <ul key="c" className="space-y-0.5">{driftChanges(d).map((c) => <li key={c}>{c}</li>)}</ul>,
        ])}
        empty="No role, team, business-unit or status differences recorded."
      />
    </Card>
  );
}

export function SkippedList({ run }: { run: SyncRunDetailDto }) {
  return (
    <Card aria-label="Skipped">
      <CardHeader title="Skipped" description="Directory records left alone, with the reason." />
      <SimpleTable caption="Skipped users" head={["Person", "Reason"]} rows={run.skipped.map((s) => [person(s.email, s.externalId), s.reason])} empty="Nobody was skipped." />
    </Card>
  );
}

export function ErrorList({ run }: { run: SyncRunDetailDto }) {
  return (
    <Card aria-label="Errors">
      <CardHeader title="Errors" description="Failed directory requests and writes, in order. A run whose reads fail decommissions nobody." />
      <SimpleTable
        caption="Run errors"
        head={["When", "Kind", "Message"]}
        rows={run.errors.map((e) => [
          <time key="t" dateTime={e.at} className="whitespace-nowrap text-slate-500">{DATE_TIME.format(new Date(e.at))}</time>,
          e.kind ?? "—",
          <span key="m" className="text-red-700">{e.message}</span>,
        ])}
        empty="No errors."
      />
    </Card>
  );
}
