// Test-only rows and reads for the session-check suite (lib/lifecycle/session-check.int.test.ts).
import { db } from "@/lib/db/client";
import { encrypt, randomToken, sha256 } from "@/lib/crypto";

export const sessionCheckRows = {
  /** An SSO session of userId in orgId holding the provider's tokens (encrypted, as sign-in stores them). */
  async ssoSession(orgId: string, userId: string, t: { accessToken: string; refreshToken: string; expiresAt: Date }) {
    const c = await db();
    const conn = await c.ssoConnection.findUniqueOrThrow({ where: { orgId } });
    return c.session.create({
      data: {
        tokenHash: sha256(randomToken(16)), userId, activeOrgId: orgId, ssoOrgId: orgId, ssoConnectionId: conn.id, source: "sso",
        accessTokenEnc: encrypt(t.accessToken), refreshTokenEnc: encrypt(t.refreshToken), idTokenEnc: null, tokenExpiresAt: t.expiresAt,
        expiresAt: new Date(Date.now() + 8 * 3600_000),
      },
    });
  },
  async session(id: string) {
    return (await db()).session.findUniqueOrThrow({ where: { id } });
  },
  /** An API key the user created in the organization. */
  async userApiKey(orgId: string, userId: string) {
    const raw = `gh_${randomToken(24)}`;
    return (await db()).apiKey.create({ data: { orgId, name: `key-${randomToken(4)}`, prefix: raw.slice(0, 11), keyHash: sha256(raw), scopes: ["org:read"], createdById: userId } });
  },
  async apiKey(id: string) {
    return (await db()).apiKey.findUniqueOrThrow({ where: { id } });
  },
  async membership(orgId: string, userId: string) {
    return (await db()).membership.findUniqueOrThrow({ where: { orgId_userId: { orgId, userId } } });
  },
  /** Links the user to a directory account (as an import would). */
  async directoryAccount(orgId: string, userId: string, externalId: string, email: string) {
    return (await db()).directoryAccount.create({ data: { orgId, userId, provider: "okta", externalId, email, hash: "h" } });
  },
  async run(id: string) {
    return (await db()).directorySyncRun.findUniqueOrThrow({ where: { id } });
  },
};
