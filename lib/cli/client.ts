// The CLI's HTTP client of /api/v1. fetch is injected so tests can route requests to the real
// handlers in-process.

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export type Issue = { path: string; message: string };

/** The API answered with `{ error: { code, message, issues? } }` (or another non-2xx). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: Issue[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** Nothing answered at the base URL (connection refused, DNS failure, TLS failure). */
export class UnreachableError extends Error {
  constructor(readonly baseUrl: string, cause: unknown) {
    super(`Cannot reach Gatehouse at ${baseUrl}: is it running?`, { cause });
    this.name = "UnreachableError";
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export type ApiClient = {
  readonly baseUrl: string;
  get<T>(path: string, query?: Query): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  put<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body?: unknown): Promise<T>;
  delete<T = void>(path: string): Promise<T>;
};

/** Builds `/a/b` from segments, encoding each one so ids, slugs and names can't change the path. */
export const apiPath = (...segments: string[]) => "/" + segments.map((s) => encodeURIComponent(s)).join("/");

export function createApiClient(opts: { baseUrl: string; apiKey?: string; fetch: FetchLike }): ApiClient {
  const baseUrl = opts.baseUrl.replace(/\/+$/, "");

  async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
    const url = new URL(`${baseUrl}/api/v1${path}`);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== "") url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: "application/json", "user-agent": "gatehouse-cli" };
    if (opts.apiKey) headers.authorization = `Bearer ${opts.apiKey}`;
    if (body !== undefined) headers["content-type"] = "application/json";

    let res: Response;
    try {
      res = await opts.fetch(url.toString(), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (err) {
      throw new UnreachableError(baseUrl, err);
    }
    const text = await res.text();
    let data: unknown = undefined;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = undefined;
      }
    }
    if (!res.ok) {
      const e = (data as { error?: { code?: unknown; message?: unknown; issues?: unknown } } | undefined)?.error;
      if (e && typeof e.message === "string") {
        const issues = Array.isArray(e.issues) ? (e.issues as Issue[]).filter((i) => i && typeof i.message === "string") : [];
        throw new ApiError(res.status, typeof e.code === "string" ? e.code : "error", e.message, issues);
      }
      // Not a Gatehouse error body: most likely a proxy or the wrong URL.
      throw new ApiError(res.status, "http_error", `${method} ${url.pathname} failed with HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}; is ${baseUrl} a Gatehouse server?`);
    }
    if (text && data === undefined) throw new ApiError(res.status, "bad_response", `${method} ${url.pathname} did not answer with JSON; is ${baseUrl} a Gatehouse server?`);
    return data as T;
  }

  return {
    baseUrl,
    get: (path, query) => request("GET", path, undefined, query),
    post: (path, body) => request("POST", path, body ?? {}),
    put: (path, body) => request("PUT", path, body ?? {}),
    patch: (path, body) => request("PATCH", path, body ?? {}),
    delete: (path) => request("DELETE", path),
  };
}
