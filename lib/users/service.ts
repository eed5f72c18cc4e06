import { AppError, conflict, zodIssues } from "@/lib/errors";
import type { z } from "zod";
import { transaction } from "@/lib/db/unit-of-work";
import { usersRepo } from "@/lib/db/repos/users";
import { sessionsRepo } from "@/lib/db/repos/sessions";
import { loginAttemptsRepo } from "@/lib/db/repos/login-attempts";
import { insertAuditEvent } from "@/lib/db/repos/audit";
import { ensureBootstrap } from "@/lib/bootstrap/service";
import { recordAccountAudit } from "@/lib/auth/account-audit";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { throttleFor } from "@/lib/auth/login-service";
import { minutesUntil, throttleMessage } from "@/lib/auth/throttle";
import { interactiveUser } from "@/lib/auth/sessions";
import type { Principal } from "@/lib/auth/org-context";
import { toMembershipSummaryDto, toMeUserDto, type MembershipSummaryDto } from "./dto";
import {
  changePasswordSchema, createProviderOwnerSchema,
  type ChangePasswordInput, type CreateProviderOwnerInput, type UpdateProfileInput,
} from "./schemas";

function parseOrThrow<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const r = schema.safeParse(raw);
  if (!r.success) throw new AppError("invalid_input", r.error.issues[0]?.message ?? "The input is invalid", { issues: zodIssues(r.error) });
  return r.data;
}

/**
 * Creates the first (or another) owner of the provider organization with a local password, for
 * `gatehouse admin create-owner` on a fresh production install. Creates the provider organization
 * first if needed. Throws conflict when the email already has an account, invalid_input for a bad
 * email or a password under 12 characters. The owner enrols TOTP at first sign-in.
 */
export async function createProviderOwner(raw: CreateProviderOwnerInput) {
  const input = parseOrThrow(createProviderOwnerSchema, raw);
  const { providerOrgId } = await ensureBootstrap();
  if (await usersRepo().findByEmail(input.email)) {
    throw conflict(`A user with the email ${input.email} already exists; sign in with it, or choose another email`);
  }
  const passwordHash = await hashPassword(input.password);
  return transaction(async (tx) => {
    const repo = usersRepo(tx);
    const user = await repo.create({ email: input.email, name: input.name ?? null, passwordHash });
    await repo.addProviderOwner(providerOrgId, user.id);
    const [org] = (await repo.auditOrgs(user.id)).filter((o) => o.id === providerOrgId);
    const common = {
      orgId: providerOrgId, orgName: org?.name ?? null, actorType: "system", actorId: null, actorLabel: "gatehouse admin create-owner",
      targetType: "user", targetId: user.id, targetLabel: user.email,
    };
    await insertAuditEvent(tx, { ...common, action: "user.created", after: { email: user.email, name: user.name } });
    await insertAuditEvent(tx, { ...common, action: "member.added", after: { email: user.email, role: "owner" } });
    return { userId: user.id, email: user.email, orgId: providerOrgId, orgName: org?.name ?? null };
  });
}

export type MeDto =
  | {
      type: "user";
      user: ReturnType<typeof toMeUserDto>;
      memberships: MembershipSummaryDto[];
      activeOrgId: string | null;
      needsMfaEnrolment: boolean;
      isProviderAdmin: boolean;
    }
  | { type: "api_key"; apiKey: { id: string; label: string; orgId: string | null; scopes: string[] }; memberships: []; activeOrgId: string | null };

/** Who is calling: the signed-in user with their memberships, or the API key and its organization. */
export async function getMe(principal: Principal): Promise<MeDto> {
  const a = principal.actor;
  if (a.type === "api_key") {
    return { type: "api_key", apiKey: { id: a.keyId, label: a.label, orgId: a.orgId, scopes: [...a.scopes] }, memberships: [], activeOrgId: a.orgId };
  }
  const u = interactiveUser(principal, "Only people and API keys have a profile");
  const user = await usersRepo().findById(u.userId);
  if (!user) throw new AppError("unauthenticated", "Your account no longer exists");
  const memberships = (await usersRepo().memberships(u.userId)).map(toMembershipSummaryDto);
  return {
    type: "user",
    user: toMeUserDto(user),
    memberships,
    activeOrgId: principal.activeOrgId ?? null,
    needsMfaEnrolment: principal.needsMfaEnrolment,
    isProviderAdmin: principal.providerRole !== null,
  };
}

/**
 * Where "/" sends a signed-in user: the active organization, else the last one used, else the
 * first membership (provider first); null when they belong to none.
 */
export async function homeOrgId(principal: Principal): Promise<string | null> {
  const u = interactiveUser(principal);
  const memberships = await usersRepo().memberships(u.userId);
  const ids = new Set(memberships.map((m) => m.org.id));
  const user = await usersRepo().findById(u.userId);
  const candidates = [principal.activeOrgId, user?.lastOrgId];
  // Provider administrators may act in organizations they are not a member of.
  for (const c of candidates) if (c && (ids.has(c) || principal.providerRole)) return c;
  return memberships[0]?.org.id ?? null;
}

export async function updateProfile(principal: Principal, input: UpdateProfileInput) {
  const u = interactiveUser(principal, "API keys have no profile");
  const before = await usersRepo().findById(u.userId);
  if (!before) throw new AppError("unauthenticated", "Your account no longer exists");
  const orgs = await usersRepo().auditOrgs(u.userId);
  return transaction(async (tx) => {
    const after = await usersRepo(tx).update(u.userId, { name: input.name });
    await recordAccountAudit(tx, { userId: u.userId, email: u.email }, orgs, principal.meta, {
      action: "user.updated", before: { name: before.name }, after: { name: after.name },
    });
    return toMeUserDto(after);
  });
}

/**
 * Changes the password after checking the current one (wrong guesses count towards the sign-in
 * throttle), then signs out every other session: whoever knew the old password is out.
 */
export async function changePassword(principal: Principal, raw: ChangePasswordInput): Promise<{ otherSessionsRevoked: number }> {
  const input = parseOrThrow(changePasswordSchema, raw);
  const u = interactiveUser(principal, "API keys have no password");
  const user = await usersRepo().findById(u.userId);
  if (!user) throw new AppError("unauthenticated", "Your account no longer exists");
  const throttle = await throttleFor(user.email, principal.meta.ip);
  if (throttle.throttled) throw new AppError("rate_limited", throttleMessage(minutesUntil(throttle.retryAt, new Date())));
  const orgs = await usersRepo().auditOrgs(u.userId);
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await transaction(async (tx) => {
      await loginAttemptsRepo(tx).record({ email: user.email, ip: principal.meta.ip ?? null });
      await recordAccountAudit(tx, { userId: user.id, email: user.email }, orgs, principal.meta, { action: "user.password_change_failed", after: { reason: "wrong_password" } });
    });
    throw new AppError("invalid_input", "Your current password is incorrect", { issues: [{ path: "currentPassword", message: "Your current password is incorrect" }] });
  }
  const passwordHash = await hashPassword(input.newPassword);
  return transaction(async (tx) => {
    await usersRepo(tx).update(user.id, { passwordHash });
    const otherSessionsRevoked = await sessionsRepo(tx).revokeAllExcept(user.id, u.sessionId);
    await recordAccountAudit(tx, { userId: user.id, email: user.email }, orgs, principal.meta, { action: "user.password_changed", after: { otherSessionsRevoked } });
    return { otherSessionsRevoked };
  });
}
