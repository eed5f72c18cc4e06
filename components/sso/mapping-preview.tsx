import type { MappingPreview } from "@/lib/sso/service";
import { Badge } from "@/components/ui/badge";

const list = (xs: string[]) => xs.join(", ");

/** Members whose next sign-in would change under the proposed mappings (issue #4 "Mapping preview"). */
export function MappingPreviewTable({ preview }: { preview: MappingPreview }) {
  if (preview.evaluated === 0) {
    return <p className="text-sm text-slate-500">No one has signed in through SSO yet: nothing to compare.</p>;
  }
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-600" role="status">
        {preview.changes.length === 0
          ? `No changes for the ${preview.evaluated} member${preview.evaluated === 1 ? "" : "s"} who sign in through SSO.`
          : `${preview.changes.length} of ${preview.evaluated} SSO member${preview.evaluated === 1 ? "" : "s"} would change at their next sign-in.`}
      </p>
      {preview.changes.length ? (
        <div className="overflow-x-auto rounded-lg ring-1 ring-slate-200">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <thead className="bg-slate-50 text-left text-xs font-medium text-slate-500">
              <tr><th className="px-3 py-2">Member</th><th className="px-3 py-2">Role</th><th className="px-3 py-2">Teams</th><th className="px-3 py-2">Business units</th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100 bg-white">
              {preview.changes.map((c) => (
                <tr key={c.memberId}>
                  <td className="px-3 py-2 font-medium text-slate-800">{c.email}</td>
                  <td className="px-3 py-2">
                    {c.role ? (
                      <span>{c.role.before ?? "no access"} → {c.role.after === null ? <Badge tone="red">no access</Badge> : <strong>{c.role.after}</strong>}</span>
                    ) : <span className="text-slate-400">unchanged</span>}
                  </td>
                  <td className="px-3 py-2">
                    {c.teams.gained.length ? <span className="text-green-700">+ {list(c.teams.gained)} </span> : null}
                    {c.teams.lost.length ? <span className="text-red-700">− {list(c.teams.lost)}</span> : null}
                    {!c.teams.gained.length && !c.teams.lost.length ? <span className="text-slate-400">unchanged</span> : null}
                  </td>
                  <td className="px-3 py-2">
                    {c.businessUnits.gained.length ? <span className="text-green-700">+ {list(c.businessUnits.gained)} </span> : null}
                    {c.businessUnits.lost.length ? <span className="text-red-700">− {list(c.businessUnits.lost)}</span> : null}
                    {!c.businessUnits.gained.length && !c.businessUnits.lost.length ? <span className="text-slate-400">unchanged</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {preview.skipped.length ? <p className="text-xs text-slate-500">Not evaluated (no claims recorded yet): {preview.skipped.map((s) => s.email).join(", ")}</p> : null}
    </div>
  );
}
