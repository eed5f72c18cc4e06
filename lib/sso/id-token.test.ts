import { beforeAll, describe, expect, test } from "vitest";
import { exportJWK, generateKeyPair, SignJWT, base64url, type JWK } from "jose";
import { validateIdToken, type IdTokenExpectations } from "./id-token";
import { JwksCache, type JsonWebKeySet } from "./jwks";
import { memoryReplayStore, replayKey } from "./replay";

const ISS = "https://idp.example.test";
const CLIENT = "client-123";
const URI = "https://idp.example.test/jwks";
const NOW = 1_900_000_000;

type Pair = { privateKey: CryptoKey; jwk: JWK };
let rsa1: Pair;
let rsa2: Pair;
let ec: Pair;
let attacker: Pair;

async function pair(alg: string, kid: string): Promise<Pair> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: "sig" } };
}

beforeAll(async () => {
  [rsa1, rsa2, ec, attacker] = await Promise.all([pair("RS256", "k1"), pair("RS256", "k2"), pair("ES256", "e1"), pair("RS256", "k1")]);
});

function sign(key: Pair, claims: Record<string, unknown> = {}, opts: { alg?: string; kid?: string | null } = {}) {
  const base = { iss: ISS, sub: "user-1", aud: CLIENT, nonce: "n-1", email: "a@acme.test" };
  return new SignJWT({ ...base, ...claims })
    .setProtectedHeader({ alg: opts.alg ?? (key.jwk.alg as string), ...(opts.kid === null ? {} : { kid: opts.kid ?? key.jwk.kid }) })
    .setIssuedAt(NOW - 10)
    .setExpirationTime(NOW + 300)
    .sign(key.privateKey);
}

function cacheWith(...sets: JsonWebKeySet[]) {
  let i = 0;
  let t = NOW * 1000;
  const cache = new JwksCache({ fetch: async () => sets[Math.min(i++, sets.length - 1)]!, now: () => t, cooldownMs: 10_000, refetchBurst: 2 });
  return { cache, advance: (ms: number) => (t += ms) };
}

const expect_ = (over: Partial<IdTokenExpectations> = {}): IdTokenExpectations => ({
  jwksUri: URI, issuer: ISS, audiences: [CLIENT], clientId: CLIENT, nonce: "n-1", now: NOW, ...over,
});

describe("validateIdToken", () => {
  test("accepts a token signed by the provider's key and returns its claims", async () => {
    const { cache } = cacheWith({ keys: [rsa1.jwk] });
    const r = await validateIdToken(await sign(rsa1), cache, expect_());
    expect(r).toMatchObject({ ok: true, alg: "RS256", kid: "k1", claims: { sub: "user-1", email: "a@acme.test" } });
  });

  test("accepts ES256", async () => {
    const { cache } = cacheWith({ keys: [rsa1.jwk, ec.jwk] });
    expect((await validateIdToken(await sign(ec), cache, expect_())).ok).toBe(true);
  });

  test("wrong issuer", async () => {
    const { cache } = cacheWith({ keys: [rsa1.jwk] });
    const r = await validateIdToken(await sign(rsa1, { iss: "https://evil.example.test" }), cache, expect_());
    expect(r).toMatchObject({ ok: false, reason: "wrong-issuer" });
    if (!r.ok) expect(r.unverifiedClaims?.iss).toBe("https://evil.example.test");
  });

  test("wrong audience, and the audience override", async () => {
    const { cache } = cacheWith({ keys: [rsa1.jwk] });
    const other = await sign(rsa1, { aud: "someone-else" });
    expect(await validateIdToken(other, cache, expect_())).toMatchObject({ ok: false, reason: "wrong-audience" });
    expect((await validateIdToken(other, cache, expect_({ audiences: ["someone-else"] }))).ok).toBe(true);
    // The override replaces the client id: a token for the client id alone is then refused.
    expect(await validateIdToken(await sign(rsa1), cache, expect_({ audiences: ["api://override"] }))).toMatchObject({ ok: false, reason: "wrong-audience" });
  });

  test("several audiences need azp to be this client", async () => {
    const { cache } = cacheWith({ keys: [rsa1.jwk] });
    const t = await sign(rsa1, { aud: [CLIENT, "other"], azp: "other" });
    expect(await validateIdToken(t, cache, expect_())).toMatchObject({ ok: false, reason: "azp-mismatch" });
    expect((await validateIdToken(await sign(rsa1, { aud: [CLIENT, "other"], azp: CLIENT }), cache, expect_())).ok).toBe(true);
  });

  test("expired, with the clock skew allowance", async () => {
    const { cache } = cacheWith({ keys: [rsa1.jwk] });
    const t = await sign(rsa1);
    expect((await validateIdToken(t, cache, expect_({ now: NOW + 300 + 59 }))).ok).toBe(true);
    expect(await validateIdToken(t, cache, expect_({ now: NOW + 300 + 61 }))).toMatchObject({ ok: false, reason: "expired" });
    expect(await validateIdToken(t, cache, expect_({ now: NOW + 310, clockSkewSeconds: 0 }))).toMatchObject({ ok: false, reason: "expired" });
  });

  test("issued in the future beyond the skew", async () => {
    const { cache } = cacheWith({ keys: [rsa1.jwk] });
    const t = await new SignJWT({ iss: ISS, sub: "u", aud: CLIENT, nonce: "n-1" })
      .setProtectedHeader({ alg: "RS256", kid: "k1" }).setIssuedAt(NOW + 600).setExpirationTime(NOW + 900).sign(rsa1.privateKey);
    expect(await validateIdToken(t, cache, expect_())).toMatchObject({ ok: false, reason: "issued-in-future" });
  });

  test("nonce: missing, mismatched, and skipped for refresh responses", async () => {
    const { cache } = cacheWith({ keys: [rsa1.jwk] });
    expect(await validateIdToken(await sign(rsa1, { nonce: "other" }), cache, expect_())).toMatchObject({ ok: false, reason: "nonce-mismatch" });
    expect(await validateIdToken(await sign(rsa1, { nonce: undefined }), cache, expect_())).toMatchObject({ ok: false, reason: "missing-nonce" });
    expect((await validateIdToken(await sign(rsa1, { nonce: undefined }), cache, expect_({ nonce: null }))).ok).toBe(true);
  });

  test("a replayed nonce is refused the second time", async () => {
    const { cache } = cacheWith({ keys: [rsa1.jwk] });
    const store = memoryReplayStore(() => NOW * 1000);
    const token = await sign(rsa1);
    const r = await validateIdToken(token, cache, expect_());
    expect(r.ok).toBe(true);
    const key = replayKey(ISS, "n-1");
    expect(await store.claim(key, new Date((NOW + 300) * 1000))).toBe(true);
    expect(await store.claim(key, new Date((NOW + 300) * 1000))).toBe(false);
    expect(await store.claim(replayKey(ISS, "n-2"), new Date((NOW + 300) * 1000))).toBe(true);
  });

  test("bad signature: same kid, another key", async () => {
    const { cache } = cacheWith({ keys: [rsa1.jwk] });
    expect(await validateIdToken(await sign(attacker), cache, expect_())).toMatchObject({ ok: false, reason: "bad-signature" });
  });

  test("a tampered payload fails the signature", async () => {
    const { cache } = cacheWith({ keys: [rsa1.jwk] });
    const [h, , s] = (await sign(rsa1)).split(".");
    const forged = base64url.encode(JSON.stringify({ iss: ISS, sub: "admin", aud: CLIENT, nonce: "n-1", iat: NOW, exp: NOW + 300 }));
    expect(await validateIdToken(`${h}.${forged}.${s}`, cache, expect_())).toMatchObject({ ok: false, reason: "bad-signature" });
  });

  test("alg none and HS256 are refused before any key is looked up", async () => {
    const { cache } = cacheWith({ keys: [rsa1.jwk] });
    const enc = (o: object) => base64url.encode(JSON.stringify(o));
    const payload = enc({ iss: ISS, sub: "u", aud: CLIENT, nonce: "n-1", iat: NOW, exp: NOW + 300 });
    expect(await validateIdToken(`${enc({ alg: "none" })}.${payload}.`, cache, expect_())).toMatchObject({ ok: false, reason: "alg-not-allowed" });
    const hs = await new SignJWT({ iss: ISS, sub: "u", aud: CLIENT, nonce: "n-1" })
      .setProtectedHeader({ alg: "HS256", kid: "k1" }).setIssuedAt(NOW).setExpirationTime(NOW + 300).sign(new TextEncoder().encode("client-secret-as-hmac-key-32bytes!!"));
    expect(await validateIdToken(hs, cache, expect_())).toMatchObject({ ok: false, reason: "alg-not-allowed" });
    expect(cache.fetches).toBe(0);
  });

  test("an alg the key is not for is refused (RS256 token, EC key under that kid)", async () => {
    const { cache } = cacheWith({ keys: [{ ...ec.jwk, kid: "k1" }] });
    expect(await validateIdToken(await sign(rsa1), cache, expect_())).toMatchObject({ ok: false, reason: "unknown-key" });
  });

  test("key rotation: an unknown kid re-fetches the key set at once, then it is cached", async () => {
    const { cache, advance } = cacheWith({ keys: [rsa1.jwk] }, { keys: [rsa2.jwk, rsa1.jwk] });
    expect((await validateIdToken(await sign(rsa1), cache, expect_())).ok).toBe(true);
    expect(cache.fetches).toBe(1);
    advance(1_000);
    expect((await validateIdToken(await sign(rsa2), cache, expect_())).ok).toBe(true);
    expect(cache.fetches).toBe(2);
    for (let i = 0; i < 5; i++) expect((await validateIdToken(await sign(rsa2), cache, expect_())).ok).toBe(true);
    expect(cache.fetches).toBe(2);
  });

  test("unknown kids: a small burst of re-fetches, then one per cooldown", async () => {
    const { cache, advance } = cacheWith({ keys: [rsa1.jwk] });
    await validateIdToken(await sign(rsa1), cache, expect_());
    const forged = await sign(attacker, {}, { kid: "nope" });
    expect(await validateIdToken(forged, cache, expect_())).toMatchObject({ ok: false, reason: "unknown-key" });
    for (let i = 0; i < 50; i++) await validateIdToken(forged, cache, expect_());
    expect(cache.fetches).toBe(3); // the first fetch + a burst of 2
    advance(10_000);
    for (let i = 0; i < 10; i++) await validateIdToken(forged, cache, expect_());
    expect(cache.fetches).toBe(4);
  });

  test("an unreachable JWKS is reported as such", async () => {
    const cache = new JwksCache({ fetch: async () => { throw new Error("connect ECONNREFUSED"); } });
    const r = await validateIdToken(await sign(rsa1), cache, expect_());
    expect(r).toMatchObject({ ok: false, reason: "jwks-unavailable" });
    if (!r.ok) expect(r.detail).toContain("ECONNREFUSED");
  });

  test("no kid: used only when the set has one usable key", async () => {
    const one = cacheWith({ keys: [rsa1.jwk] });
    expect((await validateIdToken(await sign(rsa1, {}, { kid: null }), one.cache, expect_())).ok).toBe(true);
    const two = cacheWith({ keys: [rsa1.jwk, rsa2.jwk] });
    expect(await validateIdToken(await sign(rsa1, {}, { kid: null }), two.cache, expect_())).toMatchObject({ ok: false, reason: "unknown-key" });
  });

  test("Entra multi-tenant issuer template accepts only the token's own tenant", async () => {
    const { cache } = cacheWith({ keys: [rsa1.jwk] });
    const tid = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    const template = "https://login.microsoftonline.com/{tenantid}/v2.0";
    const good = await sign(rsa1, { iss: `https://login.microsoftonline.com/${tid}/v2.0`, tid });
    expect((await validateIdToken(good, cache, expect_({ issuer: template }))).ok).toBe(true);
    const mixed = await sign(rsa1, { iss: `https://login.microsoftonline.com/${tid}/v2.0`, tid: "00000000-0000-0000-0000-000000000000" });
    expect(await validateIdToken(mixed, cache, expect_({ issuer: template }))).toMatchObject({ ok: false, reason: "wrong-issuer" });
  });

  test("garbage is malformed, never a throw", async () => {
    const { cache } = cacheWith({ keys: [rsa1.jwk] });
    expect(await validateIdToken("not-a-jwt", cache, expect_())).toMatchObject({ ok: false, reason: "malformed" });
    expect(await validateIdToken("a.b.c", cache, expect_())).toMatchObject({ ok: false, reason: "malformed" });
  });
});
