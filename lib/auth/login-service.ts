import { transaction } from "@/lib/db/unit-of-work";
import { usersRepo, recoveryCodesRepo } from "@/lib/db/repos/users";
import { sessionsRepo } from "@/lib/db/repos/sessions";
import { loginAttemptsRepo } from "@/lib/db/repos/login-attempts";
import { recordAccountAudit } from "@/lib/auth/account-audit";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { decrypt, encrypt, randomToken, safeEqual, sha256 } from "@/lib/crypto";
import { burnPasswordCheck, verifyPassword } from "@/lib/auth/password";
import { laterOf, minutesUntil, throttleMessage, throttleState, type ThrottleState } from "@/lib/auth/throttle";
import { matchTotp } from "@/lib/auth/totp";
import { hashRecoveryCode, isTotpFormat, normalizeRecoveryCode } from "@/lib/auth/recovery-codes";
import type { RequestMeta } from "@/lib/auth/org-context";
import type { LoginInput, MfaStepInput } from "@/lib/auth/schemas";
import { passwordSignInAllowed } from "@/lib/sso/enforcement";
import { autoJoin } from "@/lib/auto-join/service";

// Local sign-in (password, then TOTP or a recovery code when enrolled). A plain service: next-auth's
// Credentials provider only adopts the session this creates (lib/auth/auth.ts), so every rule here
// is tested without next-auth (login-service.int.test.ts).

export type FailureReason =
  | "unknown_email" | "no_password" | "wrong_password" | "account_disabled" | "invalid_mfa_code" | "challenge_expired" | "sso_required";

export type LoginOutcome =
  | { status: "signed_in"; userId: string; sessionId: string; sessionToken: string }
  | { status: "mfa_required"; challenge: string }
  | { status: "failed"; reason: FailureReason; message: string }
  | { status: "throttled"; minutes: number; message: string };

export const MESSAGES = {
  invalid: "Incorrect email or password.",
  disabled: "This account is disabled. Contact your administrator.",
  invalidCode: "That code is not valid. Enter the current 6-digit code from your authenticator app, or an unused recovery code.",
  challengeExpired: "Your sign-in took too long. Enter your email and password again.",
} as const;

const CHALLENGE_TTL_MS = 5 * 60_000;
/** How long after its creation next-auth may adopt a session (the hop from the login action to authorize). */
const ADOPT_WINDOW_MS = 2 * 60_000;

type UserRow = NonNullable<Awaited<ReturnType<ReturnType<typeof usersRepo>["findByEmail"]>>>;

const normalizeEmail = (email: string) => email.trim().toLowerCase().slice(0, 254);

/** One failure in this many also sweeps everyone's expired rows (accounts and IPs that never fail again). */
const SWEEP_ODDS = 100;

/**
 * Keeps LoginAttempt small: deletes this account's and this IP's failures that have left the
 * throttle window (they can never count again), and now and then everyone's. Best effort, outside
 * the failure's transaction: a lost race or deadlock between two prunes must not fail a sign-in.
 * Uses the real clock, as the rows' createdAt does (the services' `now` is a test seam).
 */
export async function pruneLoginAttempts(key: { email: string | null; ip: string | null }, opts: { sweepAll?: boolean } = {}) {
  const before = new Date(Date.now() - env().LOGIN_THROTTLE_WINDOW_MINUTES * 60_000);
  const repo = loginAttemptsRepo();
  try {
    await repo.deleteExpiredFor(key, before);
    if (opts.sweepAll ?? Math.random() * SWEEP_ODDS < 1) await repo.deleteOlderThan(before);
  } catch (cause) {
    log.warn("pruning login attempts failed", { cause });
  }
}

/** Current throttle for an account and an IP (the later lift wins). */
export async function throttleFor(email: string, ip: string | null | undefined, now = new Date()): Promise<ThrottleState> {
  const e = env();
  const windowMs = e.LOGIN_THROTTLE_WINDOW_MINUTES * 60_000;
  const since = new Date(now.getTime() - windowMs);
  const repo = loginAttemptsRepo();
  const [byEmail, byIp] = await Promise.all([
    repo.recentForEmail(email, since, e.LOGIN_MAX_FAILURES_PER_ACCOUNT),
    ip ? repo.recentForIp(ip, since, e.LOGIN_MAX_FAILURES_PER_IP) : Promise.resolve([]),
  ]);
  return laterOf(
    throttleState(byEmail, e.LOGIN_MAX_FAILURES_PER_ACCOUNT, windowMs, now),
    throttleState(byIp, e.LOGIN_MAX_FAILURES_PER_IP, windowMs, now),
  );
}

async function throttled(email: string, user: UserRow | null, meta: RequestMeta, state: Extract<ThrottleState, { throttled: true }>, now: Date): Promise<LoginOutcome> {
  const minutes = minutesUntil(state.retryAt, now);
  const orgs = user ? await usersRepo().auditOrgs(user.id) : [];
  await transaction((tx) =>
    recordAccountAudit(tx, { userId: user?.id ?? null, email }, orgs, meta, {
      action: "auth.login_throttled", after: { retryAt: state.retryAt.toISOString() },
    }),
  );
  return { status: "throttled", minutes, message: throttleMessage(minutes) };
}

/** Counts a failure for the account and the IP and audits it (never the password). */
async function failed(email: string, user: UserRow | null, meta: RequestMeta, reason: FailureReason, message: string): Promise<LoginOutcome> {
  const orgs = user ? await usersRepo().auditOrgs(user.id) : [];
  await transaction(async (tx) => {
    await loginAttemptsRepo(tx).record({ email, ip: meta.ip ?? null });
    await recordAccountAudit(tx, { userId: user?.id ?? null, email }, orgs, meta, { action: "auth.login_failed", after: { reason } });
  });
  await pruneLoginAttempts({ email, ip: meta.ip ?? null });
  return { status: "failed", reason, message };
}

/**
 * Issue #4 enforcement: an organization that requires SSO refuses its members' password sign-ins (break-glass
 * owners excepted). Told only after a correct password; audited, not counted as a failed guess.
 */
async function ssoRequired(user: UserRow, meta: RequestMeta): Promise<LoginOutcome | null> {
  const decision = await passwordSignInAllowed(user);
  if (decision.ok) return null;
  const orgs = await usersRepo().auditOrgs(user.id);
  await transaction((tx) =>
    recordAccountAudit(tx, { userId: user.id, email: user.email }, orgs, meta, { action: "auth.login_failed", after: { reason: "sso_required", organizations: decision.orgNames } }),
  );
  return { status: "failed", reason: "sso_required", message: decision.message };
}

function sealChallenge(userId: string, now: Date) {
  return encrypt(JSON.stringify({ p: "mfa", uid: userId, exp: now.getTime() + CHALLENGE_TTL_MS }));
}
function openChallenge(challenge: string, now: Date): string | null {
  try {
    const c = JSON.parse(decrypt(challenge)) as { p?: string; uid?: string; exp?: number };
    return c.p === "mfa" && typeof c.uid === "string" && typeof c.exp === "number" && c.exp > now.getTime() ? c.uid : null;
  } catch {
    return null;
  }
}

async function startSession(
  user: UserRow, meta: RequestMeta, now: Date,
  how: { method: "password" | "password+totp" | "password+recovery_code"; recoveryCodeId?: string; totpStep?: number },
): Promise<LoginOutcome> {
  const memberships = await usersRepo().memberships(user.id);
  const orgs = memberships.map((m) => ({ id: m.org.id, name: m.org.name }));
  const token = randomToken(32);
  // Issue #3: at a first sign-in, an address on a verified auto-join domain joins that organization
  // (autoJoin refuses unverified, public, ambiguous and inactive cases itself).
  const joined = user.lastLoginAt ? null : await autoJoin({ id: user.id, email: user.email });
  const joinedOrgId = joined?.outcome === "joined" ? joined.orgId : null;
  // Start where they left off: their last organization if they may still act there (a member, or a
  // provider owner/admin, who may act anywhere; orgContext re-checks on every use), else the first membership.
  const isProviderAdmin = memberships.some((m) => m.org.isProvider && m.org.isActive && (m.role === "owner" || m.role === "admin"));
  const activeOrgId = (user.lastOrgId && (isProviderAdmin || orgs.some((o) => o.id === user.lastOrgId)) ? user.lastOrgId : null) ?? orgs[0]?.id ?? joinedOrgId;
  const mfa = how.method !== "password";
  const session = await transaction(async (tx) => {
    // RFC 6238 §5.2: a code is accepted once. Claimed in the session's transaction, so of two
    // concurrent sign-ins with the same code (or a replay of it) only one gets through.
    if (how.totpStep !== undefined && !(await usersRepo(tx).claimTotpStep(user.id, how.totpStep))) return null;
    if (how.recoveryCodeId) {
      // Spent in the session's transaction: a code used concurrently by two sign-ins wins once.
      if (!(await recoveryCodesRepo(tx).markUsed(user.id, how.recoveryCodeId))) return null;
      const remaining = await recoveryCodesRepo(tx).countUnused(user.id);
      await recordAccountAudit(tx, { userId: user.id, email: user.email }, orgs, meta, { action: "mfa.recovery_code_used", after: { remaining } });
    }
    const s = await sessionsRepo(tx).create({
      tokenHash: sha256(token), userId: user.id, activeOrgId, ip: meta.ip ?? null, userAgent: meta.userAgent?.slice(0, 512) ?? null,
      expiresAt: new Date(now.getTime() + env().SESSION_TTL_HOURS * 3_600_000), mfaVerifiedAt: mfa ? now : null, source: "password",
    });
    await usersRepo(tx).update(user.id, { lastLoginAt: now });
    await loginAttemptsRepo(tx).clearForEmail(user.email);
    await recordAccountAudit(tx, { userId: user.id, email: user.email }, orgs, meta, {
      action: "auth.login_succeeded", after: { method: how.method, sessionId: s.id },
    });
    return s;
  });
  if (!session) return failed(user.email, user, meta, "invalid_mfa_code", MESSAGES.invalidCode);
  return { status: "signed_in", userId: user.id, sessionId: session.id, sessionToken: token };
}

/**
 * First step: email and password. Refuses while the account or IP is throttled (even a correct
 * password), answers the same message for an unknown email and a wrong password, and asks for a
 * second factor when the user has TOTP. Never throws for bad credentials.
 */
export async function signInWithPassword(input: LoginInput, meta: RequestMeta, now = new Date()): Promise<LoginOutcome> {
  const email = normalizeEmail(input.email);
  const user = await usersRepo().findByEmail(email);
  const throttle = await throttleFor(email, meta.ip, now);
  if (throttle.throttled) return throttled(email, user, meta, throttle, now);

  if (!user?.passwordHash) {
    await burnPasswordCheck(input.password);
    return failed(email, user, meta, user ? "no_password" : "unknown_email", MESSAGES.invalid);
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) return failed(email, user, meta, "wrong_password", MESSAGES.invalid);
  // Told only after a correct password, so it reveals nothing to a guesser.
  if (!user.isActive) return failed(email, user, meta, "account_disabled", MESSAGES.disabled);
  const refused = await ssoRequired(user, meta);
  if (refused) return refused;
  if (user.mfaEnabledAt && user.mfaSecretEnc) return { status: "mfa_required", challenge: sealChallenge(user.id, now) };
  return startSession(user, meta, now, { method: "password" });
}

/** Second step: the challenge from the first step plus a TOTP code or an unused recovery code. */
export async function completeMfa(input: MfaStepInput, meta: RequestMeta, now = new Date()): Promise<LoginOutcome> {
  const userId = openChallenge(input.challenge, now);
  const user = userId ? await usersRepo().findById(userId) : null;
  if (!user || !user.isActive || !user.mfaSecretEnc) return { status: "failed", reason: "challenge_expired", message: MESSAGES.challengeExpired };

  const throttle = await throttleFor(user.email, meta.ip, now);
  if (throttle.throttled) return throttled(user.email, user, meta, throttle, now);

  const refused = await ssoRequired(user, meta);
  if (refused) return refused;

  const code = input.code.trim();
  if (isTotpFormat(code)) {
    const step = matchTotp(decrypt(user.mfaSecretEnc), code, now.getTime());
    if (step !== null) return startSession(user, meta, now, { method: "password+totp", totpStep: step });
  } else {
    const normalized = normalizeRecoveryCode(code);
    if (normalized) {
      const hash = hashRecoveryCode(normalized);
      const unused = await recoveryCodesRepo().listUnused(user.id);
      // Compare every row in constant time rather than looking the hash up.
      let match: string | undefined;
      for (const r of unused) if (safeEqual(r.codeHash, hash)) match = r.id;
      if (match) return startSession(user, meta, now, { method: "password+recovery_code", recoveryCodeId: match });
    }
  }
  return failed(user.email, user, meta, "invalid_mfa_code", MESSAGES.invalidCode);
}

/**
 * For next-auth's authorize(): the session the login action just created, by its raw token.
 * The raw token never leaves the server except inside the encrypted cookie, and only a session
 * created moments ago can be adopted.
 */
export async function adoptSession(token: string, now = new Date()): Promise<{ userId: string; sessionId: string } | null> {
  if (typeof token !== "string" || token.length < 20 || token.length > 200) return null;
  const s = await sessionsRepo().findActiveByTokenHash(sha256(token), now);
  if (!s || now.getTime() - s.createdAt.getTime() > ADOPT_WINDOW_MS) return null;
  return { userId: s.userId, sessionId: s.id };
}
