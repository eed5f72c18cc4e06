import Link from "next/link";
import { requireOrgMember } from "@/lib/auth/require";
import { can } from "@/lib/auth/permissions";
import { env } from "@/lib/env";
import * as provisioning from "@/lib/provisioning/service";
import * as directorySync from "@/lib/directory-sync/service";
import type { SyncKind, SyncRunDto } from "@/lib/directory-sync/dto";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { CogIcon, PowerIcon } from "@/components/ui/icons";
import { getDirectoryRunAction, listDirectoryGroupsAction, previewDirectoryAction, startDirectoryRunAction } from "./actions";
import { ImportCard, ReconcileCard, TeamSyncCard } from "./sync-controls";
import type { DirectorySyncActions } from "./types";

// The Directory page's connection form card carries this id (components/provisioning/directory-settings-form.tsx
// DIRECTORY_SETTINGS_ID; a client module, so its constant cannot be read here).
const DIRECTORY_SETTINGS_ANCHOR = "directory-settings";

const actions: DirectorySyncActions = { preview: previewDirectoryAction, start: startDirectoryRunAction, getRun: getDirectoryRunAction, listGroups: listDirectoryGroupsAction };

async function latestRun(ctx: Awaited<ReturnType<typeof requireOrgMember>>, kind: SyncKind): Promise<SyncRunDto | undefined> {
  const page = await directorySync.listRuns(ctx, { page: 1, limit: 1, kind });
  return page.data[0];
}

function SchedulingNotice({ inngest }: { inngest: boolean }) {
  if (inngest) {
    return <p className="text-sm text-slate-500">Scheduled through Inngest: reconciliation every 24 hours, session checks every 15 minutes.</p>;
  }
  return (
    <Alert tone="info" title="Scheduling needs Inngest">
      Without an Inngest server nothing runs on a schedule: no 24-hour reconciliation and no 15-minute session checks. Run jobs now from here or
      with the CLI (<code className="font-mono">gatehouse jobs run reconcile --org &lt;slug&gt;</code>, <code className="font-mono">gatehouse jobs run session-check</code>),
      or connect the Inngest Dev Server or a self-hosted Inngest as the README section “Background jobs (Inngest)” shows.
    </Alert>
  );
}

/**
 * Directory sync controls for Governance → User Provisioning → Directory (issue #6): preview and import,
 * team/business-unit sync and reconciliation, each with live progress and its result.
 */
export async function DirectorySyncPanel({ orgId }: { orgId: string }) {
  const ctx = await requireOrgMember(orgId);
  if (!can(ctx, "provisioning:read")) return null;
  const config = await provisioning.getProvisioning(ctx);
  const canManage = can(ctx, "provisioning:manage");
  const settingsHref = `/orgs/${ctx.orgId}/provisioning/directory#${DIRECTORY_SETTINGS_ANCHOR}`;

  if (!config || !config.enabled) {
    return (
      <Card aria-label="Directory sync">
        <EmptyState
          icon={config ? <PowerIcon /> : <CogIcon />}
          title={config ? "Directory sync is turned off" : "Directory sync is not configured"}
          text={
            config
              ? "Enable the directory connection to preview, import and keep people in step with it."
              : "Connect your directory (Okta, Entra ID, Keycloak, Zitadel, Google Workspace or SailPoint) to import people and keep them in step."
          }
          action={canManage ? <ButtonLink href={settingsHref} variant="primary">{config ? "Review the connection" : "Configure the connection"}</ButtonLink> : null}
        />
      </Card>
    );
  }

  const e = env();
  const inngest = !!(e.INNGEST_EVENT_KEY || e.INNGEST_DEV);
  const [imp, teams, rec] = await Promise.all([latestRun(ctx, "import"), latestRun(ctx, "team_sync"), latestRun(ctx, "reconcile")]);

  return (
    <div className="space-y-6" aria-label="Directory sync" role="region">
      <ImportCard orgId={ctx.orgId} provider={config.provider} canManage={canManage} latest={imp} actions={actions} />
      <TeamSyncCard orgId={ctx.orgId} canManage={canManage} latest={teams} actions={actions} />
      <ReconcileCard orgId={ctx.orgId} canManage={canManage} latest={rec} actions={actions} scheduling={<SchedulingNotice inngest={inngest} />} />
      <p className="text-sm text-slate-500">
        Every run, with its errors and the drift it found, is in the <Link href={`/orgs/${ctx.orgId}/provisioning/history`} className="font-medium text-indigo-600 hover:text-indigo-500">sync history</Link>.
      </p>
    </div>
  );
}
