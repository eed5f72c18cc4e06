import { restRoute, json } from "@/lib/http/rest";
import * as directorySync from "@/lib/directory-sync/service";
import { runParamsSchema } from "@/lib/jobs/schemas";

/** A run waiting for approval applies its pending decommissions (409 when it is not waiting). */
export const POST = restRoute({ permission: "provisioning:manage", params: runParamsSchema }, async ({ ctx, params }) =>
  json(await directorySync.approveRun(ctx, params.runId)),
);
