import { headers } from "next/headers";
import NextAuth, { type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { adoptSession } from "@/lib/auth/login-service";
import { signOutSession } from "@/lib/auth/sessions";
import { runtimeForRequest, ssoConfigParts, ssoUnavailableParts, type SsoRequest } from "@/lib/sso/next-auth";
import { revokeAtProvider } from "@/lib/sso/refresh";
import { providerIdFor, type SsoRuntime } from "@/lib/sso/runtime";

// Auth.js holds only the cookie: a JWT (encrypted, JWE) whose single claim that matters is `sid`,
// the random session token. Everything else (user, active org, MFA, expiry, revocation) lives in
// the Session row (lib/auth/sessions.ts). The Credentials provider does not check passwords itself:
// the login action runs lib/auth/login-service.ts and hands the fresh session token over here.
// SSO (issue #4) adds the organization's OIDC provider (`sso-<orgId>`) to the config of the requests
// about it (lib/sso/next-auth.ts); its signIn callback creates the same kind of Session row.

declare module "next-auth" {
  interface User { sid?: string }
}

export function buildAuthConfig(sso: SsoRequest | { runtime: SsoRuntime; authorizationParams?: Record<string, string> } | null = null): NextAuthConfig {
  const ttlSeconds = env().SESSION_TTL_HOURS * 3600;
  const ssoParts = sso?.runtime
    ? ssoConfigParts(sso.runtime, "authorizationParams" in sso ? sso.authorizationParams : undefined, "responseIssuer" in sso ? sso.responseIssuer : null)
    : null;
  const unavailable = sso && !sso.runtime && "reason" in sso ? ssoUnavailableParts(sso.orgId, sso.reason, sso.detail) : null;
  return {
    // AUTH_URL must be http://localhost:<port> (the one origin) and trustHost lets Auth.js read it.
    trustHost: true,
    session: { strategy: "jwt", maxAge: ttlSeconds, updateAge: ttlSeconds },
    pages: ssoParts?.pages ?? unavailable?.pages ?? { signIn: "/login", error: "/login" },
    providers: [
      ...(ssoParts?.providers ?? []),
      Credentials({
        id: "credentials",
        name: "Session",
        credentials: { sessionToken: {} },
        async authorize(credentials) {
          const token = typeof credentials?.sessionToken === "string" ? credentials.sessionToken : "";
          const adopted = await adoptSession(token);
          return adopted ? { id: adopted.userId, sid: token } : null;
        },
      }),
    ],
    callbacks: {
      signIn: (params) => (ssoParts && params.account?.provider !== "credentials" ? ssoParts.signIn(params) : true),
      // Only the session token goes into the cookie: no name, email or picture.
      jwt({ token, user }) {
        if (user?.sid) return { sid: user.sid };
        return token;
      },
      // What /api/auth/session returns to the browser: never the token.
      session({ session }) {
        return { expires: session.expires } as typeof session;
      },
    },
    events: {
      // /api/auth/signout (POST) revokes the row too, not only the cookie.
      async signOut(message) {
        const sid = "token" in message ? (message.token?.sid as string | undefined) : undefined;
        if (!sid) return;
        // SSO sessions: revoke the provider's tokens first (no-op without a revocation endpoint).
        await revokeAtProvider(sid).catch((err) => log.warn("token revocation at the provider failed", { err }));
        const h = await headers().catch(() => null);
        await signOutSession(sid, { ip: h?.get("x-forwarded-for")?.split(",")[0]?.trim() ?? h?.get("x-real-ip") ?? null, userAgent: h?.get("user-agent") ?? null });
      },
    },
    logger: ssoParts?.logger ?? unavailable?.logger ?? {
      error: (e) => log.warn("auth.js error", { name: e.name, message: e.message }),
      warn: (code) => log.debug("auth.js warning", { code }),
      debug: () => undefined,
    },
  };
}

// Lazy init: the config is built per request (next-auth passes undefined from signIn/auth()); requests
// under /api/auth/{signin,callback}/sso-<orgId> get that organization's provider.
export const { handlers, auth, signIn, signOut } = NextAuth(async (req) => buildAuthConfig(await runtimeForRequest(req)));

/**
 * Redirects to the organization's identity provider (Authorization Code + PKCE, state, nonce); never
 * returns. A per-organization instance: lazy init passes no request to server-side signIn().
 * `authorizationParams`: login_hint for the email-first step, prompt=login for an admin's test sign-in.
 */
export async function signInWithSso(runtime: SsoRuntime, redirectTo: string, authorizationParams: Record<string, string> = {}): Promise<never> {
  const instance = NextAuth(buildAuthConfig({ runtime, authorizationParams }));
  await instance.signIn(providerIdFor(runtime.orgId), { redirectTo }, authorizationParams);
  throw new Error("unreachable: signIn redirects");
}
