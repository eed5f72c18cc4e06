"use client";

import { Menu, MenuButton, MenuLabel, MenuLink, MenuSeparator } from "@/components/ui/menu";
import { LogOutIcon, UserIcon } from "@/components/ui/icons";

function initials(name: string | null, email: string) {
  const src = name?.trim() || email;
  const parts = src.split(/[\s@.]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "?") + (name && parts[1] ? parts[1][0] : "")).toUpperCase();
}

/**
 * Avatar menu: who is signed in, the account page, sign out (a server action from the auth layer).
 * On small screens it also carries the main navigation, which the header hides there.
 */
export function UserMenu({ name, email, providerRole, signOutAction, links = [] }: {
  name: string | null; email: string; providerRole: string | null; signOutAction: () => Promise<void>; links?: { href: string; label: string }[];
}) {
  return (
    <Menu
      buttonLabel="Account menu"
      buttonClassName="flex items-center gap-2 rounded-full p-0.5 pr-2 text-sm text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
      button={
        <>
          <span className="flex size-7 items-center justify-center rounded-full bg-indigo-100 text-xs font-semibold text-indigo-700">{initials(name, email)}</span>
          <span className="hidden max-w-40 truncate lg:inline">{name ?? email}</span>
        </>
      }
    >
      <MenuLabel className="pb-2">
        <span className="block truncate text-sm font-medium text-slate-900">{name ?? email}</span>
        {name ? <span className="block truncate font-normal">{email}</span> : null}
        {providerRole ? <span className="mt-1 block font-normal text-amber-700">Provider {providerRole}</span> : null}
      </MenuLabel>
      <MenuSeparator />
      {links.length ? (
        <div className="md:hidden">
          {links.map((l) => (
            <MenuLink key={l.href} href={l.href}>{l.label}</MenuLink>
          ))}
          <MenuSeparator />
        </div>
      ) : null}
      <MenuLink href="/account">
        <UserIcon className="size-4 text-slate-400" /> Account
      </MenuLink>
      <form action={signOutAction}>
        <MenuButton type="submit">
          <LogOutIcon className="size-4 text-slate-400" /> Sign out
        </MenuButton>
      </form>
    </Menu>
  );
}
