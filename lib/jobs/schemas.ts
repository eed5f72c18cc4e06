import { z } from "zod";
import { directoryFilterSchema, syncKindSchema } from "@/lib/directory-sync/schemas";

/** POST …/provisioning/runs: start a job now (the trigger comes from the transport, not the caller). */
export const startJobSchema = z
  .strictObject({
    kind: syncKindSchema,
    filter: directoryFilterSchema.optional().meta({ description: "Import only: which users to pull (default all)" }),
    wait: z.boolean().default(false).meta({ description: "Answer when the run has finished (runs in the request) instead of 202 at once" }),
  })
  .refine((b) => b.kind === "import" || b.filter === undefined, { path: ["filter"], message: "Only an import takes a filter" });
export type StartJobInput = z.infer<typeof startJobSchema>;

export const runParamsSchema = z.object({ runId: z.uuid("runId must be a run id (UUID)") });

/** The CLI says who it is in its user agent; its runs are recorded with trigger "cli". */
export const triggerFor = (request: Request) => ((request.headers.get("user-agent") ?? "").startsWith("gatehouse-cli") ? "cli" : "api") as "cli" | "api";
