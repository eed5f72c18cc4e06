import { db } from "@/lib/db/client";
import type { OrgContext } from "@/lib/auth/org-context";

// The 15-minute session check (lib/lifecycle/session-check.ts): the SSO sessions an organization's
// provider issued, and the directory ids of their people.

export type CheckableSession = {
  id: string;
  userId: string;
  accessTokenEnc: string | null;
  tokenExpiresAt: Date | null;
};

export const sessionChecksRepo = (ctx: OrgContext) => ({
  /**
   * Active SSO sessions of this organization that hold a refresh token, in id order after `afterId`.
   * Sessions belong to users; ssoOrgId is the organization whose provider signed them in.
   */
  async page(afterId: string | null, take: number, now = new Date()): Promise<CheckableSession[]> {
    return (await db()).session.findMany({
      where: {
        ssoOrgId: ctx.orgId, source: "sso", revokedAt: null, expiresAt: { gt: now }, refreshTokenEnc: { not: null },
        ...(afterId ? { id: { gt: afterId } } : {}),
      },
      select: { id: true, userId: true, accessTokenEnc: true, tokenExpiresAt: true },
      orderBy: { id: "asc" },
      take,
    });
  },
  /** userId -> the directory's id for the people of this organization who came from its directory. */
  async directoryIds(userIds: string[]): Promise<Map<string, string>> {
    if (!userIds.length) return new Map();
    const rows = await (await db()).directoryAccount.findMany({
      where: { orgId: ctx.orgId, userId: { in: userIds } },
      select: { userId: true, externalId: true },
    });
    return new Map(rows.map((r) => [r.userId, r.externalId]));
  },
  async emails(userIds: string[]): Promise<Map<string, string>> {
    if (!userIds.length) return new Map();
    const rows = await (await db()).user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } });
    return new Map(rows.map((r) => [r.id, r.email]));
  },
});

export const sessionCheckSystemRepo = {
  // SECURITY: the 15-minute cron fans out one event per organization; only organization ids come back.
  async orgIdsWithRefreshableSessions(now = new Date()): Promise<string[]> {
    const rows = await (await db()).session.findMany({
      where: { source: "sso", revokedAt: null, expiresAt: { gt: now }, refreshTokenEnc: { not: null }, ssoOrgId: { not: null } },
      select: { ssoOrgId: true },
      distinct: ["ssoOrgId"],
    });
    const ids = rows.map((r) => r.ssoOrgId!).filter(Boolean);
    if (!ids.length) return [];
    const active = await (await db()).organization.findMany({ where: { id: { in: ids }, isActive: true }, select: { id: true }, orderBy: { id: "asc" } });
    return active.map((o) => o.id);
  },
};
