import { z, type ZodType } from "zod";
import { AppError, toAppError, zodIssues } from "@/lib/errors";
import { authenticateApiKey, orgContext, requestMeta, type OrgContext, type Principal } from "@/lib/auth/org-context";
import { can, type Permission } from "@/lib/auth/permissions";
import { getSessionPrincipal } from "@/lib/auth/session";
import { log } from "@/lib/log";

export const MAX_BODY_BYTES = 1_000_000;

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

type Common<B, Q, P> = {
  body?: ZodType<B>;
  query?: ZodType<Q>;
  params?: ZodType<P>;
};
type OrgOpts<B, Q, P> = Common<B, Q, P> & { scope?: "org"; permission: Permission | null; orgParam?: string };
type PrincipalOpts<B, Q, P> = Common<B, Q, P> & { scope: "principal" };

type Args<B, Q, P> = { request: Request; body: B; query: Q; params: P; principal: Principal };

export const json = (data: unknown, status = 200, headers?: HeadersInit) =>
  new Response(JSON.stringify(data), { status, headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers } });
export const noContent = () => new Response(null, { status: 204 });

export function errorResponse(err: unknown): Response {
  const e = toAppError(err);
  if (e.code === "internal") log.error("unhandled error", { cause: e.cause });
  const headers: Record<string, string> = {};
  if (e.retryAfter) headers["retry-after"] = String(e.retryAfter);
  return json({ error: { code: e.code, message: e.message, ...(e.issues ? { issues: e.issues } : {}) } }, e.status, headers);
}

function parse<T>(schema: ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const r = schema.safeParse(value);
  if (!r.success) {
    const issues = zodIssues(r.error).map((i) => ({ ...i, path: i.path === "(body)" ? where : `${where === "body" ? "" : where + "."}${i.path}` }));
    throw new AppError("invalid_input", `Invalid ${where}: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, { issues });
  }
  return r.data;
}

async function readBody(request: Request): Promise<unknown> {
  const len = Number(request.headers.get("content-length") ?? "0");
  if (len > MAX_BODY_BYTES) throw new AppError("payload_too_large", `The request body is over ${MAX_BODY_BYTES / 1_000_000} MB`);
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new AppError("payload_too_large", `The request body is over ${MAX_BODY_BYTES / 1_000_000} MB`);
  if (!text.trim()) return {};
  const ct = request.headers.get("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(ct)) throw new AppError("unsupported_media_type", "Send the body as JSON with Content-Type: application/json");
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AppError("bad_request", `The body is not valid JSON: ${(e as Error).message}`);
  }
}

export async function authenticate(request: Request): Promise<Principal> {
  // API keys never go through the interactive session layer.
  const keyPrincipal = await authenticateApiKey(request);
  if (keyPrincipal) return keyPrincipal;
  const session = await getSessionPrincipal(requestMeta(request));
  if (!session) throw new AppError("unauthenticated", "Sign in, or send an API key as Authorization: Bearer gh_…");
  return session;
}

const queryObject = (request: Request) => Object.fromEntries(new URL(request.url).searchParams.entries());

/**
 * The one REST route wrapper: authenticates (API key or session), builds the OrgContext for the
 * organization in the URL, checks the permission, parses params/query/body with zod and maps every
 * error to `{ error: { code, message, issues? } }`.
 */
export function restRoute<B = undefined, Q = undefined, P = Record<string, string>>(
  opts: OrgOpts<B, Q, P>,
  handler: (a: Args<B, Q, P> & { ctx: OrgContext }) => Promise<Response>,
): (request: Request, rc: RouteContext) => Promise<Response>;
export function restRoute<B = undefined, Q = undefined, P = Record<string, string>>(
  opts: PrincipalOpts<B, Q, P>,
  handler: (a: Args<B, Q, P>) => Promise<Response>,
): (request: Request, rc: RouteContext) => Promise<Response>;
export function restRoute<B, Q, P>(
  opts: OrgOpts<B, Q, P> | PrincipalOpts<B, Q, P>,
  handler: (a: Args<B, Q, P> & { ctx: OrgContext }) => Promise<Response>,
) {
  return async (request: Request, rc: RouteContext): Promise<Response> => {
    const started = performance.now();
    const res = await handle(request, rc);
    // Server time for benchmarks and operators (bench/ reads it); no sensitive detail.
    try {
      res.headers.set("server-timing", `app;dur=${(performance.now() - started).toFixed(2)}`);
    } catch {
      // immutable headers (e.g. a proxied Response): skip
    }
    return res;
  };

  async function handle(request: Request, rc: RouteContext): Promise<Response> {
    try {
      const rawParams = (await rc?.params) ?? {};
      const principal = await authenticate(request);
      let ctx: OrgContext | undefined;
      if (opts.scope !== "principal") {
        const orgId = String(rawParams[opts.orgParam ?? "id"] ?? "");
        ctx = await orgContext(principal, orgId);
        if (opts.permission && !can(ctx, opts.permission)) {
          throw new AppError("forbidden", `Your role (${ctx.role}) does not allow this: it needs the ${opts.permission} permission`);
        }
      }
      const params = parse(opts.params, rawParams, "params");
      const query = parse(opts.query, queryObject(request), "query");
      const body = opts.body ? parse(opts.body, await readBody(request), "body") : undefined;
      return await handler({ request, principal, ctx: ctx!, params, query, body: body as B });
    } catch (err) {
      return errorResponse(err);
    }
  }
}

export const idParam = z.object({ id: z.string() });
