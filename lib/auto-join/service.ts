import { transaction } from "@/lib/db/unit-of-work";
import { domainsRepo, domainsSystemRepo } from "@/lib/db/repos/domains";
import { membersRepo } from "@/lib/db/repos/members";
import { recordAudit } from "@/lib/audit/service";
import { orgContextForJob, type OrgContext } from "@/lib/auth/org-context";
import { resolve } from "@/lib/roles/service";
import { emailDomain } from "@/lib/domains/normalize";
import { isPublicMailboxDomain } from "@/lib/domains/public-mailbox";
import { log } from "@/lib/log";

export type AutoJoinOutcome =
  | { outcome: "joined"; orgId: string; orgName: string; role: string; domain: string }
  | { outcome: "already-member"; orgId: string; domain: string }
  /** the email's domain is not verified by any organization */
  | { outcome: "no-domain"; domain: string | null }
  | { outcome: "public-domain"; domain: string }
  /** verified, but the organization has auto-join turned off */
  | { outcome: "disabled"; orgId: string; domain: string }
  /** more than one organization holds the domain as verified: nobody is joined */
  | { outcome: "ambiguous"; domain: string }
  | { outcome: "org-inactive"; orgId: string; domain: string }
  /** the auto-join role no longer exists (or is owner): nobody is joined */
  | { outcome: "role-missing"; orgId: string; domain: string };

/**
 * Email-domain auto-provisioning: called once when a user account is created or signs in for the
 * first time. If exactly one active organization has verified the email's domain with auto-join on,
 * the user becomes a member with its auto-join role (audited as member.auto_joined). Never for
 * unverified or public mailbox domains, inactive organizations or a domain two organizations claim.
 * Idempotent (already-member). Throws nothing for these outcomes; they are the return value.
 *
 * SECURITY: pass only an email whose ownership is proven (an invitation link, an IdP assertion);
 * a self-chosen, unverified address must never reach this function.
 */
export async function autoJoin(user: { id: string; email: string }): Promise<AutoJoinOutcome> {
  const domain = emailDomain(user.email);
  if (!domain) return { outcome: "no-domain", domain: null };
  if (isPublicMailboxDomain(domain)) return { outcome: "public-domain", domain };
  const claims = await domainsSystemRepo.verifiedClaims(domain);
  if (!claims.length) return { outcome: "no-domain", domain };
  if (claims.length > 1) {
    // The one-organization rule should make this impossible; refuse rather than guess.
    log.warn("auto-join refused: domain verified by more than one organization", { domain, count: claims.length });
    return { outcome: "ambiguous", domain };
  }
  const claim = claims[0]!;
  if (!claim.org.isActive) return { outcome: "org-inactive", orgId: claim.orgId, domain };
  if (!claim.autoJoinEnabled) return { outcome: "disabled", orgId: claim.orgId, domain };
  const ctx = await orgContextForJob(claim.orgId, `auto-join (${domain})`);
  try {
    return await joinIn(ctx, claim.id, user, domain);
  } catch (e) {
    // Two first sign-ins racing: the membership's unique (orgId, userId) lets one win.
    if ((e as { code?: string }).code === "P2002") return { outcome: "already-member", orgId: ctx.orgId, domain };
    throw e;
  }
}

function joinIn(ctx: OrgContext, domainId: string, user: { id: string; email: string }, domain: string): Promise<AutoJoinOutcome> {
  return transaction(async (tx) => {
    // Re-read inside the transaction: settings may have changed since the lookup.
    const d = await domainsRepo(ctx, tx).findById(domainId);
    if (!d || d.status !== "verified" || !d.autoJoinEnabled) return { outcome: "disabled", orgId: ctx.orgId, domain } as const;
    const members = membersRepo(ctx, tx);
    if (await members.findByUserId(user.id)) return { outcome: "already-member", orgId: ctx.orgId, domain } as const;
    const role = d.autoJoinRole === "owner" ? null : await resolve(ctx, d.autoJoinRole, tx);
    if (!role) return { outcome: "role-missing", orgId: ctx.orgId, domain } as const;
    await members.create({ userId: user.id, role: role.name, source: "manual" });
    await recordAudit(tx, ctx, {
      action: "member.auto_joined", targetType: "member", targetId: user.id, targetLabel: user.email,
      after: { email: user.email.toLowerCase(), role: role.name, domain, domainId: d.id },
    });
    return { outcome: "joined", orgId: ctx.orgId, orgName: ctx.orgName, role: role.name, domain } as const;
  });
}
