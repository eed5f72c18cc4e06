import Link from "next/link";
import { requireOrgMember } from "@/lib/auth/require";
import { can } from "@/lib/auth/permissions";
import * as configs from "@/lib/configs/service";
import * as oauthConnections from "@/lib/oauth-connections/service";
import { listConfigsQuerySchema } from "@/lib/configs/schemas";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { SearchInput } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { KeyIcon, PlusIcon, SearchIcon, SlidersIcon } from "@/components/ui/icons";
import { ConfigDialog } from "@/components/configs/config-dialog";
import { ConfigsTable } from "@/components/configs/configs-table";
import { OAuthConnectionDialog } from "@/components/configs/oauth-connection-dialog";
import { OAuthConnectionsTable } from "@/components/configs/oauth-connections-table";
import {
  createConfigAction, createOAuthConnectionAction, deleteConfigAction, deleteOAuthConnectionAction, putConfigAction, putOAuthConnectionAction,
} from "./actions";

export const metadata = { title: "Configs & connections" };

// Effective lists are short (an organization's items plus the global ones); one page of each,
// narrowed by the shared search box, with a note when there are more.
const LIMIT = 200;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function ConfigsPage({ params, searchParams }: { params: Promise<{ orgId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { orgId } = await params;
  const ctx = await requireOrgMember(orgId);
  const sp = await searchParams;
  const parsed = listConfigsQuerySchema.safeParse({ limit: LIMIT, search: one(sp.search) || undefined });
  const query = parsed.success ? parsed.data : listConfigsQuerySchema.parse({ limit: LIMIT });
  const readConfigs = can(ctx, "config:read");
  const readConnections = can(ctx, "connection:read");
  if (!readConfigs && !readConnections) {
    return <Alert tone="info" title="No access to configs">Your role ({ctx.role}) cannot see this organization&apos;s configs or OAuth connections.</Alert>;
  }
  const [configPage, connectionPage] = await Promise.all([
    readConfigs ? configs.listEffective(ctx, query) : null,
    readConnections ? oauthConnections.listEffective(ctx, query) : null,
  ]);
  const manageConfigs = can(ctx, "config:manage");
  const manageConnections = can(ctx, "connection:manage");
  const configActions = {
    create: createConfigAction.bind(null, ctx.orgId),
    put: putConfigAction.bind(null, ctx.orgId),
    remove: deleteConfigAction.bind(null, ctx.orgId),
  };
  const connectionActions = {
    create: createOAuthConnectionAction.bind(null, ctx.orgId),
    put: putOAuthConnectionAction.bind(null, ctx.orgId),
    remove: deleteOAuthConnectionAction.bind(null, ctx.orgId),
  };
  const searching = !!query.search;
  const clear = <Link href={`/orgs/${ctx.orgId}/configs`} className={buttonClasses("secondary")}>Clear search</Link>;

  const newConfig = manageConfigs ? <ConfigDialog mode="create" action={configActions.create} trigger={<Button><PlusIcon /> New config</Button>} /> : null;
  const newConnection = manageConnections
    ? <OAuthConnectionDialog mode="create" action={connectionActions.create} trigger={<Button><PlusIcon /> New connection</Button>} />
    : null;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="max-w-2xl text-sm text-slate-500">
          Each name resolves to this organization&apos;s item when it has one, otherwise to the global item set by the provider.
          Override a global item to change it for this organization only; delete the override to inherit it again.
        </p>
        <SearchInput label="Search configs and connections" placeholder="Search by name" />
      </div>

      {configPage ? (
        <Card>
          <CardHeader
            title="Configs"
            description="Named JSON values. Secret values are encrypted at rest and always shown as ********."
            actions={configPage.pagination.total > 0 || searching ? newConfig : null}
          />
          <ConfigsTable
            data={configPage.data}
            scope="org"
            canManage={manageConfigs}
            actions={configActions}
            empty={searching ? (
              <EmptyState icon={<SearchIcon />} title="No configs match" text="Try another name." action={clear} />
            ) : (
              <EmptyState
                icon={<SlidersIcon />}
                title="No configs yet"
                text={manageConfigs
                  ? "Create a config for this organization, e.g. billing.plan = \"pro\". Global configs set by the provider appear here too."
                  : "An owner, admin or developer of this organization can create configs."}
                action={newConfig}
              />
            )}
          />
          {configPage.pagination.total > configPage.data.length ? (
            <p className="border-t border-slate-100 px-5 py-3 text-sm text-slate-500">
              Showing {configPage.data.length} of {configPage.pagination.total}. Search by name to narrow the list.
            </p>
          ) : null}
        </Card>
      ) : null}

      {connectionPage ? (
        <Card>
          <CardHeader
            title="OAuth connections"
            description="OAuth 2.0 / OpenID Connect client registrations. Client secrets are write-only."
            actions={connectionPage.pagination.total > 0 || searching ? newConnection : null}
          />
          <OAuthConnectionsTable
            data={connectionPage.data}
            scope="org"
            canManage={manageConnections}
            actions={connectionActions}
            empty={searching ? (
              <EmptyState icon={<SearchIcon />} title="No connections match" text="Try another name." action={clear} />
            ) : (
              <EmptyState
                icon={<KeyIcon />}
                title="No OAuth connections yet"
                text={manageConnections
                  ? "Add your identity provider's client (Okta, Entra ID, Google, …): client ID, secret, scopes and endpoints."
                  : "An owner, admin or developer of this organization can add connections."}
                action={newConnection}
              />
            )}
          />
          {connectionPage.pagination.total > connectionPage.data.length ? (
            <p className="border-t border-slate-100 px-5 py-3 text-sm text-slate-500">
              Showing {connectionPage.data.length} of {connectionPage.pagination.total}. Search by name to narrow the list.
            </p>
          ) : null}
        </Card>
      ) : null}
    </div>
  );
}
