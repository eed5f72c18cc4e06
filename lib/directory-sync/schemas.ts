import { z } from "zod";
import { pageQuerySchema } from "@/lib/http/pagination";
import { RUN_STATUSES, type RunStatus } from "./dto";

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

/**
 * One run status or several: `status=failed`, `status=failed,awaiting_approval` (a query string), or an
 * array (services, forms). Parsed to a de-duplicated list.
 */
export const runStatusFilterSchema = z
  .union([z.string(), z.array(z.string())])
  .transform((v, ctx): RunStatus[] => {
    const list = [...new Set((Array.isArray(v) ? v : v.split(",")).map((s) => s.trim()).filter(Boolean))];
    const bad = list.filter((s) => !(RUN_STATUSES as readonly string[]).includes(s));
    if (!list.length || bad.length) {
      ctx.addIssue({ code: "custom", message: `status is one or more of ${RUN_STATUSES.join(", ")} (comma-separated)${bad.length ? `; not ${bad.join(", ")}` : ""}` });
      return z.NEVER;
    }
    return list as RunStatus[];
  })
  .meta({ description: `One status or several, comma-separated: ${RUN_STATUSES.join(", ")}` });

export const listRunsQuerySchema = pageQuerySchema.extend({ kind: syncKindSchema.optional(), status: runStatusFilterSchema.optional() });
export type ListRunsQuery = z.infer<typeof listRunsQuerySchema>;
