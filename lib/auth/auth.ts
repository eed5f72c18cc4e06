import { headers } from "next/headers";
import NextAuth, { type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { adoptSession } from "@/lib/auth/login-service";
import { signOutSession } from "@/lib/auth/sessions";

// Auth.js holds only the cookie: a JWT (encrypted, JWE) whose single claim that matters is `sid`,
// the random session token. Everything else (user, active org, MFA, expiry, revocation) lives in
// the Session row (lib/auth/sessions.ts). The Credentials provider does not check passwords itself:
// the login action runs lib/auth/login-service.ts and hands the fresh session token over here.
// SSO (a later issue) adds per-organization OIDC providers to this config, built per request.

declare module "next-auth" {
  interface User { sid?: string }
}

export function buildAuthConfig(): NextAuthConfig {
  const ttlSeconds = env().SESSION_TTL_HOURS * 3600;
  return {
    // AUTH_URL must be http://localhost:<port> (the one origin) and trustHost lets Auth.js read it.
    trustHost: true,
    session: { strategy: "jwt", maxAge: ttlSeconds, updateAge: ttlSeconds },
    pages: { signIn: "/login", error: "/login" },
    providers: [
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
        const h = await headers().catch(() => null);
        await signOutSession(sid, { ip: h?.get("x-forwarded-for")?.split(",")[0]?.trim() ?? h?.get("x-real-ip") ?? null, userAgent: h?.get("user-agent") ?? null });
      },
    },
    logger: {
      error: (e) => log.warn("auth.js error", { name: e.name, message: e.message }),
      warn: (code) => log.debug("auth.js warning", { code }),
      debug: () => undefined,
    },
  };
}

// Lazy init: the config is built per request (next-auth passes undefined from signIn/auth()).
export const { handlers, auth, signIn, signOut } = NextAuth(() => buildAuthConfig());
