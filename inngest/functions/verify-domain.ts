import { orgContextForJob } from "@/lib/auth/org-context";
import * as domains from "@/lib/domains/service";
import { inngest } from "../client";
import { domainVerificationRequested } from "../events";
import { job } from "../errors";

// Enough attempts for the backoff (1, 5, 15, 30 min, 1, 2, 4, 8 h, then 12 h) to cover a window of
// several days; the service itself ends the run (expired) when DOMAIN_VERIFY_WINDOW_HOURS has passed.
const MAX_ATTEMPTS = 40;

export const verifyDomain = inngest.createFunction(
  {
    id: "verify-domain",
    triggers: [domainVerificationRequested],
    concurrency: { key: "event.data.domainId", limit: 1 },
  },
  async ({ event, step }) => {
    const { orgId, domainId, startedAt } = event.data;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const r = await step.run(`check-${attempt + 1}`, () =>
        job(async () => domains.runScheduledCheck(await orgContextForJob(orgId, "domain verification"), domainId, { startedAt, attempt })),
      );
      if (r.state !== "retry") return { ...r, attempts: attempt + 1 };
      await step.sleep(`wait-${attempt + 1}`, r.retryInMs);
    }
    return { state: "gave-up" as const, attempts: MAX_ATTEMPTS };
  },
);
