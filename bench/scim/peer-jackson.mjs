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

async function seed(d, tag) {
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
await seed(a, "a");
await seed(b, "b");

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
