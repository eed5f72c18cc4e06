import { DirectoryError } from "./types";

/**
 * The one HTTP client of the directory adapters: every request times out, 429 and 503 are retried after
 * Retry-After (seconds or an HTTP date, capped), other 5xx and network failures a bounded number of
 * times with backoff, and every failure becomes a DirectoryError whose message says what to fix.
 * Response bodies are never put into messages whole (they may echo credentials); at most a short,
 * provider-supplied error summary is.
 */
export type DirectoryFetchOptions = {
  method?: string;
  headers?: Record<string, string>;
  /** JSON body (serialised here) or a form (URLSearchParams, for token endpoints). */
  json?: unknown;
  form?: URLSearchParams;
  timeoutMs?: number;
  /** Retries after 429/5xx/network errors (default 3). */
  retries?: number;
  /** Longest Retry-After honoured, in ms (default 30 s); a longer one fails the request as rate_limited. */
  maxRetryAfterMs?: number;
  /** What the request is for, for messages: "Okta users", "Graph token". */
  what: string;
  signal?: AbortSignal;
  /** Test hook: replaces setTimeout-based sleeping. */
  sleep?: (ms: number) => Promise<void>;
};

export type DirectoryResponse<T = unknown> = { status: number; headers: Headers; body: T };

export const DEFAULT_TIMEOUT_MS = 15_000;

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Retry-After as ms: delta-seconds or an HTTP date; undefined when absent or unparsable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

/** A short error summary from a provider's error body (OAuth error, Okta errorSummary, Graph error.message, SCIM detail). */
export function errorSummary(body: unknown): string | undefined {
  if (!body || typeof body !== "object") return typeof body === "string" && body.length < 200 ? body : undefined;
  const b = body as Record<string, unknown>;
  const pick = (v: unknown) => (typeof v === "string" && v ? v.slice(0, 200) : undefined);
  const err = b.error;
  // SailPoint ISC: { detailCode, messages: [{ text }] }
  const messages = Array.isArray(b.messages) ? (b.messages[0] as Record<string, unknown> | undefined) : undefined;
  return (
    pick(b.error_description) ??
    pick(b.errorSummary) ??
    (err && typeof err === "object" ? pick((err as Record<string, unknown>).message) : pick(err)) ??
    pick(b.detail) ??
    pick(b.message) ??
    pick(b.errorMessage) ??
    (messages ? pick(messages.text) : undefined) ??
    pick(b.detailCode)
  );
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return null;
  const type = res.headers.get("content-type") ?? "";
  if (type.includes("json") || /^[[{]/.test(text.trim())) {
    try {
      return JSON.parse(text);
    } catch {
      if (res.ok) throw new DirectoryError("malformed", "the response is not valid JSON", { status: res.status });
      return text.slice(0, 200);
    }
  }
  return text.slice(0, 200);
}

export async function directoryFetch<T = unknown>(url: string, opts: DirectoryFetchOptions): Promise<DirectoryResponse<T>> {
  const retries = opts.retries ?? 3;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRetryAfter = opts.maxRetryAfterMs ?? 30_000;
  const sleep = opts.sleep ?? defaultSleep;
  const headers: Record<string, string> = { accept: "application/json", ...opts.headers };
  let body: string | undefined;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers["content-type"] ??= "application/json";
  } else if (opts.form) {
    body = opts.form.toString();
    headers["content-type"] ??= "application/x-www-form-urlencoded";
  }

  for (let attempt = 0; ; attempt++) {
    const last = attempt >= retries;
    const signal = opts.signal ? AbortSignal.any([opts.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
    let res: Response;
    try {
      res = await fetch(url, { method: opts.method ?? (body ? "POST" : "GET"), headers, body, signal, redirect: "follow" });
    } catch (e) {
      if (opts.signal?.aborted) throw new DirectoryError("timeout", `${opts.what}: cancelled`, { cause: e });
      const name = (e as Error)?.name;
      const timedOut = name === "TimeoutError" || name === "AbortError";
      if (!last) {
        await sleep(backoff(attempt));
        continue;
      }
      if (timedOut) throw new DirectoryError("timeout", `${opts.what}: no answer within ${Math.round(timeoutMs / 1000)} s`, { cause: e });
      const code = (e as { cause?: { code?: string } })?.cause?.code;
      throw new DirectoryError("unreachable", `${opts.what}: cannot reach ${new URL(url).host}${code ? ` (${code})` : ""}`, { cause: e });
    }

    if (res.status === 429 || res.status === 503) {
      const wait = parseRetryAfter(res.headers.get("retry-after")) ?? rateLimitReset(res.headers.get("x-rate-limit-reset")) ?? backoff(attempt);
      await res.body?.cancel().catch(() => {});
      if (!last && wait <= maxRetryAfter) {
        await sleep(wait);
        continue;
      }
      if (res.status === 429) {
        throw new DirectoryError("rate_limited", `${opts.what}: rate-limited by the provider${wait ? ` (retry after ${Math.ceil(wait / 1000)} s)` : ""}`, {
          status: 429,
          retryAfterSeconds: Math.ceil(wait / 1000),
        });
      }
    }
    if (res.status >= 500 && !last) {
      await res.body?.cancel().catch(() => {});
      await sleep(backoff(attempt));
      continue;
    }

    let parsed: unknown;
    try {
      parsed = await readBody(res);
    } catch (e) {
      if (e instanceof DirectoryError) throw new DirectoryError("malformed", `${opts.what}: ${e.message}`, { status: res.status });
      if (!last) {
        await sleep(backoff(attempt));
        continue;
      }
      throw new DirectoryError("timeout", `${opts.what}: the response did not complete`, { cause: e });
    }
    if (res.ok) return { status: res.status, headers: res.headers, body: parsed as T };

    const summary = errorSummary(parsed);
    const suffix = summary ? `: ${summary}` : "";
    if (res.status === 401 || res.status === 403) {
      throw new DirectoryError("auth", `${opts.what}: the provider refused the credentials (HTTP ${res.status})${suffix}`, { status: res.status });
    }
    if (res.status === 404) throw new DirectoryError("not_found", `${opts.what}: not found (HTTP 404)${suffix}`, { status: 404 });
    if (res.status >= 500) throw new DirectoryError("server", `${opts.what}: the provider failed (HTTP ${res.status})${suffix}`, { status: res.status });
    if (res.status === 400 && /invalid_client|unauthorized_client|invalid_grant/.test(JSON.stringify(parsed ?? ""))) {
      throw new DirectoryError("auth", `${opts.what}: the provider refused the credentials (HTTP 400)${suffix}`, { status: 400 });
    }
    throw new DirectoryError("config", `${opts.what}: the provider rejected the request (HTTP ${res.status})${suffix}`, { status: res.status });
  }
}

/** Okta sends no Retry-After on 429 but X-Rate-Limit-Reset (epoch seconds when the window resets). */
export function rateLimitReset(value: string | null, now = Date.now()): number | undefined {
  if (!value || !/^\d+$/.test(value.trim())) return undefined;
  return Math.max(0, Number(value) * 1000 - now) + 250;
}

function backoff(attempt: number): number {
  return Math.min(4000, 250 * 2 ** attempt) + Math.floor(Math.random() * 100);
}

/** Parses an RFC 8288 Link header and returns the `rel="next"` target (Okta paging). */
export function nextLink(link: string | null): string | null {
  if (!link) return null;
  for (const part of link.split(",")) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(part.trim());
    if (m) return m[1]!;
  }
  return null;
}

/** Caches a client-credentials access token until shortly before it expires. */
export class TokenCache {
  private token?: { value: string; expiresAt: number };
  constructor(private readonly fetchToken: () => Promise<{ accessToken: string; expiresIn?: number }>) {}
  async get(): Promise<string> {
    if (this.token && this.token.expiresAt > Date.now() + 30_000) return this.token.value;
    const t = await this.fetchToken();
    this.token = { value: t.accessToken, expiresAt: Date.now() + (t.expiresIn ?? 300) * 1000 };
    return t.accessToken;
  }
  clear() {
    this.token = undefined;
  }
}
