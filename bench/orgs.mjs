// Issue #2 targets against a running production build:
//   GET /api/v1/organizations (page of 50, with search)  p95 < 50 ms server time
//   POST /api/v1/organizations (with its audit event)    p95 < 20 ms
//   the organizations page                                < 300 ms to first byte
// Usage: BASE_URL=… BENCH_API_KEY=gh_… [BENCH_COOKIE="name=value; …"] node bench/orgs.mjs <label>
import { summary, timed } from "./lib.mjs";

const base = process.env.BASE_URL ?? "http://localhost:3200";
const key = process.env.BENCH_API_KEY;
const cookie = process.env.BENCH_COOKIE;
const label = process.argv[2] ?? "run";
const N = Number(process.env.BENCH_N ?? 300);
const auth = { authorization: `Bearer ${key}` };
const searches = ["bench", "org 00", "0042", "bench org 1", "7", "globex", "org 12", "bench9"];

async function listRun() {
  const server = [], client = [];
  for (let i = 0; i < N + 30; i++) {
    const q = new URLSearchParams({ search: searches[i % searches.length], limit: "50", page: String(1 + (i % 3)) });
    const r = await timed(`${base}/api/v1/organizations?${q}`, { headers: auth });
    if (r.res.status !== 200) throw new Error(`list ${r.res.status} ${r.body.slice(0, 200)}`);
    if (i >= 30) { server.push(r.server); client.push(r.total); }
  }
  return { server: summary(server), client: summary(client) };
}

async function createRun() {
  const server = [], client = [];
  const stamp = Date.now().toString(36);
  for (let i = 0; i < Math.min(N, 200) + 20; i++) {
    const r = await timed(`${base}/api/v1/organizations`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ name: `Bench Created ${stamp} ${i}` }),
    });
    if (r.res.status !== 201) throw new Error(`create ${r.res.status} ${r.body.slice(0, 200)}`);
    if (i >= 20) { server.push(r.server); client.push(r.total); }
  }
  return { server: summary(server), client: summary(client) };
}

async function pageRun() {
  if (!cookie) return null;
  const ttfb = [];
  for (let i = 0; i < 60; i++) {
    const r = await timed(`${base}/orgs?search=${encodeURIComponent(searches[i % searches.length])}`, { headers: { cookie } });
    if (r.res.status !== 200) throw new Error(`page ${r.res.status} (is the cookie valid?)`);
    if (i >= 10) ttfb.push(r.ttfb);
  }
  return { ttfb: summary(ttfb) };
}

const result = { label, list: await listRun(), create: await createRun(), page: await pageRun() };
console.log(JSON.stringify(result));
