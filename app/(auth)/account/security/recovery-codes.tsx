"use client";

import { CopyButton } from "@/components/ui/copy-button";
import { Alert } from "@/components/ui/alert";

/** New recovery codes, shown once. */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  const text = codes.join("\n");
  return (
    <div className="space-y-4">
      <Alert tone="warning" title="Save your recovery codes now">
        Each code signs you in once if you lose your authenticator. They will not be shown again.
      </Alert>
      <div className="rounded-lg bg-slate-50 p-4 ring-1 ring-inset ring-slate-200">
        <ul aria-label="Recovery codes" className="grid grid-cols-2 gap-x-8 gap-y-1.5 font-mono text-sm text-slate-900">
          {codes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
        <div className="mt-4 flex items-center gap-2 text-sm text-slate-600">
          <CopyButton value={text} label="Copy recovery codes" showLabel />
          <a
            className="font-medium text-indigo-600 hover:text-indigo-500"
            download="gatehouse-recovery-codes.txt"
            href={`data:text/plain;charset=utf-8,${encodeURIComponent(text + "\n")}`}
          >
            Download
          </a>
        </div>
      </div>
    </div>
  );
}
