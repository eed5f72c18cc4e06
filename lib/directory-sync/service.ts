/**
 * Directory sync (issue #6): preview, import, team/BU sync and reconciliation as runs that work page by page.
 */
import type { OrgContext } from "@/lib/auth/org-context";
import type { DirectoryAdapter, DirectoryFilter } from "@/lib/directory/types";
import type { Page } from "@/lib/http/pagination";
import type { PreviewDto, RunCounts, RunErrorEntry, RunTrigger, SyncKind, SyncRunDetailDto, SyncRunDto, DriftEntry } from "./dto";

export type SyncOptions = { adapter?: DirectoryAdapter };

export async function previewImport(ctx: OrgContext, filter: DirectoryFilter, opts: SyncOptions = {}): Promise<PreviewDto> {
  void ctx; void filter; void opts;
  throw new Error("not implemented yet");
}

export async function createRun(ctx: OrgContext, input: { kind: SyncKind; filter?: DirectoryFilter; trigger: RunTrigger; actorUserId?: string | null }): Promise<SyncRunDto> {
  void ctx; void input;
  throw new Error("not implemented yet");
}

export async function runStep(ctx: OrgContext, runId: string, opts: SyncOptions = {}): Promise<{ done: boolean; run: SyncRunDto }> {
  void ctx; void runId; void opts;
  throw new Error("not implemented yet");
}

export async function executeRun(ctx: OrgContext, runId: string, opts: SyncOptions = {}): Promise<SyncRunDto> {
  void ctx; void runId; void opts;
  throw new Error("not implemented yet");
}

export async function approveRun(ctx: OrgContext, runId: string): Promise<SyncRunDto> {
  void ctx; void runId;
  throw new Error("not implemented yet");
}

export async function rejectRun(ctx: OrgContext, runId: string): Promise<SyncRunDto> {
  void ctx; void runId;
  throw new Error("not implemented yet");
}

export async function listRuns(ctx: OrgContext, q: { page: number; limit: number; kind?: SyncKind }): Promise<Page<SyncRunDto>> {
  void ctx; void q;
  throw new Error("not implemented yet");
}

export async function getRun(ctx: OrgContext, runId: string): Promise<SyncRunDetailDto> {
  void ctx; void runId;
  throw new Error("not implemented yet");
}

export type FinishRunInput = {
  status: "succeeded" | "failed";
  counts?: RunCounts;
  processed?: number;
  total?: number | null;
  error?: string | null;
  errors?: RunErrorEntry[];
  drift?: DriftEntry[];
};

/** For runs whose work happens elsewhere (JOBS' session check): marks a run started by createRun as finished. */
export async function finishRun(ctx: OrgContext, runId: string, input: FinishRunInput): Promise<SyncRunDto> {
  void ctx; void runId; void input;
  throw new Error("not implemented yet");
}
