import { beforeEach, describe, expect, test } from "vitest";
import { resetDb, createOrg, createUser, addMember, auditEvents } from "@/lib/db/testing/fixtures";
import { authRows } from "@/lib/db/testing/auth-fixtures";
import { decrypt } from "@/lib/crypto";
import { beginEnrolment, confirmEnrolment, disableMfa, mfaStatus, regenerateRecoveryCodes } from "@/lib/auth/mfa-service";
import { completeMfa, signInWithPassword } from "@/lib/auth/login-service";
import { principalForSessionToken } from "@/lib/auth/sessions";
import { orgContext } from "@/lib/auth/org-context";
import { totpNow } from "@/lib/auth/totp";

const meta = { ip: "203.0.113.7", userAgent: "vitest" };
const PASSWORD = "correct horse battery";
const wrongCode = (secret: string) => String((Number(totpNow(secret)) + 500_000) % 1_000_000).padStart(6, "0");
/** The code of the next 30 s step: inside the drift window, and later than a code just used (each is accepted once). */
const nextCode = (secret: string) => totpNow(secret, Date.now() + 30_000);

async function session(email: string) {
  const o = await signInWithPassword({ email, password: PASSWORD }, meta);
  if (o.status !== "signed_in") throw new Error(JSON.stringify(o));
  return { ...o, principal: (await principalForSessionToken(o.sessionToken, meta))! };
}

describe("TOTP enrolment", () => {
  let orgA: Awaited<ReturnType<typeof createOrg>>;
  let orgB: Awaited<ReturnType<typeof createOrg>>;

  beforeEach(async () => {
    await resetDb();
    orgA = await createOrg("Acme Corporation");
    orgB = await createOrg("Globex");
    const owner = await createUser({ email: "owner@acme.test", password: PASSWORD });
    const member = await createUser({ email: "member@globex.test", password: PASSWORD });
    await addMember(orgA.id, owner.id, "owner");
    await addMember(orgB.id, member.id, "member");
  });

  test("an owner must enrol; confirming with a first code turns MFA on, shows 10 codes once and lets them act", async () => {
    const s = await session("owner@acme.test");
    expect(s.principal.needsMfaEnrolment).toBe(true);
    await expect(orgContext(s.principal, orgA.id)).rejects.toMatchObject({ code: "forbidden" });

    const e1 = await beginEnrolment(s.principal);
    const e2 = await beginEnrolment(s.principal);
    expect(e2.secret).toBe(e1.secret); // a reload shows the same secret
    expect(e1.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(e1.otpauthUri).toContain("owner%40acme.test");
    const row = await authRows.userByEmail("owner@acme.test");
    expect(row.mfaPendingEnc).not.toContain(e1.secret);
    expect(decrypt(row.mfaPendingEnc!)).toBe(e1.secret);

    await expect(confirmEnrolment(s.principal, wrongCode(e1.secret))).rejects.toMatchObject({ code: "invalid_input", issues: [{ path: "code" }] });
    expect((await mfaStatus(s.principal)).enabled).toBe(false);

    const { recoveryCodes } = await confirmEnrolment(s.principal, totpNow(e1.secret));
    expect(recoveryCodes).toHaveLength(10);
    const after = await authRows.user(row.id);
    expect(after.mfaEnabledAt).not.toBeNull();
    expect(after.mfaPendingEnc).toBeNull();
    expect(decrypt(after.mfaSecretEnc!)).toBe(e1.secret);
    const stored = await authRows.recoveryCodes(row.id);
    expect(stored).toHaveLength(10);
    for (const c of recoveryCodes) expect(JSON.stringify(stored)).not.toContain(c);
    expect((await authRows.session(s.sessionId)).mfaVerifiedAt).not.toBeNull();

    const p = (await principalForSessionToken(s.sessionToken, meta))!;
    expect(p.needsMfaEnrolment).toBe(false);
    await expect(orgContext(p, orgA.id)).resolves.toMatchObject({ orgId: orgA.id, role: "owner" });
    expect(await mfaStatus(p)).toMatchObject({ enabled: true, required: true, recoveryCodesRemaining: 10 });
    expect(await auditEvents(orgA.id, "mfa.enrolled")).toHaveLength(1);
    expect(await auditEvents(orgB.id, "mfa.enrolled")).toHaveLength(0);
    await expect(beginEnrolment(p)).rejects.toMatchObject({ code: "conflict" });

    // the next sign-in asks for the second factor
    const next = await signInWithPassword({ email: "owner@acme.test", password: PASSWORD }, meta);
    expect(next.status).toBe("mfa_required");
  });

  test("regenerating recovery codes needs a current code and retires the old ones", async () => {
    const s = await session("member@globex.test");
    const { secret } = await beginEnrolment(s.principal);
    const { recoveryCodes: old } = await confirmEnrolment(s.principal, totpNow(secret));
    await expect(regenerateRecoveryCodes(s.principal, wrongCode(secret))).rejects.toMatchObject({ code: "invalid_input" });
    const { recoveryCodes: fresh } = await regenerateRecoveryCodes(s.principal, nextCode(secret));
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toContain(old[0]);
    expect(await auditEvents(orgB.id, "mfa.recovery_codes_regenerated")).toHaveLength(1);

    const first = await signInWithPassword({ email: "member@globex.test", password: PASSWORD }, meta);
    if (first.status !== "mfa_required") throw new Error("expected mfa");
    expect((await completeMfa({ challenge: first.challenge, code: old[0]! }, meta)).status).toBe("failed");
    expect((await completeMfa({ challenge: first.challenge, code: fresh[0]! }, meta)).status).toBe("signed_in");
  });

  test("a member may disable MFA with a code; an owner may not", async () => {
    const m = await session("member@globex.test");
    const { secret } = await beginEnrolment(m.principal);
    await confirmEnrolment(m.principal, totpNow(secret));
    await expect(disableMfa(m.principal, wrongCode(secret))).rejects.toMatchObject({ code: "invalid_input" });
    await disableMfa(m.principal, nextCode(secret));
    expect(await mfaStatus(m.principal)).toMatchObject({ enabled: false, recoveryCodesRemaining: 0 });
    expect(await authRows.recoveryCodes()).toHaveLength(0);
    expect(await auditEvents(orgB.id, "mfa.disabled")).toHaveLength(1);
    expect((await signInWithPassword({ email: "member@globex.test", password: PASSWORD }, meta)).status).toBe("signed_in");

    const o = await session("owner@acme.test");
    const e = await beginEnrolment(o.principal);
    await confirmEnrolment(o.principal, totpNow(e.secret));
    await expect(disableMfa(o.principal, nextCode(e.secret))).rejects.toMatchObject({ code: "forbidden", message: expect.stringMatching(/must keep/) });
    expect(await auditEvents(orgA.id, "mfa.disabled")).toHaveLength(0);
  });

  test("the code that confirmed enrolment is spent: reusing it (page or sign-in) reads as a wrong code", async () => {
    const s = await session("member@globex.test");
    const { secret } = await beginEnrolment(s.principal);
    const code = totpNow(secret);
    await confirmEnrolment(s.principal, code);

    const wrong = await regenerateRecoveryCodes(s.principal, wrongCode(secret)).catch((e: unknown) => e);
    const replay = await regenerateRecoveryCodes(s.principal, code).catch((e: unknown) => e);
    expect(replay).toMatchObject({ code: "invalid_input", issues: [{ path: "code" }] });
    expect((replay as Error).message).toBe((wrong as Error).message);
    expect(await auditEvents(orgB.id, "mfa.code_rejected")).toHaveLength(2);
    expect(await auditEvents(orgB.id, "mfa.recovery_codes_regenerated")).toHaveLength(0);

    const first = await signInWithPassword({ email: "member@globex.test", password: PASSWORD }, meta);
    if (first.status !== "mfa_required") throw new Error("expected mfa");
    expect(await completeMfa({ challenge: first.challenge, code }, meta)).toMatchObject({ status: "failed", reason: "invalid_mfa_code" });
    expect((await completeMfa({ challenge: first.challenge, code: nextCode(secret) }, meta)).status).toBe("signed_in");
  });

  test("wrong codes on the security page count towards the sign-in throttle", async () => {
    const m = await session("member@globex.test");
    const { secret } = await beginEnrolment(m.principal);
    for (let i = 0; i < 5; i++) await expect(confirmEnrolment(m.principal, wrongCode(secret))).rejects.toMatchObject({ code: "invalid_input" });
    await expect(confirmEnrolment(m.principal, totpNow(secret))).rejects.toMatchObject({ code: "rate_limited", message: expect.stringMatching(/Too many failed/) });
    expect((await signInWithPassword({ email: "member@globex.test", password: PASSWORD }, meta)).status).toBe("throttled");
  });
});
