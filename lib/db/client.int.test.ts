import { afterAll, describe, expect, it } from "vitest";
import { rawDb, rawTransaction } from "@/lib/db/client";
import { orgContextForJob } from "@/lib/auth/org-context";
import { directoryUsersRepo } from "@/lib/db/repos/directory-users";
import { directoryGroupsRepo } from "@/lib/db/repos/directory-groups";
import { teamsRepo } from "@/lib/db/repos/teams";
import { rawTransaction as rawUnitOfWork } from "@/lib/db/unit-of-work";
import { createOrg, createUser } from "@/lib/db/testing/fixtures";
import { bulkDirectoryUsers } from "@/lib/db/testing/scim-fixtures";

// The raw SQL path (node-postgres directly, named prepared statements) against a real PostgreSQL.
const table = `zz_raw_probe_${process.pid}`;

afterAll(async () => {
  await (await rawDb()).$executeRawUnsafe(`DROP TABLE IF EXISTS "${table}"`);
});

describe("raw SQL client", () => {
  it("keeps Prisma's raw conventions: timestamps as UTC Dates, int8 as bigint, json parsed", async () => {
    const raw = await rawDb();
    const [row] = await raw.$queryRawUnsafe<{ ts: Date; n: bigint; j: { a: number[] }; u: string }[]>(
      `SELECT '2026-11-24 05:31:01.553'::timestamp(3) AS ts, 9007199254740993::int8 AS n, '{"a":[1,2]}'::jsonb AS j, $1::uuid AS u`,
      "0b0e8c5e-6a53-4a8e-9a57-0f1d2b3c4d5e",
    );
    expect(row.ts.toISOString()).toBe("2026-11-24T05:31:01.553Z");
    expect(row.n).toBe(9007199254740993n);
    expect(row.j).toEqual({ a: [1, 2] });
    expect(row.u).toBe("0b0e8c5e-6a53-4a8e-9a57-0f1d2b3c4d5e");
  });

  it("sends a Date parameter as UTC whatever the process time zone", async () => {
    const [row] = await (await rawDb()).$queryRawUnsafe<{ t: string }[]>(`SELECT $1::timestamp(3)::text AS t`, new Date("2026-01-02T03:04:05.678Z"));
    expect(row.t).toBe("2026-01-02 03:04:05.678");
  });

  it("throws a unique violation as Prisma's P2002 naming the constraint, and rolls the transaction back", async () => {
    const raw = await rawDb();
    await raw.$executeRawUnsafe(`DROP TABLE IF EXISTS "${table}"`);
    await raw.$executeRawUnsafe(`CREATE TABLE "${table}" (k text CONSTRAINT "${table}_k_key" UNIQUE, v int)`);
    const err = await rawTransaction(async (tx) => {
      await tx.$executeRawUnsafe(`INSERT INTO "${table}" (k, v) VALUES ('a', 1)`);
      await tx.$executeRawUnsafe(`INSERT INTO "${table}" (k, v) VALUES ('a', 2)`);
    }).catch((e: unknown) => e as { code?: string; meta?: { target?: string } });
    expect(err?.code).toBe("P2002");
    expect(err?.meta?.target).toContain(`${table}_k_key`);
    const rows = await raw.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${table}"`);
    expect(rows[0].n).toBe(0);
  });

  it("a table changed under a prepared SELECT * is read again, not failed", async () => {
    const raw = await rawDb();
    await raw.$executeRawUnsafe(`DROP TABLE IF EXISTS "${table}"`);
    await raw.$executeRawUnsafe(`CREATE TABLE "${table}" (k text, v int)`);
    await raw.$executeRawUnsafe(`INSERT INTO "${table}" (k, v) VALUES ('a', 1)`);
    const select = `SELECT * FROM "${table}" WHERE k = $1`;
    // Sequential calls reuse the most recently released connection: the statement is prepared there.
    expect(await raw.$queryRawUnsafe(select, "a")).toEqual([{ k: "a", v: 1 }]);
    expect(await raw.$queryRawUnsafe(select, "a")).toEqual([{ k: "a", v: 1 }]);
    await raw.$executeRawUnsafe(`ALTER TABLE "${table}" ADD COLUMN w text DEFAULT 'x'`);
    expect(await raw.$queryRawUnsafe(select, "a")).toEqual([{ k: "a", v: 1, w: "x" }]);
  });
});

describe("repositories on the raw path stay inside their organization", () => {
  it("two organizations: neither reads, lists, groups or assigns the other's SCIM users and teams", async () => {
    const [a, b] = [await createOrg(), await createOrg()];
    const [ctxA, ctxB] = [await orgContextForJob(a.id), await orgContextForJob(b.id)];
    const [idsA, idsB] = [await bulkDirectoryUsers(a.id, 3, `rawa${Date.now()}`), await bulkDirectoryUsers(b.id, 2, `rawb${Date.now()}`)];
    const usersA = directoryUsersRepo(ctxA);
    expect(await usersA.findById(idsB[0])).toBeNull();
    expect((await usersA.findById(idsA[0]))?.id).toBe(idsA[0]);
    expect((await usersA.findMany([...idsA, ...idsB])).map((u) => u.id).sort()).toEqual([...idsA].sort());
    const page = await usersA.list(null, 0, 100);
    expect(page.total).toBe(3);
    expect(page.rows.map((u) => u.id).sort()).toEqual([...idsA].sort());
    expect((await directoryUsersRepo(ctxB).list(null, 0, 100)).total).toBe(2);

    // A group of A cannot take B's users as members, and B cannot see or change A's group.
    const group = await rawUnitOfWork(async (tx) => {
      const g = await directoryGroupsRepo(ctxA, tx).create({ displayName: "Raw", displayNameLower: "raw", externalId: null });
      expect(await directoryGroupsRepo(ctxA, tx).addMembers(g.id, [...idsA, ...idsB], {})).toHaveLength(3);
      return g;
    });
    expect(await directoryGroupsRepo(ctxB).findById(group.id)).toBeNull();
    expect(await directoryGroupsRepo(ctxB).addMembers(group.id, idsB, {})).toEqual([]);
    expect(await directoryGroupsRepo(ctxB).countMembers(group.id)).toBe(0);
    expect(await directoryGroupsRepo(ctxA).countMembers(group.id)).toBe(3);
    expect((await directoryGroupsRepo(ctxB).list(null, 0, 10)).total).toBe(0);

    // Team assignments: B cannot attach A's team, even by id.
    const user = await createUser();
    const teamIds = await teamsRepo(ctxA).ensureTeams(["Ops"]);
    await teamsRepo(ctxB).addTeamMemberships(user.id, [...teamIds.values()], "scim");
    expect((await teamsRepo(ctxB).allForUser(user.id)).teams).toEqual([]);
    await teamsRepo(ctxA).addTeamMemberships(user.id, [...teamIds.values()], "scim");
    expect((await teamsRepo(ctxA).allForUser(user.id)).teams).toEqual([{ name: "Ops", source: "scim" }]);
  });
});
