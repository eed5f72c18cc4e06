import { orgContextForJob } from "@/lib/auth/org-context";
import { runStep } from "@/lib/directory-sync/service";
import { job } from "../errors";

// Shared by the directory run and the reconciliation functions: one step per page of directory work
// (STYLE §4: each step calls one service; the engine persists progress in the run row, so a retried
// step resumes where the last one stopped).

/** Inngest caps a function run at 1,000 steps; past this many pages the run continues in a new invocation. */
export const MAX_PAGES_PER_INVOCATION = 900;

export type PageResult = { done: boolean; status: string; processed: number; total: number | null };
type RunStep = (id: string, fn: () => Promise<PageResult>) => Promise<unknown>;

export async function workPages(run: RunStep, orgId: string, runId: string, label: string): Promise<{ pages: number; last: PageResult | null }> {
  let last: PageResult | null = null;
  for (let page = 1; page <= MAX_PAGES_PER_INVOCATION; page++) {
    last = (await run(`page-${page}`, () =>
      job(async () => {
        const r = await runStep(await orgContextForJob(orgId, label), runId);
        return { done: r.done, status: r.run.status, processed: r.run.processed, total: r.run.total };
      }),
    )) as PageResult;
    if (last.done) return { pages: page, last };
  }
  return { pages: MAX_PAGES_PER_INVOCATION, last };
}
