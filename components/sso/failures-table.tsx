import type { SsoFailureDto } from "@/lib/sso/dto";
import type { Page } from "@/lib/http/pagination";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";

/** Failed SSO sign-ins of the last 7 days: reason, trace id (the one the person saw), claims, time. */
export function FailuresTable({ page }: { page: Page<SsoFailureDto> }) {
  const rows = page.data;
  return (
    <Card>
      <CardHeader title="Recent failures" description={`Failed sign-ins of the last 7 days (${page.pagination.total}). The trace id is the one shown to the person on the error page.`} />
      {rows.length === 0 ? <p className="px-5 py-4 text-sm text-slate-500">No failed sign-ins.</p> : (
        <div className="overflow-x-auto">
          <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label="Recent SSO failures">
            <thead className="bg-slate-50 text-left text-xs font-medium text-slate-500">
              <tr><th className="px-5 py-2">Time (UTC)</th><th className="px-3 py-2">Trace id</th><th className="px-3 py-2">Reason</th><th className="px-3 py-2">Email</th><th className="px-3 py-2">Claims received</th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((f) => (
                <tr key={f.id} className="align-top">
                  <td className="px-5 py-2 whitespace-nowrap text-slate-600"><time dateTime={f.createdAt}>{f.createdAt.replace("T", " ").slice(0, 19)}</time></td>
                  <td className="px-3 py-2 font-mono text-slate-900">{f.traceId}</td>
                  <td className="px-3 py-2">
                    <span className="font-medium text-slate-800">{f.reason}</span>{f.test ? <Badge tone="indigo" className="ml-1">test</Badge> : null}
                    {f.detail ? <p className="max-w-md text-xs text-slate-500">{f.detail}</p> : null}
                  </td>
                  <td className="px-3 py-2 text-slate-700">{f.email ?? "—"}</td>
                  <td className="px-3 py-2">
                    {f.claims ? (
                      <details>
                        <summary className="cursor-pointer text-xs font-medium text-indigo-600">Show</summary>
                        <pre className="mt-1 max-h-60 max-w-md overflow-auto rounded bg-slate-50 p-2 text-xs">{JSON.stringify(f.claims, null, 2)}</pre>
                      </details>
                    ) : <span className="text-xs text-slate-400">none</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
