"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { DirectoryProvider } from "@/lib/directory/types";
import type { PreviewDto, SyncKind, SyncRunDto } from "@/lib/directory-sync/dto";
import { directoryFilterSchema } from "@/lib/directory-sync/schemas";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { FormError } from "@/components/ui/form-field";
import { EMPTY_FILTER, FilterPicker, toFilter, type FilterDraft } from "./filter-picker";
import { PreviewTable } from "./preview-table";
import { RunProgress } from "./run-progress";
import { isActiveStatus } from "./format";
import type { DirectorySyncActions } from "./types";

type PortalKind = Extract<SyncKind, "import" | "team_sync" | "reconcile">;
export type LatestRuns = Partial<Record<PortalKind, SyncRunDto>>;

/** Starts one kind of run and follows it; keeps the latest run of that kind on screen. */
function RunNotice({ text }: { text: string | null }) {
  return text ? <p className="text-xs text-slate-500">{text}</p> : null;
}

function useRun(orgId: string, actions: DirectorySyncActions, initial: SyncRunDto | undefined) {
  const router = useRouter();
  const [run, setRun] = useState<SyncRunDto | undefined>(initial);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  // Where the run went when it did not go to Inngest ("started in the Gatehouse server", and why).
  const [notice, setNotice] = useState<string | null>(null);
  async function start(kind: PortalKind, filter?: ReturnType<typeof toFilter>) {
    setStarting(true);
    setError(null);
    const r = await actions.start(orgId, { kind, filter });
    setStarting(false);
    if (!r.ok) return setError(r.message);
    setRun(r.data.run);
    setNotice(r.data.mode === "background" ? r.data.message : null);
  }
  const busy = starting || (!!run && isActiveStatus(run.status));
  // The finished run replaces the started one here too, so the buttons come back.
  const onSettled = (done: SyncRunDto) => {
    setRun(done);
    router.refresh();
  };
  return { run, error, notice, starting, busy, start, onSettled };
}

export function ImportCard({ orgId, provider, canManage, latest, actions }: { orgId: string; provider: DirectoryProvider; canManage: boolean; latest?: SyncRunDto; actions: DirectorySyncActions }) {
  const [draft, setDraft] = useState<FilterDraft>(EMPTY_FILTER);
  const [filterError, setFilterError] = useState<string | undefined>();
  const [preview, setPreview] = useState<PreviewDto | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const imp = useRun(orgId, actions, latest);

  function parsedFilter() {
    const parsed = directoryFilterSchema.safeParse(toFilter(draft));
    if (!parsed.success) {
      setFilterError(draft.kind === "query" ? "Enter a query" : draft.kind === "groups" ? "Pick at least one group" : "Enter at least one value");
      return null;
    }
    setFilterError(undefined);
    return parsed.data;
  }

  async function runPreview() {
    const filter = parsedFilter();
    if (!filter) return;
    setPreviewing(true);
    setPreviewError(null);
    const r = await actions.preview(orgId, { filter });
    setPreviewing(false);
    if (!r.ok) {
      setPreview(null);
      return setPreviewError(r.message);
    }
    setPreview(r.data);
  }

  async function runImport() {
    const filter = parsedFilter();
    if (filter) await imp.start("import", filter);
  }

  return (
    <Card>
      <CardHeader
        title="Import people"
        description="Pick who to pull from the directory, preview what would happen to the first 50, then import. Re-running an import reconciles: changed people are updated, unchanged ones cost nothing."
      />
      <CardBody className="space-y-4">
        {canManage ? (
          <>
            <FilterPicker orgId={orgId} listGroups={actions.listGroups} value={draft} onChange={(d) => { setDraft(d); setFilterError(undefined); setPreview(null); }} provider={provider} error={filterError} disabled={imp.busy} />
            <div className="flex flex-wrap items-center gap-2">
              <Button variant="secondary" loading={previewing} disabled={imp.busy} onClick={runPreview}>Preview</Button>
              <Button loading={imp.starting} disabled={imp.busy || previewing} onClick={runImport}>Import</Button>
              {imp.busy && !imp.starting ? <span className="text-sm text-slate-500">An import is running…</span> : null}
            </div>
            <FormError message={previewError ?? imp.error} />
            {preview ? <PreviewTable preview={preview} /> : null}
          </>
        ) : (
          <p className="text-sm text-slate-500">An owner or admin of this organization can preview and run imports.</p>
        )}
        {imp.run ? <RunProgress key={imp.run.id} orgId={orgId} run={imp.run} getRun={actions.getRun} label="Import" onSettled={imp.onSettled} /> : null}
        <RunNotice text={imp.notice} />
      </CardBody>
    </Card>
  );
}

export function TeamSyncCard({ orgId, canManage, latest, actions }: { orgId: string; canManage: boolean; latest?: SyncRunDto; actions: DirectorySyncActions }) {
  const sync = useRun(orgId, actions, latest);
  return (
    <Card>
      <CardHeader
        title="Teams and business units"
        description="Directory groups become teams and org units (or departments) become business units, with their members. Safe to repeat."
        actions={canManage ? <Button variant="secondary" loading={sync.starting} disabled={sync.busy} onClick={() => sync.start("team_sync")}>Sync teams &amp; business units</Button> : null}
      />
      <CardBody className="space-y-3">
        <FormError message={sync.error} />
        {sync.run ? <RunProgress key={sync.run.id} orgId={orgId} run={sync.run} getRun={actions.getRun} label="Team & business-unit sync" onSettled={sync.onSettled} /> : <p className="text-sm text-slate-500">Not synced yet.</p>}
        <RunNotice text={sync.notice} />
      </CardBody>
    </Card>
  );
}

export function ReconcileCard({ orgId, canManage, latest, actions, scheduling }: { orgId: string; canManage: boolean; latest?: SyncRunDto; actions: DirectorySyncActions; scheduling: React.ReactNode }) {
  const rec = useRun(orgId, actions, latest);
  return (
    <Card>
      <CardHeader
        title="Reconciliation"
        description="Brings everyone imported back in step with the directory: roles, teams and business units updated; people disabled, unassigned or gone are decommissioned. A run that would decommission more than the safety limit waits for approval."
        actions={canManage ? <Button variant="secondary" loading={rec.starting} disabled={rec.busy} onClick={() => rec.start("reconcile")}>Run reconciliation now</Button> : null}
      />
      <CardBody className="space-y-3">
        {scheduling}
        <FormError message={rec.error} />
        {rec.run ? <RunProgress key={rec.run.id} orgId={orgId} run={rec.run} getRun={actions.getRun} label="Reconciliation" onSettled={rec.onSettled} /> : null}
        <RunNotice text={rec.notice} />
      </CardBody>
    </Card>
  );
}
