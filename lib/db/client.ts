import { mkdirSync } from "node:fs";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { env } from "@/lib/env";
import { closeCacheBus } from "./cache-bus";

export type Db = PrismaClient;
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

// DATABASE_URL set -> PostgreSQL through node-postgres; unset -> embedded PGlite (.data/pglite).
// Only one process may open a PGlite directory at a time.
async function createClient(): Promise<PrismaClient> {
  const url = env().DATABASE_URL;
  if (url) {
    return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: Number(process.env.DB_POOL_MAX ?? 10) }) });
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  const dir = env().PGLITE_DIR;
  mkdirSync(dir, { recursive: true });
  return new PrismaClient({ adapter: new PrismaPGlite(new PGlite(dir)) });
}

// One client per process, also across Next.js dev reloads.
const g = globalThis as unknown as { __gatehouseDb?: Promise<PrismaClient> };
export function db(): Promise<PrismaClient> {
  return (g.__gatehouseDb ??= createClient());
}

/** Runs fn in one transaction; services pass the tx to repositories and to the audit writer. */
export async function transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  const client = await db();
  return client.$transaction((tx) => fn(tx as Tx), { timeout: 20_000, maxWait: 10_000 });
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
    await c.$disconnect();
  }
}
