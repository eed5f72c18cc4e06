// Issue #4 benchmark: the SSO callback excluding the provider's own time (target < 100 ms p95), i.e.
// lib/sso/sign-in.ts completeSsoSignIn with a cached JWKS and cached endpoints: ID-token validation,
// nonce replay check, identity, mappings, and the provisioning transaction (JIT user + membership + teams
// + business units + identity link + session + audit), then returning users re-evaluated.
//   DATABASE_URL=postgresql://... npx tsx bench/sso-callback.mjs
import { randomUUID } from "node:crypto";
import { createOrg } from "../lib/db/testing/fixtures.ts";
import { ssoRows } from "../lib/db/testing/sso-fixtures.ts";
import { orgContextForJob } from "../lib/auth/org-context.ts";
import { putProvider } from "../lib/sso/service.ts";
import { ssoConfigSchema } from "../lib/sso/schemas.ts";
import { completeSsoSignIn } from "../lib/sso/sign-in.ts";
import { TestIdp } from "../lib/sso/testing/test-idp.ts";
import { disconnect } from "../lib/db/client.ts";
import { summary } from "./lib.mjs";

if (!process.env.DATABASE_URL) throw new Error("Set DATABASE_URL (a scratch PostgreSQL database)");
const USERS = Number(process.env.BENCH_USERS ?? 200);

const idp = await TestIdp.create("https://idp.bench.example");
const org = await createOrg(`SSO bench ${Date.now()}`);
const domain = `bench-${org.id.slice(0, 8)}.example`;
await ssoRows.verifiedDomain(org.id, domain);
await putProvider(await orgContextForJob(org.id), ssoConfigSchema.parse({
  provider: "okta", issuerUrl: idp.issuer, clientId: "bench", clientSecret: "s",
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
await ssoRows.setEndpoints(org.id, idp.endpoints);
const jwks = idp.cache();

async function once(i, groups) {
  const nonce = randomUUID();
  const idToken = await idp.idToken({ sub: `bench-${i}`, aud: "bench", nonce, email: `user${i}@${domain}`, name: `User ${i}`, groups, department: "R&D" });
  const t0 = performance.now();
  const r = await completeSsoSignIn(
    { orgId: org.id, tokens: { idToken, accessToken: "at", refreshToken: "rt", expiresAt: Math.floor(Date.now() / 1000) + 3600 }, expectedNonce: nonce, test: null, meta: { ip: "127.0.0.1" } },
    { jwks },
  );
  const ms = performance.now() - t0;
  if (r.status !== "signed_in") throw new Error(`sign-in ${i} failed: ${JSON.stringify(r)}`);
  return ms;
}

await once(-1, ["Everyone"]); // warm-up (connection pool, key import)
const jit = [];
for (let i = 0; i < USERS; i++) jit.push(await once(i, ["Engineering", "Everyone"]));
const returning = [];
for (let i = 0; i < USERS; i++) returning.push(await once(i, i % 2 ? ["Design"] : ["Engineering", "Gatehouse Admins"]));

const result = { bench: "sso-callback", users: USERS, jitMs: summary(jit), returningMs: summary(returning) };
console.log(JSON.stringify(result, null, 2));
console.error(`JIT sign-in: p50 ${result.jitMs.p50} ms, p95 ${result.jitMs.p95} ms; returning (re-evaluated): p50 ${result.returningMs.p50} ms, p95 ${result.returningMs.p95} ms`);
await disconnect();
