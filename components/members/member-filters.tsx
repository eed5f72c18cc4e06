"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTransition } from "react";
import { withParams } from "@/components/ui/pagination-utils";
import { Select } from "@/components/ui/form-field";
import { roleLabel } from "./role-badge";

/** A select bound to one URL parameter; "" removes it. Resets to page 1. */
export function UrlSelect({ param, value, label, options }: { param: string; value: string; label: string; options: { value: string; label: string }[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, start] = useTransition();
  // The control is full-width by design: the wrapper sets its size.
  return (
    <div className="w-44">
      <Select
        aria-label={label}
        value={value}
        disabled={pending}
        className="h-9 py-1.5"
        onChange={(e) => start(() => router.replace(withParams(pathname, params, { [param]: e.target.value || null, page: null }), { scroll: false }))}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>{o.label}</option>
        ))}
      </Select>
    </div>
  );
}

export function MemberFilters({ role, status, roles }: { role: string; status: string; roles: string[] }) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <UrlSelect param="role" value={role} label="Filter by role" options={[{ value: "", label: "All roles" }, ...roles.map((r) => ({ value: r, label: roleLabel(r) }))]} />
      <UrlSelect
        param="status"
        value={status === "all" ? "" : status}
        label="Filter by status"
        options={[{ value: "", label: "Any status" }, { value: "active", label: "Active" }, { value: "suspended", label: "Suspended" }]}
      />
    </div>
  );
}
