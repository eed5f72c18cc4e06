import { randomUUID } from "node:crypto";
import { rawDb, runInBackground, type RawClient } from "@/lib/db/client";
import { unwrapRaw, type RawTxHandle } from "@/lib/db/unit-of-work";
import type { OrgContext } from "@/lib/auth/org-context";
import type { DirectoryUser } from "@/lib/db/generated/prisma/client";

export type DirectoryUserRow = DirectoryUser;

export type DirectoryUserData = {
  userName: string;
  userNameLower: string;
  externalId: string | null;
  active: boolean;
  displayName: string | null;
  givenName: string | null;
  familyName: string | null;
  emails: unknown[];
  phoneNumbers: unknown[];
  attributes: Record<string, unknown>;
  profile: Record<string, unknown>;
};

/** A WHERE fragment from lib/scim-common/filter-sql.ts: `$1` is the orgId, further values follow. */
export type SqlWhere = { text: string; values: unknown[] };

/**
 * A raw statement's unique violation (Prisma P2010 carrying SQLSTATE 23505) as the ORM's P2002, with the
 * violated constraint's text in meta, so callers map both the same way.
 */
function asP2002(e: unknown): unknown {
  const err = e as { code?: string; meta?: Record<string, unknown>; message?: string };
  const text = `${JSON.stringify(err?.meta ?? {})} ${err?.message ?? ""}`;
  if (err && typeof err === "object" && err.code !== "P2002" && /23505|duplicate key|unique constraint/i.test(text)) {
    return Object.assign(new Error(err.message ?? "unique constraint violated"), { code: "P2002", meta: { target: text } });
  }
  return e;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s);

/** Writable columns and their casts (an UPDATE sets only the keys given). */
const COLUMN_CASTS: Record<string, string> = {
  userName: "", userNameLower: "", externalId: "", active: "::boolean", displayName: "", givenName: "", familyName: "",
  emails: "::jsonb", phoneNumbers: "::jsonb", attributes: "::jsonb", profile: "::jsonb", passwordHash: "", userId: "::uuid",
};
const JSON_COLUMNS = new Set(["emails", "phoneNumbers", "attributes", "profile"]);

export type UserGroups = { id: string; displayName: string }[];

/** The groups of the row aliased `u`, as a JSON array of {id, displayName} in group id order. */
const GROUPS_OF_U = `COALESCE((SELECT json_agg(json_build_object('id', g."id", 'displayName', g."displayName") ORDER BY m."groupId")
    FROM "directory_group_member" m JOIN "directory_group" g ON g."id" = m."groupId"
   WHERE m."orgId" = u."orgId" AND m."directoryUserId" = u."id"), '[]'::json) AS "__groups"`;

type PageRow = Partial<DirectoryUserRow> & { __total: number; __ver?: string; __groups?: UserGroups };

function splitPage(rows: PageRow[]) {
  const out: DirectoryUserRow[] = [];
  const groups = new Map<string, UserGroups>();
  for (const r of rows) {
    if (!r.id) continue;
    const { __total: _t, __ver: _v, __groups, ...row } = r;
    out.push(row as DirectoryUserRow);
    groups.set(r.id, __groups ?? []);
  }
  return { rows: out, groups, total: rows[0]?.__total ?? 0 };
}

/**
 * Page anchors of an organization's unfiltered list: the (createdAt, id) of every ANCHOR_EVERY-th user,
 * valid for one `version` of the organization's user set (sum of scim_user_count.changes, which moves
 * on every insert and delete in the same transaction). A page at offset o starts at anchor
 * floor(o / ANCHOR_EVERY) and skips at most ANCHOR_EVERY - 1 index entries; the statement reads the
 * version in the same snapshot, and a page read under another version is discarded and read the plain
 * way. Per node, nothing to invalidate: the database says when an anchor set is stale.
 */
const ANCHOR_EVERY = 1000;
type Anchors = { version: string; keys: { createdAt: string; id: string }[]; builtAt: number };
const ga = globalThis as unknown as { __gatehouseScimAnchors?: Map<string, Anchors>; __gatehouseScimAnchorBuilds?: Map<string, Promise<void>> };
const anchorsByOrg = (ga.__gatehouseScimAnchors ??= new Map());
const anchorBuilds = (ga.__gatehouseScimAnchorBuilds ??= new Map());

const COUNTER = `(SELECT COALESCE(sum(n), 0)::int AS "__total", COALESCE(sum(changes), 0)::text AS "__ver" FROM "scim_user_count" WHERE "orgId" = $1::uuid)`;

function buildAnchors(orgId: string) {
  if (anchorBuilds.has(orgId)) return;
  const run = (async () => {
    const rows = await (await rawDb()).$queryRawUnsafe<{ __ver: string; createdAt: string | null; id: string | null }[]>(
      `SELECT t."__ver", a."createdAt", a."id" FROM ${COUNTER} t LEFT JOIN LATERAL (
         SELECT s."createdAt"::text AS "createdAt", s."id"::text AS "id", s.rn FROM (
           SELECT u."createdAt", u."id", row_number() OVER (ORDER BY u."createdAt", u."id") - 1 AS rn
             FROM "directory_user" u WHERE u."orgId" = $1::uuid) s
          WHERE s.rn % ${ANCHOR_EVERY} = 0) a ON TRUE
       ORDER BY a.rn`,
      orgId,
    );
    if (anchorsByOrg.size > 1000) anchorsByOrg.clear();
    anchorsByOrg.set(orgId, {
      version: rows[0]?.__ver ?? "0",
      keys: rows.filter((r) => r.id && r.createdAt).map((r) => ({ createdAt: r.createdAt!, id: r.id! })),
      builtAt: Date.now(),
    });
  })()
    .catch(() => undefined)
    .finally(() => anchorBuilds.delete(orgId));
  anchorBuilds.set(orgId, run);
  runInBackground(run);
}

async function unfilteredPage(client: RawClient, orgId: string, offset: number, limit: number, withGroups: boolean) {
  const select = `SELECT t."__total", t."__ver", p.* FROM ${COUNTER} t LEFT JOIN LATERAL (
      SELECT u.*${withGroups ? `, ${GROUPS_OF_U}` : ""} FROM ids JOIN "directory_user" u ON u."id" = ids."id" AND u."orgId" = $1::uuid
    ) p ON TRUE ORDER BY p."createdAt", p."id"`;
  const anchors = anchorsByOrg.get(orgId);
  const slot = Math.floor(offset / ANCHOR_EVERY);
  const anchor = slot > 0 ? anchors?.keys[slot] : undefined;
  if (anchors && anchor) {
    const rows = await client.$queryRawUnsafe<PageRow[]>(
      `WITH ids AS (
         SELECT u."id", u."createdAt" FROM "directory_user" u
          WHERE u."orgId" = $1::uuid AND (u."createdAt", u."id") >= ($2::timestamp(3), $3::uuid)
          ORDER BY u."createdAt", u."id" LIMIT $4 OFFSET $5)
       ${select}`,
      orgId,
      anchor.createdAt,
      anchor.id,
      limit,
      offset - slot * ANCHOR_EVERY,
    );
    if (rows[0]?.__ver === anchors.version) return splitPage(rows);
  }
  const rows = await client.$queryRawUnsafe<PageRow[]>(
    `WITH ids AS (
       SELECT u."id", u."createdAt" FROM "directory_user" u WHERE u."orgId" = $1::uuid
        ORDER BY u."createdAt", u."id" LIMIT $2 OFFSET $3)
     ${select}`,
    orgId,
    limit,
    offset,
  );
  // A deep page without a current anchor set: build one (at most one build per organization at a time,
  // and not more than once a second while the organization is being written to).
  if (slot > 0 && rows[0]?.__ver !== anchors?.version && Date.now() - (anchors?.builtAt ?? 0) > 1_000) buildAnchors(orgId);
  return splitPage(rows);
}

export const directoryUsersRepo = (ctx: OrgContext, tx?: RawTxHandle) => {
  const c = async (): Promise<RawClient> => unwrapRaw(tx) ?? (await rawDb());
  const orgId = ctx.orgId;
  return {
    async findById(id: string): Promise<DirectoryUserRow | null> {
      if (!isUuid(id)) return null;
      const rows = await (await c()).$queryRawUnsafe<DirectoryUserRow[]>(`SELECT * FROM "directory_user" WHERE "orgId" = $1::uuid AND "id" = $2::uuid`, orgId, id);
      return rows[0] ?? null;
    },
    /** Loads and row-locks one user for the rest of the transaction (PATCH/PUT/DELETE serialise on it), in one round trip. */
    async lockById(id: string): Promise<DirectoryUserRow | null> {
      if (!isUuid(id)) return null;
      const rows = await (await c()).$queryRawUnsafe<DirectoryUserRow[]>(
        `SELECT * FROM "directory_user" WHERE "orgId" = $1::uuid AND "id" = $2::uuid FOR UPDATE`,
        orgId,
        id,
      );
      return rows[0] ?? null;
    },
    /** Row-locks several users in id order (a fixed order, so concurrent writers never deadlock). */
    async lockMany(ids: string[]) {
      if (!ids.length) return;
      await (await c()).$queryRawUnsafe(
        `SELECT "id" FROM "directory_user" WHERE "orgId" = $1::uuid AND "id" = ANY($2::uuid[]) ORDER BY "id" FOR UPDATE`,
        orgId,
        ids,
      );
    },
    async findMany(ids: string[]): Promise<DirectoryUserRow[]> {
      const valid = ids.filter(isUuid);
      if (!valid.length) return [];
      return (await c()).$queryRawUnsafe<DirectoryUserRow[]>(`SELECT * FROM "directory_user" WHERE "orgId" = $1::uuid AND "id" = ANY($2::uuid[])`, orgId, valid);
    },
    async findByUserNameLower(userNameLower: string): Promise<{ id: string } | null> {
      const rows = await (await c()).$queryRawUnsafe<{ id: string }[]>(
        `SELECT "id"::text AS "id" FROM "directory_user" WHERE "orgId" = $1::uuid AND "userNameLower" = $2`,
        orgId,
        userNameLower,
      );
      return rows[0] ?? null;
    },
    /** Whether another SCIM user of this organization is already linked to the Gatehouse user. */
    async findByLinkedUser(userId: string): Promise<{ id: string } | null> {
      const rows = await (await c()).$queryRawUnsafe<{ id: string }[]>(
        `SELECT "id"::text AS "id" FROM "directory_user" WHERE "orgId" = $1::uuid AND "userId" = $2::uuid`,
        orgId,
        userId,
      );
      return rows[0] ?? null;
    },
    /**
     * One INSERT ... RETURNING (raw: the ORM's query planning showed in the create path's profile). A taken
     * (orgId, userNameLower) is rethrown as Prisma's P2002 naming the constraint, as the ORM would.
     */
    async create(data: DirectoryUserData & { userId: string | null; passwordHash: string | null }): Promise<DirectoryUserRow> {
      const now = new Date();
      try {
        const rows = await (await c()).$queryRawUnsafe<DirectoryUserRow[]>(
          `INSERT INTO "directory_user" ("id", "orgId", "userId", "userName", "userNameLower", "externalId", "active", "displayName", "givenName",
                                         "familyName", "emails", "phoneNumbers", "attributes", "profile", "passwordHash", "createdAt", "updatedAt")
           VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12::jsonb, $13::jsonb, $14::jsonb, $15, $16::timestamp(3), $16::timestamp(3))
           RETURNING *`,
          randomUUID(),
          orgId,
          data.userId,
          data.userName,
          data.userNameLower,
          data.externalId,
          data.active,
          data.displayName,
          data.givenName,
          data.familyName,
          JSON.stringify(data.emails ?? []),
          JSON.stringify(data.phoneNumbers ?? []),
          JSON.stringify(data.attributes ?? {}),
          JSON.stringify(data.profile ?? {}),
          data.passwordHash,
          now.toISOString(),
        );
        return rows[0]!;
      } catch (e) {
        throw asP2002(e);
      }
    },
    /** Writes new attributes and bumps the version (the ETag). */
    async update(id: string, data: Partial<DirectoryUserData> & { passwordHash?: string | null; userId?: string | null }): Promise<DirectoryUserRow> {
      const values: unknown[] = [orgId, id];
      const sets: string[] = [];
      for (const [k, v] of Object.entries(data)) {
        if (v === undefined || !(k in COLUMN_CASTS)) continue;
        values.push(JSON_COLUMNS.has(k) ? JSON.stringify(v) : v);
        sets.push(`"${k}" = $${values.length}${COLUMN_CASTS[k]}`);
      }
      try {
        const rows = await (await c()).$queryRawUnsafe<DirectoryUserRow[]>(
          `UPDATE "directory_user" SET ${[...sets, `"version" = "version" + 1`, `"updatedAt" = now() AT TIME ZONE 'UTC'`].join(", ")}
            WHERE "orgId" = $1::uuid AND "id" = $2::uuid RETURNING *`,
          ...values,
        );
        if (!rows[0]) throw Object.assign(new Error("No directory user to update"), { code: "P2025" });
        return rows[0];
      } catch (e) {
        throw asP2002(e);
      }
    },
    async setMembershipSuspended(id: string, membershipSuspended: boolean) {
      await (await c()).$executeRawUnsafe(
        `UPDATE "directory_user" SET "membershipSuspended" = $3, "updatedAt" = now() AT TIME ZONE 'UTC' WHERE "orgId" = $1::uuid AND "id" = $2::uuid`,
        orgId,
        id,
        membershipSuspended,
      );
    },
    async delete(id: string) {
      await (await c()).$executeRawUnsafe(`DELETE FROM "directory_user" WHERE "orgId" = $1::uuid AND "id" = $2::uuid`, orgId, id);
    },
    /** One user and (when asked) its groups, in one round trip. */
    async findByIdWithGroups(id: string, withGroups: boolean): Promise<{ row: DirectoryUserRow; groups: UserGroups } | null> {
      if (!isUuid(id)) return null;
      const rows = await (await c()).$queryRawUnsafe<(DirectoryUserRow & { __groups?: UserGroups })[]>(
        `SELECT u.*${withGroups ? `, ${GROUPS_OF_U}` : ""} FROM "directory_user" u WHERE u."orgId" = $1::uuid AND u."id" = $2::uuid`,
        orgId,
        id,
      );
      const r = rows[0];
      if (!r) return null;
      const { __groups, ...row } = r;
      return { row, groups: __groups ?? [] };
    },
    /**
     * A page in the stable order (createdAt, id), the true total, and (when asked) each user's groups, in
     * one round trip. `where` is a filter compiled by lib/scim-common/filter-sql.ts over alias `u`; the
     * database evaluates it. Without a filter the total is the organization's maintained counter
     * (scim_user_count) and a deep offset starts from a cached anchor instead of walking the index
     * (`unfilteredPage`).
     */
    async list(where: SqlWhere | null, offset: number, limit: number, withGroups = true): Promise<{ rows: DirectoryUserRow[]; groups: Map<string, UserGroups>; total: number }> {
      if (!where) return unfilteredPage(await c(), orgId, offset, limit, withGroups);
      const n = where.values.length;
      // Ids first (an index-only scan of (orgId, createdAt, id) even at a deep offset), then the rows.
      const rows = await (await c()).$queryRawUnsafe<PageRow[]>(
        `WITH ids AS (
           SELECT u."id", u."createdAt" FROM "directory_user" u WHERE u."orgId" = $1::uuid AND (${where.text})
            ORDER BY u."createdAt", u."id" LIMIT $${n + 1} OFFSET $${n + 2})
         SELECT t."__total", p.* FROM (SELECT count(*)::int AS "__total" FROM "directory_user" u WHERE u."orgId" = $1::uuid AND (${where.text})) t
         LEFT JOIN LATERAL (
           SELECT u.*${withGroups ? `, ${GROUPS_OF_U}` : ""} FROM ids JOIN "directory_user" u ON u."id" = ids."id" AND u."orgId" = $1::uuid
         ) p ON TRUE
         ORDER BY p."createdAt", p."id"`,
        ...where.values,
        limit,
        offset,
      );
      return splitPage(rows);
    },
    /** The groups each user is in (ids and names), for the read-only `groups` attribute and the mappings. */
    async groupsOf(directoryUserIds: string[]) {
      const out = new Map<string, { id: string; displayName: string }[]>();
      if (!directoryUserIds.length) return out;
      // One round trip (a Prisma relation select is two, the second even when the user is in no group).
      const rows = await (await c()).$queryRawUnsafe<{ directoryUserId: string; id: string; displayName: string }[]>(
        `SELECT m."directoryUserId"::text AS "directoryUserId", g."id"::text AS "id", g."displayName"
           FROM "directory_group_member" m JOIN "directory_group" g ON g."id" = m."groupId"
          WHERE m."orgId" = $1::uuid AND m."directoryUserId" = ANY($2::uuid[])
          ORDER BY m."directoryUserId", m."groupId"`,
        orgId,
        directoryUserIds,
      );
      for (const r of rows) out.set(r.directoryUserId, [...(out.get(r.directoryUserId) ?? []), { id: r.id, displayName: r.displayName }]);
      return out;
    },
  };
};

export type MappingInputs = {
  rules: { attributeRoleMappings: unknown; attributeTeamMappings: unknown; attributeBusinessUnitMappings: unknown } | null;
  customRoles: { name: string; rank: number }[];
  defaultRole: string;
};
type RawMappingInputs = { defaultRole: string; rules: Record<string, unknown> | null; roles: { name: string; rank: number; orgId: string | null }[] };

/** The mapping inputs of organization `o` (`$1` its id) as select-list columns. */
const MAPPING_INPUTS_SQL = `o."defaultRole",
  (SELECT json_build_object('attributeRoleMappings', s."attributeRoleMappings", 'attributeTeamMappings', s."attributeTeamMappings",
                            'attributeBusinessUnitMappings', s."attributeBusinessUnitMappings")
     FROM "identity_mapping_set" s WHERE s."orgId" = $1::uuid) AS "rules",
  COALESCE((SELECT json_agg(json_build_object('name', r."name", 'rank', r."rank", 'orgId', r."orgId"))
              FROM "role" r WHERE r."scopeKey" IN ($1::text, 'global')), '[]'::json) AS "roles"`;

function mappingInputsOf(r: RawMappingInputs): MappingInputs {
  // The organization's own roles win over global ones of the same name.
  const byName = new Map<string, { name: string; rank: number }>();
  for (const x of r.roles.filter((x) => x.orgId !== null)) byName.set(x.name, { name: x.name, rank: x.rank });
  for (const x of r.roles.filter((x) => x.orgId === null)) if (!byName.has(x.name)) byName.set(x.name, { name: x.name, rank: x.rank });
  return {
    rules: r.rules ? { attributeRoleMappings: r.rules.attributeRoleMappings, attributeTeamMappings: r.rules.attributeTeamMappings, attributeBusinessUnitMappings: r.rules.attributeBusinessUnitMappings } : null,
    customRoles: [...byName.values()],
    defaultRole: r.defaultRole,
  };
}

/**
 * The Gatehouse side of provisioning: the global user a SCIM user is, that user's membership in ctx's
 * organization, and the credentials to cut off when the identity provider suspends or removes them.
 */
export const provisioningRepo = (ctx: OrgContext, tx: RawTxHandle) => {
  const c = () => unwrapRaw(tx)!;
  const orgId = ctx.orgId;
  return {
    /**
     * The user with this (lower-cased) email, created without a password if there is none.
     * SECURITY: the same trust as members.add (an admin adding a person by email): the SCIM token was
     * issued by an administrator of ctx's organization, and only a membership here is attached. The
     * global user's password, MFA and other memberships are never touched; the SCIM password is stored
     * on the directory user only.
     */
    async findOrCreateUserByEmail(email: string, name: string | null): Promise<string> {
      const client = c();
      await client.$executeRawUnsafe(
        `INSERT INTO "user" ("id", "email", "name", "updatedAt") VALUES (gen_random_uuid(), $1, $2, now()) ON CONFLICT ("email") DO NOTHING`,
        email,
        name,
      );
      const rows = await client.$queryRawUnsafe<{ id: string }[]>(`SELECT "id"::text AS "id" FROM "user" WHERE "email" = $1`, email);
      if (!rows[0]) throw Object.assign(new Error("No user with that email"), { code: "P2025" });
      return rows[0].id;
    },
    /**
     * findOrCreateUserByEmail and "is another SCIM user here already linked to them" in one round trip;
     * `created` says the Gatehouse user is new (so it has no membership or assignment anywhere).
     */
    async linkByEmail(email: string, name: string | null): Promise<{ userId: string; created: boolean; taken: boolean; mapping?: MappingInputs }> {
      const client = c();
      // The organization's mapping inputs ride along (a created SCIM user needs them next): one round trip less.
      const rows = await client.$queryRawUnsafe<({ id: string; created: boolean; taken: boolean } & RawMappingInputs)[]>(
        `WITH ins AS (
           INSERT INTO "user" ("id", "email", "name", "updatedAt") VALUES (gen_random_uuid(), $2, $3, now() AT TIME ZONE 'UTC')
           ON CONFLICT ("email") DO NOTHING RETURNING "id"),
         found AS (SELECT "id", TRUE AS "created" FROM ins UNION ALL SELECT "id", FALSE FROM "user" WHERE "email" = $2 LIMIT 1)
         SELECT f."id"::text AS "id", f."created",
                EXISTS (SELECT 1 FROM "directory_user" d WHERE d."orgId" = $1::uuid AND d."userId" = f."id") AS "taken", ${MAPPING_INPUTS_SQL}
           FROM found f JOIN "organization" o ON o."id" = $1::uuid`,
        orgId,
        email,
        name,
      );
      if (rows[0]) return { userId: rows[0].id, created: rows[0].created, taken: rows[0].taken, mapping: mappingInputsOf(rows[0]) };
      // A concurrent insert of the same email committed after this statement's snapshot: read it now.
      const userId = await this.findOrCreateUserByEmail(email, name);
      const taken = await directoryUsersRepo(ctx, tx).findByLinkedUser(userId);
      return { userId, created: false, taken: !!taken };
    },
    /** What the mappings need, in one round trip: the stored rules, the roles a membership may hold here, the default role. */
    async mappingInputs(): Promise<MappingInputs> {
      const rows = await c().$queryRawUnsafe<RawMappingInputs[]>(`SELECT ${MAPPING_INPUTS_SQL} FROM "organization" o WHERE o."id" = $1::uuid`, orgId);
      if (!rows[0]) throw new Error("organization not found");
      return mappingInputsOf(rows[0]);
    },
    /** The users' memberships here and their scim-sourced teams and business units, in one round trip. */
    async membershipsAndAssignments(userIds: string[]) {
      const memberships: { id: string; userId: string; role: string; status: string; source: string }[] = [];
      const teams = new Map<string, { id: string; name: string }[]>();
      const businessUnits = new Map<string, { id: string; name: string }[]>();
      if (!userIds.length) return { memberships, teams, businessUnits };
      const rows = await c().$queryRawUnsafe<{ kind: string; userId: string; id: string; role: string | null; status: string | null; source: string | null; name: string | null }[]>(
        `SELECT 'm' AS "kind", m."userId"::text AS "userId", m."id"::text AS "id", m."role", m."status", m."source", NULL::text AS "name"
           FROM "membership" m WHERE m."orgId" = $1::uuid AND m."userId" = ANY($2::uuid[])
         UNION ALL
         SELECT 't', tm."userId"::text, t."id"::text, NULL, NULL, NULL, t."name"
           FROM "team_membership" tm JOIN "team" t ON t."id" = tm."teamId"
          WHERE tm."orgId" = $1::uuid AND tm."userId" = ANY($2::uuid[]) AND tm."source" = 'scim'
         UNION ALL
         SELECT 'b', bm."userId"::text, b."id"::text, NULL, NULL, NULL, b."name"
           FROM "business_unit_membership" bm JOIN "business_unit" b ON b."id" = bm."businessUnitId"
          WHERE bm."orgId" = $1::uuid AND bm."userId" = ANY($2::uuid[]) AND bm."source" = 'scim'`,
        orgId,
        userIds,
      );
      for (const r of rows) {
        if (r.kind === "m") memberships.push({ id: r.id, userId: r.userId, role: r.role!, status: r.status!, source: r.source! });
        else {
          const map = r.kind === "t" ? teams : businessUnits;
          map.set(r.userId, [...(map.get(r.userId) ?? []), { id: r.id, name: r.name! }]);
        }
      }
      return { memberships, teams, businessUnits };
    },
    /**
     * DELETE /Users/{id} in one statement: the Gatehouse user's membership here is removed (scim-sourced)
     * or suspended (any other source, if active), their scim-sourced teams and business units dropped,
     * their sessions here revoked and API keys here disabled (as revokeSessions/disableApiKeys do), and
     * the SCIM user deleted. An owner keeps membership and access. `userId` null: only the delete.
     * Returns what happened to the membership.
     */
    async deprovisionAndDelete(directoryUserId: string, userId: string | null): Promise<{ membership: "removed" | "suspended" | null; sessions: number; apiKeys: number }> {
      const rows = await c().$queryRawUnsafe<{ action: string | null; sessions: number; apiKeys: number }[]>(
        `WITH m AS (SELECT "id", "role", "source", "status" FROM "membership" WHERE "orgId" = $1::uuid AND "userId" = $2::uuid),
              act AS (SELECT m."id", CASE WHEN m."role" = 'owner' THEN 'none' WHEN m."source" = 'scim' THEN 'delete'
                                          WHEN m."status" = 'active' THEN 'suspend' ELSE 'none' END AS "a" FROM m),
              keep AS (SELECT EXISTS (SELECT 1 FROM m WHERE m."role" = 'owner') AS "owner"),
              dm AS (DELETE FROM "membership" WHERE "orgId" = $1::uuid AND "id" IN (SELECT "id" FROM act WHERE "a" = 'delete') RETURNING 1),
              sm AS (UPDATE "membership" SET "status" = 'suspended', "updatedAt" = now() AT TIME ZONE 'UTC'
                      WHERE "orgId" = $1::uuid AND "id" IN (SELECT "id" FROM act WHERE "a" = 'suspend') RETURNING 1),
              dt AS (DELETE FROM "team_membership" WHERE "orgId" = $1::uuid AND "userId" = $2::uuid AND "source" = 'scim' RETURNING 1),
              du AS (DELETE FROM "business_unit_membership" WHERE "orgId" = $1::uuid AND "userId" = $2::uuid AND "source" = 'scim' RETURNING 1),
              rs AS (UPDATE "session" SET "revokedAt" = now() AT TIME ZONE 'UTC', "accessTokenEnc" = NULL, "refreshTokenEnc" = NULL, "idTokenEnc" = NULL
                      WHERE NOT (SELECT "owner" FROM keep) AND "userId" = $2::uuid AND "revokedAt" IS NULL
                        AND ("activeOrgId" = $1::uuid OR "ssoOrgId" = $1::uuid) RETURNING 1),
              dk AS (UPDATE "api_key" SET "disabledAt" = now() AT TIME ZONE 'UTC'
                      WHERE NOT (SELECT "owner" FROM keep) AND "orgId" = $1::uuid AND "createdById" = $2::uuid
                        AND "disabledAt" IS NULL AND "revokedAt" IS NULL RETURNING 1),
              dd AS (DELETE FROM "directory_user" WHERE "orgId" = $1::uuid AND "id" = $3::uuid RETURNING 1)
         SELECT (SELECT "a" FROM act LIMIT 1) AS "action", (SELECT count(*) FROM rs)::int AS "sessions", (SELECT count(*) FROM dk)::int AS "apiKeys",
                (SELECT count(*) FROM dm)::int + (SELECT count(*) FROM sm)::int + (SELECT count(*) FROM dt)::int
                  + (SELECT count(*) FROM du)::int + (SELECT count(*) FROM dd)::int AS "writes"`,
        orgId,
        userId,
        directoryUserId,
      );
      const r = rows[0];
      const membership = r?.action === "delete" ? "removed" : r?.action === "suspend" ? "suspended" : null;
      return { membership, sessions: r?.sessions ?? 0, apiKeys: r?.apiKeys ?? 0 };
    },
    async memberships(userIds: string[]) {
      if (!userIds.length) return [];
      return c().$queryRawUnsafe<{ id: string; userId: string; role: string; status: string; source: string }[]>(
        `SELECT "id"::text AS "id", "userId"::text AS "userId", "role", "status", "source" FROM "membership" WHERE "orgId" = $1::uuid AND "userId" = ANY($2::uuid[])`,
        orgId,
        userIds,
      );
    },
    async createMembership(userId: string, role: string, status: "active" | "suspended") {
      const now = new Date().toISOString();
      try {
        const rows = await c().$queryRawUnsafe<{ id: string; userId: string; role: string; status: string; source: string }[]>(
          `INSERT INTO "membership" ("id", "orgId", "userId", "role", "status", "source", "createdAt", "updatedAt")
           VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5, 'scim', $6::timestamp(3), $6::timestamp(3))
           RETURNING "id"::text AS "id", "userId"::text AS "userId", "role", "status", "source"`,
          randomUUID(),
          orgId,
          userId,
          role,
          status,
          now,
        );
        return rows[0]!;
      } catch (e) {
        throw asP2002(e);
      }
    },
    async updateMembership(id: string, data: { role?: string; status?: "active" | "suspended" }) {
      await c().$executeRawUnsafe(
        `UPDATE "membership" SET "role" = COALESCE($3, "role"), "status" = COALESCE($4, "status"), "updatedAt" = now() AT TIME ZONE 'UTC'
          WHERE "orgId" = $1::uuid AND "id" = $2::uuid`,
        orgId,
        id,
        data.role ?? null,
        data.status ?? null,
      );
    },
    async deleteMembership(id: string) {
      await c().$executeRawUnsafe(`DELETE FROM "membership" WHERE "orgId" = $1::uuid AND "id" = $2::uuid`, orgId, id);
    },
    /**
     * Revokes the user's sessions bound to this organization (active in it, or signed in through its
     * SSO) and drops their stored provider tokens. SECURITY: sessions are per user, not per tenant; the
     * filter on activeOrgId/ssoOrgId = ctx's organization keeps other organizations' sessions untouched
     * (a suspended membership already keeps those out of this organization).
     */
    async revokeSessions(userId: string): Promise<number> {
      return c().$executeRawUnsafe(
        `UPDATE "session" SET "revokedAt" = now() AT TIME ZONE 'UTC', "accessTokenEnc" = NULL, "refreshTokenEnc" = NULL, "idTokenEnc" = NULL
          WHERE "userId" = $2::uuid AND "revokedAt" IS NULL AND ("activeOrgId" = $1::uuid OR "ssoOrgId" = $1::uuid)`,
        orgId,
        userId,
      );
    },
    /** Disables the API keys of this organization that the user created. */
    async disableApiKeys(userId: string): Promise<number> {
      return c().$executeRawUnsafe(
        `UPDATE "api_key" SET "disabledAt" = now() AT TIME ZONE 'UTC'
          WHERE "orgId" = $1::uuid AND "createdById" = $2::uuid AND "disabledAt" IS NULL AND "revokedAt" IS NULL`,
        orgId,
        userId,
      );
    },
  };
};
