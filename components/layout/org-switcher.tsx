"use client";

import { usePathname, useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";
import { Menu, MenuButton, MenuLabel, MenuLink, MenuSeparator } from "@/components/ui/menu";
import { Spinner } from "@/components/ui/button";
import { BuildingIcon, CheckIcon, ChevronDownIcon, StarIcon } from "@/components/ui/icons";
import { cn } from "@/components/ui/cn";
import { useCurrentOrg } from "./current-org";

export type SwitcherOrg = { id: string; name: string; isProvider: boolean; isActive: boolean; role: string | null };

const ORG_PATH = /^\/orgs\/([0-9a-f-]{36})(?:\/|$)/i;

/**
 * The header's organization switcher: the user's organizations (provider first, starred). Choosing
 * one records it as the session's active organization (POST /api/v1/organizations/switch) and opens it.
 */
export function OrgSwitcher({ orgs, activeOrgId, canSeeAll }: { orgs: SwitcherOrg[]; activeOrgId: string | null; canSeeAll: boolean }) {
  const router = useRouter();
  const pathname = usePathname();
  const [filter, setFilter] = useState("");
  const [pendingId, setPendingId] = useState<string | null>(null);
  const [, startTransition] = useTransition();
  const viewed = useCurrentOrg();
  const currentId = ORG_PATH.exec(pathname)?.[1] ?? activeOrgId;
  const current = orgs.find((o) => o.id === currentId) ?? (viewed?.id === currentId ? viewed : null);
  const shown = useMemo(() => {
    const q = filter.trim().toLowerCase();
    return q ? orgs.filter((o) => o.name.toLowerCase().includes(q)) : orgs;
  }, [orgs, filter]);

  function choose(id: string) {
    setPendingId(id);
    startTransition(async () => {
      try {
        await fetch("/api/v1/organizations/switch", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ orgId: id }),
        });
      } catch {
        // The active organization is a convenience for "/" and the API; opening the page still works.
      }
      router.push(`/orgs/${id}`);
      setPendingId(null);
    });
  }

  return (
    <Menu
      align="start"
      buttonLabel={`Organization: ${current?.name ?? "none selected"}. Switch organization`}
      buttonClassName="flex max-w-64 items-center gap-2 rounded-md px-2 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
      button={
        <>
          {current?.isProvider ? <StarIcon className="size-3.5 shrink-0 text-amber-500" /> : <BuildingIcon className="size-4 shrink-0 text-slate-400" />}
          <span className="truncate">{current?.name ?? "Select organization"}</span>
          {pendingId ? <Spinner className="size-3.5 text-slate-400" /> : <ChevronDownIcon className="size-3.5 shrink-0 text-slate-400" />}
        </>
      }
    >
      {orgs.length > 7 ? (
        <div className="px-2 pt-1 pb-2">
          <input
            type="search"
            aria-label="Filter organizations"
            placeholder="Filter…"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            className="block h-8 w-full rounded-md border-0 px-2.5 text-sm ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600 focus:outline-none"
          />
        </div>
      ) : null}
      <MenuLabel>Your organizations</MenuLabel>
      <div className="max-h-72 overflow-y-auto">
        {shown.length === 0 ? (
          <p className="px-3 py-2 text-sm text-slate-500">{orgs.length === 0 ? "You are not a member of any organization yet." : "No match."}</p>
        ) : (
          shown.map((o) => (
            <MenuButton key={o.id} onClick={() => choose(o.id)} aria-current={o.id === currentId ? "true" : undefined}>
              <span className="flex size-4 shrink-0 items-center justify-center">
                {o.isProvider ? <StarIcon className="size-3.5 text-amber-500" title="Provider organization" /> : null}
              </span>
              <span className={cn("min-w-0 flex-1 truncate", !o.isActive && "text-slate-400")}>{o.name}</span>
              {!o.isActive ? <span className="text-xs text-slate-400">Inactive</span> : o.role ? <span className="text-xs text-slate-400 capitalize">{o.role}</span> : null}
              {o.id === currentId ? <CheckIcon className="size-4 shrink-0 text-indigo-600" /> : <span className="size-4 shrink-0" />}
            </MenuButton>
          ))
        )}
      </div>
      <MenuSeparator />
      <MenuLink href="/orgs" className="text-indigo-700">
        {canSeeAll ? "All organizations" : "Organization list"}
      </MenuLink>
    </Menu>
  );
}
