import Link from "next/link";
import { requireOrgMember } from "@/lib/auth/require";
import { can } from "@/lib/auth/permissions";
import * as scimTokens from "@/lib/scim-tokens/service";
import * as scimActivity from "@/lib/scim-activity/service";
import { listScimTokensQuerySchema } from "@/lib/scim-tokens/schemas";
import { listScimActivityQuerySchema } from "@/lib/scim-activity/schemas";
import { scimBaseUrl } from "@/lib/scim-common/base-url";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardBody, CardHeader, DescriptionList, PageHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { Pagination } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { KeyIcon, ListIcon, SearchIcon } from "@/components/ui/icons";
import { UrlSelect } from "@/components/members/member-filters";
import { CreateScimTokenDialog } from "@/components/scim/create-scim-token-dialog";
import { ScimTokensTable } from "@/components/scim/scim-tokens-table";
import { ScimActivityTable } from "@/components/scim/scim-activity-table";
import { createScimTokenAction, revokeScimTokenAction } from "./actions";

export const metadata = { title: "SCIM provisioning" };

const ACTIVITY_PAGE_SIZE = 25;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function ScimProvisioningPage({ params, searchParams }: { params: Promise<{ orgId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { orgId } = await params;
  const ctx = await requireOrgMember(orgId);
  if (!can(ctx, "scim:read")) {
    return <Alert tone="info" title="No access to SCIM provisioning">Your role ({ctx.role}) cannot see this organization&apos;s SCIM settings.</Alert>;
  }
  const sp = await searchParams;
  const parsed = listScimActivityQuerySchema.safeParse({ page: one(sp.page), limit: ACTIVITY_PAGE_SIZE, outcome: one(sp.outcome) || undefined });
  const activityQuery = parsed.success ? parsed.data : listScimActivityQuerySchema.parse({ limit: ACTIVITY_PAGE_SIZE });
  const [tokens, activity] = await Promise.all([
    scimTokens.list(ctx, listScimTokensQuerySchema.parse({ limit: 100 })),
    scimActivity.list(ctx, activityQuery),
  ]);
  const canManage = can(ctx, "scim:manage");
  const baseUrl = scimBaseUrl();
  const createButton = canManage ? <CreateScimTokenDialog orgId={ctx.orgId} action={createScimTokenAction} /> : null;
  const filtered = activityQuery.outcome !== "all";

  return (
    <div className="space-y-6">
      <PageHeader
        title="SCIM provisioning"
        description="Identity providers (Okta, Entra ID, Google, OneLogin, JumpCloud…) create, update, suspend and remove people here in real time, with your role, team and business-unit mappings applied."
      />

      <Card>
        <CardHeader title="Connect your identity provider" description="Give the provider this base URL and a token. The token alone identifies this organization." />
        <CardBody>
          <DescriptionList
            items={[
              {
                term: "SCIM base URL",
                value: (
                  <span className="flex items-center gap-2">
                    <code className="font-mono text-sm break-all text-slate-900" data-testid="scim-base-url">{baseUrl}</code>
                    <CopyButton value={baseUrl} label="Copy SCIM base URL" />
                  </span>
                ),
              },
              { term: "Authentication", value: "HTTP header: Authorization: Bearer <token> (Okta: “HTTP Header”; Entra ID: “Secret Token”)" },
              { term: "Unique identifier", value: <span>userName (case-insensitive). Supported: users, groups (Group Push), PATCH, filters, ETags; no bulk, no sorting.</span> },
              { term: "Suspension", value: "active: false suspends the member and signs them out of this organization at once; DELETE removes access." },
            ]}
          />
        </CardBody>
      </Card>

      <Card>
        <CardHeader
          title="Tokens"
          description="Several tokens may be active, so you can rotate without downtime. The token is shown once, when it is created; lists show only its prefix."
          actions={tokens.data.length ? createButton : null}
        />
        <ScimTokensTable
          orgId={ctx.orgId}
          data={tokens.data}
          canManage={canManage}
          action={revokeScimTokenAction}
          empty={
            <EmptyState
              icon={<KeyIcon />}
              title="No SCIM tokens yet"
              text={canManage ? "Create a token, then paste it with the base URL into your identity provider's provisioning settings." : "An owner or admin of this organization can create tokens."}
              action={createButton}
            />
          }
        />
      </Card>

      <Card>
        <CardHeader title="Activity" description="Every request from your identity provider in the last 7 days, newest first. Bodies are stored with passwords and tokens redacted." />
        <div className="flex flex-wrap items-center justify-end gap-3 border-b border-slate-100 px-5 py-3">
          <UrlSelect
            param="outcome"
            value={activityQuery.outcome === "all" ? "" : activityQuery.outcome}
            label="Filter by outcome"
            options={[{ value: "", label: "Any outcome" }, { value: "success", label: "Succeeded" }, { value: "error", label: "Failed" }]}
          />
        </div>
        <ScimActivityTable
          data={activity.data}
          empty={
            filtered ? (
              <EmptyState
                icon={<SearchIcon />}
                title="No requests match"
                action={<Link href={`/orgs/${ctx.orgId}/provisioning/scim`} className={buttonClasses("secondary")}>Clear filter</Link>}
              />
            ) : (
              <EmptyState icon={<ListIcon />} title="No SCIM requests in the last 7 days" text="Requests appear here as soon as your identity provider uses a token." />
            )
          }
        />
        <Pagination page={activity.pagination.page} totalPages={activity.pagination.totalPages} total={activity.pagination.total} limit={activity.pagination.limit} />
      </Card>
    </div>
  );
}
