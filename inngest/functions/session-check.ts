import { cron } from "inngest";
import { orgContextForJob } from "@/lib/auth/org-context";
import { AppError } from "@/lib/errors";
import { sessionCheckSystemRepo } from "@/lib/db/repos/session-checks";
import { addCounts, checkSessionsPage, emptyCounts, finishSessionCheck, startSessionCheck } from "@/lib/lifecycle/session-check";
import type { RunErrorEntry } from "@/lib/directory-sync/dto";
import { inngest } from "../client";
import { sessionCheckRequested } from "../events";
import { job } from "../errors";

const FAN_OUT_BATCH = 500;
export const SESSION_CHECK_CRON = "TZ=UTC */15 * * * *";
/** Keep well under Inngest's 1,000 steps per run; the next 15-minute check picks up the rest. */
const MAX_PAGES = 900;
const LABEL = "session check";

async function orgsToCheck(step: { run: (id: string, fn: () => Promise<string[]>) => Promise<unknown> }) {
  return (await step.run("list-orgs", () => sessionCheckSystemRepo.orgIdsWithRefreshableSessions())) as string[];
}

/** Every 15 minutes: one session-check event per organization with refreshable SSO sessions. */
export const scheduleSessionChecks = inngest.createFunction(
  { id: "schedule-session-checks", triggers: [cron(SESSION_CHECK_CRON)] },
  async ({ step }) => {
    const orgIds = await orgsToCheck(step);
    for (let i = 0; i < orgIds.length; i += FAN_OUT_BATCH) {
      await step.sendEvent(`fan-out-${i / FAN_OUT_BATCH + 1}`, orgIds.slice(i, i + FAN_OUT_BATCH).map((orgId) => sessionCheckRequested.create({ orgId })));
    }
    return { scheduled: orgIds.length };
  },
);

/**
 * One organization's session check (event with orgId), page by page; an event without orgId fans out
 * like the cron does (`gatehouse jobs run session-check` for every organization).
 */
export const checkOrgSessions = inngest.createFunction(
  {
    id: "check-org-sessions",
    triggers: [sessionCheckRequested],
    concurrency: { key: "event.data.orgId", limit: 1 },
    retries: 3,
  },
  async ({ event, step }) => {
    const { orgId } = event.data;
    if (!orgId) {
      const orgIds = await orgsToCheck(step);
      for (let i = 0; i < orgIds.length; i += FAN_OUT_BATCH) {
        await step.sendEvent(`fan-out-${i / FAN_OUT_BATCH + 1}`, orgIds.slice(i, i + FAN_OUT_BATCH).map((id) => sessionCheckRequested.create({ orgId: id })));
      }
      return { scheduled: orgIds.length };
    }
    const started = await step.run("start", () =>
      job(async () => {
        if (event.data.runId) return { runId: event.data.runId as string | null, skipped: null as string | null };
        try {
          const run = await startSessionCheck(await orgContextForJob(orgId, LABEL), { trigger: "schedule" });
          return { runId: run.id as string | null, skipped: null as string | null };
        } catch (e) {
          // The previous check is still running: it covers these sessions.
          if (e instanceof AppError && e.code === "conflict") return { runId: null, skipped: e.message };
          throw e;
        }
      }),
    );
    if (!started.runId) return { skipped: started.skipped };
    const runId = started.runId;
    let counts = emptyCounts();
    const errors: RunErrorEntry[] = [];
    let cursor: string | null = null;
    for (let page = 1; page <= MAX_PAGES; page++) {
      const r = await step.run(`page-${page}`, () => job(async () => checkSessionsPage(await orgContextForJob(orgId, LABEL), runId, cursor)));
      counts = addCounts(counts, r.counts);
      errors.push(...(r.errors as RunErrorEntry[]));
      cursor = r.next;
      if (!cursor) break;
    }
    const run = await step.run("finish", () => job(async () => finishSessionCheck(await orgContextForJob(orgId, LABEL), runId, counts, errors)));
    return { runId, status: run.status, counts };
  },
);
