"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { withParams } from "@/components/ui/pagination-utils";
import { cn } from "@/components/ui/cn";

const OPTIONS = [
  { value: "all", label: "All" },
  { value: "active", label: "Active" },
  { value: "inactive", label: "Inactive" },
] as const;

/** All / Active / Inactive as links on `?status=`, resetting the page. */
export function StatusFilter({ value }: { value: "all" | "active" | "inactive" }) {
  const pathname = usePathname();
  const params = useSearchParams();
  return (
    <nav aria-label="Filter by status" className="inline-flex rounded-md bg-slate-100 p-0.5">
      {OPTIONS.map((o) => (
        <Link
          key={o.value}
          href={withParams(pathname, params, { status: o.value === "all" ? null : o.value, page: null })}
          aria-current={value === o.value ? "true" : undefined}
          className={cn(
            "rounded px-3 py-1 text-sm font-medium transition-colors",
            value === o.value ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900",
          )}
        >
          {o.label}
        </Link>
      ))}
    </nav>
  );
}
