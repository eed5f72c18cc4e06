import { TabsNav, type TabItem } from "@/components/ui/tabs-nav";

// Governance → User Provisioning sub-navigation. One list so every provisioning page (and future ones)
// shows the same tabs: add an entry here for a new sub-page.
export function provisioningTabs(orgId: string): TabItem[] {
  const base = `/orgs/${orgId}/provisioning`;
  return [
    { href: `${base}/directory`, label: "Directory" },
    { href: `${base}/scim`, label: "SCIM" },
    { href: `${base}/history`, label: "Sync history" },
  ];
}

export function ProvisioningTabs({ orgId }: { orgId: string }) {
  return (
    <div className="border-b border-slate-200">
      <TabsNav label="User provisioning sections" tabs={provisioningTabs(orgId)} />
    </div>
  );
}
