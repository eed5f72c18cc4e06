import Link from "next/link";
import { requirePrincipal } from "@/lib/auth/require";
import * as configs from "@/lib/configs/service";
import * as oauthConnections from "@/lib/oauth-connections/service";
import { listConfigsQuerySchema } from "@/lib/configs/schemas";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { SearchInput } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { KeyIcon, PlusIcon, SearchIcon, SlidersIcon } from "@/components/ui/icons";
import { ConfigDialog } from "@/components/configs/config-dialog";
import { ConfigsTable } from "@/components/configs/configs-table";
import { OAuthConnectionDialog } from "@/components/configs/oauth-connection-dialog";
import { OAuthConnectionsTable } from "@/components/configs/oauth-connections-table";
import {
  createGlobalConfigAction, createGlobalOAuthConnectionAction, deleteGlobalConfigAction, deleteGlobalOAuthConnectionAction,
  putGlobalConfigAction, putGlobalOAuthConnectionAction,
} from "./actions";

export const metadata = { title: "Global settings" };

const LIMIT = 200;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function GlobalPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const principal = await requirePrincipal();
  if (!principal.providerRole) {
    return <Alert tone="info" title="Provider administrators only">Global configs and OAuth connections are managed by the provider&apos;s owners and admins.</Alert>;
  }
  const sp = await searchParams;
  const parsed = listConfigsQuerySchema.safeParse({ limit: LIMIT, search: one(sp.search) || undefined });
  const query = parsed.success ? parsed.data : listConfigsQuerySchema.parse({ limit: LIMIT });
  const [configPage, connectionPage] = await Promise.all([configs.listGlobal(principal, query), oauthConnections.listGlobal(principal, query)]);
  const configActions = { create: createGlobalConfigAction, put: putGlobalConfigAction, remove: deleteGlobalConfigAction };
  const connectionActions = { create: createGlobalOAuthConnectionAction, put: putGlobalOAuthConnectionAction, remove: deleteGlobalOAuthConnectionAction };
  const searching = !!query.search;
  const clear = <Link href="/global" className={buttonClasses("secondary")}>Clear search</Link>;
  const newConfig = <ConfigDialog mode="create" action={configActions.create} trigger={<Button><PlusIcon /> New global config</Button>} />;
  const newConnection = <OAuthConnectionDialog mode="create" action={connectionActions.create} trigger={<Button><PlusIcon /> New global connection</Button>} />;

  return (
    <div className="space-y-6">
      <PageHeader
        title="Global settings"
        description="Defaults every organization inherits. An organization that overrides a name keeps its own item; changes here reach all the others at once."
        actions={<SearchInput label="Search global items" placeholder="Search by name" />}
      />
      <Card>
        <CardHeader title="Global configs" description="Secret values are encrypted at rest and always shown as ********." actions={configPage.pagination.total || searching ? newConfig : null} />
        <ConfigsTable
          data={configPage.data}
          scope="global"
          canManage
          actions={configActions}
          empty={searching ? (
            <EmptyState icon={<SearchIcon />} title="No global configs match" text="Try another name." action={clear} />
          ) : (
            <EmptyState icon={<SlidersIcon />} title="No global configs yet" text="Create a config here to give every organization the same default; each can still override it." action={newConfig} />
          )}
        />
      </Card>
      <Card>
        <CardHeader title="Global OAuth connections" description="Shared client registrations. Client secrets are write-only." actions={connectionPage.pagination.total || searching ? newConnection : null} />
        <OAuthConnectionsTable
          data={connectionPage.data}
          scope="global"
          canManage
          actions={connectionActions}
          empty={searching ? (
            <EmptyState icon={<SearchIcon />} title="No global connections match" text="Try another name." action={clear} />
          ) : (
            <EmptyState icon={<KeyIcon />} title="No global OAuth connections yet" text="Add a connection every organization can use, e.g. a shared Google or GitHub OAuth app." action={newConnection} />
          )}
        />
      </Card>
    </div>
  );
}
