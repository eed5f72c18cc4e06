"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { cn } from "./cn";

export type TabItem = {
  href: string;
  label: ReactNode;
  /** Active only on this exact path (an overview tab whose href prefixes the others). */
  exact?: boolean;
  icon?: ReactNode;
};

export function isTabActive(pathname: string, tab: Pick<TabItem, "href" | "exact">): boolean {
  const path = pathname.replace(/\/+$/, "") || "/";
  const href = tab.href.replace(/\/+$/, "") || "/";
  return tab.exact ? path === href : path === href || path.startsWith(`${href}/`);
}

/** Link-based tabs: each tab is a page; the active one follows the URL. */
export function TabsNav({ tabs, label, className }: { tabs: TabItem[]; label: string; className?: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label={label} className={cn("-mb-px flex gap-1 overflow-x-auto", className)}>
      {tabs.map((t) => {
        const active = isTabActive(pathname, t);
        return (
          <Link
            key={t.href}
            href={t.href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "inline-flex shrink-0 items-center gap-2 border-b-2 px-3 py-2.5 text-sm font-medium whitespace-nowrap transition-colors",
              active ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-500 hover:border-slate-300 hover:text-slate-800",
            )}
          >
            {t.icon}
            {t.label}
          </Link>
        );
      })}
    </nav>
  );
}
