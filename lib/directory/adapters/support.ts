/**
 * Small helpers shared by the Okta, Entra and Keycloak adapters: opaque cursors, next-link host checks,
 * email normalisation, flat attributes for the mapping engine, and Verify check wording.
 */
import type { AdapterOptions } from "../config-types";
import type { DirectoryFetchOptions } from "../http";
import { DirectoryError, type VerifyCheck } from "../types";

/** The directoryFetch options every request of an adapter shares. */
export function fetchDefaults(opts: AdapterOptions): Pick<DirectoryFetchOptions, "timeoutMs" | "retries" | "maxRetryAfterMs" | "sleep"> {
  return { timeoutMs: opts.timeoutMs, retries: opts.retries, maxRetryAfterMs: opts.maxRetryAfterMs, sleep: opts.sleep };
}

/** A composite cursor (which of several groups/departments, and where in it), as an opaque string. */
export function encodeCursor(state: Record<string, unknown>): string {
  return "c1." + Buffer.from(JSON.stringify(state), "utf8").toString("base64url");
}

export function decodeCursor<T extends Record<string, unknown>>(cursor: string, what: string): T {
  try {
    if (!cursor.startsWith("c1.")) throw new Error("prefix");
    const v = JSON.parse(Buffer.from(cursor.slice(3), "base64url").toString("utf8")) as unknown;
    if (!v || typeof v !== "object") throw new Error("shape");
    return v as T;
  } catch {
    throw new DirectoryError("config", `${what}: the paging cursor is not one this adapter issued`);
  }
}

/** decodeCursor for an optional cursor: none means the first page. */
export function readCursor<T extends Record<string, unknown>>(cursor: string | null | undefined, what: string): T | null {
  return cursor ? decodeCursor<T>(cursor, what) : null;
}

/**
 * Next-page links come from the provider's responses, and cursors come back from callers: a link to
 * another host would receive our credentials, so it is refused.
 */
export function sameOriginUrl(url: string, base: string, what: string, pathPrefix?: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new DirectoryError("malformed", `${what}: the paging cursor or next-page link is not a URL`);
  }
  if (u.origin !== new URL(base).origin) throw new DirectoryError("malformed", `${what}: the next-page link points at another host (${u.host})`);
  if (pathPrefix && !u.pathname.startsWith(pathPrefix)) throw new DirectoryError("malformed", `${what}: the next-page link is not an API URL (${u.pathname.slice(0, 60)})`);
  return u.toString();
}

/** A usable email, lower-cased, or null. */
export function normEmail(v: unknown): string | null {
  if (typeof v !== "string") return null;
  const s = v.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+$/.test(s) ? s : null;
}

export function str(v: unknown): string | null {
  return typeof v === "string" && v.trim() !== "" ? v : null;
}

/** Primitive values and string arrays of a provider object, for the mapping engine (built by assignment: spreading it is slow at 100k users). */
export function flatAttributes(obj: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!obj || typeof obj !== "object") return out;
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    if (v === null || v === undefined || k.startsWith("@")) continue; // OData annotations are not attributes
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out[k] = v;
    else if (Array.isArray(v) && v.every((x) => typeof x === "string")) out[k] = v.length === 1 ? v[0] : v;
  }
  return out;
}

export function requireArray(body: unknown, key: string | null, what: string): unknown[] {
  const v = key ? (body as Record<string, unknown> | null)?.[key] : body;
  if (!Array.isArray(v)) throw new DirectoryError("malformed", `${what}: the response is not the documented ${key ? `{ ${key}: [...] }` : "array"} shape`);
  return v;
}

export function pageSizeOf(requested: number | undefined, fallback: number, max: number): number {
  const n = requested ?? fallback;
  return Math.max(1, Math.min(max, Math.floor(n)));
}

/** Runs one Verify step: ok with a detail, or the failure's message plus what to do about it. */
export async function check(name: string, run: () => Promise<string>, hints: Partial<Record<DirectoryError["kind"], string>> = {}): Promise<VerifyCheck> {
  try {
    return { name, ok: true, detail: await run() };
  } catch (e) {
    if (e instanceof DirectoryError) {
      const hint = hints[e.kind];
      return { name, ok: false, detail: hint ? `${e.message}. ${hint}` : e.message };
    }
    return { name, ok: false, detail: e instanceof Error ? e.message : String(e) };
  }
}

/** Walks every page of a user listing and returns the distinct departments as org units (one page). */
export async function departmentsFromUsers(walk: (cursor: string | null) => Promise<{ departments: (string | null | undefined)[]; next: string | null }>) {
  const seen = new Set<string>();
  let cursor: string | null = null;
  do {
    const page = await walk(cursor);
    for (const d of page.departments) if (d && d.trim()) seen.add(d.trim());
    cursor = page.next;
  } while (cursor);
  return [...seen].sort((a, b) => a.localeCompare(b)).map((name) => ({ id: name, name, path: null, parentId: null, kind: "department" as const }));
}
