import { cache } from "react";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { AppError } from "@/lib/errors";
import { env } from "@/lib/env";
import { clientIp } from "@/lib/http/client-ip";
import { getSessionPrincipal } from "@/lib/auth/session";
import { orgContext, type OrgContext, type Principal, type RequestMeta } from "@/lib/auth/org-context";

// Session helpers for server components and server actions (never for REST: see lib/http/rest.ts).

/** IP and user agent of the current request (server components and server actions). */
export async function currentRequestMeta(): Promise<RequestMeta> {
  const h = await headers();
  return { ip: clientIp(h, env().TRUST_PROXY), userAgent: h.get("user-agent") };
}

/** The signed-in principal, or null. Memoised per request: layouts and pages share one lookup. */
export const currentPrincipal = cache(async (): Promise<Principal | null> => getSessionPrincipal(await currentRequestMeta()));

/** The signed-in principal; redirects to /login, or to MFA enrolment when an owner/admin has none. */
export async function requirePrincipal(opts: { allowMfaEnrolment?: boolean } = {}): Promise<Principal> {
  const p = await currentPrincipal();
  if (!p) redirect("/login");
  if (p.needsMfaEnrolment && !opts.allowMfaEnrolment) redirect("/account/security?enrol=1");
  return p;
}

const cachedOrgContext = cache(async (orgId: string) => orgContext(await requirePrincipal(), orgId));

/**
 * Called by app/(portal)/orgs/[orgId]/layout.tsx and its pages (memoised per request, so the
 * membership is resolved once): non-members get notFound().
 */
export async function requireOrgMember(orgId: string): Promise<OrgContext> {
  try {
    return await cachedOrgContext(orgId);
  } catch (e) {
    if (e instanceof AppError && e.code === "not_found") notFound();
    throw e;
  }
}
