import { db, runInBackground } from "@/lib/db/client";

// SECURITY: these lookups are unscoped by design: they run before an OrgContext exists, to decide
// whether one may be created (lib/auth/org-context.ts is the only caller).
export const principalsRepo = {
  async findOrg(id: string) {
    return (await db()).organization.findUnique({ where: { id }, select: { id: true, name: true, isProvider: true, isActive: true } });
  },
  /** The user's membership in orgId, with whether that organization requires SSO (one round trip). */
  async findMembership(orgId: string, userId: string): Promise<{ role: string; status: string; requireSso: boolean } | null> {
    const rows = await (await db()).$queryRawUnsafe<{ role: string; status: string; requireSso: boolean }[]>(
      `SELECT m."role", m."status", COALESCE(s."requireSso", false) AS "requireSso"
         FROM "membership" m LEFT JOIN "sso_connection" s ON s."orgId" = m."orgId"
        WHERE m."orgId" = $1::uuid AND m."userId" = $2::uuid`,
      orgId,
      userId,
    );
    return rows[0] ?? null;
  },
  /**
   * Issue #4 enforcement, per request: where the session came from and whether the user is a
   * break-glass account (local password + TOTP). Only asked for organizations that require SSO.
   */
  async ssoEnforcementFacts(userId: string, sessionId: string | undefined) {
    const client = await db();
    const [user, session] = await Promise.all([
      client.user.findUnique({ where: { id: userId }, select: { passwordHash: true, mfaEnabledAt: true } }),
      sessionId ? client.session.findUnique({ where: { id: sessionId }, select: { source: true, ssoOrgId: true } }) : null,
    ]);
    return { breakGlass: !!user?.passwordHash && !!user?.mfaEnabledAt, session };
  },
  async findEffectiveRole(orgId: string, name: string) {
    const rows = await (await db()).role.findMany({ where: { name, scopeKey: { in: [orgId, "global"] } } });
    return rows.find((r) => r.orgId === orgId) ?? rows.find((r) => r.orgId === null) ?? null;
  },
  async findUserWithProviderRole(userId: string) {
    const client = await db();
    const user = await client.user.findUnique({
      where: { id: userId },
      select: {
        id: true, email: true, isActive: true, mfaEnabledAt: true,
        memberships: { where: { status: "active" }, select: { role: true, org: { select: { isProvider: true, isActive: true } } } },
      },
    });
    if (!user) return null;
    const prov = user.memberships.find((m) => m.org.isProvider && m.org.isActive && (m.role === "owner" || m.role === "admin"));
    return {
      id: user.id, email: user.email, isActive: user.isActive, mfaEnabledAt: user.mfaEnabledAt,
      roles: user.memberships.map((m) => m.role),
      providerRole: (prov?.role as "owner" | "admin" | undefined) ?? null,
    };
  },
  async findApiKeyByHash(keyHash: string) {
    const key = await (await db()).apiKey.findUnique({ where: { keyHash }, include: { org: { select: { name: true, isActive: true } } } });
    if (!key) return null;
    return { ...key, orgName: key.org?.name ?? null, orgIsActive: key.org?.isActive ?? null };
  },
  /** Not awaited by callers: throttled to one write a minute per key, which keeps hot keys off the write path. */
  touchApiKey(id: string) {
    runInBackground(
      db().then((c) => c.apiKey.updateMany({ where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(Date.now() - 60_000) } }] }, data: { lastUsedAt: new Date() } })),
    );
  },
};
