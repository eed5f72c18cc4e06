// Peer for bench/scim/scim.mjs: the directory-sync SCIM API of @boxyhq/saml-jackson, on the same PostgreSQL
// (its own database), analytics off. Installed outside the project:
//   mkdir -p /tmp/jackson && cd /tmp/jackson && npm init -y && npm install @boxyhq/saml-jackson
// Creates two directories (tenants a and b), seeds BENCH_USERS users into each through jackson's own SCIM handler,
// serves /api/scim/v2.0/<directoryId>/{Users,Groups}[/id] over HTTP (jackson's routing, as in its Next.js app),
// then runs scim.mjs against directory a.   Env: JACKSON_DIR (/tmp/jackson), JACKSON_DB_URL, BENCH_PEER_PORT (3251),
// BENCH_USERS (100000), BENCH_OUT (JSON file for scim.mjs).
import { createRequire } from "node:module";
import { createServer } from "node:http";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const dir = process.env.JACKSON_DIR ?? "/tmp/jackson";
const require = createRequire(`${dir}/package.json`);
const jacksonInit = require("@boxyhq/saml-jackson").default ?? require("@boxyhq/saml-jackson");
const PORT = Number(process.env.BENCH_PEER_PORT ?? 3251);
const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const url = process.env.JACKSON_DB_URL ?? "postgresql://app@127.0.0.1:54350/jackson";
const externalUrl = `http://127.0.0.1:${PORT}`;

for (const level of ["log", "info", "warn", "error"]) {
  const out = console[level];
  console[level] = (...args) => { if (!String(args[0]).startsWith("Webhook not configured")) out(...args); };
}
const { directorySyncController: dsync } = await jacksonInit({
  externalUrl,
  samlPath: "/api/oauth/saml",
  scimPath: "/api/scim/v2.0",
  db: { engine: "sql", type: "postgres", url, pageLimit: 100 },
  noAnalytics: true,
  logger: { info: () => {}, warn: () => {}, error: (m, e) => console.error(m, e) },
});

async function directory(tenant) {
  const { data, error } = await dsync.directories.create({ name: `bench ${tenant}`, tenant, product: "bench", type: "generic-scim-v2" });
  if (error) throw new Error(`directory: ${JSON.stringify(error)}`);
  return data;
}

async function handle(directoryId, apiSecret, method, rest, body, search) {
  const [resourceType, resourceId] = rest.split("/").filter(Boolean);
  const count = search.get("count");
  const startIndex = search.get("startIndex");
  return dsync.requests.handle({
    directoryId, method, body, resourceType: resourceType ?? "", resourceId, apiSecret,
    query: { count: count ? Number(count) : undefined, startIndex: startIndex ? Number(startIndex) : undefined, filter: search.get("filter") ?? undefined },
  });
}

const pg = require("pg");
const RIPEMD160 = require("ripemd160");
const digest = (k) => new RIPEMD160().update(k).digest("hex");

/**
 * Seeds USERS users straight into jackson's key-value tables, exactly as its Users.create → store.put writes them
 * (a jackson_store row keyed by the digest of the user id, plus the directoryIdUsername and directoryId indexes):
 * its SCIM handler manages ~150 creates/s here, too slow for 2 x 100,000. BENCH_PEER_API_SEED=1 seeds through it.
 */
async function seed(d, tag) {
  const t0 = Date.now();
  const ns = "dsync:users:" + tag + ":bench";
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const base = Date.now() - USERS;
  for (let from = 1; from <= USERS; from += 5000) {
    const keys = [], values = [], created = [], idxKeys = [], idxStore = [];
    for (let i = from; i < Math.min(from + 5000, USERS + 1); i++) {
      const email = `seed${tag}-${i}@seed.test`;
      const id = crypto.randomUUID();
      const raw = {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: email, externalId: `ext-${tag}-${i}`, active: true,
        displayName: `Seed User ${i}`, name: { givenName: "Seed", familyName: `User ${i}` }, emails: [{ value: email, type: "work", primary: true }], id,
      };
      const key = `${ns}:${digest(id)}`;
      keys.push(key);
      values.push(JSON.stringify({ first_name: "Seed", last_name: `User ${i}`, email, active: true, id, directoryId: d.id, raw }));
      created.push(new Date(base + i).toISOString());
      idxKeys.push(`${ns}:directoryIdUsername:${digest(`${d.id}:${email}`)}`, `${ns}:directoryId:${digest(d.id)}`);
      idxStore.push(key, key);
    }
    await client.query(
      `INSERT INTO jackson_store (key, value, namespace, "createdAt", "modifiedAt") SELECT k, v, $4, c::timestamp, c::timestamp FROM unnest($1::text[], $2::text[], $3::text[]) AS t(k, v, c)`,
      [keys, values, created, ns],
    );
    await client.query(`INSERT INTO jackson_index (key, "storeKey") SELECT * FROM unnest($1::text[], $2::text[])`, [idxKeys, idxStore]);
  }
  await client.query("VACUUM ANALYZE jackson_store");
  await client.query("VACUUM ANALYZE jackson_index");
  await client.end();
  console.error(`jackson: seeded ${USERS} users into ${tag} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

async function seedViaApi(d, tag) {
  const t0 = Date.now();
  let next = 1;
  await Promise.all(Array.from({ length: 16 }, async () => {
    for (let i = next++; i <= USERS; i = next++) {
      const email = `seed${tag}-${i}@seed.test`;
      const r = await handle(d.id, d.scim.secret, "POST", "Users", {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: email, externalId: `ext-${tag}-${i}`, active: true,
        displayName: `Seed User ${i}`, name: { givenName: "Seed", familyName: `User ${i}` }, emails: [{ value: email, type: "work", primary: true }],
      }, new URLSearchParams());
      if (r.status !== 201) throw new Error(`seed ${r.status} ${JSON.stringify(r.data).slice(0, 200)}`);
    }
  }));
  console.error(`jackson: seeded ${USERS} users into ${tag} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

const a = await directory("a");
const b = await directory("b");
const seeder = process.env.BENCH_PEER_API_SEED === "1" ? seedViaApi : seed;
await seeder(a, "a");
await seeder(b, "b");

const server = createServer(async (req, res) => {
  try {
    const u = new URL(req.url, externalUrl);
    const m = /^\/api\/scim\/v2\.0\/([^/]+)\/(.*)$/.exec(u.pathname);
    if (!m) { res.writeHead(404).end(); return; }
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const text = Buffer.concat(chunks).toString("utf8");
    const apiSecret = (req.headers.authorization ?? "").replace(/^Bearer\s+/i, "") || null;
    const out = await handle(m[1], apiSecret, req.method, m[2], text ? JSON.parse(text) : undefined, u.searchParams);
    res.writeHead(out.status, { "content-type": "application/scim+json" }).end(out.data === undefined ? "" : JSON.stringify(out.data));
  } catch (e) {
    res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ detail: String(e) }));
  }
});
await new Promise((r) => server.listen(PORT, "127.0.0.1", r));

const script = fileURLToPath(new URL("./scim.mjs", import.meta.url));
const child = spawn(process.execPath, [script, `${externalUrl}/api/scim/v2.0/${a.id}`, a.scim.secret, "jackson"], { stdio: "inherit", env: process.env });
const code = await new Promise((r) => child.on("exit", r));
server.close();
process.exit(code ?? 1);
