// Integration-test helpers shared by the members, roles and API-key suites.
import { orgContext, userPrincipal } from "@/lib/auth/org-context";
import { setSessionResolver } from "@/lib/auth/session";

/** Makes the next route calls without a key act as this signed-in user (null: signed out). */
export function signInAs(userId: string | null) {
  setSessionResolver(async (meta) => (userId ? userPrincipal(userId, meta) : null));
}

/** The OrgContext a signed-in user gets in orgId, for calling services directly. */
export async function userCtx(userId: string, orgId: string) {
  return orgContext(await userPrincipal(userId, {}), orgId);
}
