import { requireOrgMember } from "@/lib/auth/require";
import { can } from "@/lib/auth/permissions";
import * as organizations from "@/lib/organizations/service";
import * as roles from "@/lib/roles/service";
import { Card, CardBody, CardHeader, DescriptionList } from "@/components/ui/card";
import { StatusBadge } from "@/components/ui/badge";
import { Alert } from "@/components/ui/alert";
import { EditOrganizationDialog } from "@/components/organizations/edit-organization-dialog";
import { OrganizationStatusControl } from "@/components/organizations/organization-status-control";
import { DeleteOrganizationDialog } from "@/components/organizations/delete-organization-dialog";
import { formatDateTime, roleLabel } from "@/components/organizations/format";
import { deleteOrganizationAction, setOrganizationActiveAction, updateOrganizationAction } from "./actions";

export const metadata = { title: "Settings" };

export default async function OrganizationSettingsPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const ctx = await requireOrgMember(orgId);
  const org = await organizations.get(ctx);
  const canEdit = can(ctx, "org:update");
  // Mirrors lib/organizations/service.ts: only a provider administrator (acting through the provider) toggles status.
  const canToggle = ctx.isProviderAdmin && !org.isProvider;
  const canDelete = (can(ctx, "org:delete") || ctx.isProviderAdmin) && !org.isProvider;
  // Owners are not offered as a default: a new member should never start as an owner.
  const roleOptions = canEdit ? (await roles.listEffective(ctx)).data.filter((r) => r.name !== "owner").map((r) => ({ name: r.name, description: r.description })) : [];

  return (
    <div className="space-y-6">
      {!canEdit ? (
        <Alert tone="info" title="Read-only">
          Your role ({roleLabel(ctx.role)}) can view these settings; an owner or admin can change them.
        </Alert>
      ) : null}

      <Card>
        <CardHeader
          title="General"
          description="How the organization is named and found."
          actions={canEdit ? <EditOrganizationDialog org={org} roles={roleOptions} action={updateOrganizationAction} /> : null}
        />
        <DescriptionList
          items={[
            { term: "Name", value: org.name },
            { term: "Slug", value: <span className="font-mono text-xs">{org.slug}</span> },
            { term: "Email domain", value: org.domain ?? <span className="text-slate-400">Not set</span> },
            { term: "Default role for new members", value: roleLabel(org.defaultRole) },
          ]}
        />
      </Card>

      <Card>
        <CardHeader title="Status" />
        <CardBody className="flex flex-wrap items-center justify-between gap-4">
          <div className="space-y-1 text-sm">
            <div className="flex items-center gap-2">
              <span className="text-slate-600">This organization is</span>
              <StatusBadge active={org.isActive} />
            </div>
            <p className="text-slate-500">
              {org.isProvider
                ? "The provider organization is always active and cannot be deleted."
                : org.isActive
                  ? "Deactivating keeps all data but stops its members from acting and refuses its API keys."
                  : `Deactivated ${org.deactivatedAt ? formatDateTime(org.deactivatedAt) : ""}. Members cannot act and API keys are refused until it is reactivated.`}
            </p>
            {!org.isProvider && !canToggle ? <p className="text-slate-500">Only provider administrators can change the status.</p> : null}
          </div>
          {canToggle ? <OrganizationStatusControl org={org} action={setOrganizationActiveAction} /> : null}
        </CardBody>
      </Card>

      {canDelete ? (
        <Card className="ring-red-200">
          <CardHeader title={<span className="text-red-700">Danger zone</span>} />
          <CardBody className="flex flex-wrap items-center justify-between gap-4">
            <div className="text-sm">
              <p className="font-medium text-slate-900">Delete this organization</p>
              <p className="text-slate-500">Removes its members, roles, configs, connections and API keys. The audit log is kept.</p>
            </div>
            <DeleteOrganizationDialog org={org} action={deleteOrganizationAction} />
          </CardBody>
        </Card>
      ) : null}
    </div>
  );
}
