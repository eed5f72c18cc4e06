// Issue #4 benchmark over HTTP against a production build: the SSO callback (target p95 < 100 ms
// excluding the provider's own time), for JIT sign-ins (user + membership + teams/business units + identity
// + session) and for returning users (mappings re-evaluated). No browser: each sign-in follows the redirects
// by hand with two cookie jars (app, IdP):
//   email-first step (the login page's server action) -> IdP authorize -> IdP login form (oidc-provider's
//   dev interaction) -> resume -> /api/auth/callback/sso-<orgId>   <- measured
// The provider's token endpoint is reached through a timing proxy in this process, so the report splits the
// callback into the token request and the rest (our server's own time).
//
//   DATABASE_URL=postgresql://app@127.0.0.1:54329/<scratch db> npm run bench:sso
//   (= npx tsx bench/sso-callback-http.mjs; BENCH_SKIP_BUILD=1 reuses .next-bench-sso; BENCH_USERS=200, BENCH_WARMUP=20;
//    BENCH_PORT=3300, BENCH_IDP_PORT=3301)
import { spawn, spawnSync } from "node:child_process";
import { createServer, request as httpRequest } from "node:http";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { summary, waitFor } from "./lib.mjs";

if (!process.env.DATABASE_URL) throw new Error("Set DATABASE_URL to a scratch PostgreSQL database (it is migrated and written to)");
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const DIST = ".next-bench-sso";
const PORT = Number(process.env.BENCH_PORT ?? 3300);
const IDP_PORT = Number(process.env.BENCH_IDP_PORT ?? 3301);
const USERS = Number(process.env.BENCH_USERS ?? 200);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 20);
const APP = `http://localhost:${PORT}`;
const IDP = `http://127.0.0.1:${IDP_PORT}`;
const SECRETS = {
  AUTH_SECRET: "bench-sso-secret-bench-sso-secret-0123456789",
  ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
};
// The seeding below encrypts the client secret: same key as the server.
Object.assign(process.env, SECRETS, { APP_URL: APP, GATEHOUSE_DEV_INSECURE: "1" });

const children = [];
function start(cmd, args, env, log) {
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: false });
  const out = [];
  child.stdout.on("data", (d) => out.push(d));
  child.stderr.on("data", (d) => out.push(d));
  child.on("exit", () => writeFileSync(log, Buffer.concat(out)));
  children.push(child);
  return child;
}
async function stopAll() {
  for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
  await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once("exit", r)) : null)));
}
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => stopAll().then(() => process.exit(130)));

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${(r.stdout ?? "").slice(-4000)}\n${(r.stderr ?? "").slice(-4000)}`);
}

if (process.env.BENCH_SKIP_BUILD !== "1") {
  console.error(`building into ${DIST} (next build)…`);
  run("npx", ["next", "build"], { NEXT_DIST_DIR: DIST, NEXT_TELEMETRY_DISABLED: "1" });
}
run("npx", ["prisma", "migrate", "deploy"], { CHECKPOINT_DISABLE: "1" });

// ---- the identity provider, and a timing proxy in front of its token endpoint ----------------------------
start(process.execPath, ["e2e/fixtures/idp-orgs.mjs"], { IDP_PORT: String(IDP_PORT) }, "/tmp/gatehouse-bench-sso-idp.log");
await waitFor(`${IDP}/__admin/health`, 20_000);
const tokenTimes = [];
const proxy = createServer((req, res) => {
  const t0 = performance.now();
  const up = httpRequest(`${IDP}${req.url}`, { method: req.method, headers: { ...req.headers, host: `127.0.0.1:${IDP_PORT}` } }, (r) => {
    res.writeHead(r.statusCode ?? 502, r.headers);
    r.pipe(res);
    r.on("end", () => tokenTimes.push(performance.now() - t0));
  });
  req.pipe(up);
});
await new Promise((r) => proxy.listen(0, "127.0.0.1", r));
const TOKEN_PROXY = `http://127.0.0.1:${proxy.address().port}`;

// ---- seed: an organization whose Okta-shaped connection maps roles, teams and business units -----------
const { createOrg } = await import("../lib/db/testing/fixtures.ts");
const { ssoRows } = await import("../lib/db/testing/sso-fixtures.ts");
const { orgContextForJob } = await import("../lib/auth/org-context.ts");
const { putProvider } = await import("../lib/sso/service.ts");
const { ssoConfigSchema } = await import("../lib/sso/schemas.ts");
const { redirectUriFor } = await import("../lib/sso/runtime.ts");
const { disconnect } = await import("../lib/db/client.ts");

const org = await createOrg(`SSO HTTP bench ${Date.now()}`);
const domain = `bench-${org.id.slice(0, 8)}.example`;
await ssoRows.verifiedDomain(org.id, domain, { routing: true });
const clientId = `bench-${org.id.slice(0, 8)}`;
const admin = async (route, body) => {
  const r = await fetch(`${IDP}/__admin/${route}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`IdP ${route}: ${r.status} ${await r.text()}`);
};
await admin("clients", { client_id: clientId, client_secret: "bench-secret", redirect_uri: redirectUriFor(APP, org.id), shape: "okta" });
await putProvider(await orgContextForJob(org.id), ssoConfigSchema.parse({
  provider: "okta", issuerUrl: IDP, clientId, clientSecret: "bench-secret",
  attributeRoleMappings: [
    { attributeType: "group", attributeValue: "Gatehouse Admins", role: "admin" },
    { attributeType: "user", attributeName: "department", attributeValue: "Finance", role: "member" },
    { attributeType: "user", attributeValue: "*", role: "member" },
  ],
  attributeTeamMappings: [
    { attributeType: "group", attributeValue: "Engineering", team: "Platform" },
    { attributeType: "group", attributeValue: "Design", team: "Studio" },
  ],
  attributeBusinessUnitMappings: [{ attributeType: "user", attributeName: "department", attributeValue: "R&D", businessUnit: "Research" }],
}));
// The discovery cache Verify would store, except that the token endpoint goes through the timing proxy.
const discovery = await (await fetch(`${IDP}/.well-known/openid-configuration`)).json();
await ssoRows.setEndpoints(org.id, { ...discovery, token_endpoint: `${TOKEN_PROXY}/token` });
await disconnect();
console.error(`seeded ${org.name}; starting the production server on ${APP}…`);

// ---- the production server ------------------------------------------------------------------------------
start(process.execPath, ["--import", "tsx", "scripts/server.ts", "-H", "127.0.0.1", "-p", String(PORT)], {
  ...SECRETS, NEXT_DIST_DIR: DIST, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production",
  APP_URL: APP, AUTH_URL: APP, GATEHOUSE_DEV_INSECURE: "1", LOG_LEVEL: "warn",
}, "/tmp/gatehouse-bench-sso-server.log");
// Refuse to measure someone else's server that happens to listen on the port.
await new Promise((r) => setTimeout(r, 300));
if (children.at(-1).exitCode !== null) throw new Error(`the server exited (port ${PORT} in use?): see /tmp/gatehouse-bench-sso-server.log`);
await waitFor(`${APP}/login`);
console.error(`server up; ${USERS} JIT sign-ins, then ${USERS} returning…`);

// The email-first step is a server action: its id comes from the build's manifest.
const manifest = JSON.parse(readFileSync(path.join(ROOT, DIST, "server/server-reference-manifest.json"), "utf8"));
const actionId = Object.entries(manifest.node ?? {}).find(([, v]) => Object.keys(v.workers ?? {}).some((w) => w.includes("login")) && v.exportedName === "emailStepAction")?.[0]
  ?? Object.entries(manifest.node ?? {}).find(([, v]) => v.exportedName === "emailStepAction")?.[0];
if (!actionId) throw new Error("emailStepAction not found in the server reference manifest");

// ---- one sign-in, by hand -------------------------------------------------------------------------------
class Jar {
  cookies = new Map();
  take(res) {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(";");
      const i = pair.indexOf("=");
      const name = pair.slice(0, i).trim();
      const gone = attrs.some((a) => /^\s*max-age=0/i.test(a) || /^\s*expires=thu, 01 jan 1970/i.test(a));
      if (gone) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(i + 1));
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

async function go(jar, url, init = {}) {
  const res = await fetch(url, { redirect: "manual", ...init, headers: { ...(init.headers ?? {}), cookie: jar.header() } });
  jar.take(res);
  return res;
}

async function signIn(email) {
  const app = new Jar();
  const idp = new Jar();
  const step = await go(app, `${APP}/login`, {
    method: "POST",
    headers: { "next-action": actionId, accept: "text/x-component", "content-type": "text/plain;charset=UTF-8" },
    body: JSON.stringify([{ email }]),
  });
  await step.arrayBuffer();
  const authorize = (step.headers.get("x-action-redirect") ?? "").split(";")[0];
  if (!authorize.startsWith(IDP)) throw new Error(`the email step did not redirect to the IdP (HTTP ${step.status}, ${authorize || "no redirect"})`);

  let res = await go(idp, authorize);
  let next = new URL(res.headers.get("location"), IDP).href; // /interaction/<uid>
  res = await go(idp, next);
  await res.text();
  res = await go(idp, next, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ prompt: "login", login: email, password: "x" }) });
  // resume (and the consent the fixture grants itself) until the provider sends the browser back to us
  for (let i = 0; i < 5; i++) {
    next = new URL(res.headers.get("location"), IDP).href;
    if (next.startsWith(APP)) break;
    res = await go(idp, next);
    await res.text();
  }
  if (!next.startsWith(`${APP}/api/auth/callback/`)) throw new Error(`the IdP did not return to the callback: ${next}`);

  const tokensBefore = tokenTimes.length;
  const t0 = performance.now();
  res = await go(app, next);
  await res.arrayBuffer();
  const wall = performance.now() - t0;
  const location = res.headers.get("location") ?? "";
  if (res.status !== 302 || location.includes("/login/error") || !app.cookies.has("authjs.session-token")) {
    throw new Error(`callback for ${email} did not sign in: HTTP ${res.status} -> ${location}`);
  }
  const serverTiming = /app;dur=([\d.]+)/.exec(res.headers.get("server-timing") ?? "");
  const token = tokenTimes.slice(tokensBefore).reduce((a, b) => a + b, 0);
  return { wall, server: serverTiming ? Number(serverTiming[1]) : null, token };
}

const results = { jit: [], returning: [] };
try {
  // Warm-up (unmeasured): both code paths compiled by V8, connection pools open, JWKS cached.
  for (let i = 0; i < WARMUP; i++) await admin("users", { email: `warmup${i}@${domain}`, groups: ["Engineering"], department: "R&D" });
  for (let i = 0; i < WARMUP * 2; i++) await signIn(`warmup${i % WARMUP}@${domain}`);
  for (let i = 0; i < USERS; i++) await admin("users", { email: `user${i}@${domain}`, sub: `bench-${i}`, groups: ["Engineering", "Everyone"], department: "R&D" });
  for (let i = 0; i < USERS; i++) results.jit.push(await signIn(`user${i}@${domain}`));
  // Returning: different groups, so roles and teams are re-evaluated (and change for half of them).
  for (let i = 0; i < USERS; i++) await admin("users", { email: `user${i}@${domain}`, sub: `bench-${i}`, groups: i % 2 ? ["Design"] : ["Engineering", "Gatehouse Admins"], department: "R&D" });
  for (let i = 0; i < USERS; i++) results.returning.push(await signIn(`user${i}@${domain}`));
} finally {
  await stopAll();
  proxy.close();
}

const report = (list) => ({
  callbackMs: summary(list.map((r) => r.wall)),
  tokenRequestMs: summary(list.map((r) => r.token)),
  ownMs: summary(list.map((r) => r.wall - r.token)),
  ...(list.some((r) => r.server !== null) ? { serverTimingMs: summary(list.map((r) => r.server ?? NaN)) } : {}),
});
const out = { bench: "sso-callback-http", at: new Date().toISOString(), users: USERS, jit: report(results.jit), returning: report(results.returning) };
mkdirSync(path.join(ROOT, "bench/results"), { recursive: true });
writeFileSync(path.join(ROOT, `bench/results/sso-callback-http-${out.at.replace(/[:.]/g, "")}.json`), JSON.stringify(out, null, 2));
console.log(JSON.stringify(out, null, 2));
const line = (name, r) => `${name}: callback p50 ${r.callbackMs.p50} / p95 ${r.callbackMs.p95} ms (token request p50 ${r.tokenRequestMs.p50} / p95 ${r.tokenRequestMs.p95} ms; without it p50 ${r.ownMs.p50} / p95 ${r.ownMs.p95} ms)`;
console.error(line("JIT (first sign-in)", out.jit));
console.error(line("returning", out.returning));
