// Prints a results file as a table with the targets.
import { readFileSync } from "node:fs";
const runs = JSON.parse(readFileSync(process.argv[2], "utf8"));
const rows = [["", ...runs.map((r) => r.label)]];
const f = (s) => (s ? `p50 ${s.p50} / p95 ${s.p95} ms` : "n/a");
rows.push(["GET /organizations server (target p95 < 50)", ...runs.map((r) => f(r.list.server))]);
rows.push(["GET /organizations client", ...runs.map((r) => f(r.list.client))]);
rows.push(["POST /organizations server (target p95 < 20)", ...runs.map((r) => f(r.create.server))]);
rows.push(["POST /organizations client", ...runs.map((r) => f(r.create.client))]);
rows.push(["/orgs page TTFB (target < 300)", ...runs.map((r) => f(r.page?.ttfb))]);
const w = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
for (const r of rows) console.log(r.map((c, i) => String(c).padEnd(w[i])).join(" | "));
