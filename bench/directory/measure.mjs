// One reconciliation of an organization seeded by seed.mjs, in this process through the real
// configuration (CONFIG's directoryAdapterFor → Okta adapter → contract server). Prints one JSON line.
//   npx tsx bench/directory/measure.mjs <orgId> [reconcile|import]
import { readFileSync } from "node:fs";
import { disconnect } from "../../lib/db/client.ts";
import { orgContextForJob } from "../../lib/auth/org-context.ts";
import { createRun, executeRun } from "../../lib/directory-sync/service.ts";

const orgId = process.argv[2];
const kind = process.argv[3] ?? "reconcile";
const hwm = () => {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
  return m ? Number(m[1]) * 1024 : null;
};
let peakRss = 0;
const sample = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
const ctx = await orgContextForJob(orgId, "bench");
const baselineRss = process.memoryUsage().rss;
const t0 = performance.now();
const created = await createRun(ctx, { kind, trigger: "cli" });
const run = await executeRun(ctx, created.id);
const seconds = (performance.now() - t0) / 1000;
clearInterval(sample);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
console.log(JSON.stringify({ mode: "in-process", kind, seconds, status: run.status, error: run.error, processed: run.processed, total: run.total, counts: run.counts, baselineRssMB: baselineRss / 2 ** 20, peakRssMB: peakRss / 2 ** 20, vmHwmMB: (hwm() ?? 0) / 2 ** 20 }));
await disconnect();
