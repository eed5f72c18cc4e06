// Issue #3 benchmark, in-process (no build needed): the REST handlers are called as Next.js would
// call them, against PostgreSQL. Measures a bulk invitation of 50 (validated, stored in one
// transaction, queued for mail: the development outbox, i.e. one insert) and listing a page of
// invitations when the organization holds 10,000. Server time = the handler's Server-Timing header.
//   LOG_LEVEL=warn DATABASE_URL=postgresql://… npx tsx bench/invitations.ts     (WIPES that database)
import { randomUUID } from "node:crypto";
import { db, disconnect } from "@/lib/db/client";
import { createApiKey, createOrg, resetDb } from "@/lib/db/testing/fixtures";
import { PERMISSIONS } from "@/lib/auth/permissions";
import { sha256 } from "@/lib/crypto";
import * as listRoute from "@/app/api/v1/organizations/[id]/invitations/route";
import * as bulkRoute from "@/app/api/v1/organizations/[id]/invitations/bulk/route";

if (!process.env.DATABASE_URL) throw new Error("Set DATABASE_URL to a scratch PostgreSQL database (it is wiped)");

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
async function call(handler: Handler, orgId: string, key: string, opts: { method?: string; query?: string; body?: unknown } = {}) {
  const req = new Request(`http://localhost/api/v1/organizations/${orgId}/invitations${opts.query ?? ""}`, {
    method: opts.method ?? "GET",
    headers: { authorization: `Bearer ${key}`, ...(opts.body ? { "content-type": "application/json" } : {}) },
    body: opts.body ? JSON.stringify(opts.body) : undefined,
  });
  const t = performance.now();
  const res = await handler(req, { params: Promise.resolve({ id: orgId }) });
  await res.text();
  const wall = performance.now() - t;
  if (res.status >= 300) throw new Error(`HTTP ${res.status}`);
  const server = Number(/dur=([\d.]+)/.exec(res.headers.get("server-timing") ?? "")?.[1] ?? wall);
  return { wall, server };
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(1)} ms, p95 ${pct(xs, 95).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms (n=${xs.length})`;

await resetDb();
const org = await createOrg("Bench Invitations");
const other = await createOrg("Bench Other");
const key = (await createApiKey(org.id, [...PERMISSIONS])).raw;

// Warm-up (module loading, first connections).
await call(listRoute.GET as Handler, org.id, key);

const bulk: number[] = [];
for (let run = 0; run < 10; run++) {
  const rows = Array.from({ length: 50 }, (_, i) => ({ email: `run${run}-person${i}@bench.test`, role: i % 5 ? "member" : "admin" }));
  bulk.push((await call(bulkRoute.POST as Handler, org.id, key, { method: "POST", body: { rows } })).server);
}

// 10,000 invitations in the organization (and 10,000 in another one), a realistic mix of states.
const c = await db();
const now = Date.now();
for (const orgId of [org.id, other.id]) {
  const have = await c.invitation.count({ where: { orgId } });
  for (let start = have; start < 10_000; start += 2_000) {
    await c.invitation.createMany({
      data: Array.from({ length: Math.min(2_000, 10_000 - start) }, (_, j) => {
        const i = start + j;
        const state = i % 10;
        return {
          id: randomUUID(), orgId, email: `seed${i}@bench${i % 50}.test`, role: "member", tokenHash: sha256(`${orgId}-${i}`),
          status: state < 6 ? "pending" : state < 8 ? "accepted" : "revoked",
          expiresAt: new Date(now + (state === 5 ? -1 : 1) * 86_400_000 * 3), createdAt: new Date(now - i * 60_000),
          sendCount: 1, lastSentAt: new Date(now - i * 60_000), invitedByLabel: "bench",
        };
      }),
    });
  }
}
await c.$executeRawUnsafe("ANALYZE invitation");

const lists: Record<string, number[]> = {};
const queries = {
  "first page (50)": "?limit=50",
  "page 100 (50)": "?limit=50&page=100",
  "status=pending": "?status=pending&limit=50",
  "status=expired": "?status=expired&limit=50",
  "search=bench7.test": "?search=bench7.test&limit=50",
};
for (const [name, q] of Object.entries(queries)) {
  lists[name] = [];
  for (let i = 0; i < 40; i++) lists[name]!.push((await call(listRoute.GET as Handler, org.id, key, { query: q })).server);
}

console.log(`\nIssue #3 benchmark (in-process handlers, PostgreSQL)`);
console.log(`bulk invitation of 50 rows, commit + outbox: ${fmt(bulk)}   target < 500 ms`);
for (const [name, xs] of Object.entries(lists)) console.log(`list 10,000 invitations, ${name.padEnd(20)} ${fmt(xs)}   target p95 < 50 ms`);
await disconnect();
