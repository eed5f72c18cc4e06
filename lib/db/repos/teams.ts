import { rawDb } from "@/lib/db/client";
import { unwrapRaw, type RawTxHandle } from "@/lib/db/unit-of-work";
import type { OrgContext } from "@/lib/auth/org-context";

export type AssignmentSource = "manual" | "sso" | "scim" | "directory";
export type Assigned = { id: string; name: string };

const UNITS = {
  team: { table: "team", member: "team_membership", fk: "teamId" },
  businessUnit: { table: "business_unit", member: "business_unit_membership", fk: "businessUnitId" },
} as const;
type Unit = (typeof UNITS)[keyof typeof UNITS];

/**
 * Teams and business units of ctx's organization, and who is in them per source. Identity providers
 * replace only the rows of their own source (issue #4/#5: "only SCIM-sourced assignments change").
 * SQL only (RawTxHandle): SCIM writes run these inside their rawTransaction.
 */
export const teamsRepo = (ctx: OrgContext, tx?: RawTxHandle) => {
  const c = async () => unwrapRaw(tx) ?? (await rawDb());
  const orgId = ctx.orgId;
  /** Ids by name, creating the ones that do not exist yet (concurrent creators are fine). */
  async function ensure(unit: Unit, names: string[]): Promise<Map<string, string>> {
    if (!names.length) return new Map();
    const client = await c();
    const read = () =>
      client.$queryRawUnsafe<{ id: string; name: string }[]>(
        `SELECT "id"::text AS "id", "name" FROM "${unit.table}" WHERE "orgId" = $1::uuid AND "name" = ANY($2::text[])`,
        orgId,
        names,
      );
    // Usually they exist already: one read; only missing names cost an insert and a second read.
    const found = await read();
    const missing = names.filter((n) => !found.some((r) => r.name === n));
    if (!missing.length) return new Map(found.map((r) => [r.name, r.id]));
    await client.$executeRawUnsafe(
      `INSERT INTO "${unit.table}" ("id", "orgId", "name", "createdAt", "updatedAt")
       SELECT gen_random_uuid(), $1::uuid, n, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC' FROM unnest($2::text[]) AS n
       ON CONFLICT ("orgId", "name") DO NOTHING`,
      orgId,
      missing,
    );
    return new Map((await read()).map((r) => [r.name, r.id]));
  }
  async function assigned(unit: Unit, userIds: string[], source: AssignmentSource) {
    const rows = await (await c()).$queryRawUnsafe<{ userId: string; id: string; name: string }[]>(
      `SELECT m."userId"::text AS "userId", t."id"::text AS "id", t."name"
         FROM "${unit.member}" m JOIN "${unit.table}" t ON t."id" = m."${unit.fk}"
        WHERE m."orgId" = $1::uuid AND m."userId" = ANY($2::uuid[]) AND m."source" = $3
        ORDER BY m."createdAt", m."id"`,
      orgId,
      userIds,
      source,
    );
    const out = new Map<string, Assigned[]>();
    for (const r of rows) out.set(r.userId, [...(out.get(r.userId) ?? []), { id: r.id, name: r.name }]);
    return out;
  }
  async function add(unit: Unit, userId: string, ids: string[], source: AssignmentSource) {
    if (!ids.length) return;
    // Only this organization's teams/units: the join keeps a foreign id out.
    await (await c()).$executeRawUnsafe(
      `INSERT INTO "${unit.member}" ("id", "orgId", "${unit.fk}", "userId", "source", "createdAt")
       SELECT gen_random_uuid(), $1::uuid, t."id", $2::uuid, $3, now() AT TIME ZONE 'UTC'
         FROM unnest($4::uuid[]) AS x("id") JOIN "${unit.table}" t ON t."id" = x."id" AND t."orgId" = $1::uuid
       ON CONFLICT ("${unit.fk}", "userId", "source") DO NOTHING`,
      orgId,
      userId,
      source,
      ids,
    );
  }
  async function remove(unit: Unit, userId: string, ids: string[] | "all", source: AssignmentSource) {
    await (await c()).$executeRawUnsafe(
      `DELETE FROM "${unit.member}" WHERE "orgId" = $1::uuid AND "userId" = $2::uuid AND "source" = $3
       ${ids === "all" ? "" : `AND "${unit.fk}" = ANY($4::uuid[])`}`,
      orgId,
      userId,
      source,
      ...(ids === "all" ? [] : [ids]),
    );
  }
  async function all(unit: Unit, userId: string) {
    return (await c()).$queryRawUnsafe<{ name: string; source: string }[]>(
      `SELECT t."name", m."source" FROM "${unit.member}" m JOIN "${unit.table}" t ON t."id" = m."${unit.fk}"
        WHERE m."orgId" = $1::uuid AND m."userId" = $2::uuid ORDER BY m."createdAt", m."id"`,
      orgId,
      userId,
    );
  }
  return {
    ensureTeams: (names: string[]) => ensure(UNITS.team, names),
    ensureBusinessUnits: (names: string[]) => ensure(UNITS.businessUnit, names),
    /** The teams and business units each user holds from `source`. */
    async assignments(userIds: string[], source: AssignmentSource) {
      const [teams, businessUnits] = await Promise.all([assigned(UNITS.team, userIds, source), assigned(UNITS.businessUnit, userIds, source)]);
      return { teams, businessUnits };
    },
    addTeamMemberships: (userId: string, teamIds: string[], source: AssignmentSource) => add(UNITS.team, userId, teamIds, source),
    removeTeamMemberships: (userId: string, teamIds: string[] | "all", source: AssignmentSource) => remove(UNITS.team, userId, teamIds, source),
    addBusinessUnitMemberships: (userId: string, unitIds: string[], source: AssignmentSource) => add(UNITS.businessUnit, userId, unitIds, source),
    removeBusinessUnitMemberships: (userId: string, unitIds: string[] | "all", source: AssignmentSource) =>
      remove(UNITS.businessUnit, userId, unitIds, source),
    /** Every assignment of one user, all sources (tests and the member page). */
    async allForUser(userId: string) {
      const [teams, businessUnits] = await Promise.all([all(UNITS.team, userId), all(UNITS.businessUnit, userId)]);
      return { teams, businessUnits };
    },
  };
};
