import { inngest } from "../client";
import { directoryRunRequested } from "../events";
import { workPages } from "./directory-pages";

/** An import, team sync or reconcile run created by the portal, the CLI or the API, worked page by page. */
export const runDirectorySync = inngest.createFunction(
  {
    id: "directory-run",
    triggers: [directoryRunRequested],
    // one directory run at a time per organization; the engine also refuses a second running run of a kind
    concurrency: { key: "event.data.orgId", limit: 1 },
    retries: 4,
  },
  async ({ event, step }) => {
    const { orgId, runId } = event.data;
    const { pages, last } = await workPages((id, fn) => step.run(id, fn), orgId, runId, "directory sync");
    if (last && !last.done) {
      await step.sendEvent("continue", directoryRunRequested.create({ orgId, runId }));
      return { runId, pages, status: last.status, continued: true };
    }
    return { runId, pages, status: last?.status ?? "unknown", continued: false };
  },
);
