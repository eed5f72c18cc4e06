import { mkdirSync } from "node:fs";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/prisma/client";
import { env } from "@/lib/env";
import { closeCacheBus } from "./cache-bus";

export type Db = PrismaClient;
/**
 * SQL only: what repositories on the hot SCIM paths use. Satisfied by Prisma's client and transactions,
 * and by node-postgres directly (rawTransaction, rawDb), which skips Prisma's per-query compilation and
 * result mapping: on a SCIM create that was half the process's CPU. Results follow Prisma's raw
 * conventions: timestamp columns as Date (UTC), int8 as bigint, json parsed; a unique or foreign-key
 * violation is thrown as Prisma's P2002 / P2003 so callers map both alike.
 */
export type RawClient = {
  $queryRawUnsafe<T = unknown>(sql: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(sql: string, ...values: unknown[]): Promise<number>;
};
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

// DATABASE_URL set -> PostgreSQL through node-postgres; unset -> embedded PGlite (.data/pglite).
// Only one process may open a PGlite directory at a time.
async function createClient(): Promise<PrismaClient> {
  const url = env().DATABASE_URL;
  if (url) {
    // One pool for both Prisma and the raw paths.
    const pool = (g.__gatehousePool = new pg.Pool({ connectionString: url, max: Number(process.env.DB_POOL_MAX ?? 10) }));
    return new PrismaClient({ adapter: new PrismaPg(pool) });
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  const dir = env().PGLITE_DIR;
  mkdirSync(dir, { recursive: true });
  return new PrismaClient({ adapter: new PrismaPGlite(new PGlite(dir)) });
}

// One client per process, also across Next.js dev reloads.
const g = globalThis as unknown as { __gatehouseDb?: Promise<PrismaClient>; __gatehousePool?: pg.Pool; __gatehouseRawPool?: RawClient };
export function db(): Promise<PrismaClient> {
  return (g.__gatehouseDb ??= createClient());
}

/** Runs fn in one transaction; services pass the tx to repositories and to the audit writer. */
export async function transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  const client = await db();
  return client.$transaction((tx) => fn(tx as Tx), { timeout: 20_000, maxWait: 10_000 });
}

// Prisma's raw conventions for what node-postgres would return differently.
// "2026-11-24 05:31:01.553" read as UTC from its digits (a list page has 200 of them; string parsing
// through Date's constructor, which Next wraps, showed in the profile). Anything else: the slow way.
const TS = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?$/;
const UTC_TIMESTAMP = (s: string) => {
  const m = TS.exec(s);
  if (!m) return new Date(`${s.replace(" ", "T")}Z`);
  const ms = m[7] ? Math.floor(Number(m[7].padEnd(6, "0")) / 1000) : 0;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], ms));
};
const TYPES = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if (oid === 1114) return UTC_TIMESTAMP; // timestamp without time zone: Prisma stores UTC
    if (oid === 20) return (s: string) => BigInt(s); // int8
    return pg.types.getTypeParser(oid, format ?? "text");
  }) as typeof pg.types.getTypeParser,
};
const param = (v: unknown) => (v instanceof Date ? v.toISOString() : typeof v === "bigint" ? v.toString() : v);

function prismaLike(e: unknown): unknown {
  const err = e as { code?: string; constraint?: string; detail?: string; message?: string };
  if (err && typeof err === "object" && (err.code === "23505" || err.code === "23503")) {
    return Object.assign(new Error(err.message), {
      code: err.code === "23505" ? "P2002" : "P2003",
      meta: { target: `${err.constraint ?? ""} ${err.detail ?? ""} ${err.message ?? ""}`.trim(), code: err.code },
      cause: e,
    });
  }
  return e;
}

/**
 * Server-side prepared statements for the statements this process sends most: PostgreSQL parses and
 * plans a named statement once per connection instead of on every call (on a SCIM create that was most of
 * the database's CPU). Bounded: the first PREPARED_MAX distinct texts get a name, anything after runs
 * unnamed, so compiled filters cannot grow every connection's statement cache without limit. A schema
 * change under a running node ("cached plan must not change result type") moves every name to a new
 * generation, so each statement is prepared afresh on its next use.
 */
const PREPARED_MAX = 200;
// On globalThis: both copies of this module in one process (Next's bundle and the SCIM server's) share
// the pool's connections, so they must share the names too.
const gp = globalThis as unknown as { __gatehouseStatements?: { names: Map<string, string>; generation: number } };
const statements = (gp.__gatehouseStatements ??= { names: new Map(), generation: 0 });
function statementName(sql: string): string | undefined {
  let name = statements.names.get(sql);
  if (!name) {
    if (statements.names.size >= PREPARED_MAX) return undefined;
    name = `gh${statements.names.size}`;
    statements.names.set(sql, name);
  }
  return `${name}g${statements.generation}`;
}

function rawOver(q: pg.Pool | pg.PoolClient): RawClient {
  const run = async (sql: string, values: unknown[], retried = false): Promise<pg.QueryResult> => {
    const name = statementName(sql);
    try {
      return await q.query({ text: sql, values: values.map(param), types: TYPES, ...(name ? { name } : {}) });
    } catch (e) {
      const err = e as { code?: string; message?: string };
      if (err?.code === "0A000" && /cached plan/i.test(err.message ?? "")) {
        statements.generation++;
        // Outside a transaction the statement can simply run again under its new name; inside one the
        // transaction is already aborted, and the caller's request fails this once.
        if (!retried && q instanceof pg.Pool) return run(sql, values, true);
      }
      throw prismaLike(e);
    }
  };
  return {
    async $queryRawUnsafe<T>(sql: string, ...values: unknown[]) {
      return (await run(sql, values)).rows as T;
    },
    async $executeRawUnsafe(sql: string, ...values: unknown[]) {
      return (await run(sql, values)).rowCount ?? 0;
    },
  };
}

/** SQL outside a transaction: the pool itself (PostgreSQL), else Prisma (PGlite). */
export async function rawDb(): Promise<RawClient> {
  const client = await db();
  if (!g.__gatehousePool) return client;
  return (g.__gatehouseRawPool ??= rawOver(g.__gatehousePool));
}

/**
 * Runs fn in one transaction on a pooled connection, SQL only (see RawClient). Under PGlite it is an
 * ordinary Prisma transaction.
 */
export async function rawTransaction<T>(fn: (tx: RawClient) => Promise<T>): Promise<T> {
  await db();
  const pool = g.__gatehousePool;
  if (!pool) return transaction(fn);
  const conn = await pool.connect();
  let broken: Error | undefined;
  try {
    await conn.query("BEGIN");
    const out = await fn(rawOver(conn));
    await conn.query("COMMIT");
    return out;
  } catch (e) {
    await conn.query("ROLLBACK").catch((err: Error) => (broken = err));
    throw e;
  } finally {
    conn.release(broken);
  }
}

// Fire-and-forget writes (lastUsedAt touches) register here so a disconnect waits for them instead
// of closing the pool under an open statement.
const background = new Set<Promise<unknown>>();
export function runInBackground(p: Promise<unknown>): void {
  const tracked = p.catch(() => undefined).finally(() => background.delete(tracked));
  background.add(tracked);
}

export async function disconnect() {
  await Promise.allSettled([...background]);
  await closeCacheBus();
  if (g.__gatehouseDb) {
    const c = await g.__gatehouseDb;
    g.__gatehouseDb = undefined;
    const pool = g.__gatehousePool;
    g.__gatehousePool = undefined;
    g.__gatehouseRawPool = undefined;
    await c.$disconnect();
    await pool?.end().catch(() => undefined);
  }
}
