import Link from "next/link";
import { requirePrincipal } from "@/lib/auth/require";
import { zodIssues } from "@/lib/errors";
import * as audit from "@/lib/audit/service";
import { listAllAuditEventsQuerySchema } from "@/lib/audit/schemas";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/card";
import { AuditView, filterValues, pageParam } from "@/components/audit/audit-view";
import { ExportButtons } from "@/components/audit/export-buttons";
import { filterQuery } from "@/components/audit/audit-filters";

export const metadata = { title: "Audit (all organizations)" };

const PAGE_SIZE = 50;

export default async function ProviderAuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const principal = await requirePrincipal();
  if (!principal.providerRole) {
    return <Alert tone="info" title="Provider administrators only">The audit log of every organization is for the provider&apos;s owners and admins. Open an organization to see its own log.</Alert>;
  }
  const sp = await searchParams;
  const values = filterValues(sp, ["actor", "action", "from", "to", "orgId"]);
  const parsed = listAllAuditEventsQuerySchema.safeParse({ ...values, page: pageParam(sp), limit: PAGE_SIZE });
  const page = parsed.success ? await audit.listAll(principal, parsed.data) : null;
  const orgName = values.orgId ? page?.data.find((e) => e.orgId === values.orgId)?.orgName ?? values.orgId : null;
  const canExport = principal.actor.type !== "api_key" || principal.actor.scopes.includes("audit:export");

  return (
    <div>
      <PageHeader title="Audit" description="Events from every organization, including deleted organizations and global changes. Times are UTC." />
      <AuditView
        title={orgName ? `Events of ${orgName}` : "All events"}
        description={values.orgId ? <Link href={`/audit?${filterQuery({ ...values, orgId: undefined })}`} className="text-indigo-700 hover:underline">Show all organizations</Link> : "Select an organization name to see only its events."}
        basePath="/audit"
        values={values}
        page={page}
        issues={parsed.success ? null : zodIssues(parsed.error)}
        actions={canExport && parsed.success ? <ExportButtons exportPath="/api/v1/audit-events/export" values={values} /> : null}
        orgColumn
        orgLinkPrefix={`/audit?${[filterQuery({ ...values, orgId: undefined }), "orgId="].filter(Boolean).join("&")}`}
        emptyText="Sign-ins, organization changes and every organization's changes will appear here."
      />
    </div>
  );
}
