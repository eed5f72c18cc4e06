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
import { withParams } from "@/components/ui/pagination-utils";
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
  // A hand-edited URL (page=abc, status=foo) falls back to the defaults, keeping the search.
  const search = one(sp.search)?.trim().slice(0, 100) || undefined;
  const parsed = listOrganizationsQuerySchema.safeParse({ page: one(sp.page), search, status: one(sp.status), limit: PAGE_SIZE });
  const query = parsed.success ? parsed.data : listOrganizationsQuerySchema.parse({ search, limit: PAGE_SIZE });
  const { data, pagination } = await organizations.list(principal, query);
  const canCreate = principal.providerRole !== null;
  const filtered = !!query.search || query.status !== "all";
  const pastEnd = query.page > 1 && pagination.total > 0;

  const empty = pastEnd ? (
    <EmptyState
      icon={<SearchIcon />}
      title="This page is past the end of the list"
      text={`There are ${pagination.total} organizations on ${pagination.totalPages} page${pagination.totalPages === 1 ? "" : "s"}.`}
      action={<Link href={withParams("/orgs", new URLSearchParams(search ? { search } : {}), { status: query.status === "all" ? null : query.status })} className={buttonClasses("secondary")}>Go to the first page</Link>}
    />
  ) : filtered ? (
    <EmptyState
      icon={<SearchIcon />}
      title={query.search ? `No organizations match “${query.search}”` : `No ${query.status} organizations`}
      text="Try another name, slug or domain, or clear the filters."
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
