import { requirePrincipal } from "@/lib/auth/require";
import { listSessions } from "@/lib/auth/sessions";
import { Card, CardHeader } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { RevokeOthersButton, RevokeSessionButton } from "./session-actions";

export const metadata = { title: "Sessions" };

const fmt = (iso: string) =>
  new Date(iso).toLocaleString("en-US", { month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZone: "UTC" }) + " UTC";

// Rendered per request on the server, so "now" is the request time.
function ago(iso: string) {
  const now = Date.now();
  const s = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (s < 90) return "Just now";
  const m = Math.round(s / 60);
  if (m < 60) return `${m} minutes ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} ${h === 1 ? "hour" : "hours"} ago`;
  return fmt(iso);
}

export default async function SessionsPage() {
  const principal = await requirePrincipal();
  // This device first, then the most recently used.
  const sessions = (await listSessions(principal)).sort((a, b) => Number(b.isCurrent) - Number(a.isCurrent));
  const others = sessions.filter((s) => !s.isCurrent).length;
  return (
    <Card>
      <CardHeader
        title="Where you're signed in"
        description="Revoke a session you don't recognise; it is signed out on its next request."
        actions={<RevokeOthersButton count={others} />}
      />
      <div className="overflow-x-auto">
        <table className="min-w-full text-left text-sm">
          <caption className="sr-only">Your active sessions</caption>
          <thead className="border-b border-slate-200 bg-slate-50/70">
            <tr className="text-xs font-medium tracking-wide text-slate-500 uppercase">
              <th scope="col" className="px-5 py-2.5">Device</th>
              <th scope="col" className="px-5 py-2.5 whitespace-nowrap">IP address</th>
              <th scope="col" className="hidden px-5 py-2.5 whitespace-nowrap sm:table-cell">Signed in</th>
              <th scope="col" className="px-5 py-2.5 whitespace-nowrap">Last seen</th>
              <th scope="col" className="px-5 py-2.5"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {sessions.map((s) => (
              <tr key={s.id} className="align-top">
                <td className="px-5 py-3">
                  <div className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
                    {s.device}
                    {s.isCurrent ? <Badge tone="green" dot>This device</Badge> : null}
                    {s.mfaVerified ? <Badge tone="indigo">2FA</Badge> : null}
                  </div>
                  <p className="mt-0.5 max-w-[16rem] truncate text-xs text-slate-500" title={s.userAgent ?? undefined}>{s.userAgent ?? "No user agent"}</p>
                </td>
                <td className="px-5 py-3 font-mono text-xs text-slate-700">{s.ip ?? "—"}</td>
                <td className="hidden px-5 py-3 whitespace-nowrap text-slate-600 sm:table-cell">{fmt(s.createdAt)}</td>
                <td className="px-5 py-3 whitespace-nowrap text-slate-600">{ago(s.lastSeenAt)}</td>
                <td className="px-5 py-3 text-right">
                  <RevokeSessionButton id={s.id} device={s.device} isCurrent={s.isCurrent} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
