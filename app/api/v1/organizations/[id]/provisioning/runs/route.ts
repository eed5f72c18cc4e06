import { restRoute, json } from "@/lib/http/rest";
import * as directorySync from "@/lib/directory-sync/service";
import { listRunsQuerySchema } from "@/lib/directory-sync/schemas";
import { startJob } from "@/lib/jobs/service";
import { startJobSchema, triggerFor } from "@/lib/jobs/schemas";
import { dispatchJob } from "@/inngest/send-jobs";

/** Sync history, newest first: `{ data, pagination }`. */
export const GET = restRoute({ permission: "provisioning:read", query: listRunsQuerySchema }, async ({ ctx, query }) =>
  json(await directorySync.listRuns(ctx, query)),
);

/** Starts a run now: 202 `{ run, mode, message }` (Inngest, or this server), or 200 with the finished run when `wait` is true. */
export const POST = restRoute({ permission: "provisioning:manage", body: startJobSchema }, async ({ ctx, body, request }) => {
  const r = await startJob(ctx, body, { trigger: triggerFor(request), dispatch: dispatchJob });
  return json(r, r.mode === "inline" ? 200 : 202);
});
