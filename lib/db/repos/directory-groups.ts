import { randomUUID } from "node:crypto";
import { rawDb, type RawClient } from "@/lib/db/client";
import { unwrapRaw, type RawTxHandle } from "@/lib/db/unit-of-work";
import type { OrgContext } from "@/lib/auth/org-context";
import type { DirectoryGroup } from "@/lib/db/generated/prisma/client";
import { isUuid, type SqlWhere } from "./directory-users";

export type DirectoryGroupRow = DirectoryGroup;
export type DirectoryGroupData = { displayName: string; displayNameLower: string; externalId: string | null };
export type GroupMemberRow = { directoryUserId: string; display: string | null };

/** Member rows are written in statements of at most this many ids. */
export const MEMBER_BATCH = 1000;

/**
 * SCIM Groups of ctx's organization. Members are only ever touched in bounded statements: inserted or
 * deleted by id list, read in keyset pages; a group's member list is never loaded whole.
 */
export const directoryGroupsRepo = (ctx: OrgContext, tx?: RawTxHandle) => {
  const c = async (): Promise<RawClient> => unwrapRaw(tx) ?? (await rawDb());
  const orgId = ctx.orgId;
  return {
    async findById(id: string): Promise<DirectoryGroup | null> {
      if (!isUuid(id)) return null;
      const rows = await (await c()).$queryRawUnsafe<DirectoryGroup[]>(`SELECT * FROM "directory_group" WHERE "orgId" = $1::uuid AND "id" = $2::uuid`, orgId, id);
      return rows[0] ?? null;
    },
    /** Loads and row-locks the group for the rest of the transaction, in one round trip. */
    async lockById(id: string): Promise<DirectoryGroup | null> {
      if (!isUuid(id)) return null;
      const rows = await (await c()).$queryRawUnsafe<DirectoryGroup[]>(
        `SELECT * FROM "directory_group" WHERE "orgId" = $1::uuid AND "id" = $2::uuid FOR UPDATE`,
        orgId,
        id,
      );
      return rows[0] ?? null;
    },
    /**
     * lockById, plus whether the organization may have group-based mapping rules (any stored rule with
     * attributeType "group"; a superset of what the mapping schema accepts), in one round trip: without
     * such rules a member change re-evaluates nobody, so the mapping context need not be loaded.
     */
    async lockForWrite(id: string): Promise<{ row: DirectoryGroup; mayHaveGroupRules: boolean } | null> {
      if (!isUuid(id)) return null;
      const rows = await (await c()).$queryRawUnsafe<(DirectoryGroup & { __groupRules: boolean })[]>(
        `SELECT g.*, EXISTS (
           SELECT 1 FROM "identity_mapping_set" s,
                  jsonb_array_elements(CASE WHEN jsonb_typeof(s."attributeRoleMappings") = 'array' THEN s."attributeRoleMappings" ELSE '[]'::jsonb END
                                    || CASE WHEN jsonb_typeof(s."attributeTeamMappings") = 'array' THEN s."attributeTeamMappings" ELSE '[]'::jsonb END
                                    || CASE WHEN jsonb_typeof(s."attributeBusinessUnitMappings") = 'array' THEN s."attributeBusinessUnitMappings" ELSE '[]'::jsonb END) e
            WHERE s."orgId" = $1::uuid AND jsonb_typeof(e) = 'object' AND e->>'attributeType' = 'group') AS "__groupRules"
         FROM "directory_group" g WHERE g."orgId" = $1::uuid AND g."id" = $2::uuid FOR UPDATE OF g`,
        orgId,
        id,
      );
      const r = rows[0];
      if (!r) return null;
      const { __groupRules, ...row } = r;
      return { row, mayHaveGroupRules: __groupRules };
    },
    async findByDisplayNameLower(displayNameLower: string): Promise<{ id: string } | null> {
      const rows = await (await c()).$queryRawUnsafe<{ id: string }[]>(
        `SELECT "id"::text AS "id" FROM "directory_group" WHERE "orgId" = $1::uuid AND "displayNameLower" = $2`,
        orgId,
        displayNameLower,
      );
      return rows[0] ?? null;
    },
    async create(data: DirectoryGroupData): Promise<DirectoryGroup> {
      const rows = await (await c()).$queryRawUnsafe<DirectoryGroup[]>(
        `INSERT INTO "directory_group" ("id", "orgId", "displayName", "displayNameLower", "externalId", "createdAt", "updatedAt")
         VALUES ($1::uuid, $2::uuid, $3, $4, $5, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC') RETURNING *`,
        randomUUID(),
        orgId,
        data.displayName,
        data.displayNameLower,
        data.externalId,
      );
      return rows[0]!;
    },
    async update(id: string, data: Partial<DirectoryGroupData>): Promise<DirectoryGroup> {
      const values: unknown[] = [orgId, id];
      const sets: string[] = [];
      for (const k of ["displayName", "displayNameLower", "externalId"] as const) {
        if (data[k] === undefined) continue;
        values.push(data[k]);
        sets.push(`"${k}" = $${values.length}`);
      }
      const rows = await (await c()).$queryRawUnsafe<DirectoryGroup[]>(
        `UPDATE "directory_group" SET ${[...sets, `"version" = "version" + 1`, `"updatedAt" = now() AT TIME ZONE 'UTC'`].join(", ")}
          WHERE "orgId" = $1::uuid AND "id" = $2::uuid RETURNING *`,
        ...values,
      );
      if (!rows[0]) throw Object.assign(new Error("No directory group to update"), { code: "P2025" });
      return rows[0];
    },
    async bumpVersion(id: string): Promise<DirectoryGroup> {
      return directoryGroupsRepo(ctx, tx).update(id, {});
    },
    async delete(id: string) {
      await (await c()).$executeRawUnsafe(`DELETE FROM "directory_group" WHERE "orgId" = $1::uuid AND "id" = $2::uuid`, orgId, id);
    },
    /** A page in (createdAt, id) order and the true total, in one round trip. */
    async list(where: SqlWhere | null, offset: number, limit: number): Promise<{ rows: DirectoryGroup[]; total: number }> {
      const w = where ?? { text: "TRUE", values: [orgId] };
      const n = w.values.length;
      const rows = await (await c()).$queryRawUnsafe<(Partial<DirectoryGroup> & { __total: number })[]>(
        `SELECT t."__total", p.* FROM (SELECT count(*)::int AS "__total" FROM "directory_group" g WHERE g."orgId" = $1::uuid AND (${w.text})) t
         LEFT JOIN LATERAL (
           SELECT g.* FROM "directory_group" g WHERE g."orgId" = $1::uuid AND (${w.text})
            ORDER BY g."createdAt", g."id" LIMIT $${n + 1} OFFSET $${n + 2}
         ) p ON TRUE ORDER BY p."createdAt", p."id"`,
        ...w.values,
        Math.max(0, limit),
        offset,
      );
      return {
        rows: rows.filter((r) => r.id).map(({ __total: _t, ...row }) => row as DirectoryGroup),
        total: rows[0]?.__total ?? 0,
      };
    },
    /**
     * Adds members (ids of this organization's SCIM users; others are skipped) to a group of this
     * organization (another organization's group gets none) and returns the ids that were not members before. A display name sent again replaces the stored one.
     */
    async addMembers(groupId: string, ids: string[], display: Record<string, string>): Promise<string[]> {
      const valid = [...new Set(ids.filter(isUuid).map((s) => s.toLowerCase()))];
      if (!valid.length) return [];
      const rows = await (await c()).$queryRawUnsafe<{ id: string; inserted: boolean }[]>(
        `INSERT INTO "directory_group_member" ("orgId", "groupId", "directoryUserId", "display", "createdAt")
         SELECT $1::uuid, $2::uuid, u."id", d."display", now()
         FROM unnest($3::uuid[], $4::text[]) AS d("id", "display")
         JOIN "directory_user" u ON u."id" = d."id" AND u."orgId" = $1::uuid
         JOIN "directory_group" g ON g."id" = $2::uuid AND g."orgId" = $1::uuid
         ON CONFLICT ("groupId", "directoryUserId") DO UPDATE SET "display" = EXCLUDED."display"
           WHERE EXCLUDED."display" IS NOT NULL AND "directory_group_member"."display" IS DISTINCT FROM EXCLUDED."display"
         RETURNING "directoryUserId" AS "id", (xmax = 0) AS "inserted"`,
        orgId,
        groupId,
        valid,
        valid.map((id) => display[id] ?? Object.entries(display).find(([k]) => k.toLowerCase() === id)?.[1] ?? null),
      );
      return rows.filter((r) => r.inserted).map((r) => r.id);
    },
    /** Removes members by id; returns the ids that were members. */
    async removeMembers(groupId: string, ids: string[]): Promise<string[]> {
      const valid = [...new Set(ids.filter(isUuid).map((s) => s.toLowerCase()))];
      if (!valid.length) return [];
      const rows = await (await c()).$queryRawUnsafe<{ id: string }[]>(
        `DELETE FROM "directory_group_member" WHERE "orgId" = $1::uuid AND "groupId" = $2::uuid AND "directoryUserId" = ANY($3::uuid[])
         RETURNING "directoryUserId" AS "id"`,
        orgId,
        groupId,
        valid,
      );
      return rows.map((r) => r.id);
    },
    /** Removes every member not in `keep` (at most MEMBER_BATCH at a time); returns the removed ids. */
    async removeMembersExcept(groupId: string, keep: string[], limit = MEMBER_BATCH): Promise<string[]> {
      const valid = [...new Set(keep.filter(isUuid).map((s) => s.toLowerCase()))];
      const rows = await (await c()).$queryRawUnsafe<{ id: string }[]>(
        `DELETE FROM "directory_group_member" WHERE "groupId" = $2::uuid AND "directoryUserId" IN (
           SELECT "directoryUserId" FROM "directory_group_member"
           WHERE "orgId" = $1::uuid AND "groupId" = $2::uuid AND NOT ("directoryUserId" = ANY($3::uuid[]))
           LIMIT ${Math.max(1, Math.floor(limit))})
         RETURNING "directoryUserId" AS "id"`,
        orgId,
        groupId,
        valid,
      );
      return rows.map((r) => r.id);
    },
    /** One keyset page of members, ordered by user id, with a display name (stored, else the user's). */
    async memberPage(groupId: string, after: string | null, limit: number): Promise<GroupMemberRow[]> {
      return (await c()).$queryRawUnsafe<GroupMemberRow[]>(
        `SELECT m."directoryUserId", COALESCE(m."display", u."displayName", u."userName") AS "display"
         FROM "directory_group_member" m JOIN "directory_user" u ON u."id" = m."directoryUserId"
         WHERE m."orgId" = $1::uuid AND m."groupId" = $2::uuid ${after ? `AND m."directoryUserId" > $4::uuid` : ""}
         ORDER BY m."directoryUserId" LIMIT $3`,
        orgId,
        groupId,
        limit,
        ...(after ? [after] : []),
      );
    },
    async countMembers(groupId: string): Promise<number> {
      const rows = await (await c()).$queryRawUnsafe<{ n: number }[]>(
        `SELECT count(*)::int AS "n" FROM "directory_group_member" WHERE "orgId" = $1::uuid AND "groupId" = $2::uuid`,
        orgId,
        groupId,
      );
      return rows[0]?.n ?? 0;
    },
  };
};
