import { db } from "@/lib/db/client";
import { unwrapRaw, type RawTxHandle } from "@/lib/db/unit-of-work";
import type { Prisma } from "@/lib/db/generated/prisma/client";

export type AuditRow = {
  orgId: string | null;
  orgName: string | null;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  targetLabel?: string | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
  userAgent?: string | null;
};

/** A stored event as the audit service reads it. */
export type AuditEventRow = {
  id: string; orgId: string | null; orgName: string | null; actorType: string; actorId: string | null; actorLabel: string | null;
  action: string; targetType: string | null; targetId: string | null; targetLabel: string | null;
  before: Prisma.JsonValue | null; after: Prisma.JsonValue | null; ip: string | null; userAgent: string | null; createdAt: Date;
};

export type AuditFilter = { actor?: string; action?: string; from?: Date; to?: Date; targetId?: string };

const json = (v: unknown) => (v === undefined || v === null ? undefined : (JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue));

function where(orgIds: string[] | null, f: AuditFilter): Prisma.AuditEventWhereInput {
  return {
    ...(orgIds ? { orgId: { in: orgIds } } : {}),
    ...(f.action ? { action: f.action.endsWith("*") ? { startsWith: f.action.slice(0, -1) } : f.action } : {}),
    ...(f.actor ? { OR: [{ actorId: f.actor }, { actorLabel: { contains: f.actor, mode: "insensitive" } }] } : {}),
    ...(f.targetId ? { targetId: f.targetId } : {}),
    ...(f.from || f.to ? { createdAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lte: f.to } : {}) } } : {}),
  };
}

const AUDIT_COLUMNS = ["orgId", "orgName", "actorType", "actorId", "actorLabel", "action", "targetType", "targetId", "targetLabel", "before", "after", "ip", "userAgent"] as const;
const AUDIT_CASTS = ["::uuid", "", "", "", "", "", "", "", "", "::jsonb", "::jsonb", "", ""];
const jsonText = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

/**
 * Writes always take the caller's transaction so the event commits with the change it records. One raw
 * statement (not the ORM's create): audit inserts sit on every SCIM write, and the ORM call cost more than
 * the statement. Events of one call keep their order: clock_timestamp() advances per row.
 */
export async function insertAuditEvent(tx: RawTxHandle, row: AuditRow) {
  await insertAuditEvents(tx, [row]);
}

/** Many events in one statement (bulk jobs: directory sync records one event per person it changes). */
export async function insertAuditEvents(tx: RawTxHandle, rows: AuditRow[]) {
  for (let start = 0; start < rows.length; start += 1000) {
    const chunk = rows.slice(start, start + 1000);
    const values: unknown[] = [];
    const tuples = chunk.map((row) => {
      const cells = AUDIT_COLUMNS.map((col, i) => {
        const v = row[col];
        values.push(col === "before" || col === "after" ? jsonText(v) : (v ?? null));
        return `$${values.length}${AUDIT_CASTS[i]}`;
      });
      return `(gen_random_uuid(), ${cells.join(", ")}, clock_timestamp() AT TIME ZONE 'UTC')`;
    });
    await unwrapRaw(tx)!.$executeRawUnsafe(
      `INSERT INTO "audit_event" ("id", ${AUDIT_COLUMNS.map((c) => `"${c}"`).join(", ")}, "createdAt") VALUES ${tuples.join(", ")}`,
      ...values,
    );
  }
}

/** Reads for one organization (orgIds = [ctx.orgId]) or, for provider admins, all (orgIds = null). */
// SECURITY: orgIds = null reads every organization's events; lib/audit/service.ts passes it only for
// provider administrators and platform-wide keys.
export const auditReadRepo = (orgIds: string[] | null) => ({
  async list(f: AuditFilter, page: number, limit: number): Promise<{ rows: AuditEventRow[]; total: number }> {
    const c = await db();
    const w = where(orgIds, f);
    const [rows, total] = await Promise.all([
      c.auditEvent.findMany({ where: w, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (page - 1) * limit, take: limit }),
      c.auditEvent.count({ where: w }),
    ]);
    return { rows, total };
  },
  /** Streams in batches by keyset so an export never loads the whole log. */
  async *iterate(f: AuditFilter, batch = 1000): AsyncGenerator<AuditEventRow> {
    const c = await db();
    let cursor: { createdAt: Date; id: string } | null = null;
    for (;;) {
      const base = where(orgIds, f);
      const rows: Awaited<ReturnType<typeof c.auditEvent.findMany>> = await c.auditEvent.findMany({
        where: cursor
          ? { AND: [base, { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] }] }
          : base,
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: batch,
      });
      if (!rows.length) return;
      yield* rows;
      const last = rows[rows.length - 1]!;
      cursor = { createdAt: last.createdAt, id: last.id };
      if (rows.length < batch) return;
    }
  },
});
