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

/** Work through one directory sync run (import, team sync or reconcile) page by page; the run row exists already. */
export const directoryRunRequested = eventType("gatehouse/directory.run-requested", {
  schema: z.object({ orgId: z.uuid(), runId: z.uuid() }),
});

/** One organization's daily reconciliation (fanned out by the 24-hour cron); the function creates the run. */
export const directoryReconcileRequested = eventType("gatehouse/directory.reconcile-requested", {
  schema: z.object({ orgId: z.uuid() }),
});

/**
 * Session refresh checks: with orgId, that organization's sessions (runId when the run was created by the
 * caller); without, every organization with refreshable SSO sessions (fanned out).
 */
export const sessionCheckRequested = eventType("gatehouse/session.check-requested", {
  schema: z.object({ orgId: z.uuid().optional(), runId: z.uuid().optional() }),
});
