import type { OrgContext } from "@/lib/auth/org-context";
import { SCIM_TOKEN_PREFIX } from "@/lib/auth/org-context";
import { transaction } from "@/lib/db/unit-of-work";
import { fenceCaches } from "@/lib/db/cache-bus";
import { scimTokensRepo } from "@/lib/db/repos/scim-tokens";
import { recordAudit } from "@/lib/audit/service";
import { randomToken, sha256 } from "@/lib/crypto";
import { notFound } from "@/lib/errors";
import { toPage, type Page } from "@/lib/http/pagination";
import { parseExpiry } from "@/lib/api-keys/schemas";
import { scimBaseUrl } from "@/lib/scim-common/base-url";
import { toScimTokenDto, type CreatedScimTokenDto, type ScimTokenDto } from "./dto";
import { SCIM_TOKEN_SCOPES, type CreateScimTokenInput, type ListScimTokensQuery } from "./schemas";

/** The organization's SCIM tokens, newest first (never the secrets). Assumes scim:read. */
export async function list(ctx: OrgContext, q: ListScimTokensQuery): Promise<Page<ScimTokenDto>> {
  const { rows, total } = await scimTokensRepo(ctx).list(q.status, (q.page - 1) * q.limit, q.limit);
  return toPage(rows.map(toScimTokenDto), total, q);
}

/**
 * Creates a token for an identity provider. The secret (`scim_` + 256 random bits) is in this response
 * only; the database keeps its SHA-256. Several tokens may be active, so a rotation can overlap.
 * Assumes scim:manage.
 */
export async function create(ctx: OrgContext, input: CreateScimTokenInput): Promise<CreatedScimTokenDto> {
  const secret = `${SCIM_TOKEN_PREFIX}${randomToken(32)}`;
  const row = await transaction(async (tx) => {
    const created = await scimTokensRepo(ctx, tx).create({
      name: input.name,
      prefix: secret.slice(0, SCIM_TOKEN_PREFIX.length + 8),
      tokenHash: sha256(secret),
      scopes: [...(input.scopes ?? SCIM_TOKEN_SCOPES)],
      createdById: ctx.actor.type === "user" ? ctx.actor.userId : null,
      expiresAt: input.expiresAt ? parseExpiry(input.expiresAt) : null,
    });
    await recordAudit(tx, ctx, {
      action: "scim_token.created",
      targetType: "scim_token",
      targetId: created.id,
      targetLabel: created.name,
      after: { name: created.name, prefix: created.prefix, scopes: created.scopes, expiresAt: created.expiresAt },
    });
    return created;
  });
  return { ...toScimTokenDto(row), secret, scimBaseUrl: scimBaseUrl() };
}

/**
 * Revokes a token: the next request with it is 401, on every node (the commit notifies every node's token
 * cache, and the response waits until each one confirmed, lib/db/cache-bus.ts). Revoking twice is
 * harmless. Assumes scim:manage.
 */
export async function revoke(ctx: OrgContext, tokenId: string): Promise<ScimTokenDto> {
  const dto = await transaction(async (tx) => {
    const repo = scimTokensRepo(ctx, tx);
    const current = await repo.findById(tokenId);
    if (!current) throw notFound("SCIM token");
    if (current.revokedAt) return toScimTokenDto(current);
    const row = await repo.revoke(tokenId);
    await recordAudit(tx, ctx, {
      action: "scim_token.revoked",
      targetType: "scim_token",
      targetId: row.id,
      targetLabel: row.name,
      before: { revokedAt: null },
      after: { revokedAt: row.revokedAt },
    });
    return toScimTokenDto(row);
  });
  await fenceCaches();
  return dto;
}

