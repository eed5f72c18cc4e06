import type { ActionResult } from "@/lib/http/action-result";
import type { PreviewDto, SyncRunDetailDto } from "@/lib/directory-sync/dto";
import type { CreateRunInput, PreviewImportInput } from "@/lib/directory-sync/schemas";
import type { StartedRun } from "./actions";

/** The server actions the client components call (passed down so components stay transport-agnostic). */
export type DirectorySyncActions = {
  preview: (orgId: string, input: PreviewImportInput) => Promise<ActionResult<PreviewDto>>;
  start: (orgId: string, input: CreateRunInput) => Promise<ActionResult<StartedRun>>;
  getRun: (orgId: string, input: { runId: string }) => Promise<ActionResult<SyncRunDetailDto>>;
};

export type RunDecisionActions = {
  approve: (orgId: string, input: { runId: string }) => Promise<ActionResult<unknown>>;
  reject: (orgId: string, input: { runId: string }) => Promise<ActionResult<unknown>>;
};
