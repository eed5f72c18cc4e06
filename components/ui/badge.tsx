import type { ReactNode } from "react";
import { cn } from "./cn";

export type BadgeTone = "green" | "slate" | "amber" | "red" | "indigo";

const TONES: Record<BadgeTone, { box: string; dot: string }> = {
  green: { box: "bg-green-50 text-green-700 ring-green-600/20", dot: "bg-green-500" },
  slate: { box: "bg-slate-100 text-slate-600 ring-slate-500/20", dot: "bg-slate-400" },
  amber: { box: "bg-amber-50 text-amber-800 ring-amber-600/20", dot: "bg-amber-500" },
  red: { box: "bg-red-50 text-red-700 ring-red-600/20", dot: "bg-red-500" },
  indigo: { box: "bg-indigo-50 text-indigo-700 ring-indigo-600/20", dot: "bg-indigo-500" },
};

/** Status pill. Tones: green = active, slate = muted/inactive, amber = warning, red = danger, indigo = info. */
export function Badge({ tone = "slate", dot = false, className, children }: { tone?: BadgeTone; dot?: boolean; className?: string; children: ReactNode }) {
  const t = TONES[tone];
  return (
    <span className={cn("inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset", t.box, className)}>
      {dot ? <span className={cn("size-1.5 rounded-full", t.dot)} aria-hidden="true" /> : null}
      {children}
    </span>
  );
}

/** Active (green) / Inactive (muted slate). */
export function StatusBadge({ active, activeLabel = "Active", inactiveLabel = "Inactive" }: { active: boolean; activeLabel?: string; inactiveLabel?: string }) {
  return (
    <Badge tone={active ? "green" : "slate"} dot>
      {active ? activeLabel : inactiveLabel}
    </Badge>
  );
}
