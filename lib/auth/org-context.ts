import { AppError } from "@/lib/errors";
import { builtinGrant, isBuiltinRole, isPermission, MFA_ROLES, type Permission, type RoleGrant } from "@/lib/auth/permissions";
import { principalsRepo } from "@/lib/db/repos/principals";
import { sha256, safeEqual } from "@/lib/crypto";
import { scimTokenAuthRepo } from "@/lib/db/repos/scim-tokens";
import { env } from "@/lib/env";
import { clientIp } from "@/lib/http/client-ip";

export type RequestMeta = { ip?: string | null; userAgent?: string | null };

export type Actor =
  | { type: "user"; userId: string; email: string; sessionId?: string }
  | { type: "api_key"; keyId: string; label: string; orgId: string | null; scopes: Permission[] }
  | { type: "system"; label: string }
  | { type: "scim"; tokenId: string; label: string };

/** Someone authenticated, not yet acting in an organization. */
export type Principal = {
  actor: Actor;
  meta: RequestMeta;
  /** owner/admin of the active provider organization: may act in every organization */
  providerRole: "owner" | "admin" | null;
  /** owner/admin without TOTP: must enrol before acting */
  needsMfaEnrolment: boolean;
  /** interactive sessions: the organization chosen with POST /api/v1/organizations/switch */
  activeOrgId?: string | null;
};

declare const brand: unique symbol;
/**
 * The only way into tenant data. Created by the functions in this file and nowhere else:
 * the branded type makes a hand-built context a type error.
 */
export type OrgContext = {
  readonly orgId: string;
  readonly orgName: string;
  readonly orgIsProvider: boolean;
  readonly orgIsActive: boolean;
  readonly actor: Actor;
  readonly meta: RequestMeta;
  readonly role: string;
  readonly rank: number;
  readonly permissions: ReadonlySet<Permission>;
  readonly viaProvider: boolean;
  /** The actor is an owner/admin of the provider organization (or a platform key), whatever role won here. */
  readonly isProviderAdmin: boolean;
  readonly [brand]: true;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s);

async function resolveRole(orgId: string, role: string): Promise<RoleGrant> {
  if (isBuiltinRole(role)) return builtinGrant(role);
  const custom = await principalsRepo.findEffectiveRole(orgId, role);
  // A membership whose custom role was deleted keeps read access only.
  if (!custom) return builtinGrant("member");
  return { name: custom.name, rank: custom.rank, permissions: new Set(custom.permissions.filter(isPermission)) };
}

function build(org: { id: string; name: string; isProvider: boolean; isActive: boolean }, principal: Principal, grant: RoleGrant, viaProvider: boolean): OrgContext {
  return {
    orgId: org.id,
    orgName: org.name,
    orgIsProvider: org.isProvider,
    orgIsActive: org.isActive,
    actor: principal.actor,
    meta: principal.meta,
    role: grant.name,
    rank: grant.rank,
    permissions: grant.permissions,
    viaProvider,
    isProviderAdmin: principal.providerRole !== null,
  } as OrgContext;
}

const inactive = (name: string) =>
  new AppError("forbidden", `Organization "${name}" is inactive; a provider administrator must reactivate it first`);

/**
 * Builds the context for a principal acting in orgId. Another organization's id is not_found,
 * never forbidden, so the response does not reveal that it exists.
 */
export async function orgContext(principal: Principal, orgId: string): Promise<OrgContext> {
  if (!isUuid(orgId)) throw new AppError("not_found", "Organization not found");
  const org = await principalsRepo.findOrg(orgId);
  if (!org) throw new AppError("not_found", "Organization not found");
  const { actor } = principal;

  if (actor.type === "api_key") {
    if (actor.orgId !== null && actor.orgId !== org.id) throw new AppError("not_found", "Organization not found");
    // Platform-wide keys act for the provider: they may reactivate an inactive organization.
    if (!org.isActive && actor.orgId !== null) throw inactive(org.name);
    const grant: RoleGrant = { name: "api_key", rank: 0, permissions: new Set(actor.scopes) };
    return build(org, principal, grant, actor.orgId === null);
  }
  if (actor.type !== "user") throw new AppError("forbidden", "This credential cannot act in an organization");
  if (principal.needsMfaEnrolment) {
    throw new AppError("forbidden", "Enrol two-factor authentication (Account → Security) before managing organizations");
  }

  const membership = await principalsRepo.findMembership(org.id, actor.userId);
  const own = membership && membership.status === "active" ? await resolveRole(org.id, membership.role) : null;
  const provider = principal.providerRole ? builtinGrant(principal.providerRole) : null;
  if (!own && !provider) throw new AppError("not_found", "Organization not found");
  const useProvider = !!provider && (!own || provider.rank > own.rank);
  if (!org.isActive && !useProvider) throw inactive(org.name);
  // Issue #4 "Require SSO": a member acts here only through a session this organization's SSO started
  // (a password session or another organization's SSO is not enough), break-glass owners excepted.
  if (own && !useProvider && membership!.requireSso) {
    const facts = await principalsRepo.ssoEnforcementFacts(actor.userId, actor.sessionId);
    const viaThisSso = facts.session?.source === "sso" && facts.session.ssoOrgId === org.id;
    if (!viaThisSso && !(facts.breakGlass && membership!.role === "owner")) {
      throw new AppError("forbidden", `${org.name} requires single sign-on: sign out, then sign in with your work email through its identity provider`);
    }
  }
  return build(org, principal, useProvider ? provider! : own!, useProvider && !org.isProvider);
}

/** Loads a signed-in user's principal (used by the session layer and by tests). */
export async function userPrincipal(userId: string, meta: RequestMeta, sessionId?: string): Promise<Principal> {
  const user = await principalsRepo.findUserWithProviderRole(userId);
  if (!user || !user.isActive) throw new AppError("unauthenticated", "Your account is disabled or no longer exists");
  const needsMfa = !user.mfaEnabledAt && user.roles.some((r) => MFA_ROLES.includes(r));
  return {
    actor: { type: "user", userId: user.id, email: user.email, sessionId },
    meta,
    providerRole: user.providerRole,
    needsMfaEnrolment: needsMfa,
  };
}

export const API_KEY_PREFIX = "gh_";

/** Authenticates `Authorization: Bearer gh_...`. Returns null when the request carries no API key. */
export async function authenticateApiKey(request: Request): Promise<Principal | null> {
  const header = request.headers.get("authorization") ?? "";
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  const xKey = request.headers.get("x-api-key");
  const raw = m?.[1] ?? xKey ?? null;
  if (!raw) return null;
  if (!raw.startsWith(API_KEY_PREFIX)) throw new AppError("unauthenticated", "The API key is malformed: keys start with gh_");
  const hash = sha256(raw);
  const key = await principalsRepo.findApiKeyByHash(hash);
  // The lookup is by hash; the constant-time compare guards against a timing side channel on the index.
  if (!key || !safeEqual(key.keyHash, hash)) throw new AppError("unauthenticated", "The API key is invalid");
  if (key.revokedAt) throw new AppError("unauthenticated", "The API key has been revoked");
  if (key.disabledAt) throw new AppError("unauthenticated", "The API key has been disabled");
  if (key.expiresAt && key.expiresAt.getTime() < Date.now()) throw new AppError("unauthenticated", "The API key has expired");
  if (key.orgId && key.orgIsActive === false) {
    throw new AppError("forbidden", `Organization "${key.orgName}" is inactive; its API keys are refused`);
  }
  principalsRepo.touchApiKey(key.id);
  return {
    actor: { type: "api_key", keyId: key.id, label: `${key.name} (${key.prefix}…)`, orgId: key.orgId, scopes: key.scopes.filter(isPermission) },
    meta: requestMeta(request),
    providerRole: key.orgId === null ? "admin" : null,
    needsMfaEnrolment: false,
  };
}

/** For Inngest jobs and the admin CLI: re-checks that the organization still exists and is active. */
export async function orgContextForJob(orgId: string, label = "system"): Promise<OrgContext> {
  const org = isUuid(orgId) ? await principalsRepo.findOrg(orgId) : null;
  if (!org) throw new AppError("not_found", "Organization not found");
  if (!org.isActive) throw inactive(org.name);
  const principal: Principal = { actor: { type: "system", label }, meta: {}, providerRole: "owner", needsMfaEnrolment: false };
  return build(org, principal, builtinGrant("owner"), false);
}

export const SCIM_TOKEN_PREFIX = "scim_";

/**
 * Authenticates a SCIM request (`Authorization: Bearer scim_...`): the token alone identifies the
 * organization. Missing, unknown, revoked or expired tokens are unauthenticated; an inactive organization
 * is forbidden. The context carries no member permissions: SCIM services check nothing beyond the
 * token's `scopes`, which lib/http/scim.ts enforces per route.
 */
export async function authenticateScim(request: Request): Promise<{ ctx: OrgContext; scopes: string[] }> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  if (!m) throw new AppError("unauthenticated", "Send the SCIM token as Authorization: Bearer <token>");
  const raw = m[1]!;
  const hash = sha256(raw);
  const token = raw.startsWith(SCIM_TOKEN_PREFIX) ? await scimTokenAuthRepo.findByHash(hash) : null;
  // The lookup is by hash; the constant-time compare guards against a timing side channel on the index.
  if (!token || !safeEqual(token.tokenHash, hash)) throw new AppError("unauthenticated", "The SCIM token is invalid");
  if (token.revokedAt) throw new AppError("unauthenticated", "The SCIM token has been revoked");
  if (token.expiresAt && token.expiresAt.getTime() < Date.now()) throw new AppError("unauthenticated", "The SCIM token has expired");
  if (!token.org.isActive) throw inactive(token.org.name);
  scimTokenAuthRepo.touch(token.id);
  const principal: Principal = {
    actor: { type: "scim", tokenId: token.id, label: `SCIM token ${token.name} (${token.prefix}…)` },
    meta: requestMeta(request),
    providerRole: null,
    needsMfaEnrolment: false,
  };
  return { ctx: build(token.org, principal, { name: "scim", rank: 0, permissions: new Set() }, false), scopes: token.scopes };
}

export function requestMeta(request: Request): RequestMeta {
  return { ip: clientIp(request.headers, env().TRUST_PROXY), userAgent: request.headers.get("user-agent") };
}

export function actorLabel(actor: Actor): string {
  switch (actor.type) {
    case "user": return actor.email;
    case "api_key": return actor.label;
    case "system": return actor.label;
    case "scim": return actor.label;
  }
}
export function actorId(actor: Actor): string | null {
  switch (actor.type) {
    case "user": return actor.userId;
    case "api_key": return actor.keyId;
    case "scim": return actor.tokenId;
    default: return null;
  }
}
