import { actorId, type OrgContext } from "@/lib/auth/org-context";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { runInBackground } from "@/lib/db/background";
import { createRun, executeRun, finishRun, getRun, type SyncOptions } from "@/lib/directory-sync/service";
import type { RunTrigger, SyncKind, SyncRunDto } from "@/lib/directory-sync/dto";
import { runSessionCheck, startSessionCheck, type SessionCheckDeps } from "@/lib/lifecycle/session-check";
import type { StartJobInput } from "./schemas";

// Starting a directory-sync or session-check job now (portal, CLI, REST): the run row is created here,
// then the work goes to Inngest when it is configured and reachable, or runs in this process.

/** Hands a created run to Inngest; { scheduled: false } when Inngest is not configured or not reachable. */
export type DispatchJob = (job: { kind: SyncKind; orgId: string; runId: string }) => Promise<{ scheduled: boolean; message?: string }>;

export type StartJobResult = {
  run: SyncRunDto;
  /** inngest: queued there; background: running in this server process; inline: finished before the answer */
  mode: "inngest" | "background" | "inline";
  message: string;
};

export type JobDeps = { sync?: SyncOptions; sessionCheck?: SessionCheckDeps };

export const NEEDS_INNGEST_FOR_SCHEDULE = "Scheduled runs (daily reconciliation, 15-minute session checks) need Inngest; this run was started in the Gatehouse server";

/**
 * Creates the run and starts it. 409 when a run of the same kind is already running in this
 * organization. With `wait`, the run is worked in this request and the finished run comes back.
 * Assumes provisioning:manage was checked.
 */
export async function startJob(ctx: OrgContext, input: StartJobInput, opts: { trigger: RunTrigger; dispatch?: DispatchJob; deps?: JobDeps }): Promise<StartJobResult> {
  const actorUserId = ctx.actor.type === "user" ? actorId(ctx.actor) : null;
  const run = input.kind === "session_check"
    ? await startSessionCheck(ctx, { trigger: opts.trigger })
    : await createRun(ctx, { kind: input.kind, filter: input.filter, trigger: opts.trigger, actorUserId });

  if (input.wait) return { run: await execute(ctx, input.kind, run.id, opts.deps), mode: "inline", message: "Finished" };

  let message = NEEDS_INNGEST_FOR_SCHEDULE;
  if (opts.dispatch) {
    const sent = await opts.dispatch({ kind: input.kind, orgId: ctx.orgId, runId: run.id });
    if (sent.scheduled) return { run, mode: "inngest", message: "Queued in Inngest" };
    if (sent.message) message = sent.message;
  }
  // SECURITY: ctx is the caller's own context, checked by the transport; the background work stays in this organization.
  runInBackground(execute(ctx, input.kind, run.id, opts.deps));
  return { run, mode: "background", message };
}

/** Works a created run to its end in this process; a crash marks the run failed instead of leaving it running. */
export async function execute(ctx: OrgContext, kind: SyncKind, runId: string, deps: JobDeps = {}): Promise<SyncRunDto> {
  try {
    return kind === "session_check" ? await runSessionCheck(ctx, { runId }, deps.sessionCheck) : await executeRun(ctx, runId, deps.sync);
  } catch (e) {
    log.error("directory job failed", { orgId: ctx.orgId, runId, kind, err: e });
    const current = await getRun(ctx, runId).catch(() => null);
    if (current && (current.status === "queued" || current.status === "running")) {
      return finishRun(ctx, runId, { status: "failed", error: e instanceof AppError ? e.message : "The run stopped on an internal error" });
    }
    if (current) return current;
    throw e;
  }
}
