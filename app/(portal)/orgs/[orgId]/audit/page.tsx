import { requireOrgMember } from "@/lib/auth/require";
import { can } from "@/lib/auth/permissions";
import { zodIssues } from "@/lib/errors";
import * as audit from "@/lib/audit/service";
import { listAuditEventsQuerySchema } from "@/lib/audit/schemas";
import { Alert } from "@/components/ui/alert";
import { AuditView, filterValues, pageParam } from "@/components/audit/audit-view";
import { ExportButtons } from "@/components/audit/export-buttons";

export const metadata = { title: "Audit log" };

const PAGE_SIZE = 50;

export default async function OrgAuditPage({ params, searchParams }: { params: Promise<{ orgId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { orgId } = await params;
  const ctx = await requireOrgMember(orgId);
  if (!can(ctx, "audit:read")) {
    return <Alert tone="info" title="No access to the audit log">Your role ({ctx.role}) cannot read this organization&apos;s audit log.</Alert>;
  }
  const sp = await searchParams;
  const values = filterValues(sp, ["actor", "action", "from", "to"]);
  const parsed = listAuditEventsQuerySchema.safeParse({ ...values, page: pageParam(sp), limit: PAGE_SIZE });
  const page = parsed.success ? await audit.list(ctx, parsed.data) : null;
  const basePath = `/orgs/${ctx.orgId}/audit`;

  return (
    <AuditView
      title="Audit log"
      description="Every change in this organization: who did it, when, from where, and what changed. Times are UTC."
      basePath={basePath}
      values={values}
      page={page}
      issues={parsed.success ? null : zodIssues(parsed.error)}
      actions={can(ctx, "audit:export") && parsed.success ? <ExportButtons exportPath={`/api/v1/organizations/${ctx.orgId}/audit-events/export`} values={values} /> : null}
      emptyText="Changes to members, roles, configs, connections and API keys will appear here as they happen."
    />
  );
}
