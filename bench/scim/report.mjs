// Prints the SCIM bench table: node bench/scim/report.mjs gatehouse.json [peer.json]
import { readFileSync } from "node:fs";

const [a, b] = process.argv.slice(2).map((f) => JSON.parse(readFileSync(f, "utf8")));
// Throughput at the run's concurrency (16); each latency target at 16 and at the moderate one (`c4`).
const lc = Object.keys(a.ops).find((k) => /^filter c\d+$/.test(k))?.split(" ")[1];
const latency = { filter: ["p99", 20, "<"], "list@1": ["p95", 30, "<"], "list@50000": ["p95", 30, "<"], "list@99900": ["p95", 30, "<"], groupAdd100: ["p95", 100, "<"] };
const targets = {
  create: ["rps", 600, ">="], getById: ["rps", 2000, ">="], delete: ["rps", 600, ">="],
  ...latency,
  ...(lc ? Object.fromEntries(Object.entries(latency).map(([k, v]) => [`${k} ${lc}`, v])) : {}),
};
const fmt = (x) => (x === undefined || Number.isNaN(x) ? "-" : String(x));
const rows = [["operation", "target", "n", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "met"]];
if (b) rows[0].push(`${b.label} req/s`, `${b.label} p95`, `${b.label} p99`, "req/s ratio", "p95 ratio");
for (const [op, [metric, limit, cmp]] of Object.entries(targets)) {
  const s = a.ops[op];
  if (!s) continue;
  const met = cmp === ">=" ? s[metric] >= limit : s[metric] < limit;
  const row = [op, `${metric} ${cmp} ${limit}`, s.n, s.rps, s.p50, s.p95, s.p99, s.errors, met ? "yes" : "NO"].map(fmt);
  const p = b?.ops[op];
  if (b) row.push(fmt(p?.rps), fmt(p?.p95), fmt(p?.p99), p ? `${(s.rps / p.rps).toFixed(2)}x` : "-", p ? `${(p.p95 / s.p95).toFixed(2)}x` : "-");
  rows.push(row);
}
const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
for (const r of rows) console.log(r.map((c, i) => c.padEnd(w[i])).join("  "));
if (b) console.log(`ratios: Gatehouse/${b.label} throughput and ${b.label}/Gatehouse p95 latency (above 1 = Gatehouse faster)`);
