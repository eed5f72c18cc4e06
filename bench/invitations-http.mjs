// Issue #3 targets against the running production build (bench/run.sh starts it):
//   a bulk invitation of 50 (validated, stored, queued for mail) < 500 ms
//   listing invitations when the organization holds 10,000: a page < 50 ms p95
// Usage: BASE_URL=… BENCH_API_KEY=gh_(platform) DATABASE_URL=… node bench/invitations-http.mjs
import pg from "pg";
import { randomUUID } from "node:crypto";
import { summary, timed } from "./lib.mjs";

const base = process.env.BASE_URL ?? "http://localhost:3200";
const headers = { authorization: `Bearer ${process.env.BENCH_API_KEY}`, "content-type": "application/json" };
const stamp = Date.now().toString(36);

const created = await timed(`${base}/api/v1/organizations`, { method: "POST", headers, body: JSON.stringify({ name: `Bench Invitations ${stamp}` }) });
if (created.res.status !== 201) throw new Error(`create org ${created.res.status} ${created.body}`);
const orgId = JSON.parse(created.body).id;

const bulk = { server: [], client: [] };
for (let i = 0; i < 25; i++) {
  const rows = Array.from({ length: 50 }, (_, j) => ({ email: `bulk-${stamp}-${i}-${j}@bench-invitees.test`, role: "member" }));
  const r = await timed(`${base}/api/v1/organizations/${orgId}/invitations/bulk`, { method: "POST", headers, body: JSON.stringify({ rows }) });
  if (r.res.status >= 300) throw new Error(`bulk ${r.res.status} ${r.body.slice(0, 300)}`);
  if (i >= 5) { bulk.server.push(r.server); bulk.client.push(r.total); }
}

// Top the organization up to 10,000 invitations straight through SQL.
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();
await client.query(
  `INSERT INTO invitation (id, "orgId", email, role, "tokenHash", status, "expiresAt", "sendCount", "createdAt", "updatedAt")
   SELECT gen_random_uuid(), $1, 'seeded-' || i || '@bench-invitees.test', 'member', md5($2 || i) || md5(i::text || $2), 'pending',
          now() + interval '7 days', 1, now() - (i || ' seconds')::interval, now()
   FROM generate_series(1, $3::int) AS i`,
  [orgId, randomUUID(), 10_000 - 25 * 50],
);
await client.query("ANALYZE invitation");
await client.end();

const list = { server: [], client: [] };
for (let i = 0; i < 230; i++) {
  const q = new URLSearchParams({ page: String(1 + ((i * 37) % 200)), limit: "50", ...(i % 4 === 0 ? { status: "pending" } : {}), ...(i % 5 === 0 ? { search: "seeded-9" } : {}) });
  const r = await timed(`${base}/api/v1/organizations/${orgId}/invitations?${q}`, { headers });
  if (r.res.status !== 200) throw new Error(`list ${r.res.status} ${r.body.slice(0, 200)}`);
  if (i >= 30) { list.server.push(r.server); list.client.push(r.total); }
}
console.log(JSON.stringify({ label: "invitations (10k in one org)", bulk50: { server: summary(bulk.server), client: summary(bulk.client) }, list: { server: summary(list.server), client: summary(list.client) } }));
