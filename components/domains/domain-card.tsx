"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type ReactNode } from "react";
import type { DomainDto } from "@/lib/domains/dto";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import { Select } from "@/components/ui/form-field";
import { roleLabel } from "@/components/members/role-badge";
import type { RoleOption } from "@/components/members/types";
import { DomainStatusBadge } from "./domain-status-badge";
import type { DomainActions } from "./types";

const DATE = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const when = (iso: string | null) => (iso ? `${DATE.format(new Date(iso))} UTC` : null);

function RecordField({ label, value }: { label: string; value: string }) {
  return (
    <div className="min-w-0">
      <p className="text-xs font-medium text-slate-500 uppercase">{label}</p>
      <div className="mt-1 flex items-center gap-1 rounded-md bg-slate-50 px-2.5 py-1.5 ring-1 ring-slate-200 ring-inset">
        <code className="min-w-0 flex-1 truncate font-mono text-xs text-slate-800" title={value}>{value}</code>
        <CopyButton value={value} label={`Copy ${label.toLowerCase()}`} />
      </div>
    </div>
  );
}

/** Optimistic: shows the new state at once and falls back to the server's if the update fails. */
function Toggle({ label, description, checked, disabled, onChange }: { label: string; description: ReactNode; checked: boolean; disabled?: boolean; onChange: (v: boolean) => Promise<boolean> }) {
  const [value, setValue] = useState(checked);
  const [server, setServer] = useState(checked);
  if (server !== checked) {
    setServer(checked);
    setValue(checked);
  }
  return (
    <label className="flex items-start gap-3">
      <input
        type="checkbox"
        role="switch"
        aria-checked={value}
        className="mt-0.5 size-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600 disabled:opacity-50"
        checked={value}
        disabled={disabled}
        onChange={async (e) => {
          const next = e.target.checked;
          setValue(next);
          if (!(await onChange(next))) setValue(checked);
        }}
      />
      <span className="text-sm">
        <span className="font-medium text-slate-800">{label}</span>
        <span className="block text-slate-500">{description}</span>
      </span>
    </label>
  );
}

/** One domain: its status, the TXT record to publish, verification buttons and (once verified) settings. */
export function DomainCard({ orgId, domain: d, canManage, roles, actions }: { orgId: string; domain: DomainDto; canManage: boolean; roles: RoleOption[]; actions: DomainActions }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [notice, setNotice] = useState<{ tone: "info" | "warning" | "danger" | "success"; text: string } | null>(null);
  const [removing, setRemoving] = useState(false);
  const verified = d.status === "verified";

  function run<T>(fn: () => Promise<{ ok: true; data: T } | { ok: false; message: string }>, onOk: (data: T) => void) {
    setNotice(null);
    start(async () => {
      const r = await fn();
      if (!r.ok) return setNotice({ tone: "danger", text: r.message });
      onOk(r.data);
      router.refresh();
    });
  }

  const confirm = () => run(() => actions.confirm(orgId, { domainId: d.id }), (x: DomainDto) =>
    setNotice(x.status === "verified" ? { tone: "success", text: `${x.displayName} is verified.` } : { tone: "warning", text: x.failureReason ?? "The record was not found yet." }));
  const startVerification = () => run(() => actions.start(orgId, { domainId: d.id }), (x) => setNotice({ tone: x.scheduled ? "info" : "warning", text: x.message }));
  const update = (patch: { routingEnabled?: boolean; autoJoinEnabled?: boolean; autoJoinRole?: string }) =>
    new Promise<boolean>((resolve) => {
      setNotice(null);
      start(async () => {
        const r = await actions.update(orgId, { domainId: d.id, ...patch });
        if (!r.ok) {
          setNotice({ tone: "danger", text: r.message });
          return resolve(false);
        }
        router.refresh();
        resolve(true);
      });
    });

  return (
    <Card aria-label={`Domain ${d.displayName}`}>
      <div className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-100 px-5 py-4">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h3 className="text-base font-semibold text-slate-900">{d.displayName}</h3>
            <DomainStatusBadge status={d.status} />
          </div>
          {d.displayName !== d.domain ? <p className="mt-0.5 font-mono text-xs text-slate-500">{d.domain}</p> : null}
          <p className="mt-1 text-xs text-slate-500">
            {verified ? `Verified ${when(d.verifiedAt)}` : d.lastCheckedAt ? `Last checked ${when(d.lastCheckedAt)} (${d.checkAttempts} ${d.checkAttempts === 1 ? "check" : "checks"})` : "Not checked yet"}
          </p>
        </div>
        {canManage ? (
          <div className="flex flex-wrap items-center gap-2">
            {!verified ? <Button variant="secondary" size="sm" onClick={startVerification} disabled={pending}>Start verification</Button> : null}
            <Button size="sm" onClick={confirm} loading={pending}>{verified ? "Re-check now" : "Confirm"}</Button>
            <Button variant="ghost" size="sm" className="text-red-700" onClick={() => setRemoving(true)} disabled={pending}>Remove</Button>
          </div>
        ) : null}
      </div>

      <div className="space-y-4 px-5 py-4">
        {notice ? <Alert tone={notice.tone}>{notice.text}</Alert> : null}
        {d.recordMissingSince && verified ? (
          <Alert tone="warning" title="The TXT record has disappeared">Missing since {when(d.recordMissingSince)}. Publish it again, or the domain loses its verification, routing and auto-join after the grace period.</Alert>
        ) : null}
        {!verified && d.failureReason && !notice ? <Alert tone={d.status === "pending" ? "info" : "warning"}>{d.failureReason}</Alert> : null}

        <div>
          <p className="mb-2 text-sm text-slate-600">
            {verified ? "Keep this record published: Gatehouse re-checks it daily." : "Publish this TXT record at your DNS provider, then choose Confirm (or Start verification to keep checking in the background for up to 72 hours)."}
          </p>
          <div className="grid gap-3 sm:grid-cols-[minmax(0,2fr)_auto_minmax(0,3fr)]">
            <RecordField label="Name" value={d.verificationRecord.name} />
            <div className="min-w-0">
              <p className="text-xs font-medium text-slate-500 uppercase">Type</p>
              <p className="mt-1 rounded-md bg-slate-50 px-2.5 py-1.5 font-mono text-xs text-slate-800 ring-1 ring-slate-200 ring-inset">TXT</p>
            </div>
            <RecordField label="Value" value={d.verificationRecord.value} />
          </div>
        </div>

        <fieldset className="space-y-3 border-t border-slate-100 pt-4" disabled={!canManage || pending}>
          <legend className="sr-only">Settings for {d.displayName}</legend>
          {!verified ? <p className="text-sm text-slate-500">Routing and auto-join become available once the domain is verified.</p> : null}
          <Toggle
            label="Route sign-ins"
            description="People signing in with an address on this domain are sent to this organization's SSO connection."
            checked={d.routingEnabled}
            disabled={!verified && !d.routingEnabled}
            onChange={(v) => update({ routingEnabled: v })}
          />
          <Toggle
            label="Auto-join"
            description="New people with an address on this domain join this organization automatically."
            checked={d.autoJoinEnabled}
            disabled={!verified && !d.autoJoinEnabled}
            onChange={(v) => update({ autoJoinEnabled: v })}
          />
          <div className="flex items-center gap-3 pl-7 text-sm">
            <label htmlFor={`role-${d.id}`} className="text-slate-600">Auto-join role</label>
            <div className="w-48">
              <Select id={`role-${d.id}`} value={d.autoJoinRole} disabled={!verified || !canManage} className="h-8 py-1" onChange={(e) => void update({ autoJoinRole: e.target.value })}>
                {roles.some((r) => r.name === d.autoJoinRole) ? null : <option value={d.autoJoinRole}>{roleLabel(d.autoJoinRole)}</option>}
                {roles.map((r) => <option key={r.name} value={r.name}>{roleLabel(r.name)}</option>)}
              </Select>
            </div>
          </div>
        </fieldset>
      </div>

      {canManage ? (
        <ConfirmDialog
          open={removing}
          onOpenChange={setRemoving}
          title={`Remove ${d.displayName}?`}
          description="Its verification, routing and auto-join stop at once. Another organization may then claim the domain."
          confirmLabel="Remove domain"
          onConfirm={async () => {
            const r = await actions.remove(orgId, { domainId: d.id });
            if (r.ok) router.refresh();
            return r;
          }}
        />
      ) : null}
    </Card>
  );
}
