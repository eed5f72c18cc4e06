import { db } from "@/lib/db/client";
import { unwrap, type TxHandle } from "@/lib/db/unit-of-work";
import type { OrgContext } from "@/lib/auth/org-context";
import type { Prisma } from "@/lib/db/generated/prisma/client";

const json = (v: unknown) => (v === undefined || v === null ? undefined : (JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue));

/**
 * The (connection, subject) -> user links of ctx's organization, and the lookups that decide who an SSO
 * sign-in is: first the subject, then a SCIM-provisioned directory user of this organization.
 */
export const userIdentitiesRepo = (ctx: OrgContext, tx?: TxHandle) => {
  const c = async () => unwrap(tx) ?? (await db());
  const orgId = ctx.orgId;
  return {
    async findBySubject(connectionId: string, subject: string) {
      return (await c()).userIdentity.findFirst({
        where: { orgId, connectionId, subject },
        include: { user: { select: { id: true, email: true, name: true, isActive: true } } },
      });
    },
    async findByUser(connectionId: string, userId: string) {
      return (await c()).userIdentity.findFirst({ where: { orgId, connectionId, userId } });
    },
    async create(d: { userId: string; connectionId: string; subject: string; email: string; claims: unknown; now: Date }) {
      return (await c()).userIdentity.create({
        data: { orgId, userId: d.userId, connectionId: d.connectionId, subject: d.subject, email: d.email, lastClaims: json(d.claims), lastLoginAt: d.now },
      });
    },
    async touch(id: string, email: string, claims: unknown, now: Date) {
      await (await c()).userIdentity.update({ where: { orgId_id: { orgId, id } }, data: { lastLoginAt: now, email, lastClaims: json(claims) } });
    },
    /** Every SSO identity of the organization with its last claims (mapping preview). */
    async listWithClaims() {
      return (await c()).userIdentity.findMany({ where: { orgId }, select: { userId: true, email: true, lastClaims: true }, orderBy: { email: "asc" } });
    },
    /** Recent SCIM-pushed users (attributes and group names) for the mapping editor's suggestions. */
    async recentDirectoryUsers(take = 50) {
      return (await c()).directoryUser.findMany({
        where: { orgId },
        orderBy: { updatedAt: "desc" },
        take,
        select: {
          userName: true, externalId: true, active: true, displayName: true, emails: true, phoneNumbers: true, attributes: true, profile: true,
          groups: { select: { group: { select: { displayName: true } } } },
        },
      });
    },
    async countForOrg() {
      return (await c()).userIdentity.count({ where: { orgId } });
    },
    /**
     * A directory user SCIM pushed into this organization that is the same person: by externalId (the IdP's
     * user id, which is what userIdField reads) or by userName / a work email equal to the sign-in email.
     */
    async findDirectoryUser(subject: string, email: string) {
      const client = await c();
      const select = { id: true, userId: true, active: true } as const;
      // One round trip for the three ways in, then the same order of preference: externalId, userName, email.
      const rows = await client.directoryUser.findMany({
        where: { orgId, OR: [{ externalId: subject }, { userNameLower: email }, { emails: { array_contains: [{ value: email }] } }] },
        select: { ...select, externalId: true, userNameLower: true },
        orderBy: { id: "asc" },
        take: 10,
      });
      const pick = rows.find((r) => r.externalId === subject) ?? rows.find((r) => r.userNameLower === email) ?? rows[0];
      return pick ? { id: pick.id, userId: pick.userId, active: pick.active } : null;
    },
    /** Links a directory user that had no usable email at SCIM time to the person who just signed in. */
    async linkDirectoryUser(id: string, userId: string) {
      await (await c()).directoryUser.updateMany({ where: { orgId, id, userId: null }, data: { userId } });
    },
    async listForUser(userId: string) {
      return (await c()).userIdentity.findMany({ where: { orgId, userId } });
    },
  };
};
