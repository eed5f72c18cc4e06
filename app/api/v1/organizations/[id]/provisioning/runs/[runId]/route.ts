import { restRoute, json } from "@/lib/http/rest";
import * as directorySync from "@/lib/directory-sync/service";
import { runParamsSchema } from "@/lib/jobs/schemas";

/** One run with its skipped people, errors, drift and pending decommissions. */
export const GET = restRoute({ permission: "provisioning:read", params: runParamsSchema }, async ({ ctx, params }) =>
  json(await directorySync.getRun(ctx, params.runId)),
);
