import { ProvisioningTabs } from "@/components/provisioning/tabs";

// Governance → User Provisioning: Directory, SCIM and Sync history share one sub-navigation.
export default async function ProvisioningLayout({ children, params }: { children: React.ReactNode; params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  return (
    <div className="space-y-6">
      <ProvisioningTabs orgId={orgId} />
      {children}
    </div>
  );
}
