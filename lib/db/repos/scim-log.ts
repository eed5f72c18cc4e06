import { db } from "@/lib/db/client";
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
