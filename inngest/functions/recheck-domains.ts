import { cron } from "inngest";
import { orgContextForJob } from "@/lib/auth/org-context";
import * as domains from "@/lib/domains/service";
import { inngest } from "../client";
import { domainRecheckRequested } from "../events";
import { job } from "../errors";

const FAN_OUT_BATCH = 500;

/** Daily at 04:00 UTC: one recheck event per organization with verified domains (STYLE §4: crons only fan out). */
export const scheduleDomainRechecks = inngest.createFunction(
  { id: "schedule-domain-rechecks", triggers: [cron("TZ=UTC 0 4 * * *")] },
  async ({ step }) => {
    const orgIds = await step.run("list-orgs", () => domains.orgIdsToRecheck());
    for (let i = 0; i < orgIds.length; i += FAN_OUT_BATCH) {
      await step.sendEvent(`fan-out-${i / FAN_OUT_BATCH + 1}`, orgIds.slice(i, i + FAN_OUT_BATCH).map((orgId) => domainRecheckRequested.create({ orgId })));
    }
    return { scheduled: orgIds.length };
  },
);

export const recheckOrgDomains = inngest.createFunction(
  {
    id: "recheck-org-domains",
    triggers: [domainRecheckRequested],
    concurrency: { key: "event.data.orgId", limit: 1 },
  },
  async ({ event, step }) =>
    step.run("recheck", () => job(async () => domains.recheckVerified(await orgContextForJob(event.data.orgId, "daily domain re-check")))),
);
