import { cookies, headers } from "next/headers";
import type { Account, NextAuthConfig, User } from "next-auth";
import type { OIDCConfig } from "next-auth/providers";
import { decode } from "next-auth/jwt";
import { decrypt, encrypt } from "@/lib/crypto";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import type { RequestMeta } from "@/lib/auth/org-context";
import { tenantOfIssuer } from "./config";
import { preferredIdTokenAlg } from "./discovery";
import { loadRuntime, orgIdFromProviderId, providerIdFor, type SsoRuntime } from "./runtime";
import { completeSsoSignIn, recordSsoFailure, type TestTicket } from "./sign-in";
import { newTraceId, type SsoFailureReason } from "./failures";
import { conformTokenResponse, needsIdTokenShadow } from "./next-auth-id-token";

// The Auth.js side of SSO: one OIDC provider per organization (`sso-<orgId>`), built from the
// SsoConnection on the request that needs it. Auth.js runs the redirect with Authorization Code + PKCE,
// state and nonce; everything it hands back goes through lib/sso/sign-in.ts, which verifies the ID token
// itself (Auth.js does not check its signature) and decides. Only the session id reaches the cookie.

export const TEST_COOKIE = "gh_sso_test";
const TEST_TTL_MS = 10 * 60_000;

/**
 * The issuer Auth.js compares on a callback. oauth4webapi checks the authorization response's `iss`
 * parameter (RFC 9207) literally against it, and a multi-tenant Entra issuer is the template
 * `https://<authority>/{tenantid}/v2.0` that no response can equal. As its author advises for Entra
 * (panva/oauth4webapi#131: change the `as.issuer` passed in, per tenant), a callback whose `iss` is this
 * template filled with a tenant GUID is compared against exactly that issuer; anything else keeps the
 * configured one, so a foreign `iss` is still refused by Auth.js, and every other provider is unchanged.
 * The ID token must then come from the same issuer (lib/sso/sign-in.ts), and our validator stays the
 * authority on the tenant (`tid`, allowed tenants).
 */
export function authJsIssuerFor(rt: SsoRuntime, responseIssuer: string | null | undefined): string {
  return responseIssuer && tenantOfIssuer(rt.resolved.issuer, responseIssuer) ? responseIssuer : rt.endpoints.issuer;
}

/**
 * Auth.js provider for an organization's connection. Endpoints are explicit: no discovery per request.
 * Multi-tenant Entra and audience overrides: Auth.js gets a shadow ID token that passes its literal
 * iss/aud comparison (lib/sso/next-auth-id-token.ts); `remember` records the original, which the signIn
 * callback validates (lib/sso/id-token.ts is the one authority on issuer and audience).
 * `responseIssuer`: the callback's `iss` parameter (see authJsIssuerFor).
 */
export function oidcProviderFor(
  rt: SsoRuntime,
  authorizationParams: Record<string, string> = {},
  remember?: (shadow: string, original: string) => void,
  responseIssuer?: string | null,
): OIDCConfig<Record<string, unknown>> {
  const e = rt.endpoints;
  const issuer = authJsIssuerFor(rt, responseIssuer);
  const expected = { issuer, clientId: rt.resolved.clientId };
  const conform = remember && needsIdTokenShadow(rt.resolved) ? (res: Response) => conformTokenResponse(res, expected, remember) : undefined;
  return {
    id: providerIdFor(rt.orgId),
    name: rt.orgName,
    type: "oidc",
    issuer,
    clientId: rt.resolved.clientId,
    clientSecret: rt.resolved.clientSecret ?? undefined,
    client: { token_endpoint_auth_method: "client_secret_basic", id_token_signed_response_alg: preferredIdTokenAlg(e) },
    authorization: { url: e.authorization_endpoint, params: { scope: rt.scopes.join(" "), ...authorizationParams } },
    token: { url: e.token_endpoint, ...(conform ? { conform } : {}) },
    // Only consulted when Auth.js discovers endpoints; lib/sso/sign-in.ts calls userinfo itself.
    userinfo: { url: e.userinfo_endpoint ?? e.token_endpoint },
    checks: ["pkce", "state", "nonce"],
    profile: (p) => ({ id: String(p.sub ?? ""), email: typeof p.email === "string" ? p.email : null, name: typeof p.name === "string" ? p.name : null }),
  };
}

/** The `iss` parameter of a callback's authorization response (RFC 9207), if any. */
export function responseIssuerFromRequest(req: Request | undefined): string | null {
  if (!req || !/\/api\/auth\/callback\//.test(new URL(req.url).pathname)) return null;
  return new URL(req.url).searchParams.get("iss");
}

/** The organization an Auth.js request is about: /api/auth/{signin,callback}/sso-<orgId>. */
export function ssoOrgIdFromRequest(req: Request | undefined): string | null {
  if (!req) return null;
  const m = new URL(req.url).pathname.match(/\/api\/auth\/(?:signin|callback)\/([^/?#]+)/);
  return m ? orgIdFromProviderId(decodeURIComponent(m[1]!)) : null;
}

async function requestMeta(): Promise<RequestMeta> {
  // headers() throws synchronously outside a request scope (a job, a test): no meta then.
  const h = await Promise.resolve().then(headers).catch(() => null);
  return { ip: h?.get("x-forwarded-for")?.split(",")[0]?.trim() ?? h?.get("x-real-ip") ?? null, userAgent: h?.get("user-agent") ?? null };
}

/** The nonce Auth.js sent (its one-time cookie, still on this request), so the ID token is checked against it here too. */
async function expectedNonce(providerId: string): Promise<string | null> {
  try {
    const jar = await cookies();
    const name = jar.has("__Secure-authjs.nonce") ? "__Secure-authjs.nonce" : "authjs.nonce";
    const raw = jar.get(name)?.value;
    const secret = env().AUTH_SECRET;
    if (!raw || !secret) return null;
    const parsed = (await decode({ token: raw, secret, salt: name })) as { value?: unknown; provider?: unknown } | null;
    return parsed && parsed.provider === providerId && typeof parsed.value === "string" ? parsed.value : null;
  } catch {
    return null;
  }
}

/** Sealed marker of an admin's test sign-in (set by the SSO page's Test button, read on the callback). */
export function sealTestTicket(orgId: string, ticket: TestTicket): string {
  return encrypt(JSON.stringify({ orgId, ...ticket, exp: Date.now() + TEST_TTL_MS }));
}

async function readTestTicket(orgId: string): Promise<TestTicket | null> {
  try {
    const jar = await cookies();
    const raw = jar.get(TEST_COOKIE)?.value;
    if (!raw) return null;
    const t = JSON.parse(decrypt(raw)) as { orgId?: string; adminUserId?: string; adminEmail?: string; exp?: number };
    jar.delete(TEST_COOKIE);
    if (t.orgId !== orgId || typeof t.exp !== "number" || t.exp < Date.now() || !t.adminUserId || !t.adminEmail) return null;
    return { adminUserId: t.adminUserId, adminEmail: t.adminEmail };
  } catch {
    return null;
  }
}

/** Where Auth.js sends errors it raises itself; `error=<type>` is appended after `from=`. */
export const errorPageFor = (traceId: string) => `/login/error?trace=${traceId}&from=`;

// Errors Auth.js raises before our signIn callback runs (state/PKCE cookies, the token request, its own
// ID-token claim checks) -> a failure reason for the SsoLoginFailure row.
function reasonForAuthError(e: Error): SsoFailureReason {
  const name = (e as { type?: string }).type ?? e.name;
  const text = `${e.message} ${String((e.cause as { err?: Error } | undefined)?.err?.message ?? (e.cause as Error | undefined)?.message ?? "")}`;
  if (name === "InvalidCheck") return "state-invalid";
  if (name === "OAuthCallbackError") return "provider-error";
  if (/"iss"|issuer/i.test(text)) return "wrong-issuer";
  if (/"aud"|audience/i.test(text)) return "wrong-audience";
  if (/"exp"|expired/i.test(text)) return "expired";
  if (/nonce/i.test(text)) return "nonce-mismatch";
  if (/alg/i.test(text)) return "alg-not-allowed";
  if (/state/i.test(text)) return "state-invalid";
  return "provider-error";
}

function describeAuthError(e: Error): string {
  const cause = e.cause as { err?: Error; message?: string } | undefined;
  const inner = cause?.err?.message ?? cause?.message;
  return `${(e as { type?: string }).type ?? e.name}: ${inner ?? e.message}`.slice(0, 500);
}

/**
 * The per-request SSO part of the Auth.js config for an organization's callback (and its sign-in start):
 * the provider, an error page carrying this request's trace id, a logger that records Auth.js's own
 * failures under that trace id, and the signIn callback that runs lib/sso/sign-in.ts.
 */
export function ssoConfigParts(rt: SsoRuntime, authorizationParams: Record<string, string> = {}, responseIssuer: string | null = null): Pick<NextAuthConfig, "providers" | "pages" | "logger"> & {
  signIn: (p: { user: User; account?: Account | null }) => Promise<boolean | string>;
} {
  const traceId = newTraceId();
  const providerId = providerIdFor(rt.orgId);
  let recorded = false;
  // Shadow ID token handed to Auth.js -> the provider's original (this request's config only).
  const originals = new Map<string, string>();
  return {
    providers: [oidcProviderFor(rt, authorizationParams, (shadow, original) => originals.set(shadow, original), responseIssuer)],
    pages: { signIn: errorPageFor(traceId), error: errorPageFor(traceId) },
    logger: {
      error(e) {
        log.warn("auth.js error (sso)", { orgId: rt.orgId, traceId, name: e.name, message: e.message });
        if (recorded) return;
        recorded = true;
        void requestMeta().then((meta) =>
          recordSsoFailure(rt.orgId, { reason: reasonForAuthError(e), detail: describeAuthError(e), connectionId: rt.connectionId, traceId }, meta),
        );
      },
      warn: (code) => log.debug("auth.js warning", { code }),
      debug: () => undefined,
    },
    async signIn({ user, account }) {
      if (!account || account.provider !== providerId) return false;
      recorded = true; // from here on, lib/sso/sign-in.ts records its own failures
      const meta = await requestMeta();
      const test = await readTestTicket(rt.orgId);
      const idToken = account.id_token ? (originals.get(account.id_token) ?? account.id_token) : undefined;
      if (!idToken) {
        const f = await recordSsoFailure(rt.orgId, { reason: "malformed", detail: "The token response carried no ID token", connectionId: rt.connectionId, traceId, test: !!test }, meta);
        return test ? `/orgs/${rt.orgId}/sso?test=done` : `/login/error?trace=${f.traceId}`;
      }
      const outcome = await completeSsoSignIn({
        orgId: rt.orgId,
        tokens: {
          idToken,
          accessToken: account.access_token ?? null,
          refreshToken: account.refresh_token ?? null,
          expiresAt: typeof account.expires_at === "number" ? account.expires_at : null,
        },
        expectedNonce: await expectedNonce(providerId),
        responseIssuer,
        runtime: rt,
        test,
        meta,
        traceId,
      });
      switch (outcome.status) {
        case "signed_in":
          // lib/auth/auth.ts's jwt callback puts only this into the cookie.
          user.sid = outcome.sessionToken;
          return true;
        case "tested":
          return `/orgs/${rt.orgId}/sso?test=done`;
        case "failed":
          return `/login/error?trace=${outcome.traceId}`;
      }
    },
  };
}

export type SsoRequest =
  | { orgId: string; runtime: SsoRuntime; responseIssuer: string | null }
  | { orgId: string; runtime: null; reason: SsoFailureReason; detail: string };

/** Loads the runtime for the Auth.js request about an organization; null when it is not an SSO request. */
export async function runtimeForRequest(req: Request | undefined): Promise<SsoRequest | null> {
  const orgId = ssoOrgIdFromRequest(req);
  if (!orgId) return null;
  const r = await loadRuntime(orgId);
  if (r.ok) return { orgId, runtime: r.runtime, responseIssuer: responseIssuerFromRequest(req) };
  log.warn("sso runtime unavailable", { orgId, reason: r.reason, detail: r.detail });
  return { orgId, runtime: null, reason: r.reason, detail: r.detail };
}

/** A callback for an organization whose connection cannot be used (deleted, misconfigured): traced and recorded. */
export function ssoUnavailableParts(orgId: string, reason: SsoFailureReason, detail: string): Pick<NextAuthConfig, "pages" | "logger"> {
  const traceId = newTraceId();
  let recorded = false;
  return {
    pages: { signIn: errorPageFor(traceId), error: errorPageFor(traceId) },
    logger: {
      error(e) {
        log.warn("auth.js error (sso unavailable)", { orgId, traceId, name: e.name, message: e.message });
        if (recorded) return;
        recorded = true;
        void requestMeta().then((meta) => recordSsoFailure(orgId, { reason, detail, traceId }, meta));
      },
      warn: (code) => log.debug("auth.js warning", { code }),
      debug: () => undefined,
    },
  };
}

export { newTraceId };
