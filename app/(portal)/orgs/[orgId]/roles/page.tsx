import Link from "next/link";
import { requireOrgMember } from "@/lib/auth/require";
import { can } from "@/lib/auth/permissions";
import * as roles from "@/lib/roles/service";
import { listRolesQuerySchema } from "@/lib/roles/schemas";
import { actorRank } from "@/lib/roles/grants";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { SearchInput } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PlusIcon, SearchIcon, ShieldIcon } from "@/components/ui/icons";
import { UrlSelect } from "@/components/members/member-filters";
import { RoleFormDialog } from "@/components/roles/role-form-dialog";
import { RolesTable } from "@/components/roles/roles-table";
import { createRoleAction, deleteRoleAction, updateRoleAction } from "./actions";

export const metadata = { title: "Roles" };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function RolesPage({ params, searchParams }: { params: Promise<{ orgId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { orgId } = await params;
  const ctx = await requireOrgMember(orgId);
  if (!can(ctx, "role:read")) {
    return <Alert tone="info" title="No access to roles">Your role ({ctx.role}) cannot see this organization&apos;s roles.</Alert>;
  }
  const sp = await searchParams;
  const parsed = listRolesQuerySchema.safeParse({ source: one(sp.source) || undefined });
  const query = parsed.success ? parsed.data : listRolesQuerySchema.parse({});
  const search = (one(sp.search) ?? "").trim().toLowerCase();

  const { data: all } = await roles.listEffective(ctx);
  const data = all.filter((r) => (query.source === "all" || r.source === query.source) && (!search || r.name.includes(search) || r.description?.toLowerCase().includes(search)));
  const canManage = can(ctx, "role:manage");
  const manage = { canManage, held: [...ctx.permissions], maxRank: Math.min(99, actorRank(ctx)), actions: { create: createRoleAction, update: updateRoleAction, remove: deleteRoleAction } };
  const hasOwn = all.some((r) => r.source === "org");
  const createButton = canManage ? (
    <RoleFormDialog orgId={ctx.orgId} mode={{ kind: "create" }} held={manage.held} maxRank={manage.maxRank} actions={manage.actions} trigger={<Button><PlusIcon /> New role</Button>} />
  ) : null;

  return (
    <div className="space-y-4">
      <Card>
        <CardHeader
          title="Roles"
          description="Built-in roles, global roles from the provider, and this organization's own. An organization role with a global role's name overrides it here."
          actions={createButton}
        />
        <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-100 px-5 py-3">
          <SearchInput label="Search roles" placeholder="Search by name or description" />
          <UrlSelect
            param="source"
            value={query.source === "all" ? "" : query.source}
            label="Filter by where the role is defined"
            options={[{ value: "", label: "All roles" }, { value: "builtin", label: "Built-in" }, { value: "global", label: "Global" }, { value: "org", label: "This organization" }]}
          />
        </div>
        <RolesTable
          orgId={ctx.orgId}
          data={data}
          manage={manage}
          empty={
            <EmptyState
              icon={<SearchIcon />}
              title={query.source === "org" && !search ? "This organization has no roles of its own yet" : "No roles match"}
              text={query.source === "org" && !search && canManage ? "Create one, or override a global role to change what it allows here." : "Try another name, or clear the filters."}
              action={<Link href={`/orgs/${ctx.orgId}/roles`} className={buttonClasses("secondary")}>Show all roles</Link>}
            />
          }
        />
      </Card>
      {!hasOwn && query.source === "all" && !search ? (
        <Card>
          <EmptyState
            icon={<ShieldIcon />}
            title="No custom roles yet"
            text={canManage
              ? "The built-in and global roles above apply. Create a role to give people a tailored set of permissions, or use Override on a global role to change it for this organization only."
              : "The built-in and global roles above apply. An owner or admin can define roles for this organization."}
            action={createButton}
          />
        </Card>
      ) : null}
    </div>
  );
}
