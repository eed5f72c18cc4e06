import type { ActionResult } from "@/lib/http/action-result";
import type { PreviewDto, SyncRunDetailDto } from "@/lib/directory-sync/dto";
import type { CreateRunInput, PreviewImportInput } from "@/lib/directory-sync/schemas";
import type { StartJobResult } from "@/lib/jobs/service";
import type { DirectoryGroupsResult } from "./actions";

/** The server actions the client components call (passed down so components stay transport-agnostic). */
export type DirectorySyncActions = {
  preview: (orgId: string, input: PreviewImportInput) => Promise<ActionResult<PreviewDto>>;
  start: (orgId: string, input: CreateRunInput) => Promise<ActionResult<StartJobResult>>;
  getRun: (orgId: string, input: { runId: string }) => Promise<ActionResult<SyncRunDetailDto>>;
  listGroups: (orgId: string, input: Record<string, never>) => Promise<ActionResult<DirectoryGroupsResult>>;
};

export type RunDecisionActions = {
  approve: (orgId: string, input: { runId: string }) => Promise<ActionResult<unknown>>;
  reject: (orgId: string, input: { runId: string }) => Promise<ActionResult<unknown>>;
};
