import { db, runInBackground } from "@/lib/db/client";
import { unwrap, type TxHandle } from "@/lib/db/unit-of-work";
import type { OrgContext } from "@/lib/auth/org-context";
import type { Prisma } from "@/lib/db/generated/prisma/client";

export const FAILURE_RETENTION_MS = 7 * 24 * 3_600_000;
export const MAX_SAMPLES_PER_ORG = 50;

const json = (v: unknown) => (v === undefined || v === null ? undefined : (JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue));

/** Failed SSO sign-ins of the organization (kept 7 days) and the recent claim samples. */
export const ssoFailuresRepo = (ctx: OrgContext, tx?: TxHandle) => {
  const c = async () => unwrap(tx) ?? (await db());
  return {
    async record(f: { connectionId: string | null; traceId: string; reason: string; detail: string | null; email: string | null; claims: unknown; test: boolean }, now = new Date()) {
      const client = await c();
      // Pruned on write: the table only ever holds a week of failures.
      await client.ssoLoginFailure.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - FAILURE_RETENTION_MS) } } });
      return client.ssoLoginFailure.create({ data: { ...f, claims: json(f.claims), orgId: ctx.orgId, createdAt: now } });
    },
    async list(skip: number, take: number, now = new Date()) {
      const where = { orgId: ctx.orgId, createdAt: { gte: new Date(now.getTime() - FAILURE_RETENTION_MS) } };
      const client = await c();
      const [rows, total] = await Promise.all([
        client.ssoLoginFailure.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip, take }),
        client.ssoLoginFailure.count({ where }),
      ]);
      return { rows, total };
    },
    async findByTrace(traceId: string) {
      return (await c()).ssoLoginFailure.findFirst({ where: { orgId: ctx.orgId, traceId } });
    },
    async addSample(s: { attributes: unknown; groups: unknown }) {
      const client = await c();
      await client.ssoAttributeSample.create({ data: { orgId: ctx.orgId, attributes: json(s.attributes) ?? {}, groups: json(s.groups) ?? [] } });
      const stale = await client.ssoAttributeSample.findMany({
        where: { orgId: ctx.orgId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: MAX_SAMPLES_PER_ORG, select: { id: true },
      });
      if (stale.length) await client.ssoAttributeSample.deleteMany({ where: { orgId: ctx.orgId, id: { in: stale.map((r) => r.id) } } });
    },
    async samples() {
      return (await c()).ssoAttributeSample.findMany({ where: { orgId: ctx.orgId }, orderBy: { createdAt: "desc" }, take: MAX_SAMPLES_PER_ORG });
    },
  };
};

/** One-time ID-token nonces (replay protection). Not tenant data: keyed by a hash of issuer + nonce. */
export const ssoNonceRepo = {
  /** True the first time the key is claimed; false when it was used before (a replay). */
  async claim(key: string, expiresAt: Date, now = new Date()): Promise<boolean> {
    const client = await db();
    // Expired keys are swept at most once a minute, off the sign-in's path.
    if (now.getTime() - lastSweep > 60_000) {
      lastSweep = now.getTime();
      runInBackground(client.ssoUsedNonce.deleteMany({ where: { expiresAt: { lt: now } } }));
    }
    // One statement (createMany would wrap it in BEGIN/COMMIT): the unique key decides first use.
    const inserted = await client.$executeRaw`INSERT INTO "sso_used_nonce" ("key", "expiresAt") VALUES (${key}, ${expiresAt}) ON CONFLICT DO NOTHING`;
    return inserted === 1;
  },
};
let lastSweep = 0;
