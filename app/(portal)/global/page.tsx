import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePrincipal } from "@/lib/auth/require";
import * as configs from "@/lib/configs/service";
import * as oauthConnections from "@/lib/oauth-connections/service";
import * as roles from "@/lib/roles/service";
import * as apiKeys from "@/lib/api-keys/service";
import { listConfigsQuerySchema } from "@/lib/configs/schemas";
import { listApiKeysQuerySchema } from "@/lib/api-keys/schemas";
import { builtinGrant } from "@/lib/auth/permissions";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { Pagination, SearchInput } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { KeyIcon, PlusIcon, SearchIcon, ShieldIcon, SlidersIcon } from "@/components/ui/icons";
import { ConfigDialog } from "@/components/configs/config-dialog";
import { ConfigsTable } from "@/components/configs/configs-table";
import { OAuthConnectionDialog } from "@/components/configs/oauth-connection-dialog";
import { OAuthConnectionsTable } from "@/components/configs/oauth-connections-table";
import { GlobalRolesTable, NewGlobalRoleButton } from "@/components/roles/global-roles";
import { NewPlatformApiKeyButton, PlatformApiKeysTable } from "@/components/api-keys/platform-api-keys";
import {
  createGlobalConfigAction, createGlobalOAuthConnectionAction, createGlobalRoleAction, createPlatformApiKeyAction, deleteGlobalConfigAction,
  deleteGlobalOAuthConnectionAction, deleteGlobalRoleAction, putGlobalConfigAction, putGlobalOAuthConnectionAction, revokePlatformApiKeyAction,
  updateGlobalRoleAction,
} from "./actions";

export const metadata = { title: "Global settings" };

const LIMIT = 200;
const KEYS_PAGE_SIZE = 25;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function GlobalPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const principal = await requirePrincipal();
  // Like another organization's resource: the page does not exist for anyone but provider admins.
  if (!principal.providerRole) notFound();
  const sp = await searchParams;
  const parsed = listConfigsQuerySchema.safeParse({ limit: LIMIT, search: one(sp.search) || undefined });
  const query = parsed.success ? parsed.data : listConfigsQuerySchema.parse({ limit: LIMIT });
  const keyParsed = listApiKeysQuerySchema.safeParse({ page: one(sp.page), limit: KEYS_PAGE_SIZE, search: query.search });
  const keyQuery = keyParsed.success ? keyParsed.data : listApiKeysQuerySchema.parse({ limit: KEYS_PAGE_SIZE });
  const [configPage, connectionPage, roleList, keyPage] = await Promise.all([
    configs.listGlobal(principal, query),
    oauthConnections.listGlobal(principal, query),
    roles.listGlobal(principal),
    apiKeys.listPlatform(principal, keyQuery),
  ]);
  const needle = query.search?.toLowerCase();
  const globalRoles = roleList.data.filter((r) => !needle || r.name.includes(needle) || r.description?.toLowerCase().includes(needle));
  // What this admin may hand out: a role or key never carries more than its creator holds.
  const grant = builtinGrant(principal.providerRole);
  const held = [...grant.permissions];
  const roleManage = { held, maxRank: Math.min(99, grant.rank), actions: { create: createGlobalRoleAction, update: updateGlobalRoleAction, remove: deleteGlobalRoleAction } };
  const keyActions = { create: createPlatformApiKeyAction, revoke: revokePlatformApiKeyAction };
  const configActions = { create: createGlobalConfigAction, put: putGlobalConfigAction, remove: deleteGlobalConfigAction };
  const connectionActions = { create: createGlobalOAuthConnectionAction, put: putGlobalOAuthConnectionAction, remove: deleteGlobalOAuthConnectionAction };
  const searching = !!query.search;
  const clear = <Link href="/global" className={buttonClasses("secondary")}>Clear search</Link>;
  const newConfig = <ConfigDialog mode="create" action={configActions.create} trigger={<Button><PlusIcon /> New global config</Button>} />;
  const newConnection = <OAuthConnectionDialog mode="create" action={connectionActions.create} trigger={<Button><PlusIcon /> New global connection</Button>} />;
  const newRole = <NewGlobalRoleButton {...roleManage} />;
  const newKey = <NewPlatformApiKeyButton held={held} actions={keyActions} />;

  return (
    <div className="space-y-6">
      <PageHeader
        title="Global settings"
        description="Defaults every organization inherits, and platform-wide API keys. An organization that overrides a name keeps its own item; changes here reach all the others at once."
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
      <Card>
        <CardHeader
          title="Global roles"
          description="Roles every organization can grant, and override by name. System roles can be edited, not renamed or deleted."
          actions={newRole}
        />
        <GlobalRolesTable
          data={globalRoles}
          manage={roleManage}
          empty={searching ? (
            <EmptyState icon={<SearchIcon />} title="No global roles match" text="Try another name." action={clear} />
          ) : (
            <EmptyState icon={<ShieldIcon />} title="No global roles" text="Create a role every organization can grant, with the permissions and rank you choose." action={newRole} />
          )}
        />
      </Card>
      <Card>
        <CardHeader
          title="Platform API keys"
          description="Keys that work in every organization, with their scopes. The secret is shown once, when the key is created; lists show only its prefix."
          actions={keyPage.pagination.total || searching ? newKey : null}
        />
        <PlatformApiKeysTable
          data={keyPage.data}
          actions={keyActions}
          empty={searching || keyQuery.page > 1 ? (
            <EmptyState icon={<SearchIcon />} title="No platform keys match" text={keyQuery.page > 1 ? "This page is past the end of the results." : "Try another name."} action={clear} />
          ) : (
            <EmptyState icon={<KeyIcon />} title="No platform API keys yet" text="Create one for automation that spans organizations, e.g. provisioning new customers from your billing system. Give it only the scopes it needs, and an expiry." action={newKey} />
          )}
        />
        {keyPage.pagination.total ? <Pagination page={keyPage.pagination.page} totalPages={keyPage.pagination.totalPages} total={keyPage.pagination.total} limit={keyPage.pagination.limit} /> : null}
      </Card>
    </div>
  );
}
