// Test-only fixtures (integration tests and e2e seeding). They write rows directly because they
// set up the world the services are then tested against.
import { hash } from "@node-rs/argon2";
import { db } from "@/lib/db/client";
import { ensureBootstrap } from "@/lib/bootstrap/service";
import { randomToken, sha256, encrypt } from "@/lib/crypto";

export async function resetDb() {
  const c = await db();
  const tables = await c.$queryRawUnsafe<{ tablename: string }[]>(
    "SELECT tablename::text AS tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'",
  );
  if (tables.length) await c.$executeRawUnsafe(`TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(", ")} CASCADE`);
  return ensureBootstrap();
}

let n = 0;
const uniq = () => `${Date.now().toString(36)}${(n++).toString(36)}`;

export async function createOrg(name = `Org ${uniq()}`, opts: { isActive?: boolean; domain?: string } = {}) {
  const c = await db();
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") + "-" + uniq();
  return c.organization.create({ data: { name, slug, domain: opts.domain ?? null, isActive: opts.isActive ?? true } });
}

export async function providerOrg() {
  return (await db()).organization.findFirstOrThrow({ where: { isProvider: true } });
}

export async function createUser(opts: { email?: string; password?: string; name?: string; mfaSecret?: string } = {}) {
  const c = await db();
  return c.user.create({
    data: {
      email: (opts.email ?? `user-${uniq()}@example.test`).toLowerCase(),
      name: opts.name ?? null,
      passwordHash: opts.password ? await hash(opts.password) : null,
      ...(opts.mfaSecret ? { mfaSecretEnc: encrypt(opts.mfaSecret), mfaEnabledAt: new Date() } : {}),
    },
  });
}

export async function addMember(orgId: string, userId: string, role: string, status = "active") {
  return (await db()).membership.create({ data: { orgId, userId, role, status } });
}

/** Creates a user who is a member of orgId with role; MFA marked enrolled so owners/admins may act. */
export async function createMember(orgId: string, role: string, email?: string) {
  const u = await createUser({ email, mfaSecret: role === "owner" || role === "admin" ? "JBSWY3DPEHPK3PXP" : undefined });
  const m = await addMember(orgId, u.id, role);
  return { user: u, membership: m };
}

export async function createApiKey(orgId: string | null, scopes: string[], opts: { expiresAt?: Date; revoked?: boolean } = {}) {
  const raw = `gh_${randomToken(24)}`;
  const row = await (await db()).apiKey.create({
    data: { orgId, name: `key-${uniq()}`, prefix: raw.slice(0, 11), keyHash: sha256(raw), scopes, expiresAt: opts.expiresAt, revokedAt: opts.revoked ? new Date() : null },
  });
  return { raw, row };
}

export async function auditEvents(orgId: string | null, action?: string) {
  return (await db()).auditEvent.findMany({ where: { orgId, ...(action ? { action } : {}) }, orderBy: { createdAt: "asc" } });
}

export async function countRows(model: "organization" | "membership" | "role" | "config" | "oAuthConnection" | "apiKey" | "auditEvent" | "user") {
  const c = (await db()) as unknown as Record<string, { count: () => Promise<number> }>;
  return c[model]!.count();
}
