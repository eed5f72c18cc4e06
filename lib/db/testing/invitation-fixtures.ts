// Test-only fixtures for invitations, verified domains, auto-join and the outbox (issue #3): direct
// reads and writes that set up or inspect the world the services are tested against.
import { db } from "@/lib/db/client";

type InvitationWhere = { id?: string; orgId?: string; email?: string; status?: string };

export const fx = {
  async counts() {
    const c = await db();
    const [invitations, memberships, outbox, audit, domains] = await Promise.all([
      c.invitation.count(), c.membership.count(), c.outboxMessage.count(), c.auditEvent.count(), c.verifiedDomain.count(),
    ]);
    return { invitations, memberships, outbox, audit, domains };
  },
  invitation: async (id: string) => (await db()).invitation.findUniqueOrThrow({ where: { id } }),
  countInvitations: async (where: InvitationWhere = {}) => (await db()).invitation.count({ where }),
  setInvitationExpiry: async (where: InvitationWhere, expiresAt: Date) => (await db()).invitation.updateMany({ where, data: { expiresAt } }),
  domain: async (id: string) => (await db()).verifiedDomain.findUniqueOrThrow({ where: { id } }),
  countDomains: async () => (await db()).verifiedDomain.count(),
  setDomainStartedAt: async (id: string, at: Date) => (await db()).verifiedDomain.update({ where: { id }, data: { verificationStartedAt: at } }),
  async createDomain(orgId: string, domain: string, opts: { status?: string; autoJoinEnabled?: boolean; autoJoinRole?: string } = {}) {
    return (await db()).verifiedDomain.create({
      data: {
        orgId, domain, verificationToken: "test-token", status: opts.status ?? "verified", verifiedAt: new Date(),
        autoJoinEnabled: opts.autoJoinEnabled ?? true, autoJoinRole: opts.autoJoinRole ?? "member",
      },
    });
  },
  memberships: async (where: { userId?: string; orgId?: string; role?: string }) => (await db()).membership.findMany({ where }),
  setOrgActive: async (orgId: string, isActive: boolean) => (await db()).organization.update({ where: { id: orgId }, data: { isActive } }),
  countAudit: async (action: string) => (await db()).auditEvent.count({ where: { action } }),
  countOutbox: async () => (await db()).outboxMessage.count(),
};
