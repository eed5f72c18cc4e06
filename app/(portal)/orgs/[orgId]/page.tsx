import Link from "next/link";
import { requireOrgMember } from "@/lib/auth/require";
import { can, type Permission } from "@/lib/auth/permissions";
import * as organizations from "@/lib/organizations/service";
import { Card, CardHeader, DescriptionList } from "@/components/ui/card";
import { StatusBadge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { ArrowRightIcon, CogIcon, KeyIcon, ListIcon, ShieldIcon, SlidersIcon, UsersIcon } from "@/components/ui/icons";
import { formatDate, formatDateTime, roleLabel } from "@/components/organizations/format";

export const metadata = { title: "Overview" };

const SECTIONS: { path: string; title: string; text: string; icon: React.ReactNode; permission: Permission }[] = [
  { path: "members", title: "Members", text: "Invite people, change roles, transfer ownership.", icon: <UsersIcon />, permission: "member:read" },
  { path: "roles", title: "Roles", text: "Built-in, global and custom roles with their permissions.", icon: <ShieldIcon />, permission: "role:read" },
  { path: "configs", title: "Configs & connections", text: "Settings and OAuth connections, inherited from global or overridden here.", icon: <SlidersIcon />, permission: "config:read" },
  { path: "api-keys", title: "API keys", text: "Keys for the REST API and the gatehouse CLI.", icon: <KeyIcon />, permission: "apikey:read" },
  { path: "audit", title: "Audit log", text: "Every change, who made it and when; export as CSV or JSON Lines.", icon: <ListIcon />, permission: "audit:read" },
  { path: "settings", title: "Settings", text: "Name, slug, domain, default role, status.", icon: <CogIcon />, permission: "org:read" },
];

export default async function OrganizationOverviewPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const ctx = await requireOrgMember(orgId);
  const org = await organizations.get(ctx);
  const base = `/orgs/${org.id}`;
  const members = org.memberCount ?? 0;

  const stats = [
    { label: "Members", value: <Link href={`${base}/members`} className="hover:text-indigo-700">{members}</Link> },
    { label: "Status", value: <StatusBadge active={org.isActive} /> },
    { label: "Default role", value: roleLabel(org.defaultRole) },
    { label: "Created", value: formatDate(org.createdAt) },
  ];

  return (
    <div className="space-y-6">
      <dl className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        {stats.map((s) => (
          <Card key={s.label} className="px-5 py-4">
            <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">{s.label}</dt>
            <dd className="mt-1.5 text-xl font-semibold text-slate-900 tabular-nums">{s.value}</dd>
          </Card>
        ))}
      </dl>

      <div className="grid items-start gap-6 lg:grid-cols-5">
        <Card className="lg:col-span-3">
          <CardHeader title="Details" description={org.isProvider ? "The provider organization: its owners and admins manage every organization." : undefined} />
          <DescriptionList
            items={[
              { term: "Name", value: org.name },
              { term: "Slug", value: <span className="inline-flex items-center gap-1"><span className="font-mono text-xs">{org.slug}</span><CopyButton value={org.slug} label="Copy slug" /></span> },
              { term: "Organization ID", value: <span className="inline-flex items-center gap-1"><span className="truncate font-mono text-xs">{org.id}</span><CopyButton value={org.id} label="Copy organization ID" /></span> },
              { term: "Email domain", value: org.domain ?? <span className="text-slate-400">Not set</span> },
              { term: "Type", value: org.isProvider ? "Provider organization" : "Customer organization" },
              { term: "Last updated", value: formatDateTime(org.updatedAt) },
              ...(org.deactivatedAt ? [{ term: "Deactivated", value: formatDateTime(org.deactivatedAt) }] : []),
            ]}
          />
        </Card>

        <Card className="lg:col-span-2">
          <CardHeader title="Manage" />
          <ul className="divide-y divide-slate-100">
            {SECTIONS.filter((s) => can(ctx, s.permission)).map((s) => (
              <li key={s.path}>
                <Link href={`${base}/${s.path}`} className="group flex items-start gap-3 px-5 py-3 hover:bg-slate-50">
                  <span className="mt-0.5 text-slate-400 group-hover:text-indigo-600 [&>svg]:size-4">{s.icon}</span>
                  <span className="min-w-0 flex-1">
                    <span className="block text-sm font-medium text-slate-900">{s.title}</span>
                    <span className="block text-sm text-slate-500">{s.text}</span>
                  </span>
                  <ArrowRightIcon className="mt-1 size-4 text-slate-300 group-hover:text-indigo-600" />
                </Link>
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </div>
  );
}
