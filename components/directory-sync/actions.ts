"use server";

import { after } from "next/server";
import { z } from "zod";
import { orgAction } from "@/lib/http/action";
import { actorId, type OrgContext } from "@/lib/auth/org-context";
import { log } from "@/lib/log";
import * as directorySync from "@/lib/directory-sync/service";
import { createRunSchema, previewImportSchema } from "@/lib/directory-sync/schemas";
import type { SyncRunDto } from "@/lib/directory-sync/dto";

// Server actions behind the Directory panel and the Sync history pages (issue #6).

const runIdSchema = z.strictObject({ runId: z.uuid("Unknown run") });

export type StartedRun = { run: SyncRunDto; background: "inngest" | "in-process" };

/**
 * Runs the queued run after the response is sent, in this server process (no Inngest): the portal
 * polls its progress. `after` keeps the work alive past the action's response.
 */
function runInProcess(ctx: OrgContext, runId: string) {
  after(async () => {
    try {
      await directorySync.executeRun(ctx, runId);
    } catch (err) {
      // executeRun records failures on the run itself; this is only for what it could not record.
      log.error("directory run failed in-process", { runId, orgId: ctx.orgId, cause: err });
    }
  });
}

async function startRun(ctx: OrgContext, input: z.output<typeof createRunSchema>): Promise<StartedRun> {
  const run = await directorySync.createRun(ctx, { kind: input.kind, filter: input.filter, trigger: "portal", actorUserId: ctx.actor.type === "user" ? actorId(ctx.actor) : null });
  runInProcess(ctx, run.id);
  return { run, background: "in-process" };
}

/** Up to 50 matching directory users and what an import would do with each. Reads the directory only. */
export const previewDirectoryAction = orgAction(previewImportSchema, "provisioning:manage", (ctx, { filter }) => directorySync.previewImport(ctx, filter));

/** Queues an import, team/BU sync or reconciliation and starts it (Inngest when configured, else in-process). */
export const startDirectoryRunAction = orgAction(createRunSchema, "provisioning:manage", (ctx, input) => startRun(ctx, input));

/** The run with its lists, for the progress bar (polled about once a second) and the result summary. */
export const getDirectoryRunAction = orgAction(runIdSchema, "provisioning:read", (ctx, { runId }) => directorySync.getRun(ctx, runId));

export const approveDirectoryRunAction = orgAction(runIdSchema, "provisioning:manage", (ctx, { runId }) => directorySync.approveRun(ctx, runId), {
  revalidate: (_d, orgId) => [[`/orgs/${orgId}/provisioning`, "layout"]],
});

export const rejectDirectoryRunAction = orgAction(runIdSchema, "provisioning:manage", (ctx, { runId }) => directorySync.rejectRun(ctx, runId), {
  revalidate: (_d, orgId) => [[`/orgs/${orgId}/provisioning`, "layout"]],
});
