import { requireOrgMember } from "@/lib/auth/require";
import { can } from "@/lib/auth/permissions";
import * as provisioning from "@/lib/provisioning/service";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/card";
import { DirectorySettingsForm } from "@/components/provisioning/directory-settings-form";
import { ProvisioningVerifyPanel } from "@/components/provisioning/verify-panel";
import { DirectorySyncPanel } from "@/components/directory-sync/panel";
import { saveProvisioningAction, verifyProvisioningAction } from "./actions";

export const metadata = { title: "Directory sync" };

// Governance → User Provisioning → Directory (issue #6): the connection settings and Verify (this file's
// components/provisioning/*), then the sync controls (components/directory-sync/*).
export default async function DirectoryPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const ctx = await requireOrgMember(orgId);
  if (!can(ctx, "provisioning:read")) {
    return <Alert tone="info" title="No access to user provisioning">Your role ({ctx.role}) cannot see this organization&apos;s directory sync.</Alert>;
  }
  const canManage = can(ctx, "provisioning:manage");
  const [dto, ruleCount] = await Promise.all([provisioning.getProvisioning(ctx), provisioning.sharedMappingRuleCount(ctx)]);

  return (
    <div className="space-y-6">
      <PageHeader
        title="Directory sync"
        description="Import people from your directory (Okta, Entra ID, Keycloak, ZITADEL, Google Workspace or SailPoint) and keep their access in step with it: leavers lose access at the next reconciliation or session check."
      />
      <DirectorySettingsForm orgId={ctx.orgId} dto={dto} canManage={canManage} mappingRuleCount={ruleCount} save={saveProvisioningAction.bind(null, ctx.orgId)} />
      {dto ? <ProvisioningVerifyPanel last={dto.lastVerify} canManage={canManage} verify={verifyProvisioningAction.bind(null, ctx.orgId, {})} /> : null}
      {/* Directory sync controls (preview, import, team sync, reconcile): owned by the directory-sync UI. */}
      <DirectorySyncPanel orgId={ctx.orgId} />
    </div>
  );
}
