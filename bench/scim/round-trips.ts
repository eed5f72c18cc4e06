// Database round trips per SCIM request, by operation (issue #5 performance work): calls the /scim/v2
// route handlers in-process and counts the statements node-postgres sends (BEGIN/COMMIT included), on
// a throwaway organization with 2,000 users. Writes happen after the response too (activity log batch,
// lastUsedAt): those are counted separately as "later".
//   DATABASE_URL=postgresql://app@127.0.0.1:54329/<yours> npx tsx bench/scim/round-trips.ts
import pg from "pg";

let count = 0;
const original = pg.Client.prototype.query;
(pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown }).query = function (this: pg.Client, ...args: unknown[]) {
  count++;
  return (original as (...a: unknown[]) => unknown).apply(this, args);
};

const { db, disconnect } = await import("@/lib/db/client");
const { createOrg, resetDb } = await import("@/lib/db/testing/fixtures");
const { createScimToken, bulkDirectoryUsers, scim } = await import("@/lib/db/testing/scim-fixtures");
const { resetScimRateLimiter } = await import("@/lib/http/scim");
const Users = await import("@/app/scim/v2/Users/[[...id]]/route");
const Groups = await import("@/app/scim/v2/Groups/[[...id]]/route");

if (process.argv.includes("--reset")) await resetDb();
resetScimRateLimiter();
const org = await createOrg(`round trips ${Date.now()}`);
const { raw: token } = await createScimToken(org.id);
const ids = await bulkDirectoryUsers(org.id, 2000, `rt${Date.now()}-`);
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

async function measure(label: string, fn: (i: number) => Promise<{ status: number }>, n = 5) {
  await fn(-1); // warm: token cache, JIT
  await new Promise((r) => setTimeout(r, 100));
  let during = 0;
  let later = 0;
  for (let i = 0; i < n; i++) {
    const before = count;
    const r = await fn(i);
    if (r.status >= 300) throw new Error(`${label}: ${r.status}`);
    during += count - before;
    const mid = count;
    await new Promise((res) => setTimeout(res, 60));
    later += count - mid;
  }
  console.log(`${label.padEnd(28)} ${(during / n).toFixed(1).padStart(5)} round trips   + ${(later / n).toFixed(1)} later`);
}

let k = 0;
const created: string[] = [];
await measure("POST /Users", async () => {
  const userName = `rt-${Date.now()}-${k++}@rt.test`;
  const r = await scim(Users.POST, { method: "POST", path: "/Users", token, body: { schemas: [USER], userName, emails: [{ value: userName, type: "work", primary: true }], name: { givenName: "R", familyName: "T" } } });
  created.push(r.json.id);
  return r;
});
await measure("GET /Users/{id}", (i) => scim(Users.GET, { path: `/Users/${ids[(i + 7) * 13]}`, token }));
await measure("GET /Users?filter=userName eq", (i) => scim(Users.GET, { path: `/Users?filter=${encodeURIComponent(`userName eq "${created[Math.max(0, i)]}"`)}`, token }));
await measure("GET /Users?startIndex=1", () => scim(Users.GET, { path: `/Users?startIndex=1&count=100`, token }));
await measure("GET /Users?startIndex=1900", () => scim(Users.GET, { path: `/Users?startIndex=1900&count=100`, token }));
const g = await scim(Groups.POST, { method: "POST", path: "/Groups", token, body: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: `rt ${Date.now()}` } });
let from = 0;
await measure("PATCH /Groups add 100", () => {
  const value = ids.slice(from, (from += 100)).map((id) => ({ value: id }));
  return scim(Groups.PATCH, { method: "PATCH", path: `/Groups/${g.json.id}`, token, body: { schemas: [PATCH], Operations: [{ op: "add", path: "members", value }] } });
});
let d = 0;
await measure("DELETE /Users/{id}", () => scim(Users.DELETE, { method: "DELETE", path: `/Users/${created[d++]}`, token }), 4);
await (await db()).organization.delete({ where: { id: org.id } });
await disconnect();
process.exit(0);
