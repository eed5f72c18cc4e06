import { env } from "@/lib/env";
import { log } from "@/lib/log";
import type { ScheduleVerification } from "@/lib/domains/service";
import { inngest } from "./client";
import { domainVerificationRequested } from "./events";

export const NEEDS_INNGEST = "Background verification needs Inngest; use Confirm to check now";
const SEND_TIMEOUT_MS = 3000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms); }),
  ]);
}

/**
 * Sends the verification event. Without Inngest configured (no event key, not in dev mode) or
 * reachable, it says so instead of failing: the portal then offers Confirm.
 */
export const scheduleDomainVerification: ScheduleVerification = async (payload) => {
  const e = env();
  if (!e.INNGEST_EVENT_KEY && !e.INNGEST_DEV) return { scheduled: false, message: NEEDS_INNGEST };
  try {
    await withTimeout(inngest.send(domainVerificationRequested.create(payload)), SEND_TIMEOUT_MS);
    return { scheduled: true };
  } catch (err) {
    log.warn("could not send the domain verification event to Inngest", { err: (err as Error).message, domainId: payload.domainId });
    return { scheduled: false, message: `${NEEDS_INNGEST} (Inngest is not reachable)` };
  }
};
