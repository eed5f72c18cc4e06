import { db } from "@/lib/db/client";
import { unwrap, type TxHandle } from "@/lib/db/unit-of-work";
import type { OrgContext } from "@/lib/auth/org-context";
import type { Prisma } from "@/lib/db/generated/prisma/client";

export type SsoConnectionRow = Prisma.SsoConnectionGetPayload<object>;
export type SsoConnectionWrite = {
  provider: string;
  config: Record<string, unknown>;
  secretsEnc: string | null;
  scopes: string[];
  userIdField: string;
  rolesField: string | null;
  teamIdsField: string | null;
};
export type SsoConnectionPatch = Partial<
  SsoConnectionWrite & Pick<SsoConnectionRow, "endpointsFetchedAt" | "verifiedAt" | "testSignInAt" | "testSignInUserId" | "testSignInEmail" | "lastTestAt" | "requireSso">
> & { endpoints?: unknown; lastVerifyResult?: unknown; lastTestResult?: unknown };

const json = (v: unknown) => (v === undefined ? undefined : v === null ? (null as unknown as Prisma.InputJsonValue) : (JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue));

function data(p: SsoConnectionPatch) {
  const { endpoints, lastVerifyResult, lastTestResult, config, ...rest } = p;
  return {
    ...rest,
    ...(config !== undefined ? { config: json(config) } : {}),
    ...(endpoints !== undefined ? { endpoints: endpoints === null ? ({ set: null } as never) : json(endpoints) } : {}),
    ...(lastVerifyResult !== undefined ? { lastVerifyResult: lastVerifyResult === null ? ({ set: null } as never) : json(lastVerifyResult) } : {}),
    ...(lastTestResult !== undefined ? { lastTestResult: lastTestResult === null ? ({ set: null } as never) : json(lastTestResult) } : {}),
  };
}

/** The organization's SSO connection (one per organization). */
export const ssoConnectionsRepo = (ctx: OrgContext, tx?: TxHandle) => {
  const c = async () => unwrap(tx) ?? (await db());
  return {
    async get() {
      return (await c()).ssoConnection.findUnique({ where: { orgId: ctx.orgId } });
    },
    /** Row-locks the connection for the rest of the transaction (enforcement checks race with edits). */
    async lock() {
      await unwrap(tx)!.$queryRaw`SELECT 1 FROM "sso_connection" WHERE "orgId" = ${ctx.orgId}::uuid FOR UPDATE`;
    },
    async create(w: SsoConnectionWrite) {
      return (await c()).ssoConnection.create({ data: { ...w, config: json(w.config)!, orgId: ctx.orgId } });
    },
    async update(id: string, p: SsoConnectionPatch) {
      return (await c()).ssoConnection.update({ where: { orgId_id: { orgId: ctx.orgId, id } }, data: data(p) });
    },
    async delete(id: string) {
      return (await c()).ssoConnection.delete({ where: { orgId_id: { orgId: ctx.orgId, id } } });
    },
    /**
     * Break-glass accounts (issue #4 "local password + MFA, outside SSO"): active owners of this
     * organization whose account is active and has both a local password and TOTP enrolled.
     */
    async breakGlassAccounts() {
      const rows = await (await c()).membership.findMany({
        where: { orgId: ctx.orgId, role: "owner", status: "active", user: { isActive: true, passwordHash: { not: null }, mfaEnabledAt: { not: null } } },
        select: { userId: true, user: { select: { email: true } } },
      });
      return rows.map((r) => ({ userId: r.userId, email: r.user.email }));
    },
    /**
     * "Require SSO" ends the sessions it no longer allows for this organization: unexpired sessions of its
     * active members that did not come through this organization's SSO, except break-glass accounts (the
     * definition above). Returns how many were revoked; `countOnly` counts without revoking (the portal's
     * warning before the switch).
     */
    async revokeSessionsOutsideSso(opts: { countOnly?: boolean; now?: Date } = {}) {
      const now = opts.now ?? new Date();
      // SECURITY: sessions belong to users (lib/db/repos/sessions.ts); only sessions of users who are active
      // members of THIS organization match, and the policy they break is this organization's.
      const where = {
        revokedAt: null,
        expiresAt: { gt: now },
        NOT: { source: "sso", ssoOrgId: ctx.orgId },
        user: {
          memberships: { some: { orgId: ctx.orgId, status: "active" } },
          NOT: { passwordHash: { not: null }, mfaEnabledAt: { not: null }, isActive: true, memberships: { some: { orgId: ctx.orgId, role: "owner", status: "active" } } },
        },
      } satisfies Prisma.SessionWhereInput;
      const client = await c();
      if (opts.countOnly) return client.session.count({ where });
      return (await client.session.updateMany({ where, data: { revokedAt: now } })).count;
    },
    /** Members whose role SSO would evaluate (for the mapping preview): everyone with an SSO identity here. */
    async ssoMembers() {
      return (await c()).membership.findMany({
        where: { orgId: ctx.orgId, user: { identities: { some: { orgId: ctx.orgId } } } },
        select: { id: true, userId: true, role: true, source: true, status: true, user: { select: { email: true, name: true } } },
        orderBy: [{ user: { email: "asc" } }],
      });
    },
    /** Has anyone ever signed in to this organization through SSO? (first-user-admin rule) */
    async hasSsoMembers() {
      const client = await c();
      const [identity, member] = await Promise.all([
        client.userIdentity.findFirst({ where: { orgId: ctx.orgId }, select: { id: true } }),
        client.membership.findFirst({ where: { orgId: ctx.orgId, source: "sso" }, select: { id: true } }),
      ]);
      return !!identity || !!member;
    },
    /** Team names for the teamIdsField values: each value may be a team's id, externalId or name. */
    async teamNamesByRefs(refs: string[]) {
      if (!refs.length) return [];
      const uuids = refs.filter((r) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(r));
      const rows = await (await c()).team.findMany({
        where: { orgId: ctx.orgId, OR: [{ externalId: { in: refs } }, { name: { in: refs } }, ...(uuids.length ? [{ id: { in: uuids } }] : [])] },
        select: { name: true },
      });
      return rows.map((r) => r.name);
    },
    /** The organization's verified domains (any routing setting): the only domains SSO may provision for. */
    async verifiedDomains() {
      const rows = await (await c()).verifiedDomain.findMany({ where: { orgId: ctx.orgId, status: "verified" }, select: { domain: true } });
      return rows.map((r) => r.domain);
    },
  };
};

/** Reads that run before any OrgContext exists: the sign-in flow and the session layer. */
export const ssoSystemRepo = {
  // SECURITY: the login page routes an email to its organization by a verified domain with routing
  // enabled; only the organization's id and its SSO connection id come back, never other data.
  async routeByDomain(domain: string) {
    const rows = await (await db()).verifiedDomain.findMany({
      where: { domain, status: "verified", routingEnabled: true, org: { isActive: true, ssoConnection: { isNot: null } } },
      select: { orgId: true, org: { select: { slug: true, ssoConnection: { select: { id: true } } } } },
      take: 2,
    });
    // lib/domains enforces one organization per verified domain; two would be a data error: route nowhere.
    if (rows.length !== 1) return null;
    return { orgId: rows[0]!.orgId, connectionId: rows[0]!.org.ssoConnection!.id };
  },
  // SECURITY: the SSO callback and the session refresh load the connection of the organization named
  // by the provider id in the callback URL (sso-<orgId>) or by the session row; no tenant data is returned.
  async connectionForOrg(orgId: string) {
    return (await db()).ssoConnection.findUnique({ where: { orgId }, include: { org: { select: { id: true, name: true, slug: true, isActive: true } } } });
  },
  async saveEndpoints(id: string, endpoints: unknown) {
    await (await db()).ssoConnection.update({ where: { id }, data: { endpoints: json(endpoints), endpointsFetchedAt: new Date() } });
  },
  // SECURITY: the sign-in error page shows the person the reason of their own failure by its trace id
  // (random, 10 characters); only the reason comes back.
  async failureReasonByTrace(traceId: string) {
    const row = await (await db()).ssoLoginFailure.findFirst({ where: { traceId }, select: { reason: true } });
    return row?.reason ?? null;
  },
  // SECURITY: password sign-in asks whether any organization this user belongs to requires SSO; the
  // answer is used to refuse (or allow) that sign-in and is not shown beyond "use SSO".
  async enforcingMemberships(userId: string) {
    return (await db()).membership.findMany({
      where: { userId, status: "active", org: { isActive: true, ssoConnection: { requireSso: true } } },
      select: { orgId: true, role: true, org: { select: { name: true } } },
    });
  },
};

/** SSO's columns of the Session row (sessions belong to users, see lib/db/repos/sessions.ts). */
export const ssoSessionsRepo = (tx?: TxHandle) => {
  const c = async () => unwrap(tx) ?? (await db());
  return {
    async create(d: {
      tokenHash: string; userId: string; orgId: string; connectionId: string; ip: string | null; userAgent: string | null; expiresAt: Date;
      accessTokenEnc: string | null; refreshTokenEnc: string | null; idTokenEnc: string | null; tokenExpiresAt: Date | null;
    }) {
      const { orgId, connectionId, ...rest } = d;
      return (await c()).session.create({
        data: { ...rest, activeOrgId: orgId, ssoOrgId: orgId, ssoConnectionId: connectionId, source: "sso", mfaVerifiedAt: null },
      });
    },
    async findActiveByTokenHash(tokenHash: string, now = new Date()) {
      return (await c()).session.findFirst({ where: { tokenHash, revokedAt: null, expiresAt: { gt: now } } });
    },
    async findById(id: string) {
      return (await c()).session.findUnique({ where: { id } });
    },
    /** Stores refreshed tokens only while the session is still active. */
    async saveTokens(id: string, t: { accessTokenEnc: string | null; refreshTokenEnc: string | null; idTokenEnc: string | null; tokenExpiresAt: Date | null }) {
      const r = await (await c()).session.updateMany({ where: { id, revokedAt: null }, data: t });
      return r.count === 1;
    },
    async revoke(id: string) {
      const r = await (await c()).session.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
      return r.count === 1;
    },
  };
};
