import type { OAuthConnectionRow } from "@/lib/db/repos/oauth-connections";
import type { ConfigSource } from "@/lib/configs/dto";

/** The client secret is write-only: reads say whether one is stored, never what it is. */
export function toOAuthConnectionDto(row: OAuthConnectionRow, opts: { overridesGlobal?: boolean } = {}) {
  const source: ConfigSource = row.orgId === null ? "global" : "organization";
  return {
    id: row.id,
    name: row.name,
    provider: row.provider,
    clientId: row.clientId,
    hasClientSecret: row.clientSecretEnc !== null,
    scopes: row.scopes,
    issuer: row.issuer,
    authorizationUrl: row.authorizationUrl,
    tokenUrl: row.tokenUrl,
    userinfoUrl: row.userinfoUrl,
    jwksUrl: row.jwksUrl,
    source,
    orgId: row.orgId,
    overridesGlobal: source === "organization" && !!opts.overridesGlobal,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
export type OAuthConnectionDto = ReturnType<typeof toOAuthConnectionDto>;

/** Audit snapshot: the secret is reduced to whether it exists. */
export function toOAuthConnectionAudit(row: OAuthConnectionRow) {
  const { id: _id, orgId: _o, source: _s, overridesGlobal: _g, createdAt: _c, updatedAt: _u, ...rest } = toOAuthConnectionDto(row);
  return { ...rest, scope: row.orgId === null ? "global" : "organization" };
}
