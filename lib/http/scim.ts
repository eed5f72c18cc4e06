import { AppError, toAppError } from "@/lib/errors";
import { authenticateScim, type OrgContext } from "@/lib/auth/org-context";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { SCHEMA_URNS } from "@/lib/scim/schema";
import { TokenBuckets } from "@/lib/scim-common/rate-limit";
import { redactBody } from "@/lib/scim-common/redact";
import * as scimActivity from "@/lib/scim-activity/service";

export const SCIM_CONTENT_TYPE = "application/scim+json";
/** Issue #5 "Bad input": bodies over 1 MB are refused with 413. */
export const SCIM_MAX_BODY_BYTES = 1_000_000;

export const SCIM_SCOPES = ["users:read", "users:write", "groups:read", "groups:write"] as const;
export type ScimScope = (typeof SCIM_SCOPES)[number];

/** What a handler reports for the activity log (lib/scim-activity). */
export type ScimTrace = { resourceType?: string; resourceId?: string | null; quirks: string[]; scimType?: string; detail?: string };

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

export type ScimArgs = {
  request: Request;
  ctx: OrgContext;
  url: URL;
  /** Path segments after the route's folder (`/Users/{id}` -> [id]); [] for the collection. */
  segments: string[];
  /** The parsed JSON body (POST, PUT, PATCH); undefined otherwise. */
  body: unknown;
  trace: ScimTrace;
};

export type ScimRouteOptions = {
  /** The token scope the operation needs (by path segments: POST /Users/.search only reads); null for discovery documents. */
  scope: ScimScope | null | ((segments: string[]) => ScimScope);
  resourceType: string;
  /** Read and parse a JSON body (POST, PUT, PATCH). */
  body?: boolean;
};

const JSON_TYPE = /^application\/(scim\+)?json\s*(;|$)/i;

export function scimJson(data: unknown, status = 200, headers?: Record<string, string>): Response {
  return new Response(JSON.stringify(data), {
    status,
    headers: { "content-type": `${SCIM_CONTENT_TYPE}; charset=utf-8`, "cache-control": "no-store", ...headers },
  });
}

/** RFC 7644 §3.12: `status` is a string; `scimType` only for 400 (and 409 uniqueness, 413 tooLarge). */
export function scimErrorBody(status: number, detail: string, scimType?: string) {
  return { schemas: [SCHEMA_URNS.error], status: String(status), ...(scimType ? { scimType } : {}), detail };
}

function toScimError(err: unknown): { status: number; scimType?: string; detail: string; headers: Record<string, string> } {
  const e = toAppError(err);
  const headers: Record<string, string> = {};
  if (e.code === "internal") {
    log.error("unhandled SCIM error", { cause: e.cause });
    return { status: 500, detail: e.message, headers };
  }
  if (e.code === "unauthenticated") headers["www-authenticate"] = 'Bearer realm="gatehouse-scim"';
  if (e.retryAfter) headers["retry-after"] = String(e.retryAfter);
  let status = e.status;
  let scimType = e.scimType;
  let detail = e.message;
  if (e.code === "invalid_input") {
    // SCIM has no 422: a value the schema refuses is 400 invalidValue (RFC 7644 §3.12).
    status = 400;
    scimType ??= "invalidValue";
    if (e.issues?.length) detail = e.issues.map((i) => `${i.path}: ${i.message}`).join("; ");
  }
  if (e.code === "conflict") scimType ??= "uniqueness";
  if (e.code === "payload_too_large") scimType ??= "tooLarge";
  if (e.code === "bad_request") scimType ??= "invalidSyntax";
  return { status, scimType, detail, headers };
}

export function scimErrorResponse(err: unknown): Response {
  const { status, scimType, detail, headers } = toScimError(err);
  return scimJson(scimErrorBody(status, detail, scimType), status, headers);
}

async function readLimited(request: Request): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  const tooLarge = () => new AppError("payload_too_large", `The request body is over ${SCIM_MAX_BODY_BYTES / 1_000_000} MB`);
  if (declared > SCIM_MAX_BODY_BYTES) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > SCIM_MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function readJsonBody(request: Request): Promise<unknown> {
  const ct = request.headers.get("content-type") ?? "";
  if (!JSON_TYPE.test(ct)) {
    throw new AppError("unsupported_media_type", `Send the body as ${SCIM_CONTENT_TYPE} (application/json is accepted too)`);
  }
  const text = await readLimited(request);
  if (!text.trim()) throw new AppError("bad_request", "The request needs a JSON body", { scimType: "invalidSyntax" });
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AppError("bad_request", `The body is not valid JSON: ${(e as Error).message}`, { scimType: "invalidSyntax" });
  }
}

// One limiter per process, also across Next.js dev reloads.
const g = globalThis as unknown as { __gatehouseScimBuckets?: TokenBuckets };
function buckets(): TokenBuckets {
  if (!g.__gatehouseScimBuckets) {
    const rate = env().SCIM_RATE_LIMIT;
    g.__gatehouseScimBuckets = new TokenBuckets(rate, env().SCIM_RATE_BURST ?? Math.max(1, Math.ceil(rate * 2)));
  }
  return g.__gatehouseScimBuckets;
}

/** Tests only: forget every bucket (and pick up a changed SCIM_RATE_LIMIT). */
export function resetScimRateLimiter(limiter?: TokenBuckets) {
  g.__gatehouseScimBuckets = limiter;
}

/** `/Users/{id}`: exactly one segment; anything deeper is not a resource (404). */
export function resourceId(segments: string[], type: string): string {
  if (segments.length !== 1 || !segments[0]) throw new AppError("not_found", `No such ${type} endpoint`);
  return segments[0];
}

/** RFC 7644 §3.9 `attributes` / `excludedAttributes` of a single-resource request (names case-insensitive). */
export function projectionParams(url: URL): { attributes?: string; excludedAttributes?: string } {
  const out: { attributes?: string; excludedAttributes?: string } = {};
  for (const [k, v] of url.searchParams) {
    if (k.toLowerCase() === "attributes") out.attributes = v;
    if (k.toLowerCase() === "excludedattributes") out.excludedAttributes = v;
  }
  return out;
}

/** Collection-only methods called on a resource, and the reverse. */
export const methodNotAllowed = (detail: string) => scimJson(scimErrorBody(405, detail), 405);

function segmentsOf(params: Record<string, string | string[] | undefined>): string[] {
  return Object.values(params).flatMap((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));
}

/**
 * The one SCIM route wrapper: authenticates the bearer token (401 with WWW-Authenticate; 403 for an
 * inactive organization), applies the per-token rate limit (429 + Retry-After), checks the token's scope,
 * reads the body (JSON content types only, 1 MB), replies with a SCIM Error for anything thrown
 * (RFC 7644 §3.12), and records the request in the organization's SCIM activity log.
 */
export function scimRoute(opts: ScimRouteOptions, handler: (a: ScimArgs) => Promise<Response>) {
  return async (request: Request, rc: RouteContext): Promise<Response> => {
    const started = performance.now();
    const url = new URL(request.url);
    const trace: ScimTrace = { resourceType: opts.resourceType, quirks: [] };
    let ctx: OrgContext | undefined;
    let body: unknown;
    let res: Response;
    try {
      const auth = await authenticateScim(request);
      ctx = auth.ctx;
      const limit = buckets().take(auth.ctx.actor.type === "scim" ? auth.ctx.actor.tokenId : auth.ctx.orgId);
      if (!limit.ok) {
        throw new AppError("rate_limited", "Too many SCIM requests for this token; retry later", { retryAfter: limit.retryAfterSeconds });
      }
      const segments = segmentsOf((await rc?.params) ?? {});
      const scope = typeof opts.scope === "function" ? opts.scope(segments) : opts.scope;
      if (scope && !auth.scopes.includes(scope)) {
        throw new AppError("forbidden", `This SCIM token lacks the ${scope} scope`);
      }
      if (opts.body) body = await readJsonBody(request);
      res = await handler({ request, ctx, url, segments, body, trace });
    } catch (err) {
      const e = toScimError(err);
      trace.scimType = e.scimType;
      trace.detail = e.detail;
      res = scimJson(scimErrorBody(e.status, e.detail, e.scimType), e.status, e.headers);
    }
    const durationMs = Math.round(performance.now() - started);
    try {
      res.headers.set("server-timing", `app;dur=${durationMs}`);
    } catch {
      // immutable headers: skip
    }
    if (ctx) {
      // Queued, written in batches off the response path (lib/db/repos/scim-log.ts).
      try {
        scimActivity.enqueue(ctx, {
          method: request.method,
          path: `${url.pathname}${url.search}`,
          resourceType: trace.resourceType ?? null,
          resourceId: trace.resourceId ?? null,
          status: res.status,
          scimType: trace.scimType ?? null,
          detail: res.status >= 400 ? (trace.detail ?? null) : null,
          quirks: trace.quirks,
          durationMs,
          requestBody: body === undefined ? null : redactBody(body),
        });
      } catch (err) {
        log.warn("could not record SCIM activity", { err });
      }
    }
    return res;
  };
}
