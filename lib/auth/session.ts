import type { Principal, RequestMeta } from "@/lib/auth/org-context";

/**
 * Resolves the interactive session (next-auth cookie -> server-side Session row) to a Principal.
 * Returns null when there is no valid session. Implemented by lib/auth/sessions.ts (see setSessionResolver).
 */
type Resolver = (meta: RequestMeta) => Promise<Principal | null>;
let resolver: Resolver = async () => null;
export function setSessionResolver(r: Resolver) {
  resolver = r;
}
export function getSessionPrincipal(meta: RequestMeta): Promise<Principal | null> {
  return resolver(meta);
}
