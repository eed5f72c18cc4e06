import Link from "next/link";
import { requireOrgMember } from "@/lib/auth/require";
import { can } from "@/lib/auth/permissions";
import * as apiKeys from "@/lib/api-keys/service";
import { listApiKeysQuerySchema } from "@/lib/api-keys/schemas";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Pagination, SearchInput } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { KeyIcon, SearchIcon } from "@/components/ui/icons";
import { UrlSelect } from "@/components/members/member-filters";
import { ApiKeysTable } from "@/components/api-keys/api-keys-table";
import { CreateApiKeyDialog } from "@/components/api-keys/create-api-key-dialog";
import { createApiKeyAction, revokeApiKeyAction } from "./actions";

export const metadata = { title: "API keys" };

const PAGE_SIZE = 25;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function ApiKeysPage({ params, searchParams }: { params: Promise<{ orgId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { orgId } = await params;
  const ctx = await requireOrgMember(orgId);
  if (!can(ctx, "apikey:read")) {
    return <Alert tone="info" title="No access to API keys">Your role ({ctx.role}) cannot see this organization&apos;s API keys.</Alert>;
  }
  const sp = await searchParams;
  const parsed = listApiKeysQuerySchema.safeParse({ page: one(sp.page), limit: PAGE_SIZE, search: one(sp.search) || undefined, status: one(sp.status) || undefined });
  const query = parsed.success ? parsed.data : listApiKeysQuerySchema.parse({ limit: PAGE_SIZE });
  const page = await apiKeys.list(ctx, query);
  const canManage = can(ctx, "apikey:manage");
  const held = [...ctx.permissions];
  const createButton = canManage ? <CreateApiKeyDialog orgId={ctx.orgId} held={held} action={createApiKeyAction} /> : null;
  const filtered = !!query.search || query.status !== "all";

  const empty = filtered ? (
    <EmptyState
      icon={<SearchIcon />}
      title="No keys match"
      text={query.page > 1 ? "This page is past the end of the results." : "Try another name, or clear the filters."}
      action={<Link href={`/orgs/${ctx.orgId}/api-keys`} className={buttonClasses("secondary")}>Clear filters</Link>}
    />
  ) : (
    <EmptyState
      icon={<KeyIcon />}
      title="No API keys yet"
      text={canManage
        ? "Create a key for scripts, CI or the gatehouse CLI (GATEHOUSE_API_KEY). Give it only the scopes it needs, and an expiry."
        : "An owner, admin or developer of this organization can create keys."}
      action={createButton}
    />
  );

  return (
    <Card>
      <CardHeader
        title="API keys"
        description="Keys act in this organization with their scopes. The secret is shown once, when the key is created; lists show only its prefix."
        actions={page.pagination.total > 0 || filtered ? createButton : null}
      />
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-100 px-5 py-3">
        <SearchInput label="Search API keys" placeholder="Search by name" />
        <UrlSelect
          param="status"
          value={query.status === "all" ? "" : query.status}
          label="Filter by status"
          options={[{ value: "", label: "Any status" }, { value: "active", label: "Active" }, { value: "expired", label: "Expired" }, { value: "revoked", label: "Revoked" }]}
        />
      </div>
      <ApiKeysTable orgId={ctx.orgId} data={page.data} empty={empty} canManage={canManage} action={revokeApiKeyAction} />
      <Pagination page={page.pagination.page} totalPages={page.pagination.totalPages} total={page.pagination.total} limit={page.pagination.limit} />
    </Card>
  );
}
