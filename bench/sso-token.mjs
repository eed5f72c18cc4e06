// Issue #4 benchmark: ID-token validation with a cached JWKS (target > 5,000/s on one core).
// Pure loop over lib/sso/id-token.ts — signature, issuer, audience, expiry and nonce checks, keys already
// imported. Run pinned to one CPU with one libuv thread (WebCrypto verifies on the thread pool):
//   UV_THREADPOOL_SIZE=1 taskset -c 0 npx tsx bench/sso-token.mjs
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { validateIdToken } from "../lib/sso/id-token.ts";
import { JwksCache } from "../lib/sso/jwks.ts";
import { summary } from "./lib.mjs";

const ISS = "https://idp.bench.example";
const AUD = "gatehouse-bench";
const URI = `${ISS}/jwks`;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const TOKENS = 2000;

async function setup(alg) {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  const jwk = { ...(await exportJWK(publicKey)), kid: `bench-${alg}`, alg, use: "sig" };
  const cache = new JwksCache({ fetch: async () => ({ keys: [jwk] }) });
  const now = Math.floor(Date.now() / 1000);
  const tokens = [];
  for (let i = 0; i < TOKENS; i++) {
    const nonce = `n-${i}`;
    const claims = { iss: ISS, aud: AUD, sub: `user-${i}`, email: `user${i}@acme.example`, nonce, groups: ["Engineering", "Everyone"], department: "R&D" };
    tokens.push({ nonce, jwt: await new SignJWT(claims).setProtectedHeader({ alg, kid: jwk.kid }).setIssuedAt(now).setExpirationTime(now + 3600).sign(privateKey) });
  }
  // Warm: the first call fetches and imports the key.
  const first = await validateIdToken(tokens[0].jwt, cache, { jwksUri: URI, issuer: ISS, audiences: [AUD], clientId: AUD, nonce: tokens[0].nonce });
  if (!first.ok) throw new Error(`setup: ${first.reason} ${first.detail}`);
  return { cache, tokens };
}

async function run(alg, concurrency) {
  const { cache, tokens } = await setup(alg);
  const lat = [];
  let done = 0;
  let failed = 0;
  const end = performance.now() + SECONDS * 1000;
  const worker = async (offset) => {
    for (let i = offset; performance.now() < end; i += concurrency) {
      const t = tokens[i % TOKENS];
      const t0 = performance.now();
      const r = await validateIdToken(t.jwt, cache, { jwksUri: URI, issuer: ISS, audiences: [AUD], clientId: AUD, nonce: t.nonce });
      lat.push(performance.now() - t0);
      if (!r.ok) failed++;
      done++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, (_, k) => worker(k)));
  const secs = (performance.now() - t0) / 1000;
  return { alg, concurrency, validations: done, failed, perSecond: Math.round(done / secs), latencyMs: summary(lat), jwksFetches: cache.fetches };
}

const results = [];
for (const alg of ["RS256", "ES256"]) {
  for (const c of [1, 8]) results.push(await run(alg, c));
}
console.log(JSON.stringify({ bench: "sso-token", threadpool: process.env.UV_THREADPOOL_SIZE ?? "default", node: process.version, results }, null, 2));
for (const r of results) {
  console.error(`${r.alg} concurrency ${r.concurrency}: ${r.perSecond}/s, p50 ${r.latencyMs.p50} ms, p95 ${r.latencyMs.p95} ms (${r.failed} failed, ${r.jwksFetches} JWKS fetch)`);
}
