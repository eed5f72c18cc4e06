import { db, type Tx } from "@/lib/db/client";
import { unwrap, type TxHandle } from "@/lib/db/unit-of-work";
import type { OrgContext } from "@/lib/auth/org-context";

/** What the engine reads of an imported account to plan a change. */
export type AccountRow = {
  id: string;
  userId: string;
  externalId: string;
  email: string;
  status: string;
  hash: string;
  directoryActive: boolean;
  decommissionReason: string | null;
};

export type AccountWrite = {
  userId: string;
  externalId: string;
  email: string;
  displayName: string | null;
  directoryActive: boolean;
  department: string | null;
  orgUnit: string | null;
  groups: unknown;
  attributes: unknown;
  hash: string;
  status: "active" | "decommissioned";
};

export type MembershipRow = { id: string; userId: string; role: string; status: string; source: string };

const SELECT_ACCOUNT = `"id"::text, "userId"::text AS "userId", "externalId", "email", "status", "hash", "directoryActive", "decommissionReason"`;

/**
 * People pulled from ctx's organization's directory (DirectoryAccount) and the batched identity writes
 * directory sync makes for them. Every statement handles a whole page: no round trip per person.
 */
export const directoryAccountsRepo = (ctx: OrgContext, tx?: TxHandle) => {
  const c = async (): Promise<Tx> => unwrap(tx) ?? (await db());
  const orgId = ctx.orgId;
  return {
    /** Accounts matching any of the external ids or linked to any of the users. */
    async findByExternalIdsOrUsers(externalIds: string[], userIds: string[]): Promise<AccountRow[]> {
      if (!externalIds.length && !userIds.length) return [];
      return (await c()).$queryRawUnsafe<AccountRow[]>(
        `SELECT ${SELECT_ACCOUNT} FROM "directory_account"
          WHERE "orgId" = $1::uuid AND ("externalId" = ANY($2::text[]) OR "userId" = ANY($3::uuid[]))`,
        orgId,
        externalIds,
        userIds,
      );
    },
    async findByUserIds(userIds: string[]): Promise<AccountRow[]> {
      if (!userIds.length) return [];
      return (await c()).$queryRawUnsafe<AccountRow[]>(
        `SELECT ${SELECT_ACCOUNT} FROM "directory_account" WHERE "orgId" = $1::uuid AND "userId" = ANY($2::uuid[])`,
        orgId,
        userIds,
      );
    },
    /** Active accounts by external id (team sync: group member ids → users). */
    async userIdsByExternalIds(externalIds: string[]): Promise<Map<string, string>> {
      if (!externalIds.length) return new Map();
      const rows = await (await c()).$queryRawUnsafe<{ externalId: string; userId: string }[]>(
        `SELECT "externalId", "userId"::text AS "userId" FROM "directory_account"
          WHERE "orgId" = $1::uuid AND "status" = 'active' AND "externalId" = ANY($2::text[])`,
        orgId,
        externalIds,
      );
      return new Map(rows.map((r) => [r.externalId, r.userId]));
    },
    async countActive(): Promise<number> {
      const rows = await (await c()).$queryRawUnsafe<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM "directory_account" WHERE "orgId" = $1::uuid AND "status" = 'active'`,
        orgId,
      );
      return rows[0]?.n ?? 0;
    },
    /** Stamps the accounts a reconciliation saw (one statement per page), so "missing" is a query at the end. */
    async markSeen(externalIds: string[], runId: string) {
      if (!externalIds.length) return 0;
      return (await c()).$executeRawUnsafe(
        `UPDATE "directory_account" SET "lastRunId" = $2::uuid, "lastSeenAt" = now()
          WHERE "orgId" = $1::uuid AND "externalId" = ANY($3::text[])`,
        orgId,
        runId,
        externalIds,
      );
    },
    /** Active accounts the run did not see: gone from the source set. */
    async missingSince(runId: string, limit: number): Promise<AccountRow[]> {
      return (await c()).$queryRawUnsafe<AccountRow[]>(
        `SELECT ${SELECT_ACCOUNT} FROM "directory_account"
          WHERE "orgId" = $1::uuid AND "status" = 'active' AND "lastRunId" IS DISTINCT FROM $2::uuid
          ORDER BY "email" LIMIT $3`,
        orgId,
        runId,
        limit,
      );
    },
    /** Inserts new accounts and rewrites changed ones, one statement. */
    async upsertMany(rows: AccountWrite[], provider: string, runId: string) {
      if (!rows.length) return 0;
      const col = <K extends keyof AccountWrite>(k: K) => rows.map((r) => r[k]);
      return (await c()).$executeRawUnsafe(
        `INSERT INTO "directory_account" ("id", "orgId", "userId", "provider", "externalId", "email", "displayName", "directoryActive",
            "department", "orgUnit", "groups", "attributes", "hash", "status", "lastSeenAt", "lastRunId", "decommissionedAt", "decommissionReason",
            "createdAt", "updatedAt")
         SELECT gen_random_uuid(), $1::uuid, v.user_id::uuid, $2, v.ext, v.email, v.dn, v.active, v.dept, v.ou, v.groups::jsonb, v.attrs::jsonb,
                v.hash, v.status, now(), $3::uuid, NULL, NULL, now(), now()
           FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::boolean[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[])
             AS v(user_id, ext, email, dn, active, dept, ou, groups, attrs, hash, status)
         ON CONFLICT ("orgId", "externalId") DO UPDATE SET
           "email" = EXCLUDED."email", "displayName" = EXCLUDED."displayName", "directoryActive" = EXCLUDED."directoryActive",
           "department" = EXCLUDED."department", "orgUnit" = EXCLUDED."orgUnit", "groups" = EXCLUDED."groups",
           "attributes" = EXCLUDED."attributes", "hash" = EXCLUDED."hash", "status" = EXCLUDED."status",
           "lastSeenAt" = now(), "lastRunId" = EXCLUDED."lastRunId",
           "decommissionedAt" = CASE WHEN EXCLUDED."status" = 'active' THEN NULL ELSE "directory_account"."decommissionedAt" END,
           "decommissionReason" = CASE WHEN EXCLUDED."status" = 'active' THEN NULL ELSE "directory_account"."decommissionReason" END,
           "updatedAt" = now()`,
        orgId,
        provider,
        runId,
        col("userId"),
        col("externalId"),
        col("email"),
        col("displayName"),
        col("directoryActive"),
        col("department"),
        col("orgUnit"),
        rows.map((r) => JSON.stringify(r.groups ?? [])),
        rows.map((r) => JSON.stringify(r.attributes ?? {})),
        col("hash"),
        col("status"),
      );
    },
    /** Stored directory data of linked accounts (team sync re-evaluates mappings from it). */
    async storedByUserIds(userIds: string[]) {
      if (!userIds.length) return [];
      return (await c()).directoryAccount.findMany({
        where: { orgId, userId: { in: userIds } },
        select: { userId: true, externalId: true, email: true, displayName: true, directoryActive: true, department: true, orgUnit: true, groups: true, attributes: true, status: true },
      });
    },
    /** Active accounts whose org unit (id or path) or department is one of `keys`, per key (business-unit sync). */
    async usersByUnitKeys(keys: string[]): Promise<{ userId: string; orgUnit: string | null; department: string | null }[]> {
      if (!keys.length) return [];
      return (await c()).$queryRawUnsafe(
        `SELECT "userId"::text AS "userId", "orgUnit", "department" FROM "directory_account"
          WHERE "orgId" = $1::uuid AND "status" = 'active' AND ("orgUnit" = ANY($2::text[]) OR "department" = ANY($2::text[]))`,
        orgId,
        keys,
      );
    },
    async markDecommissioned(userIds: string[], reasons: string[], runId: string | null) {
      if (!userIds.length) return 0;
      return (await c()).$executeRawUnsafe(
        `UPDATE "directory_account" a SET "status" = 'decommissioned', "decommissionedAt" = now(), "decommissionReason" = v.reason,
                "directoryActive" = CASE WHEN v.reason = 'disabled' THEN false ELSE a."directoryActive" END,
                "lastRunId" = COALESCE($4::uuid, a."lastRunId"), "updatedAt" = now()
           FROM unnest($2::uuid[], $3::text[]) AS v(user_id, reason)
          WHERE a."orgId" = $1::uuid AND a."userId" = v.user_id AND a."status" = 'active'`,
        orgId,
        userIds,
        reasons,
        runId,
      );
    },
  };
};

/**
 * The Gatehouse side of a directory page: users, memberships, directory-sourced team and business-unit
 * rows, and cutting people off. Batched: each method is one statement for the whole page.
 */
export const directoryIdentityRepo = (ctx: OrgContext, tx: TxHandle) => {
  const c = () => unwrap(tx)!;
  const orgId = ctx.orgId;
  return {
    async userIdsByEmails(emails: string[]): Promise<Map<string, string>> {
      if (!emails.length) return new Map();
      const rows = await c().$queryRawUnsafe<{ id: string; email: string }[]>(
        `SELECT "id"::text, "email" FROM "user" WHERE "email" = ANY($1::text[])`,
        emails,
      );
      return new Map(rows.map((r) => [r.email, r.id]));
    },
    /**
     * Users by (lower-cased) email, created without a password when missing; returns email → id and the
     * emails that were created.
     * SECURITY: the same trust as members.add and SCIM's findOrCreateUserByEmail: an administrator of
     * ctx's organization configured this directory. Only a membership here is attached; the global
     * user's password, MFA and other memberships are never touched.
     */
    async findOrCreateUsers(people: { email: string; name: string | null }[]) {
      if (!people.length) return { ids: new Map<string, string>(), created: new Set<string>() };
      const client = c();
      const created = await client.$queryRawUnsafe<{ email: string }[]>(
        `INSERT INTO "user" ("id", "email", "name", "updatedAt")
         SELECT gen_random_uuid(), v.email, v.name, now() FROM unnest($1::text[], $2::text[]) AS v(email, name)
         ON CONFLICT ("email") DO NOTHING RETURNING "email"`,
        people.map((p) => p.email),
        people.map((p) => p.name),
      );
      const rows = await client.$queryRawUnsafe<{ id: string; email: string }[]>(
        `SELECT "id"::text, "email" FROM "user" WHERE "email" = ANY($1::text[])`,
        people.map((p) => p.email),
      );
      return { ids: new Map(rows.map((r) => [r.email, r.id])), created: new Set(created.map((r) => r.email)) };
    },
    async memberships(userIds: string[]): Promise<MembershipRow[]> {
      if (!userIds.length) return [];
      return c().$queryRawUnsafe<MembershipRow[]>(
        `SELECT "id"::text, "userId"::text AS "userId", "role", "status", "source" FROM "membership" WHERE "orgId" = $1::uuid AND "userId" = ANY($2::uuid[])`,
        orgId,
        userIds,
      );
    },
    async createMemberships(rows: { userId: string; role: string; status: string }[]) {
      if (!rows.length) return 0;
      const r = await c().membership.createMany({ data: rows.map((m) => ({ orgId, userId: m.userId, role: m.role, status: m.status, source: "directory" })), skipDuplicates: true });
      return r.count;
    },
    /** Sets role and/or status per membership id in one statement; null keeps the current value. */
    async updateMemberships(rows: { id: string; role: string | null; status: string | null }[]) {
      if (!rows.length) return 0;
      return c().$executeRawUnsafe(
        `UPDATE "membership" m SET "role" = COALESCE(v.role, m."role"), "status" = COALESCE(v.status, m."status"), "updatedAt" = now()
           FROM unnest($2::uuid[], $3::text[], $4::text[]) AS v(id, role, status)
          WHERE m."orgId" = $1::uuid AND m."id" = v.id AND m."role" <> 'owner'`,
        orgId,
        rows.map((r) => r.id),
        rows.map((r) => r.role),
        rows.map((r) => r.status),
      );
    },
    async addTeamMemberships(pairs: { userId: string; teamId: string }[]) {
      if (!pairs.length) return 0;
      const r = await c().teamMembership.createMany({ data: pairs.map((p) => ({ orgId, teamId: p.teamId, userId: p.userId, source: "directory" })), skipDuplicates: true });
      return r.count;
    },
    async removeTeamMemberships(pairs: { userId: string; teamId: string }[]) {
      if (!pairs.length) return 0;
      return c().$executeRawUnsafe(
        `DELETE FROM "team_membership" t USING unnest($2::uuid[], $3::uuid[]) AS v(user_id, team_id)
          WHERE t."orgId" = $1::uuid AND t."userId" = v.user_id AND t."teamId" = v.team_id AND t."source" = 'directory'`,
        orgId,
        pairs.map((p) => p.userId),
        pairs.map((p) => p.teamId),
      );
    },
    async addBusinessUnitMemberships(pairs: { userId: string; unitId: string }[]) {
      if (!pairs.length) return 0;
      const r = await c().businessUnitMembership.createMany({ data: pairs.map((p) => ({ orgId, businessUnitId: p.unitId, userId: p.userId, source: "directory" })), skipDuplicates: true });
      return r.count;
    },
    async removeBusinessUnitMemberships(pairs: { userId: string; unitId: string }[]) {
      if (!pairs.length) return 0;
      return c().$executeRawUnsafe(
        `DELETE FROM "business_unit_membership" t USING unnest($2::uuid[], $3::uuid[]) AS v(user_id, unit_id)
          WHERE t."orgId" = $1::uuid AND t."userId" = v.user_id AND t."businessUnitId" = v.unit_id AND t."source" = 'directory'`,
        orgId,
        pairs.map((p) => p.userId),
        pairs.map((p) => p.unitId),
      );
    },
    /** Directory-sourced team and business-unit names per user. */
    async directoryAssignments(userIds: string[]) {
      const teams = new Map<string, { id: string; name: string }[]>();
      const units = new Map<string, { id: string; name: string }[]>();
      if (!userIds.length) return { teams, businessUnits: units };
      const client = c();
      const [t, u] = await Promise.all([
        client.$queryRawUnsafe<{ userId: string; id: string; name: string }[]>(
          `SELECT m."userId"::text AS "userId", t."id"::text, t."name" FROM "team_membership" m JOIN "team" t ON t."id" = m."teamId"
            WHERE m."orgId" = $1::uuid AND m."source" = 'directory' AND m."userId" = ANY($2::uuid[])`,
          orgId,
          userIds,
        ),
        client.$queryRawUnsafe<{ userId: string; id: string; name: string }[]>(
          `SELECT m."userId"::text AS "userId", b."id"::text, b."name" FROM "business_unit_membership" m JOIN "business_unit" b ON b."id" = m."businessUnitId"
            WHERE m."orgId" = $1::uuid AND m."source" = 'directory' AND m."userId" = ANY($2::uuid[])`,
          orgId,
          userIds,
        ),
      ]);
      for (const r of t) teams.set(r.userId, [...(teams.get(r.userId) ?? []), { id: r.id, name: r.name }]);
      for (const r of u) units.set(r.userId, [...(units.get(r.userId) ?? []), { id: r.id, name: r.name }]);
      return { teams, businessUnits: units };
    },
    /** Teams and business units linked to directory groups / org units (externalId set). */
    async linkedTeams() {
      return c().team.findMany({ where: { orgId, externalId: { not: null } }, select: { id: true, name: true, externalId: true } });
    },
    async linkedBusinessUnits() {
      return c().businessUnit.findMany({ where: { orgId, externalId: { not: null } }, select: { id: true, name: true, externalId: true } });
    },
    async allTeamNames() {
      return c().team.findMany({ where: { orgId }, select: { id: true, name: true, externalId: true } });
    },
    async allBusinessUnitNames() {
      return c().businessUnit.findMany({ where: { orgId }, select: { id: true, name: true, externalId: true } });
    },
    async createTeam(name: string, externalId: string) {
      return c().team.create({ data: { orgId, name, externalId }, select: { id: true, name: true, externalId: true } });
    },
    async updateTeam(id: string, data: { name?: string; externalId?: string }) {
      return c().team.update({ where: { orgId_id: { orgId, id } }, data, select: { id: true, name: true, externalId: true } });
    },
    async createBusinessUnit(name: string, externalId: string) {
      return c().businessUnit.create({ data: { orgId, name, externalId }, select: { id: true, name: true, externalId: true } });
    },
    async updateBusinessUnit(id: string, data: { name?: string; externalId?: string }) {
      return c().businessUnit.update({ where: { orgId_id: { orgId, id } }, data, select: { id: true, name: true, externalId: true } });
    },
    /** Directory-sourced members of one team / business unit. */
    async teamDirectoryMembers(teamId: string): Promise<string[]> {
      const rows = await c().teamMembership.findMany({ where: { orgId, teamId, source: "directory" }, select: { userId: true } });
      return rows.map((r) => r.userId);
    },
    async unitDirectoryMembers(unitId: string): Promise<string[]> {
      const rows = await c().businessUnitMembership.findMany({ where: { orgId, businessUnitId: unitId, source: "directory" }, select: { userId: true } });
      return rows.map((r) => r.userId);
    },
    /** Suspends active non-owner memberships of these users; returns the user ids suspended. */
    async suspendMemberships(userIds: string[]): Promise<string[]> {
      if (!userIds.length) return [];
      const rows = await c().$queryRawUnsafe<{ userId: string }[]>(
        `UPDATE "membership" SET "status" = 'suspended', "updatedAt" = now()
          WHERE "orgId" = $1::uuid AND "userId" = ANY($2::uuid[]) AND "status" = 'active' AND "role" <> 'owner'
          RETURNING "userId"::text AS "userId"`,
        orgId,
        userIds,
      );
      return rows.map((r) => r.userId);
    },
    /**
     * Revokes the users' sessions bound to this organization and drops their stored provider tokens
     * (refresh tokens included). SECURITY: as provisioningRepo.revokeSessions, other organizations'
     * sessions stay untouched.
     */
    async revokeSessions(userIds: string[]): Promise<Map<string, number>> {
      const out = new Map<string, number>();
      if (!userIds.length) return out;
      const rows = await c().$queryRawUnsafe<{ userId: string }[]>(
        `UPDATE "session" SET "revokedAt" = now(), "accessTokenEnc" = NULL, "refreshTokenEnc" = NULL, "idTokenEnc" = NULL
          WHERE "userId" = ANY($2::uuid[]) AND "revokedAt" IS NULL AND ("activeOrgId" = $1::uuid OR "ssoOrgId" = $1::uuid)
          RETURNING "userId"::text AS "userId"`,
        orgId,
        userIds,
      );
      for (const r of rows) out.set(r.userId, (out.get(r.userId) ?? 0) + 1);
      return out;
    },
    /** Disables this organization's API keys the users created. */
    async disableApiKeys(userIds: string[]): Promise<Map<string, number>> {
      const out = new Map<string, number>();
      if (!userIds.length) return out;
      const rows = await c().$queryRawUnsafe<{ userId: string }[]>(
        `UPDATE "api_key" SET "disabledAt" = now()
          WHERE "orgId" = $1::uuid AND "createdById" = ANY($2::uuid[]) AND "disabledAt" IS NULL AND "revokedAt" IS NULL
          RETURNING "createdById"::text AS "userId"`,
        orgId,
        userIds,
      );
      for (const r of rows) out.set(r.userId, (out.get(r.userId) ?? 0) + 1);
      return out;
    },
    async userEmails(userIds: string[]): Promise<Map<string, string>> {
      if (!userIds.length) return new Map();
      const rows = await c().$queryRawUnsafe<{ id: string; email: string }[]>(`SELECT "id"::text, "email" FROM "user" WHERE "id" = ANY($1::uuid[])`, userIds);
      return new Map(rows.map((r) => [r.id, r.email]));
    },
  };
};
