import { db } from "@/lib/db/client";
import { unwrap, type TxHandle } from "@/lib/db/unit-of-work";
import type { OrgContext } from "@/lib/auth/org-context";

export type AssignmentSource = "manual" | "sso" | "scim" | "directory";
export type Assigned = { id: string; name: string };

/**
 * Teams and business units of ctx's organization, and who is in them per source. Identity providers
 * replace only the rows of their own source (issue #4/#5: "only SCIM-sourced assignments change").
 */
export const teamsRepo = (ctx: OrgContext, tx?: TxHandle) => {
  const c = async () => unwrap(tx) ?? (await db());
  const orgId = ctx.orgId;
  return {
    /** Ids by name, creating the teams that do not exist yet (concurrent creators are fine). */
    async ensureTeams(names: string[]): Promise<Map<string, string>> {
      if (!names.length) return new Map();
      const client = await c();
      // Usually they exist already: one read; only missing names cost an insert and a second read.
      const found = await client.team.findMany({ where: { orgId, name: { in: names } }, select: { id: true, name: true } });
      const missing = names.filter((n) => !found.some((r) => r.name === n));
      if (!missing.length) return new Map(found.map((r) => [r.name, r.id]));
      await client.team.createMany({ data: missing.map((name) => ({ orgId, name })), skipDuplicates: true });
      const rows = await client.team.findMany({ where: { orgId, name: { in: names } }, select: { id: true, name: true } });
      return new Map(rows.map((r) => [r.name, r.id]));
    },
    async ensureBusinessUnits(names: string[]): Promise<Map<string, string>> {
      if (!names.length) return new Map();
      const client = await c();
      const found = await client.businessUnit.findMany({ where: { orgId, name: { in: names } }, select: { id: true, name: true } });
      const missing = names.filter((n) => !found.some((r) => r.name === n));
      if (!missing.length) return new Map(found.map((r) => [r.name, r.id]));
      await client.businessUnit.createMany({ data: missing.map((name) => ({ orgId, name })), skipDuplicates: true });
      const rows = await client.businessUnit.findMany({ where: { orgId, name: { in: names } }, select: { id: true, name: true } });
      return new Map(rows.map((r) => [r.name, r.id]));
    },
    /** The teams and business units each user holds from `source`. */
    async assignments(userIds: string[], source: AssignmentSource) {
      const client = await c();
      const [teams, units] = await Promise.all([
        client.teamMembership.findMany({ where: { orgId, userId: { in: userIds }, source }, select: { userId: true, team: { select: { id: true, name: true } } } }),
        client.businessUnitMembership.findMany({ where: { orgId, userId: { in: userIds }, source }, select: { userId: true, businessUnit: { select: { id: true, name: true } } } }),
      ]);
      const t = new Map<string, Assigned[]>();
      const u = new Map<string, Assigned[]>();
      for (const r of teams) t.set(r.userId, [...(t.get(r.userId) ?? []), r.team]);
      for (const r of units) u.set(r.userId, [...(u.get(r.userId) ?? []), r.businessUnit]);
      return { teams: t, businessUnits: u };
    },
    async addTeamMemberships(userId: string, teamIds: string[], source: AssignmentSource) {
      if (!teamIds.length) return;
      await (await c()).teamMembership.createMany({ data: teamIds.map((teamId) => ({ orgId, teamId, userId, source })), skipDuplicates: true });
    },
    async removeTeamMemberships(userId: string, teamIds: string[] | "all", source: AssignmentSource) {
      await (await c()).teamMembership.deleteMany({ where: { orgId, userId, source, ...(teamIds === "all" ? {} : { teamId: { in: teamIds } }) } });
    },
    async addBusinessUnitMemberships(userId: string, unitIds: string[], source: AssignmentSource) {
      if (!unitIds.length) return;
      await (await c()).businessUnitMembership.createMany({ data: unitIds.map((businessUnitId) => ({ orgId, businessUnitId, userId, source })), skipDuplicates: true });
    },
    async removeBusinessUnitMemberships(userId: string, unitIds: string[] | "all", source: AssignmentSource) {
      await (await c()).businessUnitMembership.deleteMany({ where: { orgId, userId, source, ...(unitIds === "all" ? {} : { businessUnitId: { in: unitIds } }) } });
    },
    /** Every assignment of one user, all sources (tests and the member page). */
    async allForUser(userId: string) {
      const client = await c();
      const [teams, units] = await Promise.all([
        client.teamMembership.findMany({ where: { orgId, userId }, select: { source: true, team: { select: { name: true } } }, orderBy: { createdAt: "asc" } }),
        client.businessUnitMembership.findMany({ where: { orgId, userId }, select: { source: true, businessUnit: { select: { name: true } } }, orderBy: { createdAt: "asc" } }),
      ]);
      return {
        teams: teams.map((r) => ({ name: r.team.name, source: r.source })),
        businessUnits: units.map((r) => ({ name: r.businessUnit.name, source: r.source })),
      };
    },
  };
};
