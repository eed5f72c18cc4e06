// Test-only rows and reads for the SSO suites (lib/sso/*.int.test.ts) and the SSO e2e seed.
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/prisma/client";

export const ssoRows = {
  async verifiedDomain(orgId: string, domain: string, opts: { routing?: boolean; status?: string } = {}) {
    return (await db()).verifiedDomain.create({
      data: { orgId, domain, status: opts.status ?? "verified", verificationToken: `t-${domain}`, verifiedAt: new Date(), routingEnabled: opts.routing ?? true },
    });
  },
  async setEndpoints(orgId: string, endpoints: Record<string, unknown>) {
    await (await db()).ssoConnection.update({ where: { orgId }, data: { endpoints: endpoints as Prisma.InputJsonValue, endpointsFetchedAt: new Date() } });
  },
  async connection(orgId: string) {
    return (await db()).ssoConnection.findUnique({ where: { orgId } });
  },
  async updateConnection(orgId: string, data: Prisma.SsoConnectionUpdateInput) {
    return (await db()).ssoConnection.update({ where: { orgId }, data });
  },
  async setMappings(orgId: string, rules: { attributeRoleMappings?: unknown[]; attributeTeamMappings?: unknown[]; attributeBusinessUnitMappings?: unknown[] }) {
    const data = {
      attributeRoleMappings: (rules.attributeRoleMappings ?? []) as Prisma.InputJsonValue,
      attributeTeamMappings: (rules.attributeTeamMappings ?? []) as Prisma.InputJsonValue,
      attributeBusinessUnitMappings: (rules.attributeBusinessUnitMappings ?? []) as Prisma.InputJsonValue,
    };
    await (await db()).identityMappingSet.upsert({ where: { orgId }, create: { orgId, ...data }, update: data });
  },
  async mappings(orgId: string) {
    return (await db()).identityMappingSet.findUnique({ where: { orgId } });
  },
  async userByEmail(email: string) {
    return (await db()).user.findUnique({ where: { email } });
  },
  async membership(orgId: string, userId: string) {
    return (await db()).membership.findUnique({ where: { orgId_userId: { orgId, userId } } });
  },
  async memberships(orgId: string) {
    return (await db()).membership.findMany({ where: { orgId }, include: { user: { select: { email: true } } } });
  },
  async identities(orgId?: string) {
    return (await db()).userIdentity.findMany({ where: orgId ? { orgId } : {} });
  },
  async failures(orgId?: string) {
    return (await db()).ssoLoginFailure.findMany({ where: orgId ? { orgId } : {}, orderBy: { createdAt: "asc" } });
  },
  async sessions(userId: string) {
    return (await db()).session.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });
  },
  async session(id: string) {
    return (await db()).session.findUniqueOrThrow({ where: { id } });
  },
  async updateSession(id: string, data: Prisma.SessionUpdateInput) {
    return (await db()).session.update({ where: { id }, data });
  },
  async userCount() {
    return (await db()).user.count();
  },
  async assignments(orgId: string, userId: string) {
    const c = await db();
    const [teams, units] = await Promise.all([
      c.teamMembership.findMany({ where: { orgId, userId }, select: { source: true, team: { select: { name: true } } } }),
      c.businessUnitMembership.findMany({ where: { orgId, userId }, select: { source: true, businessUnit: { select: { name: true } } } }),
    ]);
    return {
      teams: teams.map((t) => `${t.team.name}:${t.source}`).sort(),
      businessUnits: units.map((u) => `${u.businessUnit.name}:${u.source}`).sort(),
    };
  },
  async addManualTeam(orgId: string, userId: string, name: string) {
    const c = await db();
    const team = await c.team.upsert({ where: { orgId_name: { orgId, name } }, create: { orgId, name }, update: {} });
    await c.teamMembership.create({ data: { orgId, teamId: team.id, userId, source: "manual" } });
  },
  async directoryUser(orgId: string, d: { userName: string; externalId?: string; userId?: string | null; active?: boolean; emails?: unknown[] }) {
    return (await db()).directoryUser.create({
      data: {
        orgId, userName: d.userName, userNameLower: d.userName.toLowerCase(), externalId: d.externalId ?? null, userId: d.userId ?? null,
        active: d.active ?? true, emails: (d.emails ?? [{ value: d.userName, primary: true }]) as Prisma.InputJsonValue,
      },
    });
  },
  async samples(orgId: string) {
    return (await db()).ssoAttributeSample.findMany({ where: { orgId } });
  },
  /** A live session row as the login flows create it (password, or SSO through `ssoOrgId`). */
  async createSession(userId: string, o: { source?: "password" | "sso"; ssoOrgId?: string; expiresAt?: Date; revokedAt?: Date } = {}) {
    return (await db()).session.create({
      data: {
        tokenHash: `t-${crypto.randomUUID()}`, userId, activeOrgId: o.ssoOrgId ?? null, source: o.source ?? "password", ssoOrgId: o.ssoOrgId ?? null,
        expiresAt: o.expiresAt ?? new Date(Date.now() + 3_600_000), revokedAt: o.revokedAt ?? null,
      },
    });
  },
  async setUserPasswordMfa(userId: string, passwordHash: string | null, mfa: boolean) {
    await (await db()).user.update({ where: { id: userId }, data: { passwordHash, mfaEnabledAt: mfa ? new Date() : null, mfaSecretEnc: mfa ? "x" : null } });
  },
};
