import { restRoute, json } from "@/lib/http/rest";
import * as directorySync from "@/lib/directory-sync/service";
import { runParamsSchema } from "@/lib/jobs/schemas";

/** A run waiting for approval is cancelled: nobody is decommissioned. */
export const POST = restRoute({ permission: "provisioning:manage", params: runParamsSchema }, async ({ ctx, params }) =>
  json(await directorySync.rejectRun(ctx, params.runId)),
);
