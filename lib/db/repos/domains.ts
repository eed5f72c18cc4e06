import { db } from "@/lib/db/client";
import { unwrap, type TxHandle } from "@/lib/db/unit-of-work";
import type { OrgContext } from "@/lib/auth/org-context";
import type { Prisma } from "@/lib/db/generated/prisma/client";

export type DomainStatus = "pending" | "verified" | "failed" | "expired";
export type DomainRow = Prisma.VerifiedDomainGetPayload<object>;
export type DomainPatch = Partial<Pick<DomainRow,
  "status" | "verificationStartedAt" | "verifiedAt" | "lastCheckedAt" | "checkAttempts" | "failureReason" |
  "recordMissingSince" | "routingEnabled" | "autoJoinEnabled" | "autoJoinRole">>;

/** Serialises every claim on one domain name (across organizations) for the rest of the transaction. */
async function lockDomainName(tx: TxHandle, domain: string) {
  await unwrap(tx)!.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${"verified_domain:" + domain}))`;
}

export const domainsRepo = (ctx: OrgContext, tx?: TxHandle) => {
  const c = async () => unwrap(tx) ?? (await db());
  return {
    async list(f: { status?: DomainStatus }, skip: number, take: number) {
      const where: Prisma.VerifiedDomainWhereInput = { orgId: ctx.orgId, ...(f.status ? { status: f.status } : {}) };
      const client = await c();
      const [rows, total] = await Promise.all([
        client.verifiedDomain.findMany({ where, orderBy: [{ domain: "asc" }, { id: "asc" }], skip, take }),
        client.verifiedDomain.count({ where }),
      ]);
      return { rows, total };
    },
    async listVerified() {
      return (await c()).verifiedDomain.findMany({ where: { orgId: ctx.orgId, status: "verified" }, orderBy: { domain: "asc" } });
    },
    async listFlagged() {
      return (await c()).verifiedDomain.findMany({ where: { orgId: ctx.orgId, recordMissingSince: { not: null } }, orderBy: { domain: "asc" } });
    },
    async findById(id: string) {
      return (await c()).verifiedDomain.findUnique({ where: { orgId_id: { orgId: ctx.orgId, id } } });
    },
    async findByName(domain: string) {
      return (await c()).verifiedDomain.findUnique({ where: { orgId_domain: { orgId: ctx.orgId, domain } } });
    },
    async create(data: { domain: string; verificationToken: string }) {
      return (await c()).verifiedDomain.create({ data: { ...data, orgId: ctx.orgId } });
    },
    async update(id: string, data: DomainPatch) {
      return (await c()).verifiedDomain.update({ where: { orgId_id: { orgId: ctx.orgId, id } }, data });
    },
    async delete(id: string) {
      return (await c()).verifiedDomain.delete({ where: { orgId_id: { orgId: ctx.orgId, id } } });
    },
    lockName: (domain: string) => lockDomainName(tx!, domain),
    /**
     * SECURITY: looks across organizations on purpose, to enforce "one organization per verified
     * domain". It answers yes/no only; callers must not reveal which organization holds it.
     */
    async isVerifiedElsewhere(domain: string) {
      const other = await (await c()).verifiedDomain.findFirst({ where: { domain, status: "verified", orgId: { not: ctx.orgId } }, select: { id: true } });
      return !!other;
    },
  };
};

/** Cross-organization reads for jobs and sign-in, which run before (or across) any OrgContext. */
export const domainsSystemRepo = {
  // SECURITY: the daily re-check cron only fans out organization ids; each org's work then runs under orgContextForJob.
  async orgIdsWithVerifiedDomains() {
    const rows = await (await db()).verifiedDomain.findMany({
      where: { status: "verified", org: { isActive: true } },
      distinct: ["orgId"],
      select: { orgId: true },
      orderBy: { orgId: "asc" },
    });
    return rows.map((r) => r.orgId);
  },
  // SECURITY: auto-join needs every organization that verified the user's email domain (to refuse
  // ambiguous claims); the result is used to decide a membership, never shown to the user.
  async verifiedClaims(domain: string) {
    return (await db()).verifiedDomain.findMany({
      where: { domain, status: "verified" },
      select: { id: true, orgId: true, domain: true, autoJoinEnabled: true, autoJoinRole: true, org: { select: { id: true, name: true, isActive: true } } },
    });
  },
};
