import { cache } from "react";
import { AppError, notFound } from "@/lib/errors";
import { transaction } from "@/lib/db/unit-of-work";
import { sessionsRepo } from "@/lib/db/repos/sessions";
import { usersRepo } from "@/lib/db/repos/users";
import { organizationRepo } from "@/lib/db/repos/organizations";
import { recordAccountAudit } from "@/lib/auth/account-audit";
import { recordAudit } from "@/lib/audit/service";
import { orgContext, userPrincipal, isUuid, type Principal, type RequestMeta } from "@/lib/auth/org-context";
import { sha256 } from "@/lib/crypto";
import { toPage, type Page, type PageQuery } from "@/lib/http/pagination";
import { describeUserAgent } from "@/lib/auth/user-agent";
import { toOrganizationDto, type OrganizationDto } from "@/lib/organizations/dto";
import { needsRefresh, refreshSsoSession } from "@/lib/sso/refresh";

// Server-side sessions: the cookie holds a random token; the Session row (keyed by its SHA-256)
// decides whether it is still good, so revoking the row signs the device out on its next request.

const resolve = cache(async (token: string, ip: string | null, userAgent: string | null): Promise<Principal | null> => {
  const row = await sessionsRepo().findActiveByTokenHash(sha256(token));
  if (!row) return null;
  // SSO sessions (issue #4): only an expired access token costs a round trip to the provider; a refused
  // refresh (e.g. the person was deactivated there) ends the session.
  if (needsRefresh(row) && (await refreshSsoSession(row.id)) === "ended") return null;
  sessionsRepo().touch(row.id).catch(() => undefined);
  try {
    const p = await userPrincipal(row.userId, { ip, userAgent }, row.id);
    // The organization's identity provider authenticated an SSO session (and enforces its own MFA policy).
    return { ...p, activeOrgId: row.activeOrgId, ...(row.source === "sso" ? { needsMfaEnrolment: false } : {}) };
  } catch (e) {
    // A disabled or deleted user is simply signed out.
    if (e instanceof AppError && e.code === "unauthenticated") return null;
    throw e;
  }
});

/** The principal for a raw session token, or null when the session is unknown, revoked or expired. */
export function principalForSessionToken(token: string, meta: RequestMeta): Promise<Principal | null> {
  return resolve(token, meta.ip ?? null, meta.userAgent ?? null);
}

type InteractiveUser = { userId: string; email: string; sessionId: string | null };

/** Sessions and account settings belong to people; an API key gets a 400 that says so. */
export function interactiveUser(principal: Principal, message = "Sessions belong to interactive sign-ins; an API key has none"): InteractiveUser {
  const a = principal.actor;
  if (a.type !== "user") throw new AppError("bad_request", message);
  return { userId: a.userId, email: a.email, sessionId: a.sessionId ?? null };
}

/** Paged for the REST list; one person's active sessions are few, so the page is cut in memory. */
export async function listSessionsPage(principal: Principal, q: PageQuery): Promise<Page<SessionDto>> {
  const all = await listSessions(principal);
  return toPage(all.slice((q.page - 1) * q.limit, q.page * q.limit), all.length, q);
}

export type SessionDto = {
  id: string; device: string; userAgent: string | null; ip: string | null; source: string;
  createdAt: string; lastSeenAt: string; expiresAt: string; mfaVerified: boolean; isCurrent: boolean;
};

/** The principal's active sessions, most recently used first. */
export async function listSessions(principal: Principal): Promise<SessionDto[]> {
  const u = interactiveUser(principal);
  const rows = await sessionsRepo().listActiveForUser(u.userId);
  return rows.map((s) => ({
    id: s.id, device: describeUserAgent(s.userAgent), userAgent: s.userAgent, ip: s.ip, source: s.source,
    createdAt: s.createdAt.toISOString(), lastSeenAt: s.lastSeenAt.toISOString(), expiresAt: s.expiresAt.toISOString(),
    mfaVerified: !!s.mfaVerifiedAt, isCurrent: s.id === u.sessionId,
  }));
}

/** Revokes one of the principal's own sessions; anyone else's id (or an unknown one) is not_found. */
export async function revokeSession(principal: Principal, id: string): Promise<void> {
  const u = interactiveUser(principal);
  if (!isUuid(id)) throw notFound("Session");
  const orgs = await usersRepo().auditOrgs(u.userId);
  await transaction(async (tx) => {
    if (!(await sessionsRepo(tx).revoke(u.userId, id))) throw notFound("Session");
    await recordAccountAudit(tx, { userId: u.userId, email: u.email }, orgs, principal.meta, {
      action: "session.revoked", after: { sessionId: id, current: id === u.sessionId },
    });
  });
}

/** "Sign out all other sessions": returns how many were revoked. */
export async function revokeOtherSessions(principal: Principal): Promise<number> {
  const u = interactiveUser(principal);
  const orgs = await usersRepo().auditOrgs(u.userId);
  return transaction(async (tx) => {
    const count = await sessionsRepo(tx).revokeAllExcept(u.userId, u.sessionId);
    if (count) {
      await recordAccountAudit(tx, { userId: u.userId, email: u.email }, orgs, principal.meta, { action: "session.revoked_others", after: { count } });
    }
    return count;
  });
}

/** Sign-out: revokes the session behind a raw token (idempotent; unknown tokens are ignored). */
export async function signOutSession(token: string, meta: RequestMeta): Promise<void> {
  const row = await sessionsRepo().findActiveByTokenHash(sha256(token));
  if (!row) return;
  const user = await usersRepo().findById(row.userId);
  const orgs = await usersRepo().auditOrgs(row.userId);
  await transaction(async (tx) => {
    if (!(await sessionsRepo(tx).revoke(row.userId, row.id))) return;
    await recordAccountAudit(tx, { userId: row.userId, email: user?.email ?? row.userId }, orgs, meta, { action: "auth.logged_out", after: { sessionId: row.id } });
  });
}

/**
 * Makes orgId the session's active organization (and the user's default for next time).
 * The principal must be able to act there (orgContext: another organization is not_found).
 * Interactive sessions only: an API key is bound to its organization (400).
 */
export async function switchActiveOrg(principal: Principal, orgId: string): Promise<OrganizationDto> {
  const u = interactiveUser(principal, "API keys are bound to their organization; switching applies to interactive sessions");
  if (!u.sessionId) throw new AppError("bad_request", "Switching applies to interactive sessions");
  const ctx = await orgContext(principal, orgId);
  return transaction(async (tx) => {
    if (!(await sessionsRepo(tx).setActiveOrg(u.userId, u.sessionId!, ctx.orgId))) {
      throw new AppError("unauthenticated", "Your session has ended; sign in again");
    }
    await usersRepo(tx).update(u.userId, { lastOrgId: ctx.orgId });
    await recordAudit(tx, ctx, {
      action: "session.org_switched", targetType: "organization", targetId: ctx.orgId, targetLabel: ctx.orgName,
      before: { activeOrgId: principal.activeOrgId ?? null }, after: { activeOrgId: ctx.orgId },
    });
    return toOrganizationDto(await organizationRepo(ctx, tx).get());
  });
}
