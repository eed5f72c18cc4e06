export type ApiKeyRow = {
  id: string; orgId: string | null; name: string; prefix: string; scopes: string[]; createdById: string | null;
  expiresAt: Date | null; lastUsedAt: Date | null; revokedAt: Date | null; disabledAt: Date | null; createdAt: Date;
};

export type ApiKeyStatus = "active" | "expired" | "revoked";

export function apiKeyStatus(k: Pick<ApiKeyRow, "revokedAt" | "disabledAt" | "expiresAt">, now = Date.now()): ApiKeyStatus {
  if (k.revokedAt || k.disabledAt) return "revoked";
  if (k.expiresAt && k.expiresAt.getTime() <= now) return "expired";
  return "active";
}

/** Never includes the hash; the secret itself exists only in the create response. */
export function toApiKeyDto(k: ApiKeyRow) {
  return {
    id: k.id,
    orgId: k.orgId,
    name: k.name,
    prefix: k.prefix,
    scopes: [...k.scopes],
    status: apiKeyStatus(k),
    createdById: k.createdById,
    expiresAt: k.expiresAt?.toISOString() ?? null,
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
    createdAt: k.createdAt.toISOString(),
  };
}
export type ApiKeyDto = ReturnType<typeof toApiKeyDto>;
export type CreatedApiKeyDto = ApiKeyDto & { secret: string };
