// Test-only reads and writes for the sign-in suites (lib/auth, lib/users) and the e2e seed: they
// check rows the services must (or must not) have written, and age or break rows on purpose.
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/prisma/client";

export const authRows = {
  session: async (id: string) => (await db()).session.findUniqueOrThrow({ where: { id } }),
  sessionCount: async () => (await db()).session.count(),
  createSession: async (data: Prisma.SessionUncheckedCreateInput) => (await db()).session.create({ data }),
  updateSession: async (id: string, data: Prisma.SessionUpdateInput) => (await db()).session.update({ where: { id }, data }),
  user: async (id: string) => (await db()).user.findUniqueOrThrow({ where: { id } }),
  userByEmail: async (email: string) => (await db()).user.findUniqueOrThrow({ where: { email } }),
  updateUser: async (id: string, data: Prisma.UserUpdateInput) => (await db()).user.update({ where: { id }, data }),
  deleteUser: async (id: string) => (await db()).user.delete({ where: { id } }),
  membershipOf: async (userId: string) => (await db()).membership.findFirstOrThrow({ where: { userId } }),
  recoveryCodes: async (userId?: string) => (await db()).recoveryCode.findMany({ where: userId ? { userId } : {} }),
  loginAttempts: async (where: { email?: string; ip?: string }) => (await db()).loginAttempt.count({ where }),
  addLoginAttempt: async (data: { email: string | null; ip: string | null; createdAt: Date }) => (await db()).loginAttempt.create({ data }),
  clearLoginAttemptsMatching: async (emailSuffix: string) => (await db()).loginAttempt.deleteMany({ where: { email: { endsWith: emailSuffix } } }),
  activeSessionsOf: async (userId: string) => (await db()).session.findMany({ where: { userId, revokedAt: null, expiresAt: { gt: new Date() } } }),
  allAuditEvents: async () => (await db()).auditEvent.findMany(),
  deleteAllOrganizations: async () => (await db()).organization.deleteMany({}),
};
