import { requireOrgMember } from "@/lib/auth/require";
import { can } from "@/lib/auth/permissions";
import * as domains from "@/lib/domains/service";
import * as members from "@/lib/members/service";
import { Alert } from "@/components/ui/alert";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ShieldIcon } from "@/components/ui/icons";
import type { RoleOption } from "@/components/members/types";
import { AddDomainDialog } from "@/components/domains/add-domain-dialog";
import { DomainCard } from "@/components/domains/domain-card";
import { addDomainAction, confirmDomainAction, removeDomainAction, startDomainVerificationAction, updateDomainAction } from "./actions";

export const metadata = { title: "Domains" };

export default async function DomainsPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const ctx = await requireOrgMember(orgId);
  if (!can(ctx, "domain:read")) {
    return <Alert tone="info" title="No access to domains">Your role ({ctx.role}) cannot see this organization&apos;s domains.</Alert>;
  }
  const canManage = can(ctx, "domain:manage");
  const [list, grantable] = await Promise.all([
    domains.list(ctx, { page: 1, limit: 200 }),
    canManage ? members.grantableRoles(ctx) : Promise.resolve([]),
  ]);
  // Auto-join never grants owner (lib/domains/service.ts).
  const roles: RoleOption[] = grantable.filter((r) => r.name !== "owner").map((r) => ({ name: r.name, description: r.description, source: r.source }));
  const actions = { add: addDomainAction, remove: removeDomainAction, confirm: confirmDomainAction, start: startDomainVerificationAction, update: updateDomainAction };
  const add = canManage ? <AddDomainDialog orgId={ctx.orgId} action={addDomainAction} /> : null;

  return (
    <div className="space-y-4">
      <Card>
        <CardHeader
          title="Domains"
          description="Prove you own your email domains with a DNS TXT record. Verified domains can route sign-ins and let new colleagues join automatically. A domain can be verified by only one organization."
          actions={list.data.length ? add : null}
        />
        {list.data.length === 0 ? (
          <EmptyState icon={<ShieldIcon />} title="No domains yet" text={canManage ? "Add your company's email domain, such as acme.com, to get the TXT record to publish." : "An owner or admin of this organization can add domains."} action={add} />
        ) : null}
      </Card>
      {list.data.map((d) => (
        <DomainCard key={d.id} orgId={ctx.orgId} domain={d} canManage={canManage} roles={roles} actions={actions} />
      ))}
    </div>
  );
}
