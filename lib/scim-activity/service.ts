import type { OrgContext } from "@/lib/auth/org-context";
import { enqueueScimLog, flushScimLogs, pruneScimLogs, pruneScimLogsInBackground, scimLogRepo } from "@/lib/db/repos/scim-log";
import { toPage, type Page } from "@/lib/http/pagination";
import { toScimActivityDto, type ScimActivityDto } from "./dto";
import type { ListScimActivityQuery } from "./schemas";

/** Issue #5: SCIM activity is kept 7 days. */
export const SCIM_ACTIVITY_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
// About one request in 200 also prunes: cheap, and no cron to forget.
const PRUNE_PROBABILITY = 1 / 200;

export type ScimActivityInput = {
  method: string;
  path: string;
  resourceType: string | null;
  resourceId: string | null;
  status: number;
  scimType: string | null;
  detail: string | null;
  quirks: string[];
  durationMs: number;
  /** Already redacted (lib/scim-common/redact.ts). */
  requestBody: unknown;
};

/** Records one SCIM request of ctx's organization (called by lib/http/scim.ts, after the response is built). */
export async function record(ctx: OrgContext, input: ScimActivityInput, random: () => number = Math.random): Promise<void> {
  await scimLogRepo(ctx).insert({ ...input, tokenId: ctx.actor.type === "scim" ? ctx.actor.tokenId : null });
  if (random() < PRUNE_PROBABILITY) await pruneScimLogs(new Date(Date.now() - SCIM_ACTIVITY_RETENTION_MS));
}

/**
 * The request path's variant (lib/http/scim.ts): queued and written in batches off the response path
 * (lib/db/repos/scim-log.ts), so logging never delays or fails a SCIM response. The occasional prune runs
 * in the background too.
 */
export function enqueue(ctx: OrgContext, input: ScimActivityInput, random: () => number = Math.random): void {
  enqueueScimLog(ctx, { ...input, tokenId: ctx.actor.type === "scim" ? ctx.actor.tokenId : null });
  if (random() < PRUNE_PROBABILITY) pruneScimLogsInBackground(new Date(Date.now() - SCIM_ACTIVITY_RETENTION_MS));
}

/** Writes this node's queued activity now (the list below reads its own writes; tests). */
export const flush = () => flushScimLogs();

/** The organization's SCIM requests of the last 7 days, newest first. Assumes scim:read. */
export async function list(ctx: OrgContext, q: ListScimActivityQuery): Promise<Page<ScimActivityDto>> {
  await flushScimLogs().catch(() => undefined);
  const since = new Date(Date.now() - SCIM_ACTIVITY_RETENTION_MS);
  const { rows, total } = await scimLogRepo(ctx).list(
    { since, outcome: q.outcome === "all" ? undefined : q.outcome, resourceType: q.resourceType || undefined },
    (q.page - 1) * q.limit,
    q.limit,
  );
  return toPage(rows.map(toScimActivityDto), total, q);
}
