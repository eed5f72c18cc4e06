"use server";

import { z } from "zod";
import { orgAction } from "@/lib/http/action";
import * as directorySync from "@/lib/directory-sync/service";
import { createRunSchema, previewImportSchema } from "@/lib/directory-sync/schemas";
import { startJob } from "@/lib/jobs/service";
import { directoryAdapterFor } from "@/lib/provisioning/service";
import { DirectoryError, type DirectoryGroupInfo } from "@/lib/directory/types";
import { AppError } from "@/lib/errors";
import { dispatchJob } from "@/inngest/send-jobs";

// Server actions behind the Directory panel and the Sync history pages (issue #6).

const runIdSchema = z.strictObject({ runId: z.uuid("Unknown run") });

const MAX_GROUPS = 500;
export type DirectoryGroupsResult = { groups: Pick<DirectoryGroupInfo, "id" | "name">[]; truncated: boolean };

// The group picker of the import filter: Okta, Google and Entra filter by group id, people pick by name.
// Reads the directory only (no service of its own: the adapter is the whole use case).
async function listDirectoryGroups(ctx: Parameters<typeof directoryAdapterFor>[0]): Promise<DirectoryGroupsResult> {
  const { adapter } = await directoryAdapterFor(ctx);
  const groups: DirectoryGroupsResult["groups"] = [];
  let cursor: string | null | undefined = null;
  try {
    do {
      const page = await adapter.listGroups({ cursor, pageSize: 200 });
      groups.push(...page.items.map((g) => ({ id: g.id, name: g.name })));
      cursor = page.next;
    } while (cursor && groups.length < MAX_GROUPS);
  } catch (e) {
    if (e instanceof DirectoryError) throw new AppError("upstream_failed", `The directory's groups could not be listed: ${e.message}`, { cause: e });
    throw e;
  }
  return { groups: groups.slice(0, MAX_GROUPS).sort((a, b) => a.name.localeCompare(b.name)), truncated: !!cursor || groups.length > MAX_GROUPS };
}

export const listDirectoryGroupsAction = orgAction(z.strictObject({}), "provisioning:manage", (ctx) => listDirectoryGroups(ctx));

/** Up to 50 matching directory users and what an import would do with each. Reads the directory only. */
export const previewDirectoryAction = orgAction(previewImportSchema, "provisioning:manage", (ctx, { filter }) => directorySync.previewImport(ctx, filter));

/** Queues an import, team/BU sync or reconciliation and starts it (Inngest when configured, else in-process). */
export const startDirectoryRunAction = orgAction(createRunSchema, "provisioning:manage", (ctx, input) =>
  startJob(ctx, { ...input, wait: false }, { trigger: "portal", dispatch: dispatchJob }),
);

/** The run with its lists, for the progress bar (polled about once a second) and the result summary. */
export const getDirectoryRunAction = orgAction(runIdSchema, "provisioning:read", (ctx, { runId }) => directorySync.getRun(ctx, runId));

export const approveDirectoryRunAction = orgAction(runIdSchema, "provisioning:manage", (ctx, { runId }) => directorySync.approveRun(ctx, runId), {
  revalidate: (_d, orgId) => [[`/orgs/${orgId}/provisioning`, "layout"]],
});

export const rejectDirectoryRunAction = orgAction(runIdSchema, "provisioning:manage", (ctx, { runId }) => directorySync.rejectRun(ctx, runId), {
  revalidate: (_d, orgId) => [[`/orgs/${orgId}/provisioning`, "layout"]],
});
