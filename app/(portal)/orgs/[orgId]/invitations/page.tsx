import Link from "next/link";
import { requireOrgMember } from "@/lib/auth/require";
import { can } from "@/lib/auth/permissions";
import * as invitations from "@/lib/invitations/service";
import * as members from "@/lib/members/service";
import * as organizations from "@/lib/organizations/service";
import { listInvitationsQuerySchema } from "@/lib/invitations/schemas";
import { Card } from "@/components/ui/card";
import { Pagination, SearchInput } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { Alert } from "@/components/ui/alert";
import { SearchIcon, UsersIcon } from "@/components/ui/icons";
import { buttonClasses } from "@/components/ui/button";
import { UrlSelect } from "@/components/members/member-filters";
import type { RoleOption } from "@/components/members/types";
import { InvitationsPanel } from "@/components/invitations/invitations-panel";
import { bulkInvitationsAction, createInvitationAction, resendInvitationAction, revokeInvitationAction } from "./actions";

export const metadata = { title: "Invitations" };

const PAGE_SIZE = 25;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const STATUS_OPTIONS = [
  { value: "", label: "Any status" },
  { value: "pending", label: "Pending" },
  { value: "accepted", label: "Accepted" },
  { value: "expired", label: "Expired" },
  { value: "revoked", label: "Revoked" },
];

export default async function InvitationsPage({ params, searchParams }: { params: Promise<{ orgId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { orgId } = await params;
  const ctx = await requireOrgMember(orgId);
  if (!can(ctx, "invitation:read")) {
    return <Alert tone="info" title="No access to invitations">Your role ({ctx.role}) cannot see this organization&apos;s invitations.</Alert>;
  }
  const sp = await searchParams;
  // A hand-edited URL falls back to the defaults rather than erroring.
  const parsed = listInvitationsQuerySchema.safeParse({ page: one(sp.page), limit: PAGE_SIZE, search: one(sp.search) || undefined, status: one(sp.status) || undefined });
  const query = parsed.success ? parsed.data : listInvitationsQuerySchema.parse({ limit: PAGE_SIZE });

  const canCreate = can(ctx, "invitation:create");
  const canRevoke = can(ctx, "invitation:revoke");
  const [page, grantable, org] = await Promise.all([
    invitations.list(ctx, query),
    canCreate ? members.grantableRoles(ctx) : Promise.resolve([]),
    organizations.get(ctx),
  ]);
  const roles: RoleOption[] = grantable.map((r) => ({ name: r.name, description: r.description, source: r.source }));
  const filtered = !!query.search || query.status !== "all";

  const empty = filtered ? (
    <EmptyState
      icon={<SearchIcon />}
      title={query.search ? `No invitations match “${query.search}”` : "No invitations match this filter"}
      text={query.page > 1 ? "This page is past the end of the results." : "Try another address, or clear the filters."}
      action={<Link href={`/orgs/${ctx.orgId}/invitations`} className={buttonClasses("secondary")}>Clear filters</Link>}
    />
  ) : (
    <EmptyState
      icon={<UsersIcon />}
      title="No invitations yet"
      text={canCreate ? "Invite people by email, one at a time or up to 50 at once. They join when they accept the emailed link." : "An owner or admin of this organization can invite people."}
    />
  );

  return (
    <Card>
      <InvitationsPanel
        orgId={ctx.orgId}
        title="Invitations"
        description={`${page.pagination.total} ${filtered ? "matching" : "in total"}. Links are single-use and expire; resending replaces the link.`}
        data={page.data}
        roles={roles}
        defaultRole={org.defaultRole}
        canCreate={canCreate}
        canRevoke={canRevoke}
        actions={{ create: createInvitationAction, bulk: bulkInvitationsAction, resend: resendInvitationAction, revoke: revokeInvitationAction }}
        filters={
          <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-100 px-5 py-3">
            <SearchInput label="Search invitations" placeholder="Search by email" />
            <UrlSelect param="status" value={query.status === "all" ? "" : query.status} label="Filter by status" options={STATUS_OPTIONS} />
          </div>
        }
        empty={empty}
        footer={<Pagination page={page.pagination.page} totalPages={page.pagination.totalPages} total={page.pagination.total} limit={page.pagination.limit} />}
      />
    </Card>
  );
}
