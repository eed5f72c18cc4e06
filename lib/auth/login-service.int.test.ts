import { beforeEach, describe, expect, test } from "vitest";
import { resetDb, createOrg, createUser, addMember, auditEvents, providerOrg } from "@/lib/db/testing/fixtures";
import { authRows } from "@/lib/db/testing/auth-fixtures";
import { sha256 } from "@/lib/crypto";
import { adoptSession, completeMfa, MESSAGES, pruneLoginAttempts, signInWithPassword, type LoginOutcome } from "@/lib/auth/login-service";
import { principalForSessionToken, revokeSession } from "@/lib/auth/sessions";
import { beginEnrolment, confirmEnrolment } from "@/lib/auth/mfa-service";
import { userPrincipal } from "@/lib/auth/org-context";
import { totpNow } from "@/lib/auth/totp";

const PASSWORD = "correct horse battery";
const SECRET = "JBSWY3DPEHPK3PXP";
const meta = { ip: "203.0.113.7", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0" };

function signedIn(o: LoginOutcome) {
  if (o.status !== "signed_in") throw new Error(`expected signed_in, got ${JSON.stringify(o)}`);
  return o;
}
function challengeOf(o: LoginOutcome) {
  if (o.status !== "mfa_required") throw new Error(`expected mfa_required, got ${JSON.stringify(o)}`);
  return o.challenge;
}
const later = (min: number) => new Date(Date.now() + min * 60_000);

describe("local sign-in", () => {
  let orgA: Awaited<ReturnType<typeof createOrg>>;
  let orgB: Awaited<ReturnType<typeof createOrg>>;
  let alice: Awaited<ReturnType<typeof createUser>>;
  let bob: Awaited<ReturnType<typeof createUser>>;

  beforeEach(async () => {
    await resetDb();
    orgA = await createOrg("Acme Corporation");
    orgB = await createOrg("Globex");
    alice = await createUser({ email: "alice@acme.test", password: PASSWORD });
    bob = await createUser({ email: "bob@globex.test", password: PASSWORD });
    await addMember(orgA.id, alice.id, "member");
    await addMember(orgB.id, bob.id, "member");
  });

  test("a correct password creates a server-side session and audits the sign-in in the user's organizations only", async () => {
    const o = signedIn(await signInWithPassword({ email: " Alice@ACME.test ", password: PASSWORD }, meta));
    const row = await authRows.session(o.sessionId);
    expect(row.tokenHash).toBe(sha256(o.sessionToken));
    expect(row.tokenHash).not.toContain(o.sessionToken);
    expect(row).toMatchObject({ userId: alice.id, ip: meta.ip, userAgent: meta.userAgent, activeOrgId: orgA.id, revokedAt: null, mfaVerifiedAt: null });
    const ttlHours = (row.expiresAt.getTime() - row.createdAt.getTime()) / 3_600_000;
    expect(ttlHours).toBeCloseTo(12, 1);
    expect((await authRows.user(alice.id)).lastLoginAt).not.toBeNull();

    const events = await auditEvents(orgA.id, "auth.login_succeeded");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: alice.id, actorLabel: "alice@acme.test", ip: meta.ip, orgName: "Acme Corporation" });
    expect(await auditEvents(orgB.id, "auth.login_succeeded")).toHaveLength(0);

    const p = await principalForSessionToken(o.sessionToken, meta);
    expect(p?.actor).toMatchObject({ type: "user", userId: alice.id, sessionId: o.sessionId });
    expect(p?.activeOrgId).toBe(orgA.id);
  });

  test("a new session starts in the last organization the user may still act in", async () => {
    await authRows.updateUser(alice.id, { lastOrgId: orgB.id }); // not a member there
    const a = signedIn(await signInWithPassword({ email: "alice@acme.test", password: PASSWORD }, meta));
    expect((await authRows.session(a.sessionId)).activeOrgId).toBe(orgA.id);

    const provider = await providerOrg();
    const pat = await createUser({ email: "pat@provider.test", password: PASSWORD });
    await addMember(provider.id, pat.id, "member");
    await authRows.updateUser(pat.id, { lastOrgId: orgB.id });
    const p = signedIn(await signInWithPassword({ email: "pat@provider.test", password: PASSWORD }, meta));
    expect((await authRows.session(p.sessionId)).activeOrgId).toBe(provider.id);
    await authRows.deleteUser(pat.id);

    // a provider admin may act anywhere, so their last organization stands
    const admin = await createUser({ email: "root@provider.test", password: PASSWORD });
    await addMember(provider.id, admin.id, "admin");
    await authRows.updateUser(admin.id, { lastOrgId: orgB.id });
    const r = signedIn(await signInWithPassword({ email: "root@provider.test", password: PASSWORD }, meta));
    expect((await authRows.session(r.sessionId)).activeOrgId).toBe(orgB.id);
  });

  test("a wrong password and an unknown email get the same message, are counted and audited without the password", async () => {
    const wrong = await signInWithPassword({ email: "alice@acme.test", password: "not the password" }, meta);
    const unknown = await signInWithPassword({ email: "nobody@acme.test", password: "whatever-secret" }, meta);
    expect(wrong).toEqual({ status: "failed", reason: "wrong_password", message: "Incorrect email or password." });
    expect(unknown).toEqual({ status: "failed", reason: "unknown_email", message: "Incorrect email or password." });
    expect(await authRows.loginAttempts({ ip: meta.ip })).toBe(2);
    expect(await authRows.sessionCount()).toBe(0);

    const [evA] = await auditEvents(orgA.id, "auth.login_failed");
    expect(evA).toMatchObject({ actorId: alice.id, after: { reason: "wrong_password" } });
    expect(await auditEvents(orgB.id, "auth.login_failed")).toHaveLength(0);
    const [evNone] = await auditEvents(null, "auth.login_failed");
    expect(evNone).toMatchObject({ orgId: null, actorId: null, actorLabel: "nobody@acme.test", after: { reason: "unknown_email" } });
    const all = JSON.stringify(await authRows.allAuditEvents());
    expect(all).not.toContain("not the password");
    expect(all).not.toContain("whatever-secret");
  });

  test("a disabled account is refused after a correct password", async () => {
    await authRows.updateUser(alice.id, { isActive: false });
    const o = await signInWithPassword({ email: "alice@acme.test", password: PASSWORD }, meta);
    expect(o).toMatchObject({ status: "failed", reason: "account_disabled", message: expect.stringMatching(/disabled/) });
  });

  test("five failures throttle the account: even the right password is refused, other accounts are not", async () => {
    for (let i = 0; i < 5; i++) {
      const o = await signInWithPassword({ email: "alice@acme.test", password: `wrong-${i}` }, { ...meta, ip: `198.51.100.${i}` });
      expect(o.status).toBe("failed");
    }
    const refused = await signInWithPassword({ email: "alice@acme.test", password: PASSWORD }, meta);
    expect(refused).toEqual({ status: "throttled", minutes: 15, message: "Too many failed sign-in attempts. Try again in 15 minutes." });
    expect(await authRows.sessionCount()).toBe(0);
    expect(await auditEvents(orgA.id, "auth.login_throttled")).toHaveLength(1);
    expect(await auditEvents(orgA.id, "auth.login_failed")).toHaveLength(5);

    signedIn(await signInWithPassword({ email: "bob@globex.test", password: PASSWORD }, meta));
    // the window slides: 16 minutes later the account may try again, and success clears its failures
    signedIn(await signInWithPassword({ email: "alice@acme.test", password: PASSWORD }, meta, later(16)));
    expect(await authRows.loginAttempts({ email: "alice@acme.test" })).toBe(0);
  });

  test("twenty failures from one IP throttle that IP for every account; another IP is unaffected", async () => {
    const ip = "192.0.2.99";
    for (let i = 0; i < 20; i++) {
      await signInWithPassword({ email: `spray-${i}@example.test`, password: "password-spray" }, { ...meta, ip });
    }
    const refused = await signInWithPassword({ email: "bob@globex.test", password: PASSWORD }, { ...meta, ip });
    expect(refused).toMatchObject({ status: "throttled", message: expect.stringMatching(/^Too many failed sign-in attempts\. Try again in \d+ minutes?\.$/) });
    expect(await auditEvents(orgB.id, "auth.login_throttled")).toHaveLength(1);
    signedIn(await signInWithPassword({ email: "bob@globex.test", password: PASSWORD }, { ...meta, ip: "192.0.2.100" }));
  });

  test("a failure prunes the account's and the IP's expired attempts; in-window ones still count, and a sweep takes the rest", async () => {
    const ago = (min: number) => new Date(Date.now() - min * 60_000);
    const ip = "192.0.2.50";
    for (let i = 0; i < 3; i++) await authRows.addLoginAttempt({ email: "alice@acme.test", ip: "198.51.100.1", createdAt: ago(20 + i) });
    for (let i = 0; i < 2; i++) await authRows.addLoginAttempt({ email: `other-${i}@example.test`, ip, createdAt: ago(30) });
    await authRows.addLoginAttempt({ email: "bob@globex.test", ip: "198.51.100.2", createdAt: ago(40) }); // neither the account nor the IP
    for (let i = 0; i < 4; i++) await authRows.addLoginAttempt({ email: "alice@acme.test", ip: "198.51.100.1", createdAt: ago(5) });

    expect(await signInWithPassword({ email: "alice@acme.test", password: "wrong" }, { ...meta, ip })).toMatchObject({ status: "failed" });
    expect(await authRows.loginAttempts({ email: "alice@acme.test" })).toBe(5); // the 4 in the window + this one
    expect(await authRows.loginAttempts({ ip })).toBe(1);
    expect(await authRows.loginAttempts({ email: "bob@globex.test" })).toBe(1);
    // the expired rows never counted and the pruning removed none that do: the fifth failure throttles
    expect((await signInWithPassword({ email: "alice@acme.test", password: PASSWORD }, meta)).status).toBe("throttled");

    await pruneLoginAttempts({ email: null, ip: null }, { sweepAll: true });
    expect(await authRows.loginAttempts({ email: "bob@globex.test" })).toBe(0);
    expect(await authRows.loginAttempts({ email: "alice@acme.test" })).toBe(5);
  });

  describe("with TOTP", () => {
    beforeEach(async () => {
      await authRows.deleteUser(alice.id);
      alice = await createUser({ email: "alice@acme.test", password: PASSWORD, mfaSecret: SECRET });
      await addMember(orgA.id, alice.id, "admin");
    });

    test("the password alone creates no session; the current code does, marked MFA-verified", async () => {
      const challenge = challengeOf(await signInWithPassword({ email: "alice@acme.test", password: PASSWORD }, meta));
      expect(await authRows.sessionCount()).toBe(0);
      const o = signedIn(await completeMfa({ challenge, code: totpNow(SECRET) }, meta));
      const row = await authRows.session(o.sessionId);
      expect(row.mfaVerifiedAt).not.toBeNull();
      const [ev] = await auditEvents(orgA.id, "auth.login_succeeded");
      expect(ev?.after).toMatchObject({ method: "password+totp" });
    });

    test("a wrong code fails and counts; five wrong codes throttle the second step too", async () => {
      const challenge = challengeOf(await signInWithPassword({ email: "alice@acme.test", password: PASSWORD }, meta));
      const bad = String((Number(totpNow(SECRET)) + 500_000) % 1_000_000).padStart(6, "0");
      const o = await completeMfa({ challenge, code: bad }, meta);
      expect(o).toMatchObject({ status: "failed", reason: "invalid_mfa_code", message: expect.stringMatching(/code is not valid/) });
      const [ev] = await auditEvents(orgA.id, "auth.login_failed");
      expect(ev?.after).toEqual({ reason: "invalid_mfa_code" });
      for (let i = 0; i < 4; i++) await completeMfa({ challenge, code: bad }, meta);
      expect((await completeMfa({ challenge, code: totpNow(SECRET) }, meta)).status).toBe("throttled");
    });

    test("a code is accepted once (RFC 6238 §5.2): a replay is refused like a wrong code and counts", async () => {
      const code = totpNow(SECRET);
      signedIn(await completeMfa({ challenge: challengeOf(await signInWithPassword({ email: "alice@acme.test", password: PASSWORD }, meta)), code }, meta));

      const bad = String((Number(code) + 500_000) % 1_000_000).padStart(6, "0");
      const wrong = await completeMfa({ challenge: challengeOf(await signInWithPassword({ email: "alice@acme.test", password: PASSWORD }, meta)), code: bad }, meta);
      const replay = await completeMfa({ challenge: challengeOf(await signInWithPassword({ email: "alice@acme.test", password: PASSWORD }, meta)), code }, meta);
      expect(replay).toEqual(wrong);
      expect(replay).toEqual({ status: "failed", reason: "invalid_mfa_code", message: MESSAGES.invalidCode });
      expect(await authRows.sessionCount()).toBe(1);
      expect(await authRows.loginAttempts({ email: "alice@acme.test" })).toBe(2);

      // The previous step's code is inside the drift window but older than the one used: refused too.
      const previous = totpNow(SECRET, Date.now() - 30_000);
      const c = challengeOf(await signInWithPassword({ email: "alice@acme.test", password: PASSWORD }, meta));
      if (previous !== code) expect(await completeMfa({ challenge: c, code: previous }, meta)).toMatchObject({ status: "failed", reason: "invalid_mfa_code" });
      // The next step's code (the app ticking over) is fresh.
      signedIn(await completeMfa({ challenge: c, code: totpNow(SECRET, Date.now() + 30_000) }, meta));
      expect(await authRows.sessionCount()).toBe(2);
    });

    test("two concurrent sign-ins with the same code: exactly one gets a session", async () => {
      const [c1, c2] = await Promise.all([1, 2].map(async () => challengeOf(await signInWithPassword({ email: "alice@acme.test", password: PASSWORD }, meta))));
      const code = totpNow(SECRET);
      const outcomes = await Promise.all([completeMfa({ challenge: c1!, code }, meta), completeMfa({ challenge: c2!, code }, meta)]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(["failed", "signed_in"]);
      expect(outcomes.find((o) => o.status === "failed")).toMatchObject({ reason: "invalid_mfa_code", message: MESSAGES.invalidCode });
      expect(await authRows.sessionCount()).toBe(1);
      expect(await auditEvents(orgA.id, "auth.login_succeeded")).toHaveLength(1);
    });

    test("an expired or tampered challenge sends the user back to the password step", async () => {
      const challenge = challengeOf(await signInWithPassword({ email: "alice@acme.test", password: PASSWORD }, meta));
      expect(await completeMfa({ challenge, code: totpNow(SECRET) }, meta, later(6))).toMatchObject({ status: "failed", reason: "challenge_expired" });
      expect(await completeMfa({ challenge: challenge.slice(0, -3) + "AAA", code: totpNow(SECRET) }, meta)).toMatchObject({ status: "failed", reason: "challenge_expired" });
      expect(await authRows.sessionCount()).toBe(0);
    });
  });

  test("recovery codes sign in once each", async () => {
    const p = await userPrincipal(bob.id, meta);
    const { secret } = await beginEnrolment(p);
    const { recoveryCodes } = await confirmEnrolment(p, totpNow(secret));
    const code = recoveryCodes[3]!;

    const c1 = challengeOf(await signInWithPassword({ email: "bob@globex.test", password: PASSWORD }, meta));
    const o = signedIn(await completeMfa({ challenge: c1, code: code.toUpperCase() }, meta));
    expect((await authRows.session(o.sessionId)).mfaVerifiedAt).not.toBeNull();
    const [used] = await auditEvents(orgB.id, "mfa.recovery_code_used");
    expect(used?.after).toEqual({ remaining: 9 });
    expect(await auditEvents(orgA.id, "mfa.recovery_code_used")).toHaveLength(0);

    const c2 = challengeOf(await signInWithPassword({ email: "bob@globex.test", password: PASSWORD }, meta));
    expect(await completeMfa({ challenge: c2, code }, meta)).toMatchObject({ status: "failed", reason: "invalid_mfa_code" });
    signedIn(await completeMfa({ challenge: c2, code: recoveryCodes[4]! }, meta));
  });

  test("revoking a session makes it unusable on the next lookup; another user cannot revoke it", async () => {
    const a = signedIn(await signInWithPassword({ email: "alice@acme.test", password: PASSWORD }, meta));
    const b = signedIn(await signInWithPassword({ email: "bob@globex.test", password: PASSWORD }, meta));
    const bobP = (await principalForSessionToken(b.sessionToken, meta))!;
    await expect(revokeSession(bobP, a.sessionId)).rejects.toMatchObject({ code: "not_found" });
    const aliceP = (await principalForSessionToken(a.sessionToken, meta))!;
    expect(aliceP).not.toBeNull();

    await revokeSession(aliceP, a.sessionId);
    expect(await principalForSessionToken(a.sessionToken, meta)).toBeNull();
    expect(await principalForSessionToken(b.sessionToken, meta)).not.toBeNull();
    expect(await auditEvents(orgA.id, "session.revoked")).toHaveLength(1);
  });

  test("expired sessions and disabled users resolve to nobody", async () => {
    const a = signedIn(await signInWithPassword({ email: "alice@acme.test", password: PASSWORD }, meta));
    const b = signedIn(await signInWithPassword({ email: "bob@globex.test", password: PASSWORD }, meta));
    await authRows.updateSession(a.sessionId, { expiresAt: new Date(Date.now() - 1000) });
    await authRows.updateUser(bob.id, { isActive: false });
    expect(await principalForSessionToken(a.sessionToken, meta)).toBeNull();
    expect(await principalForSessionToken(b.sessionToken, meta)).toBeNull();
    expect(await principalForSessionToken("not-a-real-token-at-all-xxxxxxxx", meta)).toBeNull();
  });

  test("next-auth adopts only a fresh, live session", async () => {
    const a = signedIn(await signInWithPassword({ email: "alice@acme.test", password: PASSWORD }, meta));
    expect(await adoptSession(a.sessionToken)).toEqual({ userId: alice.id, sessionId: a.sessionId });
    expect(await adoptSession(a.sessionToken, later(3))).toBeNull();
    expect(await adoptSession("x".repeat(43))).toBeNull();
    await authRows.updateSession(a.sessionId, { revokedAt: new Date() });
    expect(await adoptSession(a.sessionToken)).toBeNull();
  });
});
