import { orgContextForJob, type OrgContext, type RequestMeta } from "@/lib/auth/org-context";
import { recordAccountAudit } from "@/lib/auth/account-audit";
import { recordPrincipalAudit, recordPrincipalAuditMany, type AuditInput } from "@/lib/audit/service";
import { encrypt, randomToken, sha256 } from "@/lib/crypto";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { AppError } from "@/lib/errors";
import { transaction, type TxHandle } from "@/lib/db/unit-of-work";
import { runInBackground } from "@/lib/db/background";
import { membersRepo, membershipUsersRepo } from "@/lib/db/repos/members";
import { usersRepo } from "@/lib/db/repos/users";
import { teamsRepo } from "@/lib/db/repos/teams";
import { identityMappingsRepo } from "@/lib/db/repos/identity-mappings";
import { ssoConnectionsRepo, ssoSessionsRepo } from "@/lib/db/repos/sso-connections";
import { ssoFailuresRepo, ssoNonceRepo } from "@/lib/db/repos/sso-failures";
import { userIdentitiesRepo } from "@/lib/db/repos/user-identities";
import { emailDomain } from "@/lib/domains/normalize";
import { extractIdentity, readPath, type ExtractedIdentity } from "@/lib/mappings/claims";
import { mappingInputFromIdentity, type MappingResult, type MappingWarning } from "@/lib/mappings/evaluate";
import { defaultRolesField } from "./config";
import { validateIdToken } from "./id-token";
import { jwksCache as defaultJwks, type JwksCache } from "./jwks";
import { replayKey, type ReplayStore } from "./replay";
import { loadRuntime, type SsoRuntime } from "./runtime";
import type { HttpGet } from "./discovery";
import { ADMIN_RANK, decideRole, evaluateFor, parseStoredRules, teamsFrom } from "./assign";
import { failureMessage, newTraceId, redactClaims, type SsoFailureReason } from "./failures";

// The SSO callback's decisions (issue #4 "Sign-in", "JIT provisioning", "Bad input"): plain service code,
// called by next-auth's signIn callback (lib/auth/auth.ts) and by the integration tests directly.

export type CallbackTokens = {
  idToken: string;
  accessToken: string | null;
  refreshToken: string | null;
  /** Access-token expiry, seconds since the epoch. */
  expiresAt: number | null;
};

export type TestTicket = { adminUserId: string; adminEmail: string };

export type SsoCallbackInput = {
  orgId: string;
  tokens: CallbackTokens;
  /** The nonce sent with the authorization request (null: next-auth already compared it and it could not be re-read). */
  expectedNonce: string | null;
  /** Set for an admin's test sign-in: nothing is provisioned and no session is created. */
  test: TestTicket | null;
  /** The authorization response's `iss` parameter (RFC 9207), when the provider sent one. */
  responseIssuer?: string | null;
  /** The connection as this request already loaded it (the Auth.js callback); loaded here when absent. */
  runtime?: SsoRuntime;
  meta: RequestMeta;
  traceId?: string;
};

export type SsoDeps = {
  jwks?: JwksCache;
  replay?: ReplayStore;
  /** GET <userinfo_endpoint> with the access token; returns the claims or throws. */
  userinfo?: (url: string, accessToken: string) => Promise<Record<string, unknown>>;
  get?: HttpGet;
  now?: () => Date;
};

export type TestSignInResult = {
  at: string;
  ok: boolean;
  traceId: string | null;
  email: string | null;
  subject: string | null;
  name: string | null;
  claims: Record<string, unknown> | null;
  usedUserinfo: boolean;
  outcome: MappingResult["outcome"] | "failed";
  role: string | null;
  roleWhy: string | null;
  teams: string[];
  businessUnits: string[];
  warnings: MappingWarning[];
  existingUser: boolean;
  /** A successful test by someone other than the admin who started it, mapped below admin: enforcement may be turned on. */
  countsForEnforcement: boolean;
  failure: { reason: SsoFailureReason; message: string; detail: string } | null;
};

export type SsoCallbackOutcome =
  | { status: "signed_in"; orgId: string; userId: string; sessionId: string; sessionToken: string; jit: boolean; role: string }
  | { status: "tested"; orgId: string; result: TestSignInResult }
  | { status: "failed"; orgId: string; traceId: string; reason: SsoFailureReason; message: string; detail: string };

const dbReplay: ReplayStore = { claim: (key, exp) => ssoNonceRepo.claim(key, exp) };

async function fetchUserinfo(url: string, accessToken: string): Promise<Record<string, unknown>> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" }, signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`userinfo answered HTTP ${res.status}`);
  const body = (await res.json()) as unknown;
  if (!body || typeof body !== "object" || Array.isArray(body)) throw new Error("userinfo did not return a JSON object");
  return body as Record<string, unknown>;
}

type Failure = { reason: SsoFailureReason; detail: string; claims?: Record<string, unknown> | null; email?: string | null };

/**
 * Records a failed SSO sign-in (SsoLoginFailure + `auth.sso_failed` audit, one transaction) and returns the
 * outcome the error page shows. Nothing else is written. Safe to call for organizations that are gone.
 */
export async function recordSsoFailure(
  orgId: string,
  f: Failure & { connectionId?: string | null; traceId?: string; test?: boolean },
  meta: RequestMeta,
): Promise<Extract<SsoCallbackOutcome, { status: "failed" }>> {
  const traceId = f.traceId ?? newTraceId();
  const claims = redactClaims(f.claims);
  const email = f.email ?? (typeof claims?.email === "string" ? claims.email.toLowerCase().slice(0, 254) : null);
  let ctx: OrgContext | null = null;
  try {
    ctx = await orgContextForJob(orgId, "single sign-on");
  } catch {
    ctx = null; // unknown or inactive organization: audited without a failure row
  }
  try {
    await transaction(async (tx) => {
      if (ctx) {
        await ssoFailuresRepo(ctx, tx).record({
          connectionId: f.connectionId ?? null, traceId, reason: f.reason, detail: f.detail.slice(0, 2000), email, claims, test: !!f.test,
        });
      }
      await recordAccountAudit(tx, { userId: null, email: email ?? "unknown" }, ctx ? [{ id: ctx.orgId, name: ctx.orgName }] : [], meta, {
        action: "auth.sso_failed", after: { traceId, reason: f.reason, detail: f.detail.slice(0, 500), test: !!f.test },
      });
    });
  } catch (e) {
    log.error("could not record an SSO failure", { traceId, reason: f.reason, err: e });
  }
  log.info("sso sign-in failed", { orgId, traceId, reason: f.reason, detail: f.detail });
  return { status: "failed", orgId, traceId, reason: f.reason, message: failureMessage(f.reason), detail: f.detail };
}

/** Validates the ID token and reads the person's identity (shared by sign-in and test sign-in). */
async function identify(rt: SsoRuntime, input: SsoCallbackInput, deps: SsoDeps): Promise<
  { ok: true; identity: ExtractedIdentity; claims: Record<string, unknown>; usedUserinfo: boolean; expiresAt: Date } | ({ ok: false } & Failure)
> {
  const now = deps.now?.() ?? new Date();
  const v = await validateIdToken(input.tokens.idToken, deps.jwks ?? defaultJwks(), {
    jwksUri: rt.endpoints.jwks_uri,
    issuer: rt.resolved.issuer,
    audiences: rt.resolved.audiences,
    clientId: rt.resolved.clientId,
    nonce: input.expectedNonce,
    now: Math.floor(now.getTime() / 1000),
  });
  if (!v.ok) return { ok: false, reason: v.reason, detail: v.detail, claims: v.unverifiedClaims };
  const claims = v.claims as Record<string, unknown>;
  // RFC 9207 §2.4: the issuer that answered the authorization request must be the one that issued the token
  // (with a `{tenantid}` template, Auth.js compared the parameter with this very tenant's issuer only).
  if (input.responseIssuer && input.responseIssuer !== claims.iss) {
    return { ok: false, reason: "wrong-issuer", detail: `The ID token was issued by "${String(claims.iss)}" but the authorization response came from "${input.responseIssuer}" (RFC 9207 iss)`, claims };
  }
  if (rt.resolved.allowedTenants && !rt.resolved.allowedTenants.includes(String(claims.tid).toLowerCase())) {
    return { ok: false, reason: "tenant-not-allowed", detail: `The ID token is from tenant ${String(claims.tid)}, which is not among the connection's allowed tenants`, claims };
  }
  if (typeof claims.nonce !== "string" || !claims.nonce) return { ok: false, reason: "missing-nonce", detail: "The ID token carries no nonce", claims };
  const expiresAt = new Date((typeof claims.exp === "number" ? claims.exp : Math.floor(now.getTime() / 1000) + 600) * 1000 + 120_000);
  if (!(await (deps.replay ?? dbReplay).claim(replayKey(String(claims.iss), claims.nonce), expiresAt))) {
    return { ok: false, reason: "replayed", detail: "This ID token (its nonce) was already used for a sign-in", claims };
  }

  const rolesField = rt.rolesField ?? defaultRolesField(rt.resolved) ?? undefined;
  const fields = { userIdField: rt.userIdField, rolesField, teamIdsField: rt.teamIdsField ?? undefined };
  const missing = (path: string | undefined) => !!path && readPath(claims, path) === undefined;
  let userinfo: Record<string, unknown> | null = null;
  const wanted = missing("email") || missing(fields.userIdField) || missing(fields.rolesField) || missing(fields.teamIdsField) || missing("groups");
  if (wanted && rt.endpoints.userinfo_endpoint && input.tokens.accessToken) {
    try {
      userinfo = await (deps.userinfo ?? fetchUserinfo)(rt.endpoints.userinfo_endpoint, input.tokens.accessToken);
    } catch (e) {
      // A fallback only: without it the ID token may still have everything that matters.
      if (missing("email")) return { ok: false, reason: "userinfo-failed", detail: `The userinfo request failed: ${(e as Error).message}`, claims };
    }
  }
  const id = extractIdentity(claims, userinfo, fields);
  if (!id.ok) return { ok: false, reason: id.reason, detail: id.detail, claims: { ...(userinfo ?? {}), ...claims } };
  const identity = id.identity;
  const all = { ...(userinfo ?? {}), ...claims };

  if (rt.resolved.hostedDomain) {
    const hd = typeof claims.hd === "string" ? claims.hd.toLowerCase() : null;
    if (hd !== rt.resolved.hostedDomain) {
      return { ok: false, reason: "hosted-domain-mismatch", detail: `The Google account's hosted domain (hd) is ${hd ? `"${hd}"` : "missing"}, expected "${rt.resolved.hostedDomain}"`, claims: all, email: identity.email };
    }
  }
  if (identity.emailVerified === false) {
    return { ok: false, reason: "email-unverified", detail: `The provider marks ${identity.email} as not verified (email_verified: false)`, claims: all, email: identity.email };
  }
  return { ok: true, identity, claims: all, usedUserinfo: !!userinfo, expiresAt };
}

type Evaluated = {
  result: MappingResult;
  teams: string[];
  businessUnits: string[];
};

async function evaluate(ctx: OrgContext, identity: ExtractedIdentity, tx?: TxHandle): Promise<Evaluated> {
  const mappings = identityMappingsRepo(ctx, tx);
  const [stored, custom, fromClaim] = await Promise.all([
    mappings.get(),
    mappings.customRoles(),
    ssoConnectionsRepo(ctx, tx).teamNamesByRefs(identity.teamIds),
  ]);
  const result = evaluateFor(mappingInputFromIdentity(identity), parseStoredRules(stored), custom);
  return {
    result,
    teams: teamsFrom(result, fromClaim),
    businessUnits: result.outcome === "no-match" ? [] : [...result.businessUnits],
  };
}

/**
 * Completes an SSO sign-in for `input.orgId` after the provider redirected back with tokens.
 * Login: verifies the ID token (signature against the provider's JWKS, issuer, audience, expiry, nonce,
 * one-time use), reads the identity, refuses emails outside the organization's verified domains, matches the
 * person (identity subject, then a SCIM directory user, then the email on a verified domain), evaluates
 * the mappings, and in one transaction provisions (JIT) or updates the membership, the SSO-sourced
 * teams and business units, the identity link and a Session row with the encrypted tokens.
 * Test: the same checks and evaluation, but only the result is stored on the connection.
 * Never throws for bad input: every refusal is an audited, traced `failed` outcome.
 */
export async function completeSsoSignIn(input: SsoCallbackInput, deps: SsoDeps = {}): Promise<SsoCallbackOutcome> {
  const traceId = input.traceId ?? newTraceId();
  const test = !!input.test;
  const failed = (f: Failure, connectionId: string | null = null) => recordSsoFailure(input.orgId, { ...f, connectionId, traceId, test }, input.meta);

  let rt = input.runtime?.orgId === input.orgId ? input.runtime : null;
  if (!rt) {
    const loaded = await loadRuntime(input.orgId, { get: deps.get });
    if (!loaded.ok) return finishTest(input, await failed(loaded));
    rt = loaded.runtime;
  }

  const id = await identify(rt, input, deps);
  if (!id.ok) return finishTest(input, await failed(id, rt.connectionId), id.claims ?? null);
  const { identity } = id;

  let ctx: OrgContext;
  try {
    // SECURITY: a system context for the organization whose connection just verified this ID token;
    // it scopes the repositories below, and audit events name the signed-in person, not the system.
    ctx = await orgContextForJob(rt.orgId, "single sign-on");
  } catch (e) {
    return finishTest(input, await failed({ reason: "org-inactive", detail: (e as Error).message, claims: id.claims, email: identity.email }, rt.connectionId));
  }

  // Issue #4: JIT (and any link) only for an email on one of THIS organization's verified domains.
  const domain = emailDomain(identity.email);
  const verified = await ssoConnectionsRepo(ctx).verifiedDomains();
  if (!domain || !verified.includes(domain)) {
    return finishTest(
      input,
      await failed({ reason: "email-domain-not-verified", detail: `${identity.email}: ${domain ?? "(no domain)"} is not a verified domain of this organization`, claims: id.claims, email: identity.email }, rt.connectionId),
      id.claims,
    );
  }

  // Suggestions for the mapping editor only: off the sign-in's critical path.
  runInBackground(ssoFailuresRepo(ctx).addSample({ attributes: identity.attributes, groups: identity.groups }).catch((e) => log.warn("could not store an SSO claim sample", { err: e })));

  if (input.test) return runTest(ctx, rt, input, id, traceId);
  return provision(ctx, rt, input, id, traceId, deps);
}

type Identified = Extract<Awaited<ReturnType<typeof identify>>, { ok: true }>;

async function provision(ctx: OrgContext, rt: SsoRuntime, input: SsoCallbackInput, id: Identified, traceId: string, deps: SsoDeps): Promise<SsoCallbackOutcome> {
  const { identity } = id;
  const now = deps.now?.() ?? new Date();
  const token = randomToken(32);
  type Denied = { denied: Failure };
  type Done = { userId: string; sessionId: string; jit: boolean; role: string };

  const r = await transaction(async (tx): Promise<Denied | Done> => {
    const members = membersRepo(ctx, tx);
    const ids = userIdentitiesRepo(ctx, tx);
    // Serialises sign-ins into one organization: the first-user-admin rule and JIT cannot race.
    await members.lockOrg();

    // Who is this? The provider's subject first; then a SCIM-provisioned directory user of this
    // organization; then an existing account with this email (its domain is verified here).
    const link = await ids.findBySubject(rt.connectionId, identity.subject);
    let user: { id: string; email: string; name: string | null; isActive: boolean } | null = link?.user ?? null;
    const dir = user ? null : await ids.findDirectoryUser(identity.subject, identity.email);
    if (!user && dir?.userId) user = await usersRepo(tx).findById(dir.userId);
    // SECURITY: linking by email is safe only because the email's domain is a verified domain of this
    // organization (checked above); nothing links into any other organization.
    if (!user) user = await membershipUsersRepo(tx).findByEmail(identity.email);
    if (user && !user.isActive) return { denied: { reason: "account-disabled", detail: `${user.email} is disabled in Gatehouse`, claims: id.claims, email: identity.email } };
    if (dir && !dir.active) return { denied: { reason: "account-disabled", detail: `${identity.email} is deactivated in the organization's directory (SCIM)`, claims: id.claims, email: identity.email } };

    const membership = user ? await members.findByUserId(user.id) : null;
    if (membership && membership.status !== "active") {
      return { denied: { reason: "membership-suspended", detail: `${identity.email}'s membership is ${membership.status}`, claims: id.claims, email: identity.email } };
    }
    const ev = await evaluate(ctx, identity, tx);
    // The organization's default role and first-SSO-user rule matter only to a newcomer no rule mapped.
    const orgDefaults = !membership && ev.result.outcome !== "mapped" && ev.result.outcome !== "no-match"
      ? { hasSsoMembers: await ssoConnectionsRepo(ctx, tx).hasSsoMembers(), defaultRole: await identityMappingsRepo(ctx, tx).defaultRole() }
      : { hasSsoMembers: true, defaultRole: "member" }; // not consulted by decideRole
    const decision = decideRole(ev.result, membership, orgDefaults);
    if (decision.kind === "deny") {
      return { denied: { reason: "no-mapping", detail: `No role rule matched ${identity.email} and the provider named no known role`, claims: id.claims, email: identity.email } };
    }

    // ---- writes (every check above passed)
    let jit = false;
    if (!user) {
      user = await membershipUsersRepo(tx).createWithoutPassword(identity.email, identity.name);
      jit = true;
    }
    const actor = { actor: { type: "user" as const, userId: user.id, email: user.email }, meta: input.meta };
    const org = { id: ctx.orgId, name: ctx.orgName };
    const audits: AuditInput[] = []; // written at the end, one INSERT, same transaction
    if (dir && !dir.userId) await ids.linkDirectoryUser(dir.id, user.id);

    let role = decision.role;
    if (!membership) {
      const m = await members.createBare({ userId: user.id, role, source: "sso" });
      audits.push({
        action: "member.added", targetType: "member", targetId: m.id, targetLabel: user.email,
        after: { userId: user.id, role, source: "sso", jit, why: decision.kind === "assign" ? decision.why : null },
      });
    } else if (decision.kind === "assign" && membership.role !== decision.role) {
      await members.setRoleBare(membership.id, decision.role);
      audits.push({
        action: "member.role_changed", targetType: "member", targetId: membership.id, targetLabel: user.email,
        before: { role: membership.role }, after: { role: decision.role, source: "sso" },
      });
    } else role = membership.role;

    const lastClaims = redactClaims(id.claims);
    if (link) await ids.touch(link.id, identity.email, lastClaims, now);
    else {
      await ids.create({ userId: user.id, connectionId: rt.connectionId, subject: identity.subject, email: identity.email, claims: lastClaims, now });
      audits.push({
        action: "sso.identity_linked", targetType: "user", targetId: user.id, targetLabel: user.email,
        after: { subject: identity.subject, via: dir ? "directory" : jit ? "jit" : "email" },
      });
    }

    const changes = await syncAssignments(ctx, tx, user.id, ev.teams, ev.businessUnits, jit);
    if (changes) {
      audits.push({
        action: "member.assignments_changed", targetType: "member", targetId: user.id, targetLabel: user.email,
        before: changes.before, after: { ...changes.after, source: "sso" },
      });
    }

    const session = await ssoSessionsRepo(tx).create({
      tokenHash: sha256(token), userId: user.id, orgId: ctx.orgId, connectionId: rt.connectionId,
      ip: input.meta.ip ?? null, userAgent: input.meta.userAgent?.slice(0, 512) ?? null,
      expiresAt: new Date(now.getTime() + env().SESSION_TTL_HOURS * 3_600_000),
      accessTokenEnc: input.tokens.accessToken ? encrypt(input.tokens.accessToken) : null,
      refreshTokenEnc: input.tokens.refreshToken ? encrypt(input.tokens.refreshToken) : null,
      idTokenEnc: encrypt(input.tokens.idToken),
      tokenExpiresAt: input.tokens.expiresAt ? new Date(input.tokens.expiresAt * 1000) : null,
    });
    await usersRepo(tx).update(user.id, { lastLoginAt: now, lastOrgId: ctx.orgId });
    audits.push({
      action: "auth.sso_login_succeeded", targetType: "user", targetId: user.id, targetLabel: user.email,
      after: { sessionId: session.id, connectionId: rt.connectionId, role, jit, traceId },
    });
    await recordPrincipalAuditMany(tx, actor, org, audits);
    return { userId: user.id, sessionId: session.id, jit, role };
  });

  if ("denied" in r) return recordSsoFailure(ctx.orgId, { ...r.denied, connectionId: rt.connectionId, traceId }, input.meta);
  return { status: "signed_in", orgId: ctx.orgId, userId: r.userId, sessionId: r.sessionId, sessionToken: token, jit: r.jit, role: r.role };
}

/** Replaces the user's SSO-sourced teams and business units (other sources untouched). Null when nothing changed. */
async function syncAssignments(ctx: OrgContext, tx: TxHandle, userId: string, teams: string[], units: string[], newUser: boolean) {
  const repo = teamsRepo(ctx, tx);
  // A user created in this transaction holds nothing yet: no need to ask.
  const current = newUser ? { teams: new Map<string, { id: string; name: string }[]>(), businessUnits: new Map<string, { id: string; name: string }[]>() } : await repo.assignments([userId], "sso");
  const curTeams = current.teams.get(userId) ?? [];
  const curUnits = current.businessUnits.get(userId) ?? [];
  // Only names the user does not hold yet need their rows (a returning user usually needs none).
  const newTeams = teams.filter((n) => !curTeams.some((t) => t.name === n));
  const newUnits = units.filter((n) => !curUnits.some((u) => u.name === n));
  const teamIds = await repo.ensureTeams(newTeams);
  const unitIds = await repo.ensureBusinessUnits(newUnits);
  const addTeams = newTeams.map((n) => teamIds.get(n)!).filter(Boolean);
  const dropTeams = curTeams.filter((t) => !teams.includes(t.name)).map((t) => t.id);
  const addUnits = newUnits.map((n) => unitIds.get(n)!).filter(Boolean);
  const dropUnits = curUnits.filter((u) => !units.includes(u.name)).map((u) => u.id);
  if (!addTeams.length && !dropTeams.length && !addUnits.length && !dropUnits.length) return null;
  if (dropTeams.length) await repo.removeTeamMemberships(userId, dropTeams, "sso");
  if (addTeams.length) await repo.addTeamMemberships(userId, addTeams, "sso");
  if (dropUnits.length) await repo.removeBusinessUnitMemberships(userId, dropUnits, "sso");
  if (addUnits.length) await repo.addBusinessUnitMemberships(userId, addUnits, "sso");
  return {
    before: { teams: curTeams.map((t) => t.name), businessUnits: curUnits.map((u) => u.name) },
    after: { teams, businessUnits: units },
  };
}

// ---- test sign-in ----------------------------------------------------------------------------------

async function runTest(ctx: OrgContext, rt: SsoRuntime, input: SsoCallbackInput, id: Identified, traceId: string): Promise<SsoCallbackOutcome> {
  const { identity } = id;
  const ticket = input.test!;
  const ids = userIdentitiesRepo(ctx);
  const link = await ids.findBySubject(rt.connectionId, identity.subject);
  const user = link?.user ?? (await membershipUsersRepo().findByEmail(identity.email));
  const membership = user ? await membersRepo(ctx).findByUserId(user.id) : null;
  const ev = await evaluate(ctx, identity);
  const decision = decideRole(ev.result, membership, {
    defaultRole: await identityMappingsRepo(ctx).defaultRole(),
    hasSsoMembers: await ssoConnectionsRepo(ctx).hasSsoMembers(),
  });
  const role = decision.kind === "deny" ? null : decision.role;
  const custom = await identityMappingsRepo(ctx).customRoles();
  const rank = role === "admin" ? ADMIN_RANK : role === "owner" ? 100 : role === "member" ? 10 : (custom.find((r) => r.name === role)?.rank ?? 0);
  const failure = decision.kind === "deny" ? { reason: "no-mapping" as const, message: failureMessage("no-mapping"), detail: "No role rule matched and the provider named no known role" } : null;
  const notTheAdmin = identity.email !== ticket.adminEmail.toLowerCase() && user?.id !== ticket.adminUserId;
  const result: TestSignInResult = {
    at: new Date().toISOString(),
    ok: !failure,
    traceId: failure ? traceId : null,
    email: identity.email,
    subject: identity.subject,
    name: identity.name,
    claims: redactClaims(id.claims),
    usedUserinfo: id.usedUserinfo,
    outcome: ev.result.outcome,
    role,
    roleWhy: decision.kind === "deny" ? null : decision.why,
    teams: ev.teams,
    businessUnits: ev.businessUnits,
    warnings: ev.result.warnings,
    existingUser: !!user,
    countsForEnforcement: !failure && notTheAdmin && rank < ADMIN_RANK,
    failure,
  };
  if (failure) await recordSsoFailure(ctx.orgId, { reason: "no-mapping", detail: failure.detail, claims: id.claims, email: identity.email, connectionId: rt.connectionId, traceId, test: true }, input.meta);
  await storeTestResult(ctx, rt.connectionId, result, { userId: user?.id ?? null, ticket, meta: input.meta });
  return { status: "tested", orgId: ctx.orgId, result };
}

async function storeTestResult(ctx: OrgContext, connectionId: string, result: TestSignInResult, o: { userId: string | null; ticket: TestTicket; meta: RequestMeta }) {
  await transaction(async (tx) => {
    await ssoConnectionsRepo(ctx, tx).update(connectionId, {
      lastTestResult: result,
      lastTestAt: new Date(result.at),
      ...(result.countsForEnforcement ? { testSignInAt: new Date(result.at), testSignInEmail: result.email, testSignInUserId: o.userId } : {}),
    });
    await recordPrincipalAudit(tx, { actor: { type: "user", userId: o.ticket.adminUserId, email: o.ticket.adminEmail }, meta: o.meta }, { id: ctx.orgId, name: ctx.orgName }, {
      action: "sso.test_completed", targetType: "sso_connection", targetId: connectionId, targetLabel: result.email,
      after: { ok: result.ok, email: result.email, role: result.role, teams: result.teams, businessUnits: result.businessUnits, countsForEnforcement: result.countsForEnforcement, traceId: result.traceId },
    });
  });
}

/** A failed test sign-in also becomes the connection's last test result, so the admin sees why. */
async function finishTest(input: SsoCallbackInput, out: Extract<SsoCallbackOutcome, { status: "failed" }>, claims: Record<string, unknown> | null = null): Promise<SsoCallbackOutcome> {
  if (!input.test) return out;
  let ctx: OrgContext;
  try {
    ctx = await orgContextForJob(input.orgId, "single sign-on");
  } catch {
    return out;
  }
  const conn = await ssoConnectionsRepo(ctx).get();
  if (!conn) return out;
  const result: TestSignInResult = {
    at: new Date().toISOString(), ok: false, traceId: out.traceId, email: typeof claims?.email === "string" ? claims.email : null,
    subject: typeof claims?.sub === "string" ? claims.sub : null, name: null, claims: redactClaims(claims), usedUserinfo: false,
    outcome: "failed", role: null, roleWhy: null, teams: [], businessUnits: [], warnings: [], existingUser: false, countsForEnforcement: false,
    failure: { reason: out.reason, message: out.message, detail: out.detail },
  };
  await storeTestResult(ctx, conn.id, result, { userId: null, ticket: input.test, meta: input.meta });
  return { status: "tested", orgId: input.orgId, result };
}

/** For callers that must surface a configuration problem as an error (the sign-in start). */
export function assertRuntime(r: Awaited<ReturnType<typeof loadRuntime>>): SsoRuntime {
  if (!r.ok) throw new AppError(r.reason === "no-connection" ? "not_found" : "precondition_failed", r.detail);
  return r.runtime;
}
