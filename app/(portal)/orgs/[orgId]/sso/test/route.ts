import { cookies } from "next/headers";
import { redirect, unstable_rethrow } from "next/navigation";
import { requireOrgMember } from "@/lib/auth/require";
import { can } from "@/lib/auth/permissions";
import { signInWithSso } from "@/lib/auth/auth";
import { loadRuntime } from "@/lib/sso/runtime";
import { TEST_COOKIE, sealTestTicket } from "@/lib/sso/next-auth";
import { env } from "@/lib/env";

// Test sign-in (issue #4 "Safe rollout"): opened by the SSO page in a new window. Marks this browser's next
// callback for the organization as a test (sealed, 10 minutes), then goes to the provider with
// prompt=login so the admin can sign in there as another person. The callback stores the result and
// creates no session, so the admin's own session is untouched.
export async function GET(_req: Request, { params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const ctx = await requireOrgMember(orgId);
  if (!can(ctx, "sso:manage") || ctx.actor.type !== "user") redirect(`/orgs/${orgId}/sso?test=forbidden`);
  const rt = await loadRuntime(ctx.orgId);
  if (!rt.ok) redirect(`/orgs/${orgId}/sso?test=unavailable`);
  const jar = await cookies();
  jar.set(TEST_COOKIE, sealTestTicket(ctx.orgId, { adminUserId: ctx.actor.userId, adminEmail: ctx.actor.email }), {
    httpOnly: true, sameSite: "lax", path: "/", secure: env().APP_URL.startsWith("https://"), maxAge: 600,
  });
  try {
    return await signInWithSso(rt.runtime, `/orgs/${orgId}/sso?test=done`, { prompt: "login" });
  } catch (e) {
    unstable_rethrow(e);
    throw e;
  }
}
