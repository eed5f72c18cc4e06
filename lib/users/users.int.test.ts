import { beforeEach, describe, expect, test } from "vitest";
import { resetDb, createOrg, createUser, addMember, providerOrg, auditEvents, countRows } from "@/lib/db/testing/fixtures";
import { authRows } from "@/lib/db/testing/auth-fixtures";
import { createProviderOwner, changePassword, getMe, homeOrgId, updateProfile } from "@/lib/users/service";
import { signInWithPassword } from "@/lib/auth/login-service";
import { principalForSessionToken } from "@/lib/auth/sessions";
import { orgContext, userPrincipal } from "@/lib/auth/org-context";

const meta = { ip: "203.0.113.7", userAgent: "vitest" };
const PASSWORD = "correct horse battery";

async function session(email: string, password = PASSWORD) {
  const o = await signInWithPassword({ email, password }, meta);
  if (o.status !== "signed_in") throw new Error(JSON.stringify(o));
  return { ...o, principal: (await principalForSessionToken(o.sessionToken, meta))! };
}

describe("createProviderOwner (gatehouse admin create-owner)", () => {
  beforeEach(async () => {
    await resetDb();
  });

  test("creates a provider owner who can sign in and must enrol MFA before acting", async () => {
    const r = await createProviderOwner({ email: "Root@Example.com", password: "a-long-enough-secret", name: "Root" });
    const provider = await providerOrg();
    expect(r).toMatchObject({ email: "root@example.com", orgId: provider.id });
    const m = await authRows.membershipOf(r.userId);
    expect(m).toMatchObject({ orgId: provider.id, role: "owner", status: "active" });
    expect((await auditEvents(provider.id, "user.created"))[0]).toMatchObject({ targetId: r.userId, actorType: "system" });
    expect(await auditEvents(provider.id, "member.added")).toHaveLength(1);
    expect(JSON.stringify(await auditEvents(provider.id))).not.toContain("a-long-enough-secret");

    const s = await session("root@example.com", "a-long-enough-secret");
    expect(s.principal.needsMfaEnrolment).toBe(true);
    expect(s.principal.providerRole).toBe("owner");
    await expect(orgContext(s.principal, provider.id)).rejects.toMatchObject({ code: "forbidden" });
  });

  test("refuses an existing email (conflict) and a short password (invalid_input), writing nothing", async () => {
    await createProviderOwner({ email: "root@example.com", password: "a-long-enough-secret" });
    const users = await countRows("user");
    await expect(createProviderOwner({ email: "ROOT@example.com", password: "another-long-secret" })).rejects.toMatchObject({
      code: "conflict", message: expect.stringMatching(/already exists/),
    });
    await expect(createProviderOwner({ email: "new@example.com", password: "short" })).rejects.toMatchObject({
      code: "invalid_input", message: "Use at least 12 characters",
    });
    await expect(createProviderOwner({ email: "not-an-email", password: "a-long-enough-secret" })).rejects.toMatchObject({ code: "invalid_input" });
    expect(await countRows("user")).toBe(users);
  });

  test("works on an empty database: the provider organization is created first", async () => {
    await authRows.deleteAllOrganizations();
    const r = await createProviderOwner({ email: "first@example.com", password: "a-long-enough-secret" });
    expect((await providerOrg()).id).toBe(r.orgId);
  });
});

describe("account: profile, password, home organization", () => {
  let orgA: Awaited<ReturnType<typeof createOrg>>;
  let orgB: Awaited<ReturnType<typeof createOrg>>;
  let alice: Awaited<ReturnType<typeof createUser>>;

  beforeEach(async () => {
    await resetDb();
    orgA = await createOrg("Acme Corporation");
    orgB = await createOrg("Globex");
    alice = await createUser({ email: "alice@acme.test", password: PASSWORD });
    const bob = await createUser({ email: "bob@globex.test", password: PASSWORD });
    await addMember(orgA.id, alice.id, "member");
    await addMember(orgB.id, bob.id, "member");
  });

  test("changing the password needs the current one, signs out the other sessions and audits in the user's org only", async () => {
    const here = await session("alice@acme.test");
    const elsewhere = await session("alice@acme.test");
    const bob = await session("bob@globex.test");

    await expect(changePassword(here.principal, { currentPassword: "wrong password!", newPassword: "a brand new password", confirmPassword: "a brand new password" }))
      .rejects.toMatchObject({ code: "invalid_input", issues: [{ path: "currentPassword" }] });
    expect(await authRows.loginAttempts({ email: "alice@acme.test" })).toBe(1);
    await expect(changePassword(here.principal, { currentPassword: PASSWORD, newPassword: "short", confirmPassword: "short" }))
      .rejects.toMatchObject({ code: "invalid_input" });
    await expect(changePassword(here.principal, { currentPassword: PASSWORD, newPassword: "a brand new password", confirmPassword: "a different password" }))
      .rejects.toMatchObject({ code: "invalid_input", issues: [{ path: "confirmPassword" }] });

    const r = await changePassword(here.principal, { currentPassword: PASSWORD, newPassword: "a brand new password", confirmPassword: "a brand new password" });
    expect(r.otherSessionsRevoked).toBe(1);
    expect(await principalForSessionToken(here.sessionToken, meta)).not.toBeNull();
    expect(await principalForSessionToken(elsewhere.sessionToken, meta)).toBeNull();
    expect(await principalForSessionToken(bob.sessionToken, meta)).not.toBeNull();
    expect((await signInWithPassword({ email: "alice@acme.test", password: PASSWORD }, meta)).status).toBe("failed");
    await session("alice@acme.test", "a brand new password");
    expect(await auditEvents(orgA.id, "user.password_changed")).toHaveLength(1);
    expect(await auditEvents(orgB.id, "user.password_changed")).toHaveLength(0);
  });

  test("profile name and /me", async () => {
    const s = await session("alice@acme.test");
    await updateProfile(s.principal, { name: "Alice Liddell" });
    const me = await getMe(s.principal);
    expect(me).toMatchObject({ type: "user", user: { name: "Alice Liddell", email: "alice@acme.test" } });
    const [ev] = await auditEvents(orgA.id, "user.updated");
    expect(ev).toMatchObject({ before: { name: null }, after: { name: "Alice Liddell" } });
  });

  test("home organization: active, else last used, else first membership; never one the user cannot reach", async () => {
    await addMember(orgB.id, alice.id, "member");
    const p = await userPrincipal(alice.id, meta);
    expect(await homeOrgId({ ...p, activeOrgId: orgB.id })).toBe(orgB.id);
    await authRows.updateUser(alice.id, { lastOrgId: orgA.id });
    expect(await homeOrgId({ ...p, activeOrgId: null })).toBe(orgA.id);
    const orgC = await createOrg("Initech");
    expect(await homeOrgId({ ...p, activeOrgId: orgC.id })).toBe(orgA.id);
    const loner = await createUser({ email: "loner@example.test", password: PASSWORD });
    expect(await homeOrgId(await userPrincipal(loner.id, meta))).toBeNull();
  });
});
