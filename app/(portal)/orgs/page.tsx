import Link from "next/link";
import { requirePrincipal } from "@/lib/auth/require";
import * as organizations from "@/lib/organizations/service";
import { listOrganizationsQuerySchema } from "@/lib/organizations/schemas";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/card";
import { Pagination, SearchInput } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { BuildingIcon, SearchIcon } from "@/components/ui/icons";
import { buttonClasses } from "@/components/ui/button";
import { OrganizationsTable } from "@/components/organizations/organizations-table";
import { CreateOrganizationDialog } from "@/components/organizations/create-organization-dialog";
import { StatusFilter } from "@/components/organizations/status-filter";
import { createOrganizationAction } from "./actions";

export const metadata = { title: "Organizations" };

const PAGE_SIZE = 20;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function OrganizationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const principal = await requirePrincipal();
  const sp = await searchParams;
  // A hand-edited URL (page=abc) falls back to the defaults rather than erroring.
  const parsed = listOrganizationsQuerySchema.safeParse({ page: one(sp.page), search: one(sp.search) || undefined, status: one(sp.status), limit: PAGE_SIZE });
  const query = parsed.success ? parsed.data : listOrganizationsQuerySchema.parse({ limit: PAGE_SIZE });
  const { data, pagination } = await organizations.list(principal, query);
  const canCreate = principal.providerRole !== null;
  const filtered = !!query.search || query.status !== "all";

  const empty = filtered ? (
    <EmptyState
      icon={<SearchIcon />}
      title={query.search ? `No organizations match “${query.search}”` : `No ${query.status} organizations`}
      text={query.page > 1 ? "This page is past the end of the results." : "Try another name, slug or domain, or clear the filters."}
      action={<Link href="/orgs" className={buttonClasses("secondary")}>Clear filters</Link>}
    />
  ) : (
    <EmptyState
      icon={<BuildingIcon />}
      title={canCreate ? "No organizations yet" : "You are not a member of any organization"}
      text={canCreate ? "Create an organization for each customer, then invite its people and configure sign-in." : "Ask an administrator of your organization to invite you."}
      action={canCreate ? <CreateOrganizationDialog action={createOrganizationAction} /> : null}
    />
  );

  return (
    <>
      <PageHeader
        title="Organizations"
        description={canCreate ? "Every customer organization on this Gatehouse, and the provider organization (★)." : "The organizations you belong to."}
        actions={canCreate ? <CreateOrganizationDialog action={createOrganizationAction} /> : null}
      />
      <Card>
        <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-100 px-5 py-3">
          <SearchInput label="Search organizations" placeholder="Search by name, slug or domain" />
          <StatusFilter value={query.status} />
        </div>
        <OrganizationsTable data={data} empty={empty} />
        <Pagination page={pagination.page} totalPages={pagination.totalPages} total={pagination.total} limit={pagination.limit} />
      </Card>
    </>
  );
}
