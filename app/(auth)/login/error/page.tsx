import Link from "next/link";
import { ssoFailureForTrace } from "@/lib/sso/failure-page";
import { CopyButton } from "@/components/ui/copy-button";

export const metadata = { title: "Sign-in failed" };

// Where a failed SSO sign-in lands (issue #4 "Bad input"): a clear message and the trace id the
// organization's admins find on their SSO page. Auth.js's own errors arrive as ?trace=…&from=?error=Type.
export default async function SsoErrorPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const { traceId, message } = await ssoFailureForTrace(sp);
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <div className="w-full max-w-md rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">
        <h1 className="text-xl font-semibold tracking-tight text-slate-900">Sign-in failed</h1>
        <p role="alert" className="mt-3 text-sm text-slate-700">{message}</p>
        {traceId ? (
          <div className="mt-5 rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200">
            <p className="text-xs text-slate-500">If you contact your administrator, give them this trace id:</p>
            <div className="mt-1 flex items-center gap-2">
              <code className="font-mono text-base font-semibold tracking-wider text-slate-900" data-testid="trace-id">{traceId}</code>
              <CopyButton value={traceId} label="Copy trace id" />
            </div>
          </div>
        ) : null}
        <Link href="/login" className="mt-6 inline-block text-sm font-medium text-indigo-600 hover:text-indigo-500">
          Back to sign in
        </Link>
      </div>
    </main>
  );
}
