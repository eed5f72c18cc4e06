import { eventType } from "inngest";
import { z } from "zod";

// Every event Gatehouse sends or consumes, with its payload schema.

/** "Start verification" on a domain: check its TXT record with backoff until verified or the window closes. */
export const domainVerificationRequested = eventType("gatehouse/domain.verification-requested", {
  schema: z.object({
    orgId: z.uuid(),
    domainId: z.uuid(),
    /** the domain's verificationStartedAt: a newer start supersedes this run */
    startedAt: z.iso.datetime(),
  }),
});

/** One organization's verified domains to re-check (fanned out by the daily cron). */
export const domainRecheckRequested = eventType("gatehouse/domain.recheck-requested", {
  schema: z.object({ orgId: z.uuid() }),
});
