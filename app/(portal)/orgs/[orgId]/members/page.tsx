import Link from "next/link";
import { requireOrgMember } from "@/lib/auth/require";
import { can } from "@/lib/auth/permissions";
import * as members from "@/lib/members/service";
import * as roles from "@/lib/roles/service";
import * as organizations from "@/lib/organizations/service";
import { listMembersQuerySchema } from "@/lib/members/schemas";
import { mayModifyHolder } from "@/lib/roles/grants";
import { Card, CardHeader } from "@/components/ui/card";
import { Pagination, SearchInput } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { Alert } from "@/components/ui/alert";
import { SearchIcon, UsersIcon } from "@/components/ui/icons";
import { buttonClasses } from "@/components/ui/button";
import { AddMemberDialog } from "@/components/members/add-member-dialog";
import { MembersTable } from "@/components/members/members-table";
import { MemberFilters } from "@/components/members/member-filters";
import type { RowPermissions } from "@/components/members/member-row-actions";
import type { RoleOption } from "@/components/members/types";
import { addMemberAction, changeMemberRoleAction, removeMemberAction, transferOwnershipAction } from "./actions";

export const metadata = { title: "Members" };

const PAGE_SIZE = 25;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function MembersPage({ params, searchParams }: { params: Promise<{ orgId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { orgId } = await params;
  const ctx = await requireOrgMember(orgId);
  if (!can(ctx, "member:read")) {
    return <Alert tone="info" title="No access to members">Your role ({ctx.role}) cannot see this organization&apos;s members.</Alert>;
  }
  const sp = await searchParams;
  // A hand-edited URL falls back to the defaults rather than erroring.
  const parsed = listMembersQuerySchema.safeParse({ page: one(sp.page), limit: PAGE_SIZE, search: one(sp.search) || undefined, role: one(sp.role) || undefined, status: one(sp.status) || undefined });
  const query = parsed.success ? parsed.data : listMembersQuerySchema.parse({ limit: PAGE_SIZE });

  const canAdd = can(ctx, "member:create");
  const canUpdate = can(ctx, "member:update");
  const canRemove = can(ctx, "member:delete");
  const canTransfer = can(ctx, "ownership:transfer");
  const [page, effective, grantable, org] = await Promise.all([
    members.list(ctx, query),
    roles.listEffective(ctx),
    canAdd || canUpdate ? members.grantableRoles(ctx) : Promise.resolve([]),
    organizations.get(ctx),
  ]);
  const roleOptions: RoleOption[] = grantable.map((r) => ({ name: r.name, description: r.description, source: r.source }));
  const rankOf = (name: string) => effective.data.find((r) => r.name === name)?.rank ?? 10;
  const currentUserId = ctx.actor.type === "user" ? ctx.actor.userId : null;
  const permissions: Record<string, RowPermissions> = Object.fromEntries(
    page.data.map((m) => {
      const modifiable = mayModifyHolder(ctx, { name: m.role, rank: rankOf(m.role) });
      return [m.userId, {
        canChangeRole: canUpdate && modifiable && roleOptions.length > 0,
        canRemove: canRemove && modifiable,
        canTransfer: canTransfer && m.status === "active" && m.role !== "owner",
      }];
    }),
  );

  const filtered = !!query.search || !!query.role || query.status !== "all";
  const addButton = canAdd && roleOptions.length ? <AddMemberDialog orgId={ctx.orgId} roles={roleOptions} defaultRole={org.defaultRole} action={addMemberAction} /> : null;
  const empty = filtered ? (
    <EmptyState
      icon={<SearchIcon />}
      title={query.search ? `No members match “${query.search}”` : "No members match these filters"}
      text={query.page > 1 ? "This page is past the end of the results." : "Try another name or email, or clear the filters."}
      action={<Link href={`/orgs/${ctx.orgId}/members`} className={buttonClasses("secondary")}>Clear filters</Link>}
    />
  ) : (
    <EmptyState
      icon={<UsersIcon />}
      title="No members yet"
      text={canAdd ? "Add the people who work in this organization by email. Start with an owner: every organization keeps at least one." : "An owner or admin of this organization can add people."}
      action={addButton}
    />
  );

  return (
    <Card>
      <CardHeader
        title="Members"
        description={`${page.pagination.total} ${filtered ? "matching" : "in this organization"}. Owners and admins manage who is here and what they can do.`}
        actions={page.pagination.total > 0 || filtered ? addButton : null}
      />
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-100 px-5 py-3">
        <SearchInput label="Search members" placeholder="Search by name or email" />
        <MemberFilters role={query.role ?? ""} status={query.status} roles={effective.data.map((r) => r.name)} />
      </div>
      <MembersTable
        orgId={ctx.orgId}
        data={page.data}
        empty={empty}
        currentUserId={currentUserId}
        grantable={roleOptions}
        permissions={permissions}
        actions={{ changeRole: changeMemberRoleAction, remove: removeMemberAction, transfer: transferOwnershipAction }}
      />
      <Pagination page={page.pagination.page} totalPages={page.pagination.totalPages} total={page.pagination.total} limit={page.pagination.limit} />
    </Card>
  );
}
