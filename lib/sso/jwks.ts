import { importJWK, type JWK } from "jose";

// A JWKS cache per key set URL (one per SSO connection). Keys are imported once and reused, so a
// validation with a cached key set does no I/O. An unknown `kid` triggers a re-fetch, rate-limited per URL
// by a small token bucket (a burst of `refetchBurst`, then one per `cooldownMs`), so key rotation at the
// provider just works and a flood of forged kids cannot turn into a flood of requests to the provider.

export type JsonWebKeySet = { keys: JWK[] };
export type JwksFetcher = (uri: string) => Promise<JsonWebKeySet>;

export type KeyLookup =
  | { ok: true; key: CryptoKey | Uint8Array }
  | { ok: false; reason: "unknown-key" | "jwks-unavailable"; detail: string };

type Entry = {
  keys: JWK[];
  imported: Map<string, CryptoKey | Uint8Array>;
  fetchedAt: number;
  lastAttemptAt: number;
  /** Unknown-kid re-fetches left (token bucket). */
  tokens: number;
  tokensAt: number;
  inflight: Promise<void> | null;
  error: string | null;
};

export type JwksCacheOptions = {
  fetch?: JwksFetcher;
  /** Unknown-kid re-fetches refill one per this interval, per URL. Default 10 s. */
  cooldownMs?: number;
  /** Unknown-kid re-fetches allowed back to back before the interval applies. Default 2. */
  refetchBurst?: number;
  /** A key set older than this is re-fetched on next use (the old one is kept if that fails). Default 10 min. */
  maxAgeMs?: number;
  now?: () => number;
  /** Entries kept (LRU by insertion); default 1000 connections. */
  maxEntries?: number;
};

const KTY_FOR_ALG = (alg: string) => (alg.startsWith("RS") || alg.startsWith("PS") ? "RSA" : alg.startsWith("ES") ? "EC" : alg === "EdDSA" ? "OKP" : null);

export async function fetchJwksOverHttp(uri: string): Promise<JsonWebKeySet> {
  const res = await fetch(uri, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(5000), redirect: "error" });
  if (!res.ok) throw new Error(`the JWKS endpoint answered HTTP ${res.status}`);
  const body = (await res.json()) as unknown;
  if (!body || typeof body !== "object" || !Array.isArray((body as JsonWebKeySet).keys)) throw new Error("the JWKS response has no keys array");
  return body as JsonWebKeySet;
}

export class JwksCache {
  private readonly entries = new Map<string, Entry>();
  private readonly fetcher: JwksFetcher;
  private readonly cooldownMs: number;
  private readonly burst: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  private readonly maxEntries: number;
  /** Fetches made (tests and the bench read it). */
  fetches = 0;

  constructor(opts: JwksCacheOptions = {}) {
    this.fetcher = opts.fetch ?? fetchJwksOverHttp;
    this.cooldownMs = opts.cooldownMs ?? 10_000;
    this.burst = opts.refetchBurst ?? 2;
    this.maxAgeMs = opts.maxAgeMs ?? 10 * 60_000;
    this.now = opts.now ?? Date.now;
    this.maxEntries = opts.maxEntries ?? 1000;
  }

  /** Seeds a key set (tests, bench, and the verify step that already fetched it). */
  prime(uri: string, set: JsonWebKeySet) {
    const e = this.entry(uri);
    e.keys = set.keys;
    e.imported.clear();
    e.fetchedAt = e.lastAttemptAt = this.now();
    e.error = null;
  }

  forget(uri: string) {
    this.entries.delete(uri);
  }

  private entry(uri: string): Entry {
    let e = this.entries.get(uri);
    if (!e) {
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      e = { keys: [], imported: new Map(), fetchedAt: 0, lastAttemptAt: 0, tokens: this.burst, tokensAt: this.now(), inflight: null, error: null };
      this.entries.set(uri, e);
    }
    return e;
  }

  private refresh(uri: string, e: Entry): Promise<void> {
    if (e.inflight) return e.inflight;
    e.lastAttemptAt = this.now();
    this.fetches++;
    e.inflight = this.fetcher(uri)
      .then((set) => {
        e.keys = set.keys.filter((k) => k && typeof k === "object" && (k.use === undefined || k.use === "sig"));
        e.imported.clear();
        e.fetchedAt = this.now();
        e.error = null;
      })
      .catch((err: unknown) => {
        e.error = err instanceof Error ? err.message : String(err);
      })
      .finally(() => {
        e.inflight = null;
      });
    return e.inflight;
  }

  /** Takes one unknown-kid re-fetch from the URL's bucket; false when it is empty. */
  private take(e: Entry): boolean {
    const now = this.now();
    if (this.cooldownMs > 0) e.tokens = Math.min(this.burst, e.tokens + (now - e.tokensAt) / this.cooldownMs);
    else e.tokens = this.burst;
    e.tokensAt = now;
    if (e.tokens < 1) return false;
    e.tokens -= 1;
    return true;
  }

  private find(e: Entry, kid: string | undefined, alg: string): JWK | undefined {
    const kty = KTY_FOR_ALG(alg);
    const usable = e.keys.filter((k) => k.kty === kty && (k.alg === undefined || k.alg === alg));
    if (kid !== undefined) return usable.find((k) => k.kid === kid);
    // No kid in the header: only unambiguous when the set has a single usable key.
    return usable.length === 1 ? usable[0] : undefined;
  }

  /** The verification key for a token header; re-fetches once (rate-limited) when the kid is unknown. */
  async getKey(uri: string, kid: string | undefined, alg: string): Promise<KeyLookup> {
    const e = this.entry(uri);
    const now = this.now();
    // Never fetched: fetch (joining a fetch in flight; a failing endpoint is retried at most once a second).
    // Stale: re-fetch, at most once per cooldown; the old keys keep working if that fails.
    const neverFetched = e.fetchedAt === 0;
    const retryAfter = neverFetched ? 1000 : this.cooldownMs;
    if ((neverFetched || now - e.fetchedAt > this.maxAgeMs) && (e.inflight || e.lastAttemptAt === 0 || now - e.lastAttemptAt > retryAfter)) {
      await this.refresh(uri, e);
    }
    let jwk = this.find(e, kid, alg);
    if (!jwk && e.fetchedAt !== 0 && (e.inflight || this.take(e))) {
      await this.refresh(uri, e);
      jwk = this.find(e, kid, alg);
    }
    if (!jwk) {
      if (e.fetchedAt === 0) return { ok: false, reason: "jwks-unavailable", detail: `Could not fetch the provider's signing keys: ${e.error ?? "no response"}` };
      return { ok: false, reason: "unknown-key", detail: kid ? `No signing key with kid "${kid}" in the provider's key set` : "The token names no key id and the key set has several keys" };
    }
    const cacheKey = `${jwk.kid ?? ""}|${alg}`;
    let key = e.imported.get(cacheKey);
    if (!key) {
      try {
        key = await importJWK(jwk, alg);
      } catch (err) {
        return { ok: false, reason: "unknown-key", detail: `The provider's key "${jwk.kid ?? "?"}" cannot be used with ${alg}: ${(err as Error).message}` };
      }
      e.imported.set(cacheKey, key);
    }
    return { ok: true, key };
  }
}

/** The process-wide cache the sign-in flow uses. */
const g = globalThis as unknown as { __gatehouseJwks?: JwksCache };
export const jwksCache = (): JwksCache => (g.__gatehouseJwks ??= new JwksCache());
