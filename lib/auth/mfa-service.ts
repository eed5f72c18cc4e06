import QRCode from "qrcode";
import { AppError, conflict } from "@/lib/errors";
import { transaction } from "@/lib/db/unit-of-work";
import { usersRepo, recoveryCodesRepo } from "@/lib/db/repos/users";
import { sessionsRepo } from "@/lib/db/repos/sessions";
import { loginAttemptsRepo } from "@/lib/db/repos/login-attempts";
import { recordAccountAudit } from "@/lib/auth/account-audit";
import { decrypt, encrypt } from "@/lib/crypto";
import { MFA_ROLES } from "@/lib/auth/permissions";
import { interactiveUser } from "@/lib/auth/sessions";
import { pruneLoginAttempts, throttleFor } from "@/lib/auth/login-service";
import { minutesUntil, throttleMessage } from "@/lib/auth/throttle";
import { formatSecret, matchTotp, newTotpSecret, totpUri } from "@/lib/auth/totp";
import { generateRecoveryCodes, hashRecoveryCode } from "@/lib/auth/recovery-codes";
import type { Principal } from "@/lib/auth/org-context";

// TOTP enrolment and recovery codes for the signed-in user. Wrong codes count towards the sign-in
// throttle: a stolen session must not be able to brute-force its way to disabling MFA.

const NO_KEY = "Two-factor authentication belongs to people; API keys cannot enrol";
const INVALID_CODE = "That code is not valid. Check your authenticator app's clock and enter the current 6-digit code.";

async function loadUser(principal: Principal) {
  const u = interactiveUser(principal, NO_KEY);
  const user = await usersRepo().findById(u.userId);
  if (!user) throw new AppError("unauthenticated", "Your account no longer exists");
  return { u, user };
}

async function isMfaRequired(userId: string) {
  const ms = await usersRepo().memberships(userId);
  return ms.some((m) => MFA_ROLES.includes(m.role));
}

export type MfaStatus = { enabled: boolean; enabledAt: string | null; required: boolean; recoveryCodesRemaining: number };

export async function mfaStatus(principal: Principal): Promise<MfaStatus> {
  const { user } = await loadUser(principal);
  return {
    enabled: !!user.mfaEnabledAt,
    enabledAt: user.mfaEnabledAt?.toISOString() ?? null,
    required: await isMfaRequired(user.id),
    recoveryCodesRemaining: user.mfaEnabledAt ? await recoveryCodesRepo().countUnused(user.id) : 0,
  };
}

export type Enrolment = { secret: string; secretFormatted: string; otpauthUri: string; qrDataUrl: string };

/**
 * The secret to scan, kept pending until confirmed with a first code. Idempotent: reloading the
 * page shows the same secret (re-scanning must not silently invalidate the first scan).
 */
export async function beginEnrolment(principal: Principal): Promise<Enrolment> {
  const { u, user } = await loadUser(principal);
  if (user.mfaEnabledAt) throw conflict("Two-factor authentication is already on");
  let secret = user.mfaPendingEnc ? decrypt(user.mfaPendingEnc) : null;
  if (!secret) {
    secret = newTotpSecret();
    await usersRepo().update(u.userId, { mfaPendingEnc: encrypt(secret) });
  }
  const otpauthUri = totpUri(secret, user.email);
  const qrDataUrl = await QRCode.toDataURL(otpauthUri, { margin: 1, width: 208, errorCorrectionLevel: "M" });
  return { secret, secretFormatted: formatSecret(secret), otpauthUri, qrDataUrl };
}

/**
 * Throws rate_limited while throttled; on a wrong code records a failure and throws invalid_input on
 * `code`. A right code is spent (RFC 6238 §5.2): the same code again, here or at sign-in, reads as wrong.
 */
async function checkCode(principal: Principal, user: { id: string; email: string }, secret: string, code: string, what: string) {
  const throttle = await throttleFor(user.email, principal.meta.ip);
  if (throttle.throttled) throw new AppError("rate_limited", throttleMessage(minutesUntil(throttle.retryAt, new Date())));
  const step = matchTotp(secret, code);
  if (step !== null && (await usersRepo().claimTotpStep(user.id, step))) return;
  const orgs = await usersRepo().auditOrgs(user.id);
  await transaction(async (tx) => {
    await loginAttemptsRepo(tx).record({ email: user.email, ip: principal.meta.ip ?? null });
    await recordAccountAudit(tx, { userId: user.id, email: user.email }, orgs, principal.meta, { action: "mfa.code_rejected", after: { during: what } });
  });
  await pruneLoginAttempts({ email: user.email, ip: principal.meta.ip ?? null });
  throw new AppError("invalid_input", INVALID_CODE, { issues: [{ path: "code", message: INVALID_CODE }] });
}

/**
 * Confirms enrolment with the first code from the app: stores the secret encrypted, marks the
 * current session as MFA-verified and returns 10 recovery codes (shown once, stored hashed).
 */
export async function confirmEnrolment(principal: Principal, code: string): Promise<{ recoveryCodes: string[] }> {
  const { u, user } = await loadUser(principal);
  if (user.mfaEnabledAt) throw conflict("Two-factor authentication is already on");
  if (!user.mfaPendingEnc) throw new AppError("precondition_failed", "Start enrolment first: reload the page to get a QR code");
  await checkCode(principal, user, decrypt(user.mfaPendingEnc), code, "enrolment");
  const recoveryCodes = generateRecoveryCodes();
  const orgs = await usersRepo().auditOrgs(user.id);
  await transaction(async (tx) => {
    await usersRepo(tx).update(user.id, { mfaSecretEnc: user.mfaPendingEnc, mfaPendingEnc: null, mfaEnabledAt: new Date() });
    await recoveryCodesRepo(tx).replace(user.id, recoveryCodes.map(hashRecoveryCode));
    if (u.sessionId) await sessionsRepo(tx).markMfaVerified(user.id, u.sessionId);
    await recordAccountAudit(tx, { userId: user.id, email: user.email }, orgs, principal.meta, {
      action: "mfa.enrolled", after: { method: "totp", recoveryCodes: recoveryCodes.length },
    });
  });
  return { recoveryCodes };
}

/** New recovery codes (the old ones stop working); needs a current TOTP code. */
export async function regenerateRecoveryCodes(principal: Principal, code: string): Promise<{ recoveryCodes: string[] }> {
  const { user } = await loadUser(principal);
  if (!user.mfaEnabledAt || !user.mfaSecretEnc) throw new AppError("precondition_failed", "Turn on two-factor authentication first");
  await checkCode(principal, user, decrypt(user.mfaSecretEnc), code, "regenerate_recovery_codes");
  const recoveryCodes = generateRecoveryCodes();
  const orgs = await usersRepo().auditOrgs(user.id);
  await transaction(async (tx) => {
    await recoveryCodesRepo(tx).replace(user.id, recoveryCodes.map(hashRecoveryCode));
    await recordAccountAudit(tx, { userId: user.id, email: user.email }, orgs, principal.meta, {
      action: "mfa.recovery_codes_regenerated", after: { recoveryCodes: recoveryCodes.length },
    });
  });
  return { recoveryCodes };
}

/** Turns TOTP off (needs a current code). Owners and admins must keep it: forbidden for them. */
export async function disableMfa(principal: Principal, code: string): Promise<void> {
  const { user } = await loadUser(principal);
  if (!user.mfaEnabledAt || !user.mfaSecretEnc) throw new AppError("precondition_failed", "Two-factor authentication is already off");
  if (await isMfaRequired(user.id)) {
    throw new AppError("forbidden", "Owners and admins must keep two-factor authentication on");
  }
  await checkCode(principal, user, decrypt(user.mfaSecretEnc), code, "disable");
  const orgs = await usersRepo().auditOrgs(user.id);
  await transaction(async (tx) => {
    // The last step belonged to the retired secret; a new one starts afresh.
    await usersRepo(tx).update(user.id, { mfaSecretEnc: null, mfaPendingEnc: null, mfaEnabledAt: null, mfaLastUsedStep: null });
    await recoveryCodesRepo(tx).deleteAll(user.id);
    await recordAccountAudit(tx, { userId: user.id, email: user.email }, orgs, principal.meta, { action: "mfa.disabled" });
  });
}
