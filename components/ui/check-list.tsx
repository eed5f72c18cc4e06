import { CheckIcon, XIcon } from "@/components/ui/icons";

export type CheckItem = { key: string; label: string; ok: boolean; detail?: string | null };

/** A Verify result: one row per check, passed or failed, with its reason. */
export function CheckList({ items }: { items: CheckItem[] }) {
  return (
    <ul className="divide-y divide-slate-100 rounded-lg ring-1 ring-slate-200" aria-label="Verification checks">
      {items.map((c) => (
        <li key={c.key} className="flex items-start gap-2 px-3 py-2 text-sm">
          {c.ok ? <CheckIcon className="mt-0.5 size-4 shrink-0 text-green-600" title="passed" /> : <XIcon className="mt-0.5 size-4 shrink-0 text-red-600" title="failed" />}
          <div className="min-w-0">
            <p className="font-medium text-slate-800">{c.label}</p>
            {c.detail ? <p className={`break-words ${c.ok ? "text-slate-500" : "text-red-700"}`}>{c.detail}</p> : null}
          </div>
        </li>
      ))}
    </ul>
  );
}
