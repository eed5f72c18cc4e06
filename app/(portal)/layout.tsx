import { requirePrincipal } from "@/lib/auth/require";
import { getMe } from "@/lib/users/service";
import { Wordmark } from "@/components/layout/wordmark";
import { MainNav, type NavLink } from "@/components/layout/main-nav";
import { OrgSwitcher, type SwitcherOrg } from "@/components/layout/org-switcher";
import { UserMenu } from "@/components/layout/user-menu";
import { signOutAction } from "@/components/layout/sign-out-action";
import { CurrentOrgProvider } from "@/components/layout/current-org";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const principal = await requirePrincipal();
  const me = await getMe(principal);
  const isProviderAdmin = principal.providerRole !== null;
  const user = me.type === "user" ? me.user : null;
  const orgs: SwitcherOrg[] = me.memberships
    .map((m) => ({ id: m.orgId, name: m.orgName, isProvider: m.isProvider, isActive: m.isActive, role: m.role }))
    .sort((a, b) => Number(b.isProvider) - Number(a.isProvider) || a.name.localeCompare(b.name));
  const links: NavLink[] = [
    { href: "/orgs", label: "Organizations" },
    ...(isProviderAdmin ? [{ href: "/audit", label: "Audit" }, { href: "/global", label: "Global settings" }] : []),
  ];

  return (
    <CurrentOrgProvider>
      <div className="flex min-h-screen flex-col">
        <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/95 backdrop-blur">
          <div className="mx-auto flex h-14 max-w-7xl items-center gap-3 px-4 sm:px-6">
            <Wordmark />
            <span className="h-5 w-px bg-slate-200" aria-hidden="true" />
            <OrgSwitcher orgs={orgs} activeOrgId={me.activeOrgId} canSeeAll={isProviderAdmin} />
            <span className="hidden h-5 w-px bg-slate-200 md:block" aria-hidden="true" />
            <MainNav links={links} />
            <div className="flex-1" />
            <UserMenu name={user?.name ?? null} email={user?.email ?? ""} providerRole={principal.providerRole} signOutAction={signOutAction} links={links} />
          </div>
        </header>
        <main className="mx-auto w-full max-w-7xl flex-1 px-4 py-8 sm:px-6">{children}</main>
      </div>
    </CurrentOrgProvider>
  );
}
