// Issue #6 benchmark: "Preview of 50 users under 2 s against the contract servers". For every provider's
// contract server with a generated population (BENCH_USERS, default 10,000 users; 20 groups), times
// BENCH_RUNS (20) previews for the filter "all" and for one group, against a production build.
//   DATABASE_URL=postgresql://app@127.0.0.1:54329/d3 node bench/directory/preview.mjs
// Empties the given (scratch) database, seeds one organization and an API key, builds (NEXT_DIST_DIR=
// .next-bench-dir; BENCH_SKIP_BUILD=1 reuses it) and starts the production server (scripts/server.ts) on port 3450, then per provider:
// PUT /api/v1/organizations/{id}/provisioning (provider fields + the mapping set below), then
// POST …/provisioning/preview. Client wall time (loopback HTTP included) and Server-Timing app;dur.
//
// Entra and Google: their hosts are fixed (Entra: login/graph hosts per `cloud`; Google: admin.googleapis.com,
// only the token URL follows the key's token_uri), so a stored configuration cannot point the server at a
// loopback contract server. Those two are measured IN-PROCESS (mode "in-process (tsx)"): the same stored
// configuration (saved through the same PUT), directoryAdapterFor(ctx, { endpoints }) with the contract
// server's hosts, then previewImport — the route's service call without HTTP and Next. SailPoint ISC
// accepts a stored `baseUrl` (its API host), so it runs over HTTP like the others. BENCH_INPROC=all also
// times every provider in-process (the engine without the web server).
//
// Processes: the contract servers (one tsx process), the web server, the in-process runner, this driver.
// Results: bench/results/directory-preview-<time>.json and a printed table; target p95 < 2 s everywhere.
import { spawn, execSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { loadavg, cpus } from "node:os";

const USERS = Number(process.env.BENCH_USERS ?? 10_000);
const GROUPS = 20;
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const WARMUP = 2;
const TARGET_MS = 2000;
const GROUP_NAME = "Team 05";

/** The organization's mapping set: a role from a group and from a department, teams from a group and a title, a business unit per department. */
const MAPPINGS = {
  attributeRoleMappings: [
    { attributeType: "group", attributeValue: "Team 02", role: "admin" },
    { attributeType: "user", attributeName: "department", attributeValue: "Security", role: "admin" },
    { attributeType: "user", attributeValue: "*", role: "member" },
  ],
  attributeTeamMappings: [
    { attributeType: "group", attributeValue: "Team 03", team: "Platform" },
    { attributeType: "user", attributeName: "title", attributeValue: "Manager", team: "Managers" },
  ],
  attributeBusinessUnitMappings: ["Engineering", "Sales", "Marketing", "Finance", "Support", "Legal", "People", "Operations", "Product", "Design", "Security", "Research"].map((d) => ({
    attributeType: "user",
    attributeName: "department",
    attributeValue: d,
    businessUnit: `${d} BU`,
  })),
};

const role = process.argv[2];
if (role === "servers") await servers();
else if (role === "seed") await seed();
else if (role === "inproc") await inProcess(process.argv[3], JSON.parse(process.argv[4]));
else await main();

// ---- contract servers (tsx) ------------------------------------------------------------------------

async function servers() {
  const { createOktaContract } = await import("../../lib/directory/testing/contract/okta.ts");
  const { createEntraContract } = await import("../../lib/directory/testing/contract/entra.ts");
  const { createKeycloakContract } = await import("../../lib/directory/testing/contract/keycloak.ts");
  const { createZitadelContract } = await import("../../lib/directory/testing/contract/zitadel.ts");
  const { createGoogleContract } = await import("../../lib/directory/testing/contract/google.ts");
  const { createSailPointIscContract, createSailPointIiqContract } = await import("../../lib/directory/testing/contract/sailpoint.ts");
  const generate = { users: Number(process.argv[3]), groups: GROUPS, seed: 7 };
  const groupId = (s) => s.population.groups.find((g) => g.name === GROUP_NAME)?.id;
  const all = {};
  const okta = await createOktaContract({ apiToken: "bench-token", generate });
  all.okta = { server: okta, http: true, config: { provider: "okta", issuerUrl: okta.issuerUrl, apiToken: "bench-token" } };
  const tenantId = "5f2c1c8e-1111-4222-8333-944455556666";
  const entra = await createEntraContract({ tenantId, clientId: "app-1", clientSecret: "secret-1", generate });
  all.entra = { server: entra, http: false, endpoints: { login: entra.url, graph: entra.url }, config: { provider: "entra", tenantId, clientId: "app-1", clientSecret: "secret-1", cloud: "commercial" } };
  const kc = await createKeycloakContract({ realm: "acme", clientId: "gatehouse", clientSecret: "kc-secret", generate });
  all.keycloak = { server: kc, http: true, config: { provider: "keycloak", serverUrl: kc.url, realm: "acme", clientId: "gatehouse", clientSecret: "kc-secret" } };
  const z = await createZitadelContract({ generate });
  all.zitadel = { server: z, http: true, config: { provider: "zitadel", domain: z.domain, projectId: z.projectId, serviceAccountClientId: z.clientId, serviceAccountClientSecret: z.clientSecret } };
  const g = await createGoogleContract({ generate });
  all.google = { server: g, http: false, endpoints: g.endpoints, config: { provider: "google", domain: g.domain, adminEmail: g.adminEmail, serviceAccountJson: JSON.stringify(g.serviceAccountKey) } };
  const isc = await createSailPointIscContract({ generate });
  // ISC's stored baseUrl is its API host: the server itself can be pointed at loopback.
  all["sailpoint-isc"] = { server: isc, http: true, endpoints: isc.endpoints, config: { provider: "sailpoint", product: "isc", tenant: "acme", clientId: isc.clientId, clientSecret: isc.clientSecret, baseUrl: isc.url } };
  const iiq = await createSailPointIiqContract({ generate });
  all["sailpoint-iiq"] = { server: iiq, http: true, config: { provider: "sailpoint", product: "iiq", baseUrl: iiq.baseUrl, username: iiq.username, password: iiq.password } };
  const out = Object.fromEntries(Object.entries(all).map(([k, v]) => [k, { http: v.http, endpoints: v.endpoints ?? null, config: v.config, groupId: groupId(v.server) }]));
  console.log(`SERVERS ${JSON.stringify(out)}`);
  createInterface({ input: process.stdin }).on("line", (line) => {
    if (line.trim() === "count") console.log(`COUNT ${JSON.stringify(Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v.server.requestCount])))}`);
  });
  process.stdin.on("end", () => Promise.all(Object.values(all).map((v) => v.server.close())).then(() => process.exit(0)));
}

// ---- seed (tsx): an empty database, one organization, one API key ---------------------------------------

async function seed() {
  const { createApiKey, createOrg, resetDb } = await import("../../lib/db/testing/fixtures.ts");
  const { disconnect } = await import("../../lib/db/client.ts");
  await resetDb();
  const org = await createOrg(`Preview bench ${Date.now()}`);
  const key = await createApiKey(org.id, ["provisioning:read", "provisioning:manage"]);
  console.log(`ORG ${org.id}`);
  console.log(`KEY ${key.raw}`);
  await disconnect();
}

// ---- in-process runner (tsx): the stored configuration with the contract server's hosts ------------------

async function inProcess(orgId, job) {
  const { orgContextForJob } = await import("../../lib/auth/org-context.ts");
  const { directoryAdapterFor } = await import("../../lib/provisioning/service.ts");
  const { previewImport } = await import("../../lib/directory-sync/service.ts");
  const { disconnect } = await import("../../lib/db/client.ts");
  const ctx = await orgContextForJob(orgId, "bench");
  const results = [];
  for (const filter of job.filters) {
    const times = [];
    let last = null;
    for (let i = 0; i < WARMUP + job.runs; i++) {
      const t0 = performance.now();
      // As the route does per request: read + resolve the stored configuration, a fresh adapter (and token).
      const { adapter } = await directoryAdapterFor(ctx, job.endpoints ? { endpoints: job.endpoints } : {});
      last = await previewImport(ctx, filter, { adapter });
      if (i >= WARMUP) times.push(performance.now() - t0);
    }
    results.push({ filter, times, users: last.users.map((u) => ({ outcome: u.outcome })), hasMore: last.hasMore, counts: last.counts });
  }
  console.log(`RESULT ${JSON.stringify(results)}`);
  await disconnect();
}

// ---- driver (node) -------------------------------------------------------------------------------------

async function main() {
  const { summary, serverTime, waitFor } = await import("../lib.mjs");
  const url = process.env.DATABASE_URL ?? "postgresql://app@127.0.0.1:54329/d3";
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
  const load = () => loadavg().map((x) => Math.round(x * 100) / 100);
  const startLoad = load();

  const tsx = (args, opts = {}) => spawn("npx", ["tsx", "bench/directory/preview.mjs", ...args], { env, stdio: ["pipe", "pipe", "pipe"], ...opts });
  const linesOf = (child) => {
    const waiters = [];
    const seen = [];
    let exited = null;
    child.once("close", (code) => {
      exited = code ?? "signal";
      for (const w of waiters.splice(0)) w(null);
    });
    createInterface({ input: child.stdout }).on("line", (l) => {
      seen.push(l);
      for (const w of waiters.splice(0)) w(l);
    });
    child.stderr.on("data", (d) => process.stderr.write(d));
    return {
      seen,
      next: (prefix) =>
        new Promise((resolve, reject) => {
          const hit = seen.findIndex((l) => l.startsWith(prefix));
          if (hit >= 0) return resolve(seen.splice(hit, 1)[0].slice(prefix.length));
          const fail = () => reject(new Error(`tsx child exited ${exited} before ${prefix}`));
          if (exited !== null) return fail();
          const wait = (l) => (l === null ? fail() : l.startsWith(prefix) ? (seen.splice(seen.indexOf(l), 1), resolve(l.slice(prefix.length))) : waiters.push(wait));
          waiters.push(wait);
        }),
    };
  };

  const srv = tsx(["servers", String(USERS)]);
  const srvOut = linesOf(srv);
  const providers = JSON.parse(await srvOut.next("SERVERS "));
  const requestCounts = async () => {
    srv.stdin.write("count\n");
    return JSON.parse(await srvOut.next("COUNT "));
  };
  let web = null;
  try {
    const seeder = tsx(["seed"]);
    const seedOut = linesOf(seeder);
    const orgId = await seedOut.next("ORG ");
    const apiKey = await seedOut.next("KEY ");
    console.log(`organization ${orgId}; ${USERS} users, ${GROUPS} groups per contract server; load average ${startLoad.join(" ")} on ${cpus().length} cores`);

    const webEnv = {
      ...env, NEXT_DIST_DIR: DIST, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", GATEHOUSE_DEV_INSECURE: "1",
      AUTH_SECRET: "bench-secret-bench-secret-bench-secret", APP_URL: `http://127.0.0.1:${PORT}`, AUTH_URL: `http://127.0.0.1:${PORT}`,
    };
    if (process.env.BENCH_SKIP_BUILD !== "1") execSync("node node_modules/next/dist/bin/next build", { env: webEnv, stdio: "inherit" });
    web = spawn("node", ["--import", "tsx", "scripts/server.ts", "-H", "127.0.0.1", "-p", String(PORT)], { env: webEnv, stdio: ["ignore", "pipe", "pipe"], detached: true });
    web.stdout.on("data", () => {});
    web.stderr.on("data", (d) => process.stderr.write(d));
    await waitFor(`http://127.0.0.1:${PORT}/login`);

    const base = `http://127.0.0.1:${PORT}/api/v1/organizations/${orgId}/provisioning`;
    const headers = { authorization: `Bearer ${apiKey}`, "content-type": "application/json" };
    const rows = [];
    const inprocAll = process.env.BENCH_INPROC === "all";
    for (const [name, p] of Object.entries(providers)) {
      const put = await fetch(base, { method: "PUT", headers, body: JSON.stringify({ ...p.config, enabled: true, ...MAPPINGS }) });
      if (!put.ok) throw new Error(`${name}: PUT provisioning ${put.status} ${await put.text()}`);
      const filters = [{ kind: "all" }, { kind: "groups", groupIds: [p.groupId] }];
      if (p.http) {
        for (const filter of filters) {
          const client = [];
          const server = [];
          let last = null;
          const before = (await requestCounts())[name];
          for (let i = 0; i < WARMUP + RUNS; i++) {
            const t0 = performance.now();
            const res = await fetch(`${base}/preview`, { method: "POST", headers, body: JSON.stringify({ filter }), signal: AbortSignal.timeout(60_000) });
            const body = await res.json();
            const ms = performance.now() - t0;
            if (!res.ok) throw new Error(`${name} ${filter.kind}: preview ${res.status} ${JSON.stringify(body)}`);
            last = body;
            if (i >= WARMUP) client.push(ms), server.push(serverTime(res));
          }
          const requests = ((await requestCounts())[name] - before) / (WARMUP + RUNS);
          rows.push(row(name, "http (production server)", filter, client, server, last, requests));
          printRow(rows.at(-1));
        }
      }
      if (!p.http || inprocAll) {
        for (const filter of filters) {
          const before = (await requestCounts())[name];
          const child = tsx(["inproc", orgId, JSON.stringify({ endpoints: p.endpoints, filters: [filter], runs: RUNS })]);
          const [r] = JSON.parse(await linesOf(child).next("RESULT "));
          const requests = ((await requestCounts())[name] - before) / (WARMUP + RUNS);
          rows.push(row(name, p.http ? "in-process (tsx)" : "in-process (tsx): fixed hosts, endpoint overrides", r.filter, r.times, [], r, requests));
          printRow(rows.at(-1));
        }
      }
    }
    const endLoad = load();
    const pass = rows.every((r) => r.pass);
    const result = {
      benchmark: "directory preview (issue #6: preview of 50 users under 2 s)",
      at: new Date().toISOString(), users: USERS, groups: GROUPS, runsPerFilter: RUNS, warmupExcluded: WARMUP, groupFilter: GROUP_NAME,
      mappings: MAPPINGS, cores: cpus().length, loadAverage: { start: startLoad, end: endLoad },
      notes: "Entra and Google cannot be pointed at loopback through a stored configuration (fixed hosts): measured in-process with the adapter's endpoint overrides. Client time includes loopback HTTP; server = Server-Timing app;dur.",
      targetMs: TARGET_MS, pass, rows,
    };
    mkdirSync("bench/results", { recursive: true });
    const file = `bench/results/directory-preview-${new Date().toISOString().replace(/[-:]/g, "").slice(0, 15)}Z.json`;
    writeFileSync(file, JSON.stringify(result, null, 2));
    console.log(`\nload average ${startLoad.join(" ")} → ${endLoad.join(" ")} (${cpus().length} cores); ${pass ? "PASS" : "FAIL"}: every p95 < ${TARGET_MS} ms`);
    console.log(`written ${file}`);
  } finally {
    srv.stdin.end();
    if (web) {
      try {
        process.kill(-web.pid);
      } catch {
        /* gone */
      }
    }
  }

  function row(provider, mode, filter, client, server, last, requests) {
    const s = summary(client);
    const sv = server.filter((x) => Number.isFinite(x));
    return {
      provider, mode, filter: filter.kind === "all" ? "all" : `group ${GROUP_NAME}`,
      client: s, server: sv.length ? summary(sv) : null,
      users: last.users.length, hasMore: last.hasMore, counts: last.counts,
      directoryRequestsPerPreview: Math.round(requests * 10) / 10,
      pass: s.p95 < TARGET_MS,
    };
  }
  function printRow(r) {
    if (!printRow.header) {
      printRow.header = true;
      console.log(`\n${"provider".padEnd(14)} ${"mode".padEnd(18)} ${"filter".padEnd(14)} ${"p50".padStart(7)} ${"p95".padStart(7)} ${"max".padStart(7)} ${"srv p50".padStart(8)} ${"srv p95".padStart(8)} ${"req/prev".padStart(8)} users  ok`);
    }
    const f = (x) => (x == null ? "-" : String(Math.round(x))).padStart(7);
    console.log(
      `${r.provider.padEnd(14)} ${(r.mode.startsWith("http") ? "http" : r.mode.includes("fixed") ? "in-process*" : "in-process").padEnd(18)} ${r.filter.padEnd(14)} ${f(r.client.p50)} ${f(r.client.p95)} ${f(r.client.max)} ${f(r.server?.p50).padStart(8)} ${f(r.server?.p95).padStart(8)} ${String(r.directoryRequestsPerPreview).padStart(8)} ${String(r.users).padStart(5)}  ${r.pass ? "yes" : "NO"}`,
    );
  }
}
