// /scim/v2 on node:http without Next's router (scripts/server.ts): the same exported route handlers of
// app/scim/v2/** that Next would call, with Next's routing and response rules reproduced here. Next's
// request pipeline costs more CPU per request than a SCIM GET by id itself (issue #5's throughput targets).
import type { IncomingMessage, ServerResponse } from "node:http";
import { SCIM_CONTENT_TYPE, SCIM_MAX_BODY_BYTES, scimErrorBody } from "@/lib/http/scim";
import { securityHeaders } from "@/lib/http/security-headers.mjs";
import { log } from "@/lib/log";

type RouteParams = Record<string, string[]>;
export type RouteHandler = (request: Request, rc: { params: Promise<RouteParams> }) => Promise<Response>;

/** Next's HTTP_METHODS: anything else is a 400 from the app-route module. */
const HTTP_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "PATCH"] as const;
type HttpMethod = (typeof HTTP_METHODS)[number];
export type ScimRouteModule = Partial<Record<HttpMethod, RouteHandler>>;

/** The route files under app/scim/v2, by folder (scim-node.test.ts checks the list against the folders). */
export const SCIM_ROUTE_FOLDERS = {
  Users: "Users/[[...id]]",
  Groups: "Groups/[[...id]]",
  ResourceTypes: "ResourceTypes/[[...id]]",
  Schemas: "Schemas/[[...id]]",
  ServiceProviderConfig: "ServiceProviderConfig",
  "[...path]": "[...path]",
} as const;
export type ScimRouteKey = keyof typeof SCIM_ROUTE_FOLDERS;
export type ScimRouteMatch = { route: ScimRouteKey; params: RouteParams };

const PREFIX = "/scim/v2/";
const OPTIONAL_CATCH_ALL: ReadonlySet<string> = new Set(["Users", "Groups", "ResourceTypes", "Schemas"]);

/**
 * The route file and params Next's file routing picks for a pathname under /scim/v2 (folders match
 * case-sensitively on the encoded path; each param segment is URL-decoded). null when no route handler
 * answers it and Next must: `/scim/v2` itself (its 404 page), a trailing or repeated slash or a backslash
 * (its 308 redirect), a segment that does not decode (its 400).
 */
export function matchScimRoute(pathname: string): ScimRouteMatch | null {
  if (!pathname.startsWith(PREFIX)) return null;
  const rest = pathname.slice(PREFIX.length);
  if (rest === "" || rest.endsWith("/") || rest.includes("//") || rest.includes("\\")) return null;
  const raw = rest.split("/");
  let segments: string[];
  try {
    segments = raw.map(decodeURIComponent);
  } catch {
    return null;
  }
  const head = raw[0];
  if (OPTIONAL_CATCH_ALL.has(head)) return { route: head as ScimRouteKey, params: raw.length > 1 ? { id: segments.slice(1) } : {} };
  if (head === "ServiceProviderConfig" && raw.length === 1) return { route: "ServiceProviderConfig", params: {} };
  return { route: "[...path]", params: { path: segments } };
}

/** The request's URL and route when it is a /scim/v2 route handler's; null for everything Next serves. */
export function scimRequestRoute(reqUrl: string | undefined, origin: string): (ScimRouteMatch & { url: URL }) | null {
  if (!reqUrl?.startsWith(PREFIX)) return null;
  const q = reqUrl.indexOf("?");
  const rawPath = q < 0 ? reqUrl : reqUrl.slice(0, q);
  // Next redirects these before resolving dot segments: leave them to it.
  if (rawPath.includes("//") || rawPath.includes("\\")) return null;
  let url: URL;
  try {
    url = new URL(reqUrl, origin);
  } catch {
    return null;
  }
  const match = matchScimRoute(url.pathname);
  return match && { ...match, url };
}

const isHttpMethod = (m: string | undefined): m is HttpMethod => (HTTP_METHODS as readonly (string | undefined)[]).includes(m);
const methodNotAllowed: RouteHandler = async () => new Response(null, { status: 405 });

/** What Next's app-route module does with a route file's exports: HEAD runs GET, OPTIONS lists them, the rest 405. */
export function routeMethods(mod: ScimRouteModule): Record<HttpMethod, RouteHandler> {
  const out = {} as Record<HttpMethod, RouteHandler>;
  for (const m of HTTP_METHODS) out[m] = mod[m] ?? methodNotAllowed;
  const implemented = HTTP_METHODS.filter((m) => mod[m]);
  if (!mod.HEAD && mod.GET) out.HEAD = mod.GET;
  if (!mod.OPTIONS) {
    const allow = ["OPTIONS", ...implemented, ...(!mod.HEAD && mod.GET ? ["HEAD"] : [])].sort().join(", ");
    out.OPTIONS = async () => new Response(null, { status: 204, headers: { Allow: allow } });
  }
  return out;
}

// Next's sendResponse: framing headers come from node, and headers already set (next.config's) win
// except these, which are appended.
const FRAMING = new Set(["content-length", "content-encoding", "transfer-encoding"]);
const MULTI = new Set(["www-authenticate", "proxy-authenticate", "vary"]);

/** The web Request a route handler gets; detachBody stops feeding its body stream (see discardRest). */
function requestOf(req: IncomingMessage, url: URL): { request: Request; detachBody?: () => void } {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const x of v) headers.append(k, x);
    else headers.append(k, v);
  }
  const method = req.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD" && (req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0);
  if (!hasBody) return { request: new Request(url, { method, headers }) };
  const body = bodyOf(req);
  // duplex "half": a stream body (undici requires it; not in TypeScript's RequestInit yet).
  return { request: new Request(url, { method, headers, body: body.stream, duplex: "half" } as RequestInit), detachBody: body.detach };
}

/**
 * The request body as a web stream with backpressure. Cancelling it (the 1 MB limit in lib/http/scim.ts)
 * only stops reading: destroying the request would destroy the socket before the 413 is written.
 */
function bodyOf(req: IncomingMessage): { stream: ReadableStream<Uint8Array>; detach: () => void } {
  let settled = false;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const onData = (chunk: Buffer) => {
    if (settled) return;
    controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if ((controller.desiredSize ?? 0) <= 0) req.pause();
  };
  const onEnd = () => {
    if (settled) return;
    settled = true;
    controller.close();
  };
  const onError = (err: Error) => {
    if (settled) return;
    settled = true;
    controller.error(err);
  };
  const detach = () => {
    settled = true;
    req.off("data", onData).off("end", onEnd).off("error", onError);
    req.pause();
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        req.on("data", onData).on("end", onEnd).on("error", onError);
        req.pause();
      },
      pull() {
        req.resume();
      },
      cancel: detach,
    },
    { highWaterMark: 64 * 1024, size: (c) => c.byteLength },
  );
  return { stream, detach };
}

/** Past this much unread body after the response (an oversized upload), the connection is closed. */
const DISCARD_MAX_BYTES = 16 * SCIM_MAX_BODY_BYTES;
const LINGER_MS = 2_000;

/**
 * The handler answered without reading the whole body (a 413): read and drop the rest, so the client
 * (which may still be sending) receives the response and the connection stays usable, as node does for
 * an unread body, but not without bound: past DISCARD_MAX_BYTES our side closes (FIN) and keeps
 * dropping what arrives for LINGER_MS before letting go, since closing a socket with unread input sends
 * a reset that can destroy the response before the client reads it.
 */
function discardRest(req: IncomingMessage) {
  let left = DISCARD_MAX_BYTES;
  const socket = req.socket;
  req.on("data", (chunk: Buffer) => {
    left -= chunk.byteLength;
    if (left >= 0 || socket.writableEnded) return;
    socket.end();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  });
  req.on("error", () => undefined);
  req.resume();
}

const waitDrain = (res: ServerResponse) =>
  new Promise<void>((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });

async function writeResponse(req: IncomingMessage, res: ServerResponse, response: Response, detachBody?: () => void): Promise<void> {
  if (!req.complete) {
    detachBody?.();
    discardRest(req);
  }
  res.statusCode = response.status;
  if (response.statusText) res.statusMessage = response.statusText;
  for (const { key, value } of securityHeaders) res.setHeader(key, value);
  response.headers.forEach((value, name) => {
    if (FRAMING.has(name) || name === "set-cookie") return;
    if (MULTI.has(name)) res.appendHeader(name, value);
    else if (res.getHeader(name) === undefined) res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) res.setHeader("set-cookie", cookies);

  const body = response.body;
  if (!body || req.method === "HEAD") {
    await body?.cancel().catch(() => undefined);
    res.end();
    return;
  }
  const reader = body.getReader();
  const onClose = () => void reader.cancel().catch(() => undefined);
  res.once("close", onClose);
  try {
    const first = await reader.read();
    if (first.done) return void res.end();
    const second = await reader.read();
    // A whole body in one chunk goes out in one write with a Content-Length.
    if (second.done) return void res.end(first.value);
    res.write(first.value);
    let next: ReadableStreamReadResult<Uint8Array> = second;
    while (!next.done) {
      if (!res.write(next.value)) await waitDrain(res);
      if (res.destroyed) return;
      next = await reader.read();
    }
    res.end();
  } catch (err) {
    // The status line is out: all that is left is to cut the response short.
    log.error("SCIM response body failed", { err, path: req.url });
    res.destroy();
  } finally {
    res.off("close", onClose);
  }
}

function writeInternalError(res: ServerResponse) {
  if (res.headersSent) return void res.destroy();
  const body = JSON.stringify(scimErrorBody(500, "Something went wrong on our side. Try again; if it persists, contact support."));
  res.statusCode = 500;
  for (const { key, value } of securityHeaders) res.setHeader(key, value);
  res.setHeader("content-type", `${SCIM_CONTENT_TYPE}; charset=utf-8`);
  res.setHeader("cache-control", "no-store");
  res.end(body);
}

/**
 * `(req, res, route)` for a request scimRequestRoute matched: calls the route file's handler as Next
 * would (same params, HEAD via GET, OPTIONS, 405, 400 for a method Next does not know) and writes its
 * Response (streamed bodies stream) with next.config's security headers. Never throws: anything unexpected
 * is logged and answered 500 with a SCIM error body (RFC 7644 §3.12).
 */
export function scimNodeHandler(modules: Record<ScimRouteKey, ScimRouteModule>) {
  const table = Object.fromEntries(Object.entries(modules).map(([k, m]) => [k, routeMethods(m)])) as Record<ScimRouteKey, Record<HttpMethod, RouteHandler>>;
  return async (req: IncomingMessage, res: ServerResponse, route: ScimRouteMatch & { url: URL }): Promise<void> => {
    let detachBody: (() => void) | undefined;
    try {
      // A method Next does not know is its 400 before any Request exists (undici refuses TRACE and CONNECT).
      if (!isHttpMethod(req.method)) return await writeResponse(req, res, new Response(null, { status: 400 }));
      const built = requestOf(req, route.url);
      detachBody = built.detachBody;
      const response = await table[route.route][req.method](built.request, { params: Promise.resolve(route.params) });
      await writeResponse(req, res, response, detachBody);
    } catch (err) {
      log.error("SCIM request failed outside its route handler", { err, method: req.method, path: route.url.pathname });
      if (!req.complete && !res.headersSent) {
        detachBody?.();
        discardRest(req);
      }
      writeInternalError(res);
    }
  };
}
