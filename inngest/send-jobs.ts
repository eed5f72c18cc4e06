import { env } from "@/lib/env";
import { log } from "@/lib/log";
import type { DispatchJob } from "@/lib/jobs/service";
import { inngest } from "./client";
import { directoryRunRequested, sessionCheckRequested } from "./events";

const SEND_TIMEOUT_MS = 3000;
export const NO_INNGEST = "Inngest is not configured: the run was started in the Gatehouse server (scheduled runs need Inngest)";
export const INNGEST_UNREACHABLE = "Inngest is not reachable: the run was started in the Gatehouse server";

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms); }),
  ]);
}

/** Sends a created run to Inngest (see inngest/send.ts for the same rule on domains). */
export const dispatchJob: DispatchJob = async ({ kind, orgId, runId }) => {
  const e = env();
  if (!e.INNGEST_EVENT_KEY && !e.INNGEST_DEV) return { scheduled: false, message: NO_INNGEST };
  try {
    const event = kind === "session_check" ? sessionCheckRequested.create({ orgId, runId }) : directoryRunRequested.create({ orgId, runId });
    await withTimeout(inngest.send(event), SEND_TIMEOUT_MS);
    return { scheduled: true };
  } catch (err) {
    log.warn("could not send the directory job event to Inngest", { err: (err as Error).message, runId });
    return { scheduled: false, message: INNGEST_UNREACHABLE };
  }
};
