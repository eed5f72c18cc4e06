import { db, rawDb, runInBackground } from "@/lib/db/client";
import { log } from "@/lib/log";
import type { OrgContext } from "@/lib/auth/org-context";
import type { Prisma } from "@/lib/db/generated/prisma/client";

export type ScimLogInsert = {
  tokenId: string | null;
  method: string;
  path: string;
  resourceType: string | null;
  resourceId: string | null;
  status: number;
  scimType: string | null;
  detail: string | null;
  quirks: string[];
  durationMs: number;
  requestBody: unknown;
};

export type ScimLogFilter = { since: Date; outcome?: "success" | "error"; resourceType?: string };

const json = (v: unknown) => (v === undefined || v === null ? undefined : (JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue));

function where(orgId: string, f: ScimLogFilter): Prisma.ScimRequestLogWhereInput {
  return {
    orgId,
    createdAt: { gte: f.since },
    ...(f.outcome === "success" ? { status: { lt: 400 } } : f.outcome === "error" ? { status: { gte: 400 } } : {}),
    ...(f.resourceType ? { resourceType: f.resourceType } : {}),
  };
}

// Written outside the request's transaction on purpose: a failed SCIM request is logged too.
export const scimLogRepo = (ctx: OrgContext) => ({
  async insert(row: ScimLogInsert) {
    await (await db()).scimRequestLog.create({ data: { ...row, orgId: ctx.orgId, requestBody: json(row.requestBody) } });
  },
  async list(f: ScimLogFilter, skip: number, take: number) {
    const client = await db();
    const w = where(ctx.orgId, f);
    const [rows, total] = await Promise.all([
      client.scimRequestLog.findMany({ where: w, orderBy: [{ createdAt: "desc" }, { id: "asc" }], skip, take }),
      client.scimRequestLog.count({ where: w }),
    ]);
    return { rows, total };
  },
});

// ---- The request path's writer: rows are buffered and written in batches, off the response path.

type BufferedRow = ScimLogInsert & { orgId: string; createdAt: string };

const FLUSH_AFTER_MS = 25;
const BATCH_ROWS = 500;
const BUFFER_MAX = 50_000;
const g = globalThis as unknown as { __gatehouseScimLogBuffer?: { rows: BufferedRow[]; scheduled: Promise<void> | null; failures: number } };
const buffer = () => (g.__gatehouseScimLogBuffer ??= { rows: [], scheduled: null, failures: 0 });

async function insertMany(rows: BufferedRow[]) {
  await (await rawDb()).$executeRawUnsafe(
    `INSERT INTO "scim_request_log" ("id", "orgId", "tokenId", "method", "path", "resourceType", "resourceId", "status", "scimType", "detail", "quirks", "durationMs", "requestBody", "createdAt")
     SELECT gen_random_uuid(), x."orgId", x."tokenId", x."method", x."path", x."resourceType", x."resourceId", x."status", x."scimType", x."detail",
            x."quirks", x."durationMs", NULLIF(x."requestBody", 'null'::jsonb), x."createdAt" AT TIME ZONE 'UTC'
       FROM jsonb_to_recordset($1::jsonb) AS x("orgId" uuid, "tokenId" uuid, "method" text, "path" text, "resourceType" text, "resourceId" text,
            "status" int, "scimType" text, "detail" text, "quirks" text[], "durationMs" int, "requestBody" jsonb, "createdAt" timestamptz)`,
    JSON.stringify(rows),
  );
}

/** Writes everything buffered so far (several batches if needed); failed rows stay buffered for the next try. */
export async function flushScimLogs(): Promise<void> {
  const b = buffer();
  while (b.rows.length) {
    const batch = b.rows.splice(0, BATCH_ROWS);
    try {
      await insertMany(batch);
      b.failures = 0;
    } catch (err) {
      b.failures++;
      b.rows.unshift(...batch);
      if (b.rows.length > BUFFER_MAX) {
        const dropped = b.rows.splice(0, b.rows.length - BUFFER_MAX).length;
        log.error("SCIM activity buffer full: oldest rows dropped", { dropped });
      }
      log.warn("could not write SCIM activity; will retry", { err, rows: b.rows.length });
      throw err;
    }
  }
}

function schedule() {
  const b = buffer();
  if (b.scheduled) return;
  const delay = b.failures ? Math.min(5_000, 100 * 2 ** b.failures) : FLUSH_AFTER_MS;
  // Tracked by runInBackground, so disconnect() waits for the buffered rows to be written.
  b.scheduled = new Promise<void>((resolve) => setTimeout(resolve, delay))
    .then(() => flushScimLogs())
    .catch(() => undefined)
    .finally(() => {
      b.scheduled = null;
      if (b.rows.length) schedule();
    });
  runInBackground(b.scheduled);
}

/**
 * Queues one request of ctx's organization for the activity log and returns at once: rows are written
 * in one INSERT per batch a few milliseconds later (retried on failure), never on the response path.
 */
export function enqueueScimLog(ctx: OrgContext, row: ScimLogInsert) {
  buffer().rows.push({ ...row, requestBody: row.requestBody ?? null, orgId: ctx.orgId, createdAt: new Date().toISOString() });
  schedule();
}

/**
 * SECURITY: unscoped by design: deletes every organization's rows older than the retention window. It
 * reads nothing back and is the retention policy itself (issue #5: "kept 7 days"). Bounded per call so a
 * backlog never makes one request slow.
 */
export async function pruneScimLogs(before: Date, limit = 5000): Promise<number> {
  return (await db()).$executeRawUnsafe(
    `DELETE FROM "scim_request_log" WHERE "id" IN (SELECT "id" FROM "scim_request_log" WHERE "createdAt" < $1 LIMIT ${Math.max(1, Math.floor(limit))})`,
    before,
  );
}

/** The same, not awaited (tracked so a disconnect waits for it). */
export function pruneScimLogsInBackground(before: Date) {
  runInBackground(pruneScimLogs(before));
}
