// Issue #6 benchmark: reconcile an organization of 100,000 imported directory users against the Okta
// contract server (generated population) with 1% of them changed; target < 120 s and < 500 MB.
//   DATABASE_URL=postgresql://app@127.0.0.1:54329/d4bench node bench/directory/reconcile.mjs
// BENCH_USERS (default 100000), BENCH_CHANGED (0.01). Three processes: the contract server, the seeder
// (multi-row INSERTs), and the measured reconciliation:
//   BENCH_MODE=in-process (default)  a service call (createRun + executeRun) in its own tsx process, through
//                                    the organization's real configuration (Okta adapter → contract server)
//   BENCH_MODE=http                  POST /api/v1/organizations/{id}/provisioning/runs {kind:"reconcile",wait:true}
//                                    to the production server scripts/server.ts (production build in NEXT_DIST_DIR=.next-bench-dir, port 3450;
//                                    BENCH_SKIP_BUILD=1 reuses it); RSS is the server's process tree.
// Results: bench/results/directory-reconcile-<time>.json.
import { spawn, execSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";

const url = process.env.DATABASE_URL ?? "postgresql://app@127.0.0.1:54329/d4bench";
const users = Number(process.env.BENCH_USERS ?? 100_000);
const changed = Number(process.env.BENCH_CHANGED ?? 0.01);
const mode = process.env.BENCH_MODE ?? "in-process";
// BENCH_KIND=import times a first import of the whole directory instead (in-process only).
const kind = process.env.BENCH_KIND ?? "reconcile";
const PORT = Number(process.env.BENCH_PORT ?? 3450);
const DIST = process.env.NEXT_DIST_DIR ?? ".next-bench-dir";
const env = { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1", LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" };
const dbName = new URL(url).pathname.slice(1);
const admin = new URL(url);
admin.pathname = "/postgres";
try {
  execSync(`psql "${admin}" -tAc "CREATE DATABASE \\"${dbName}\\""`, { stdio: "pipe" });
} catch {
  /* exists */
}
execSync("npx prisma migrate deploy", { env, stdio: "pipe" });

function lines(child, onLine) {
  createInterface({ input: child.stdout }).on("line", onLine);
  child.stderr.on("data", (d) => process.stderr.write(d));
}
function runTsx(args) {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["tsx", ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    lines(child, (l) => out.push(l));
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${args.join(" ")} exited ${code}\n${out.join("\n")}`))));
  });
}

const server = spawn("npx", ["tsx", "bench/directory/okta-server.mjs", String(users), String(changed)], { env, stdio: ["pipe", "pipe", "pipe"] });
const serverLines = [];
const waiters = [];
lines(server, (l) => {
  serverLines.push(l);
  waiters.splice(0).forEach((w) => w(l));
});
const nextServerLine = () => new Promise((r) => waiters.push(r));
let issuer;
while (!issuer) {
  const l = await nextServerLine();
  if (l.startsWith("READY ")) issuer = l.slice(6);
}
try {
  const seedOut = await runTsx(["bench/directory/seed.mjs", issuer]);
  const seedLine = seedOut.find((l) => l.startsWith("ORG "));
  console.log(seedLine);
  const orgId = seedLine.split(" ")[1];
  const apiKey = seedOut.find((l) => l.startsWith("KEY ")).slice(4);
  if (kind === "reconcile") {
    server.stdin.write("gen 1\n");
    await nextServerLine();
  }
  const result = mode === "http" ? await overHttp(orgId, apiKey) : JSON.parse((await runTsx(["bench/directory/measure.mjs", orgId, kind])).find((l) => l.startsWith("{")));
  const summary = { users, changedShare: changed, seed: seedLine, ...result };
  if (kind === "reconcile") {
    // Issue #6: reconcile 100,000 users (1% changed) in under 120 s with memory under 500 MB. The import has no target.
    summary.targets = { seconds: 120, rssMB: 500 };
    summary.pass = result.status === "succeeded" && result.seconds < 120 && result.peakRssMB < 500;
  }
  mkdirSync("bench/results", { recursive: true });
  const file = `bench/results/directory-${kind}-${new Date().toISOString().replace(/[-:]/g, "").slice(0, 15)}Z.json`;
  writeFileSync(file, JSON.stringify(summary, null, 2));
  console.log(JSON.stringify(summary, null, 2));
  console.log(`written ${file}`);
} finally {
  server.stdin.end();
  server.kill();
}

// ---- HTTP mode -------------------------------------------------------------------------------------

function treeStats(pid) {
  const read = (p) => {
    try {
      return readFileSync(`/proc/${p}/status`, "utf8");
    } catch {
      return "";
    }
  };
  const kb = (text, field) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(text)?.[1] ?? 0) * 1024;
  const children = (p) => {
    try {
      return readFileSync(`/proc/${p}/task/${p}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
    } catch {
      return [];
    }
  };
  let rss = 0;
  let hwm = 0;
  const stack = [String(pid)];
  while (stack.length) {
    const p = stack.pop();
    const st = read(p);
    rss += kb(st, "VmRSS");
    hwm = Math.max(hwm, kb(st, "VmHWM"));
    stack.push(...children(p));
  }
  return { rss, hwm };
}

async function overHttp(orgId, apiKey) {
  const webEnv = {
    ...env, NEXT_DIST_DIR: DIST, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", GATEHOUSE_DEV_INSECURE: "1",
    AUTH_SECRET: "bench-secret-bench-secret-bench-secret", APP_URL: `http://127.0.0.1:${PORT}`, AUTH_URL: `http://127.0.0.1:${PORT}`,
  };
  if (process.env.BENCH_SKIP_BUILD !== "1") execSync("node node_modules/next/dist/bin/next build", { env: webEnv, stdio: "inherit" });
  const web = spawn("node", ["--import", "tsx", "scripts/server.ts", "-H", "127.0.0.1", "-p", String(PORT)], { env: webEnv, stdio: ["ignore", "pipe", "pipe"], detached: true });
  web.stdout.on("data", () => {});
  web.stderr.on("data", (d) => process.stderr.write(d));
  try {
    const { waitFor } = await import("../lib.mjs");
    await waitFor(`http://127.0.0.1:${PORT}/login`);
    const base = treeStats(web.pid);
    let peak = base.rss;
    const timer = setInterval(() => (peak = Math.max(peak, treeStats(web.pid).rss)), 100);
    const t0 = performance.now();
    const res = await fetch(`http://127.0.0.1:${PORT}/api/v1/organizations/${orgId}/provisioning/runs`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ kind: "reconcile", wait: true }),
      signal: AbortSignal.timeout(600_000),
    });
    const body = await res.json();
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(timer);
    const end = treeStats(web.pid);
    const run = body.run ?? body;
    return {
      mode: "http (production server, production build)", httpStatus: res.status, seconds, status: run.status, error: run.error ?? body.error ?? null,
      processed: run.processed, total: run.total, counts: run.counts,
      baselineRssMB: base.rss / 2 ** 20, peakRssMB: Math.max(peak, end.rss) / 2 ** 20, vmHwmMB: end.hwm / 2 ** 20,
    };
  } finally {
    try {
      process.kill(-web.pid);
    } catch {
      /* gone */
    }
  }
}
