import type { ReactNode } from "react";
import { cn } from "./cn";
import { AlertTriangleIcon, InfoIcon } from "./icons";

export type AlertTone = "info" | "warning" | "danger" | "success";

const TONES: Record<AlertTone, string> = {
  info: "bg-indigo-50 text-indigo-800 ring-indigo-200",
  warning: "bg-amber-50 text-amber-900 ring-amber-200",
  danger: "bg-red-50 text-red-800 ring-red-200",
  success: "bg-green-50 text-green-800 ring-green-200",
};

/** An inline banner (e.g. "This organization is inactive"). */
export function Alert({ tone = "info", title, children, action, className }: { tone?: AlertTone; title?: ReactNode; children?: ReactNode; action?: ReactNode; className?: string }) {
  const Icon = tone === "info" || tone === "success" ? InfoIcon : AlertTriangleIcon;
  return (
    <div role={tone === "danger" ? "alert" : "status"} className={cn("flex items-start gap-3 rounded-lg px-4 py-3 text-sm ring-1 ring-inset", TONES[tone], className)}>
      <Icon className="mt-0.5 size-4 shrink-0" />
      <div className="min-w-0 flex-1">
        {title ? <p className="font-medium">{title}</p> : null}
        {children ? <div className={cn(title && "mt-0.5", "opacity-90")}>{children}</div> : null}
      </div>
      {action ? <div className="shrink-0">{action}</div> : null}
    </div>
  );
}
