import { afterAll, describe, expect, it } from "vitest";
import { rawDb, rawTransaction } from "@/lib/db/client";

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
