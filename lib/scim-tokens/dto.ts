export type ScimTokenRow = {
  id: string; orgId: string; name: string; prefix: string; scopes: string[]; createdById: string | null;
  expiresAt: Date | null; lastUsedAt: Date | null; revokedAt: Date | null; createdAt: Date;
};

export type ScimTokenStatus = "active" | "expired" | "revoked";

export function scimTokenStatus(t: Pick<ScimTokenRow, "revokedAt" | "expiresAt">, now = Date.now()): ScimTokenStatus {
  if (t.revokedAt) return "revoked";
  if (t.expiresAt && t.expiresAt.getTime() <= now) return "expired";
  return "active";
}

/** Never includes the hash; the secret exists only in the create response. */
export function toScimTokenDto(t: ScimTokenRow) {
  return {
    id: t.id,
    orgId: t.orgId,
    name: t.name,
    prefix: t.prefix,
    scopes: [...t.scopes],
    status: scimTokenStatus(t),
    createdById: t.createdById,
    expiresAt: t.expiresAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
    createdAt: t.createdAt.toISOString(),
  };
}
export type ScimTokenDto = ReturnType<typeof toScimTokenDto>;
export type CreatedScimTokenDto = ScimTokenDto & { secret: string; scimBaseUrl: string };
