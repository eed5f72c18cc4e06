import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import type { Principal, RequestMeta } from "@/lib/auth/org-context";
import { principalForSessionToken } from "@/lib/auth/sessions";
import { log } from "@/lib/log";

type Resolver = (meta: RequestMeta) => Promise<Principal | null>;
let override: Resolver | null = null;
/**
 * Integration tests only: route handlers called in-process have no cookies, so a suite can make
 * them act as a signed-in user (e.g. `userPrincipal(id, meta, sessionId)`). null restores the cookie path.
 */
export function setSessionResolver(r: Resolver | null) {
  override = r;
}

/**
 * Resolves the interactive session (next-auth cookie -> server-side Session row) to a Principal.
 * Returns null when there is no valid session, and when called outside a Next.js request
 * (integration tests call route handlers directly, with no cookies: they expect a 401).
 */
export async function getSessionPrincipal(meta: RequestMeta): Promise<Principal | null> {
  if (override) return override(meta);
  try {
    await headers();
  } catch (e) {
    // Static rendering bail-outs must propagate; anything else means no request, hence no cookie.
    unstable_rethrow(e);
    return null;
  }
  let token: string | undefined;
  try {
    // Imported lazily: REST routes (and their tests) load Auth.js only inside a real request.
    const { auth } = await import("@/lib/auth/auth");
    const session = await auth();
    const sid = (session?.user as { sid?: unknown } | undefined)?.sid;
    token = typeof sid === "string" ? sid : undefined;
  } catch (e) {
    unstable_rethrow(e);
    log.warn("could not read the session cookie", { err: e });
    return null;
  }
  if (!token) return null;
  return principalForSessionToken(token, meta);
}
