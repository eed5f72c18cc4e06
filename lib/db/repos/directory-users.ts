import { db, type Tx } from "@/lib/db/client";
import { unwrap, type TxHandle } from "@/lib/db/unit-of-work";
import type { OrgContext } from "@/lib/auth/org-context";
import type { DirectoryUser, Prisma } from "@/lib/db/generated/prisma/client";

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s);

const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue;

function dataOf(d: Partial<DirectoryUserData>): Prisma.DirectoryUserUncheckedUpdateInput {
  const out: Prisma.DirectoryUserUncheckedUpdateInput = {};
  for (const [k, v] of Object.entries(d)) {
    if (v === undefined) continue;
    (out as Record<string, unknown>)[k] = k === "emails" || k === "phoneNumbers" || k === "attributes" || k === "profile" ? json(v) : v;
  }
  return out;
}

export const directoryUsersRepo = (ctx: OrgContext, tx?: TxHandle) => {
  const c = async (): Promise<Tx> => unwrap(tx) ?? (await db());
  const orgId = ctx.orgId;
  return {
    async findById(id: string) {
      if (!isUuid(id)) return null;
      return (await c()).directoryUser.findUnique({ where: { orgId_id: { orgId, id } } });
    },
    /** Loads and row-locks one user for the rest of the transaction (PATCH/PUT/DELETE serialise on it). */
    async lockById(id: string) {
      if (!isUuid(id)) return null;
      const client = await c();
      const locked = await client.$queryRawUnsafe<{ id: string }[]>(
        `SELECT "id" FROM "directory_user" WHERE "orgId" = $1::uuid AND "id" = $2::uuid FOR UPDATE`,
        orgId,
        id,
      );
      if (!locked.length) return null;
      return client.directoryUser.findUnique({ where: { orgId_id: { orgId, id } } });
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
    async findMany(ids: string[]) {
      if (!ids.length) return [];
      return (await c()).directoryUser.findMany({ where: { orgId, id: { in: ids } } });
    },
    async findByUserNameLower(userNameLower: string) {
      return (await c()).directoryUser.findUnique({ where: { orgId_userNameLower: { orgId, userNameLower } }, select: { id: true } });
    },
    /** Whether another SCIM user of this organization is already linked to the Gatehouse user. */
    async findByLinkedUser(userId: string) {
      return (await c()).directoryUser.findUnique({ where: { orgId_userId: { orgId, userId } }, select: { id: true } });
    },
    async create(data: DirectoryUserData & { userId: string | null; passwordHash: string | null }) {
      return (await c()).directoryUser.create({ data: { ...(dataOf(data) as Prisma.DirectoryUserUncheckedCreateInput), orgId, userId: data.userId, passwordHash: data.passwordHash } });
    },
    /** Writes new attributes and bumps the version (the ETag). */
    async update(id: string, data: Partial<DirectoryUserData> & { passwordHash?: string | null; userId?: string | null }) {
      return (await c()).directoryUser.update({ where: { orgId_id: { orgId, id } }, data: { ...dataOf(data), version: { increment: 1 } } });
    },
    async setMembershipSuspended(id: string, membershipSuspended: boolean) {
      await (await c()).directoryUser.update({ where: { orgId_id: { orgId, id } }, data: { membershipSuspended } });
    },
    async delete(id: string) {
      await (await c()).directoryUser.delete({ where: { orgId_id: { orgId, id } } });
    },
    /**
     * A page in the stable order (createdAt, id) and the true total. `where` is a filter compiled by
     * lib/scim-common/filter-sql.ts over alias `u`; the database evaluates it.
     */
    async list(where: SqlWhere | null, offset: number, limit: number) {
      const client = await c();
      // Ids first, then the rows: the page is an index-only scan of (orgId, createdAt, id) even at a deep
      // offset. Fetching whole rows with OFFSET made the planner sort the organization (220 ms at 100,000).
      where ??= { text: "TRUE", values: [orgId] };
      const base = `FROM "directory_user" u WHERE u."orgId" = $1::uuid AND (${where.text})`;
      const n = where.values.length;
      const [idRows, countRows] = await Promise.all([
        limit > 0
          ? client.$queryRawUnsafe<{ id: string }[]>(
              `SELECT u."id" ${base} ORDER BY u."createdAt", u."id" LIMIT $${n + 1} OFFSET $${n + 2}`,
              ...where.values,
              limit,
              offset,
            )
          : [],
        client.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n ${base}`, ...where.values),
      ]);
      const ids = idRows.map((r) => r.id);
      const byId = new Map((ids.length ? await client.directoryUser.findMany({ where: { orgId, id: { in: ids } } }) : []).map((r) => [r.id, r]));
      return { rows: ids.map((id) => byId.get(id)).filter((r): r is DirectoryUser => !!r), total: countRows[0]?.n ?? 0 };
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

/**
 * The Gatehouse side of provisioning: the global user a SCIM user is, that user's membership in ctx's
 * organization, and the credentials to cut off when the identity provider suspends or removes them.
 */
export const provisioningRepo = (ctx: OrgContext, tx: TxHandle) => {
  const c = () => unwrap(tx)!;
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
      const row = await client.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
      return row.id;
    },
    async memberships(userIds: string[]) {
      if (!userIds.length) return [];
      return c().membership.findMany({ where: { orgId, userId: { in: userIds } }, select: { id: true, userId: true, role: true, status: true, source: true } });
    },
    async createMembership(userId: string, role: string, status: "active" | "suspended") {
      return c().membership.create({ data: { orgId, userId, role, status, source: "scim" }, select: { id: true, userId: true, role: true, status: true, source: true } });
    },
    async updateMembership(id: string, data: { role?: string; status?: "active" | "suspended" }) {
      await c().membership.update({ where: { orgId_id: { orgId, id } }, data });
    },
    async deleteMembership(id: string) {
      await c().membership.delete({ where: { orgId_id: { orgId, id } } });
    },
    /**
     * Revokes the user's sessions bound to this organization (active in it, or signed in through its
     * SSO) and drops their stored provider tokens. SECURITY: sessions are per user, not per tenant; the
     * filter on activeOrgId/ssoOrgId = ctx's organization keeps other organizations' sessions untouched
     * (a suspended membership already keeps those out of this organization).
     */
    async revokeSessions(userId: string): Promise<number> {
      const r = await c().session.updateMany({
        where: { userId, revokedAt: null, OR: [{ activeOrgId: orgId }, { ssoOrgId: orgId }] },
        data: { revokedAt: new Date(), accessTokenEnc: null, refreshTokenEnc: null, idTokenEnc: null },
      });
      return r.count;
    },
    /** Disables the API keys of this organization that the user created. */
    async disableApiKeys(userId: string): Promise<number> {
      const r = await c().apiKey.updateMany({ where: { orgId, createdById: userId, disabledAt: null, revokedAt: null }, data: { disabledAt: new Date() } });
      return r.count;
    },
  };
};
