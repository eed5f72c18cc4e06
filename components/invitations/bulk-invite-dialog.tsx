"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import type { BulkCommitRow, BulkPreview, BulkPreviewRow, BulkSummary } from "@/lib/invitations/service";
import { MAX_BULK_INVITATIONS } from "@/lib/invitations/schemas";
import { Button } from "@/components/ui/button";
import { DialogContent, DialogFooter, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { FormError, Input, SelectField, TextareaField } from "@/components/ui/form-field";
import { UsersIcon } from "@/components/ui/icons";
import { RoleSelectField } from "@/components/members/role-select";
import type { RoleOption } from "@/components/members/types";
import { BulkRowBadge } from "./invitation-status-badge";
import type { InvitationActions } from "./types";

type Row = { row: number; email: string; role: string | null; status: BulkPreviewRow["status"] | "invited"; reason?: string; delivery?: BulkCommitRow["delivery"] };

const EXAMPLE = "jane@acme.com\nbob@acme.com,admin";

function SummaryLine({ s, done }: { s: BulkSummary; done: boolean }) {
  const parts = done
    ? [[s.invited, "invited"], [s["already-member"], "already members"], [s["already-invited"], "already invited"]]
    : [[s["will-invite"], "will be invited"], [s["already-member"], "already members"], [s["already-invited"], "already invited"], [s.invalid, "invalid"]];
  return (
    <p className="text-sm text-slate-600" aria-live="polite">
      {s.total} rows: {parts.filter(([n]) => Number(n) > 0).map(([n, l]) => `${n} ${l}`).join(", ") || "nothing to do"}.
    </p>
  );
}

function RowsTable({ rows }: { rows: Row[] }) {
  return (
    <div className="max-h-80 overflow-y-auto rounded-lg ring-1 ring-slate-200">
      <table className="min-w-full text-left text-sm" aria-label="Rows">
        <thead className="sticky top-0 bg-slate-50 text-xs text-slate-500 uppercase">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">Row</th>
            <th scope="col" className="px-3 py-2 font-medium">Email</th>
            <th scope="col" className="px-3 py-2 font-medium">Role</th>
            <th scope="col" className="px-3 py-2 font-medium">Status</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr key={`${r.row}-${r.email}`} data-status={r.status}>
              <td className="px-3 py-2 text-slate-500 tabular-nums">{r.row}</td>
              <td className="max-w-56 truncate px-3 py-2 text-slate-800">{r.email || <span className="text-slate-400">(empty)</span>}</td>
              <td className="px-3 py-2 text-slate-600">{r.role ?? "—"}</td>
              <td className="px-3 py-2">
                <BulkRowBadge status={r.status} />
                {r.reason ? <p className="mt-0.5 text-xs text-slate-500">{r.reason}</p> : null}
                {r.delivery?.status === "failed" ? <p className="mt-0.5 text-xs text-red-600">{r.delivery.error}</p> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Bulk invite: paste addresses or load a CSV (email[,role]), preview every row (nothing is written),
 * then invite the rows marked "will invite" in one go. At most 50 per request.
 */
export function BulkInviteDialog({ orgId, roles, defaultRole, action }: { orgId: string; roles: RoleOption[]; defaultRole: string; action: InvitationActions["bulk"] }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [role, setRole] = useState(roles.some((r) => r.name === defaultRole) ? defaultRole : roles.find((r) => r.name === "member")?.name ?? roles.at(-1)?.name ?? "member");
  const [days, setDays] = useState("7");
  const [preview, setPreview] = useState<BulkPreview | null>(null);
  const [result, setResult] = useState<{ rows: Row[]; summary: BulkSummary } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const fileRef = useRef<HTMLInputElement>(null);

  function resetAll() {
    setText("");
    setPreview(null);
    setResult(null);
    setError(null);
    if (fileRef.current) fileRef.current.value = "";
  }
  function onOpenChange(next: boolean) {
    // Once the result shows, only the page refresh may still be pending: closing is safe.
    if (pending && !result) return;
    setOpen(next);
    if (!next) resetAll();
  }

  const lineCount = text.split(/\r?\n/).filter((l) => l.trim() && !l.trim().startsWith("#")).length;
  const common = { defaultRole: role, expiresInDays: Number(days) || 7 };

  function runPreview() {
    setError(null);
    start(async () => {
      const r = await action(orgId, { csv: text, dryRun: true, ...common });
      if (!r.ok) return setError(r.message);
      if (r.data.dryRun) setPreview(r.data);
    });
  }

  function commit() {
    if (!preview) return;
    const willInvite = preview.rows.filter((r) => r.status === "will-invite");
    setError(null);
    start(async () => {
      const r = await action(orgId, { rows: willInvite.map((w) => ({ email: w.email, role: w.role ?? undefined })), ...common });
      if (!r.ok) return setError(r.message);
      if (r.data.dryRun) return;
      // Report against the original row numbers: the commit only carried the will-invite rows.
      const committed = r.data.rows;
      const rows: Row[] = preview.rows.map((p) => {
        const i = willInvite.indexOf(p);
        const c = i >= 0 ? committed[i] : undefined;
        return c ? { ...c, row: p.row } : p;
      });
      setResult({ rows, summary: { ...r.data.summary, total: preview.summary.total, invalid: preview.summary.invalid } });
      setPreview(null);
      router.refresh();
    });
  }

  async function onFile(file: File | undefined) {
    if (!file) return;
    if (file.size > 200_000) return setError("That file is too large: a bulk invitation takes at most 50 rows.");
    setText(await file.text());
    setPreview(null);
  }

  const willInvite = preview?.summary["will-invite"] ?? 0;

  return (
    <DialogRoot open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="secondary"><UsersIcon /> Bulk invite</Button>
      </DialogTrigger>
      <DialogContent size="lg" title="Bulk invite" description={`Paste addresses or load a CSV file, up to ${MAX_BULK_INVITATIONS} at a time. Check the preview before anything is sent.`} hideClose={pending}>
        {result ? (
          <div className="space-y-4">
            <SummaryLine s={result.summary} done />
            <RowsTable rows={result.rows} />
            <DialogFooter>
              <Button variant="secondary" onClick={resetAll}>Invite more</Button>
              <Button onClick={() => onOpenChange(false)}>Done</Button>
            </DialogFooter>
          </div>
        ) : preview ? (
          <div className="space-y-4">
            <SummaryLine s={preview.summary} done={false} />
            <RowsTable rows={preview.rows} />
            {preview.summary.invalid > 0 ? <p className="text-sm text-amber-700">Invalid rows are left out. Go back to fix them and preview again to include them.</p> : null}
            <FormError message={error} />
            <DialogFooter>
              <Button variant="secondary" onClick={() => setPreview(null)} disabled={pending}>Back</Button>
              <Button onClick={commit} loading={pending} disabled={willInvite === 0}>
                {willInvite === 0 ? "Nothing to invite" : `Invite ${willInvite} ${willInvite === 1 ? "person" : "people"}`}
              </Button>
            </DialogFooter>
          </div>
        ) : (
          <form className="space-y-4" onSubmit={(e) => { e.preventDefault(); runPreview(); }} noValidate>
            <TextareaField
              label="Addresses"
              rows={8}
              value={text}
              onChange={(e) => { setText(e.target.value); setPreview(null); }}
              placeholder={EXAMPLE.split("\n").slice(0, 2).join("\n")}
              hint={<>One per line: <code>email</code> or <code>email,role</code>. A CSV with an <code>email</code> (and optional <code>role</code>) column works too. {lineCount ? `${lineCount} line${lineCount === 1 ? "" : "s"}.` : ""}</>}
              className="font-mono text-xs"
            />
            <div>
              <label className="mb-1.5 block text-sm font-medium text-slate-800" htmlFor="bulk-csv-file">Or load a CSV file</label>
              <Input id="bulk-csv-file" ref={fileRef} type="file" accept=".csv,text/csv,text/plain" onChange={(e) => onFile(e.target.files?.[0])} className="py-1.5" />
            </div>
            <div className="grid gap-4 sm:grid-cols-2">
              <RoleSelectField label="Role for rows without one" roles={roles} value={role} onChange={(e) => setRole(e.target.value)} />
              <SelectField label="Links expire after" value={days} onChange={(e) => setDays(e.target.value)}>
                {[1, 3, 7, 14, 30].map((d) => <option key={d} value={d}>{d} {d === 1 ? "day" : "days"}</option>)}
              </SelectField>
            </div>
            <FormError message={error} />
            <DialogFooter>
              <Button variant="secondary" onClick={() => onOpenChange(false)} disabled={pending}>Cancel</Button>
              <Button type="submit" loading={pending} disabled={lineCount === 0}>Preview</Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </DialogRoot>
  );
}
