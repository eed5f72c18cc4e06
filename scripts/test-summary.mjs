// Adds up every tier's results into the one closing line CI reads: "N passed, N failed".
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

const dir = process.argv[2];
let passed = 0, failed = 0, skipped = 0;
const rows = [];
const read = (f) => (existsSync(path.join(dir, f)) ? JSON.parse(readFileSync(path.join(dir, f), "utf8")) : null);

for (const [tier, file] of [["unit", "unit.json"], ["integration", "int.json"]]) {
  const r = read(file);
  if (!r) { rows.push(`${tier}: no results`); failed++; continue; }
  const p = r.numPassedTests ?? 0, f = (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0) + (r.success === false && !r.numFailedTests ? 1 : 0), s = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  passed += p; failed += f; skipped += s; rows.push(`${tier}: ${p} passed, ${f} failed`);
}
for (const [tier, file] of [["typecheck", "typecheck.count"], ["build", "build.count"]]) {
  const r = read(file);
  if (!r) { rows.push(`${tier}: not run`); failed++; continue; }
  passed += r.passed; failed += r.failed; rows.push(`${tier}: ${r.passed ? "ok" : "FAILED"}`);
}
const conf = read("scim-conformance.count");
if (!conf) { rows.push("SCIM conformance: not run"); failed++; }
else { passed += conf.passed; failed += conf.failed; rows.push(`SCIM conformance: ${conf.passed} passed, ${conf.failed} failed`); }
const e = read("e2e.json");
if (!e) { rows.push("e2e: no results"); failed++; }
else {
  const st = e.stats ?? {};
  const p = (st.expected ?? 0) + (st.flaky ?? 0), f = (st.unexpected ?? 0) + (e.errors?.length ?? 0), s = st.skipped ?? 0;
  passed += p; failed += f; skipped += s; rows.push(`e2e: ${p} passed, ${f} failed`);
}
console.log("\n== summary");
for (const r of rows) console.log("  " + r);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed ? 1 : 0);
