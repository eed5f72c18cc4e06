import { cron } from "inngest";
import { orgContextForJob } from "@/lib/auth/org-context";
import { AppError } from "@/lib/errors";
import { createRun } from "@/lib/directory-sync/service";
import { listOrgsWithProvisioningEnabled } from "@/lib/provisioning/service";
import { inngest } from "../client";
import { directoryReconcileRequested, directoryRunRequested } from "../events";
import { job } from "../errors";
import { workPages } from "./directory-pages";

const FAN_OUT_BATCH = 500;
export const RECONCILE_CRON = "TZ=UTC 0 2 * * *";

/** Every 24 hours (02:00 UTC): one reconcile event per organization with provisioning enabled (crons only fan out). */
export const scheduleDirectoryReconciliation = inngest.createFunction(
  { id: "schedule-directory-reconciliation", triggers: [cron(RECONCILE_CRON)] },
  async ({ step }) => {
    const orgIds = await step.run("list-orgs", () => listOrgsWithProvisioningEnabled());
    for (let i = 0; i < orgIds.length; i += FAN_OUT_BATCH) {
      await step.sendEvent(`fan-out-${i / FAN_OUT_BATCH + 1}`, orgIds.slice(i, i + FAN_OUT_BATCH).map((orgId) => directoryReconcileRequested.create({ orgId })));
    }
    return { scheduled: orgIds.length };
  },
);

/** One organization's reconciliation: creates the run (trigger schedule), then works it page by page. */
export const reconcileOrgDirectory = inngest.createFunction(
  {
    id: "reconcile-org-directory",
    triggers: [directoryReconcileRequested],
    concurrency: { key: "event.data.orgId", limit: 1 },
    retries: 4,
  },
  async ({ event, step }) => {
    const { orgId } = event.data;
    const created = await step.run("create-run", () =>
      job(async () => {
        try {
          const run = await createRun(await orgContextForJob(orgId, "daily reconciliation"), { kind: "reconcile", trigger: "schedule" });
          return { runId: run.id as string | null, skipped: null as string | null };
        } catch (e) {
          // Someone started a reconcile by hand: that run does today's work.
          if (e instanceof AppError && e.code === "conflict") return { runId: null, skipped: e.message };
          throw e;
        }
      }),
    );
    if (!created.runId) return { skipped: created.skipped };
    const runId = created.runId;
    const { pages, last } = await workPages((id, fn) => step.run(id, fn), orgId, runId, "daily reconciliation");
    if (last && !last.done) {
      await step.sendEvent("continue", directoryRunRequested.create({ orgId, runId }));
      return { runId, pages, status: last.status, continued: true };
    }
    return { runId, pages, status: last?.status ?? "unknown", continued: false };
  },
);
