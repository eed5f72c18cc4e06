import { TabsNav, type TabItem } from "@/components/ui/tabs-nav";

export function orgTabs(orgId: string): TabItem[] {
  const base = `/orgs/${orgId}`;
  return [
    { href: base, label: "Overview", exact: true },
    { href: `${base}/members`, label: "Members" },
    { href: `${base}/roles`, label: "Roles" },
    { href: `${base}/invitations`, label: "Invitations" },
    { href: `${base}/domains`, label: "Domains" },
    { href: `${base}/sso`, label: "SSO" },
    { href: `${base}/provisioning`, label: "User provisioning" },
    { href: `${base}/configs`, label: "Configs & connections" },
    { href: `${base}/api-keys`, label: "API keys" },
    { href: `${base}/audit`, label: "Audit log" },
    { href: `${base}/settings`, label: "Settings" },
  ];
}

export function OrgTabs({ orgId }: { orgId: string }) {
  return <TabsNav label="Organization sections" tabs={orgTabs(orgId)} />;
}
