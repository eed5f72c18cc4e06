import { db } from "@/lib/db/client";
import { unwrap, type TxHandle } from "@/lib/db/unit-of-work";
import type { OrgContext } from "@/lib/auth/org-context";
import type { DirectorySyncRun, Prisma } from "@/lib/db/generated/prisma/client";

export type SyncRunRow = DirectorySyncRun;

const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue;

export type SyncRunPatch = {
  status?: string;
  state?: unknown;
  processed?: number;
  total?: number | null;
  counts?: unknown;
  skipped?: unknown;
  errors?: unknown;
  drift?: unknown;
  pending?: unknown;
  error?: string | null;
  startedAt?: Date;
  finishedAt?: Date;
  durationMs?: number;
  approvedAt?: Date;
  approvedById?: string | null;
};

function dataOf(p: SyncRunPatch): Prisma.DirectorySyncRunUncheckedUpdateInput {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) {
    if (v === undefined) continue;
    out[k] = ["state", "counts", "skipped", "errors", "drift", "pending"].includes(k) ? (v === null ? null : json(v)) : v;
  }
  if (out.state === null) out.state = { set: null } as unknown;
  if (out.pending === null) out.pending = { set: null } as unknown;
  return out as Prisma.DirectorySyncRunUncheckedUpdateInput;
}

const ACTIVE = ["queued", "running"];

/** Directory sync runs of ctx's organization (issue #6 sync history). */
export const syncRunsRepo = (ctx: OrgContext, tx?: TxHandle) => {
  const c = async () => unwrap(tx) ?? (await db());
  const orgId = ctx.orgId;
  return {
    /** Serialises run creation per (organization, kind) for the rest of the transaction. */
    async lockKind(kind: string) {
      await (await c()).$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext($1))`, `directory-sync:${orgId}:${kind}`);
    },
    async findActive(kind: string) {
      return (await c()).directorySyncRun.findFirst({ where: { orgId, kind, status: { in: ACTIVE } }, orderBy: { createdAt: "desc" } });
    },
    async create(data: { kind: string; trigger: string; filter: unknown; createdById: string | null; total?: number | null }) {
      return (await c()).directorySyncRun.create({
        data: { orgId, kind: data.kind, trigger: data.trigger, filter: data.filter == null ? undefined : json(data.filter), createdById: data.createdById, total: data.total ?? null },
      });
    },
    async findById(id: string) {
      return (await c()).directorySyncRun.findUnique({ where: { orgId_id: { orgId, id } } });
    },
    /** Row-locks the run (approve/reject and steps serialise on it). */
    async lock(id: string): Promise<{ id: string; status: string; state: unknown } | null> {
      const rows = await (await c()).$queryRawUnsafe<{ id: string; status: string; state: unknown }[]>(
        `SELECT "id"::text, "status", "state" FROM "directory_sync_run" WHERE "orgId" = $1::uuid AND "id" = $2::uuid FOR UPDATE`,
        orgId,
        id,
      );
      return rows[0] ?? null;
    },
    async update(id: string, patch: SyncRunPatch) {
      return (await c()).directorySyncRun.update({ where: { orgId_id: { orgId, id } }, data: dataOf(patch) });
    },
    /** Compare-and-set on status, so two workers never both start the same step. */
    async transition(id: string, from: string[], patch: SyncRunPatch) {
      const r = await (await c()).directorySyncRun.updateMany({ where: { orgId, id, status: { in: from } }, data: dataOf(patch) as Prisma.DirectorySyncRunUncheckedUpdateManyInput });
      return r.count === 1;
    },
    /** A page of runs, newest first; `total` counts the runs matching the same kind/status filter. */
    async list(filter: { kind?: string; status?: readonly string[] }, skip: number, take: number) {
      const client = await c();
      const where = { orgId, ...(filter.kind ? { kind: filter.kind } : {}), ...(filter.status?.length ? { status: { in: [...filter.status] } } : {}) };
      const [rows, total] = await Promise.all([
        client.directorySyncRun.findMany({
          where,
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          skip,
          take,
          // The detail lists (skipped, drift, pending) can be large; the history table needs none of them.
          omit: { skipped: true, drift: true, pending: true, errors: true, state: true },
        }),
        client.directorySyncRun.count({ where }),
      ]);
      return { rows, total };
    },
    /** The directory settings the engine needs (thresholds, teamIdsField); defaults without a configuration. */
    async settings() {
      const row = await (await c()).provisioningConfig.findUnique({
        where: { orgId },
        select: { teamIdsField: true, decommissionMaxShare: true, decommissionMinCount: true, enabled: true, provider: true },
      });
      return row;
    },
  };
};
