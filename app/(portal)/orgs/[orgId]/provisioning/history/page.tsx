import Link from "next/link";
import { requireOrgMember } from "@/lib/auth/require";
import { can } from "@/lib/auth/permissions";
import * as directorySync from "@/lib/directory-sync/service";
import { listRunsQuerySchema } from "@/lib/directory-sync/schemas";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { Pagination } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { ListIcon, SearchIcon } from "@/components/ui/icons";
import { UrlSelect } from "@/components/members/member-filters";
import { KIND_LABELS, STATUS_LABELS } from "@/components/directory-sync/format";
import { RunsTable } from "@/components/directory-sync/runs-table";

export const metadata = { title: "Sync history" };

const PAGE_SIZE = 25;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function SyncHistoryPage({ params, searchParams }: { params: Promise<{ orgId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { orgId } = await params;
  const ctx = await requireOrgMember(orgId);
  if (!can(ctx, "provisioning:read")) {
    return <Alert tone="info" title="No access to user provisioning">Your role ({ctx.role}) cannot see this organization&apos;s directory sync.</Alert>;
  }
  const sp = await searchParams;
  // A hand-edited URL falls back to the defaults rather than erroring.
  const parsed = listRunsQuerySchema.safeParse({ page: one(sp.page), limit: PAGE_SIZE, kind: one(sp.kind) || undefined, status: one(sp.status) || undefined });
  const query = parsed.success ? parsed.data : listRunsQuerySchema.parse({ limit: PAGE_SIZE });
  // kind and status (one, or several comma-separated) are filtered by the service: rows and totals agree.
  const runs = await directorySync.listRuns(ctx, query);
  const filtered = !!query.kind || !!query.status;

  return (
    <div className="space-y-6">
      <PageHeader
        title="Sync history"
        description="Every directory run: imports, team and business-unit syncs, reconciliations and session checks, with counts, errors and the drift each found."
      />
      <Card>
        <div className="flex flex-wrap items-center justify-end gap-3 border-b border-slate-100 px-5 py-3">
          <UrlSelect param="kind" value={query.kind ?? ""} label="Filter by kind" options={[{ value: "", label: "Every kind" }, ...Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }))]} />
          <UrlSelect param="status" value={query.status?.join(",") ?? ""} label="Filter by status" options={[{ value: "", label: "Any status" }, ...Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }))]} />
        </div>
        <RunsTable
          orgId={ctx.orgId}
          data={runs.data}
          empty={
            filtered ? (
              <EmptyState
                icon={<SearchIcon />}
                title="No runs match these filters"
                action={<Link href={`/orgs/${ctx.orgId}/provisioning/history`} className={buttonClasses("secondary")}>Clear filters</Link>}
              />
            ) : (
              <EmptyState
                icon={<ListIcon />}
                title="No directory runs yet"
                text="Imports, syncs and reconciliations appear here as soon as one starts, from the portal, the CLI, the API or the schedule."
                action={<Link href={`/orgs/${ctx.orgId}/provisioning/directory`} className={buttonClasses("secondary")}>Go to Directory</Link>}
              />
            )
          }
        />
        <Pagination page={runs.pagination.page} totalPages={runs.pagination.totalPages} total={runs.pagination.total} limit={runs.pagination.limit} />
      </Card>
    </div>
  );
}
