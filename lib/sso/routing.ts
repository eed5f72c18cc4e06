import { emailDomain } from "@/lib/domains/normalize";
import { ssoSystemRepo } from "@/lib/db/repos/sso-connections";

// The login page's email-first step (issue #4 "Sign-in"): an email on a verified domain with routing
// enabled, of an organization with an SSO connection, goes to that organization's provider; anything
// else continues to the password step. The answer reveals nothing about accounts: an unknown address and
// a known one without SSO both continue to the password step.

export type LoginRoute = { kind: "sso"; orgId: string; connectionId: string } | { kind: "password" };

export async function routeEmail(email: string): Promise<LoginRoute> {
  const domain = emailDomain(email.trim().toLowerCase());
  if (!domain) return { kind: "password" };
  const hit = await ssoSystemRepo.routeByDomain(domain);
  return hit ? { kind: "sso", orgId: hit.orgId, connectionId: hit.connectionId } : { kind: "password" };
}
