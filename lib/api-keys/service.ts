import { transaction } from "@/lib/db/unit-of-work";
import { apiKeysRepo, platformApiKeysRepo } from "@/lib/db/repos/api-keys";
import { recordAudit, recordPrincipalAudit } from "@/lib/audit/service";
import { notFound } from "@/lib/errors";
import { API_KEY_PREFIX, actorId, type OrgContext, type Principal } from "@/lib/auth/org-context";
import { PERMISSIONS, type Permission } from "@/lib/auth/permissions";
import { randomToken, sha256 } from "@/lib/crypto";
import { toPage, type Page } from "@/lib/http/pagination";
import { assertHolds, providerGrant } from "@/lib/roles/grants";
import { toApiKeyDto, type ApiKeyDto, type CreatedApiKeyDto } from "./dto";
import { parseExpiry, type CreateApiKeyInput, type ListApiKeysQuery } from "./schemas";

/** Shown in lists so people can tell keys apart: "gh_" + the first 8 characters of the random part. */
export const VISIBLE_PREFIX_LENGTH = 11;

type Repo = ReturnType<typeof apiKeysRepo>;
type Acting = { actor: OrgContext["actor"]; permissions: ReadonlySet<Permission> };

function mint(actor: Acting, input: CreateApiKeyInput) {
  // Keep the table's order so the stored list reads the same however it was sent.
  const scopes = input.scopes
    ? PERMISSIONS.filter((p) => input.scopes!.includes(p))
    : PERMISSIONS.filter((p) => actor.permissions.has(p));
  assertHolds(actor, scopes, "an API key");
  const secret = `${API_KEY_PREFIX}${randomToken(32)}`;
  return {
    secret,
    row: {
      name: input.name,
      prefix: secret.slice(0, VISIBLE_PREFIX_LENGTH),
      keyHash: sha256(secret),
      scopes,
      createdById: actorId(actor.actor),
      expiresAt: input.expiresAt ? parseExpiry(input.expiresAt) : null,
    },
  };
}

const audited = (k: { name: string; prefix: string; scopes: string[]; expiresAt: Date | null }) => ({
  name: k.name, prefix: k.prefix, scopes: k.scopes, expiresAt: k.expiresAt?.toISOString() ?? null,
});

async function listWith(repo: Repo, q: ListApiKeysQuery): Promise<Page<ApiKeyDto>> {
  const { rows, total } = await repo.list({ status: q.status, search: q.search || undefined }, (q.page - 1) * q.limit, q.limit);
  return toPage(rows.map(toApiKeyDto), total, q);
}

export const list = (ctx: OrgContext, q: ListApiKeysQuery) => listWith(apiKeysRepo(ctx), q);

/**
 * Creates an organization key. The secret is in this response only (stored as its SHA-256).
 * Forbidden when asking for scopes the creator does not hold; default scopes = the creator's permissions.
 */
export async function create(ctx: OrgContext, input: CreateApiKeyInput): Promise<CreatedApiKeyDto> {
  const { secret, row } = mint(ctx, input);
  return transaction(async (tx) => {
    const key = await apiKeysRepo(ctx, tx).create(row);
    await recordAudit(tx, ctx, { action: "api_key.created", targetType: "api_key", targetId: key.id, targetLabel: key.name, after: audited(key) });
    return { ...toApiKeyDto(key), secret };
  });
}

/** Revokes at once (authenticateApiKey refuses revoked keys). Idempotent: revoking again records nothing. */
export async function revoke(ctx: OrgContext, keyId: string): Promise<ApiKeyDto> {
  return transaction(async (tx) => {
    const repo = apiKeysRepo(ctx, tx);
    const key = await repo.findById(keyId);
    if (!key) throw notFound("API key");
    if (key.revokedAt) return toApiKeyDto(key);
    const after = await repo.revoke(keyId);
    await recordAudit(tx, ctx, { action: "api_key.revoked", targetType: "api_key", targetId: key.id, targetLabel: key.name, before: { ...audited(key), revokedAt: null }, after: { revokedAt: after.revokedAt!.toISOString() } });
    return toApiKeyDto(after);
  });
}

// Platform-wide keys (orgId null): provider administrators only.

export async function listPlatform(principal: Principal, q: ListApiKeysQuery): Promise<Page<ApiKeyDto>> {
  providerGrant(principal, "apikey:read");
  return listWith(platformApiKeysRepo(), q);
}

export async function createPlatform(principal: Principal, input: CreateApiKeyInput): Promise<CreatedApiKeyDto> {
  const actor = providerGrant(principal, "apikey:manage");
  const { secret, row } = mint(actor, input);
  return transaction(async (tx) => {
    const key = await platformApiKeysRepo(tx).create(row);
    await recordPrincipalAudit(tx, principal, null, { action: "api_key.created", targetType: "api_key", targetId: key.id, targetLabel: key.name, after: { ...audited(key), scope: "platform" } });
    return { ...toApiKeyDto(key), secret };
  });
}

export async function revokePlatform(principal: Principal, keyId: string): Promise<ApiKeyDto> {
  providerGrant(principal, "apikey:manage");
  return transaction(async (tx) => {
    const repo = platformApiKeysRepo(tx);
    const key = await repo.findById(keyId);
    if (!key) throw notFound("API key");
    if (key.revokedAt) return toApiKeyDto(key);
    const after = await repo.revoke(keyId);
    await recordPrincipalAudit(tx, principal, null, { action: "api_key.revoked", targetType: "api_key", targetId: key.id, targetLabel: key.name, before: { ...audited(key), revokedAt: null, scope: "platform" }, after: { revokedAt: after.revokedAt!.toISOString() } });
    return toApiKeyDto(after);
  });
}
