import { z } from "zod";
import { pageQuerySchema } from "@/lib/http/pagination";

const ids = z.array(z.string().trim().min(1).max(512)).min(1, "Pick at least one").max(200);

/** The import filter (lib/directory/types.ts DirectoryFilter). */
export const directoryFilterSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("all") }),
  z.strictObject({ kind: z.literal("groups"), groupIds: ids }),
  z.strictObject({ kind: z.literal("roles"), roles: ids }),
  z.strictObject({ kind: z.literal("departments"), departments: ids }),
  z.strictObject({ kind: z.literal("query"), query: z.string().trim().min(1, "Enter a query").max(2000) }),
]);
export type DirectoryFilterInput = z.infer<typeof directoryFilterSchema>;

export const syncKindSchema = z.enum(["import", "team_sync", "reconcile", "session_check"]);
export const runTriggerSchema = z.enum(["schedule", "portal", "cli", "api"]);

export const previewImportSchema = z.strictObject({ filter: directoryFilterSchema.default({ kind: "all" }) });
export type PreviewImportInput = z.infer<typeof previewImportSchema>;

/** POST …/provisioning/runs body (the trigger is set by the transport, not the caller). */
export const createRunSchema = z.strictObject({
  kind: z.enum(["import", "team_sync", "reconcile"]),
  filter: directoryFilterSchema.optional(),
});
export type CreateRunInput = z.infer<typeof createRunSchema>;

export const listRunsQuerySchema = pageQuerySchema.extend({ kind: syncKindSchema.optional() });
export type ListRunsQuery = z.infer<typeof listRunsQuerySchema>;
