import { transaction } from "@/lib/db/unit-of-work";
import {
  globalOAuthConnectionsRepo, oauthConnectionsRepo, type OAuthConnectionData, type OAuthConnectionRow,
} from "@/lib/db/repos/oauth-connections";
import { recordAudit, recordPrincipalAudit } from "@/lib/audit/service";
import { AppError, conflict } from "@/lib/errors";
import { can, type Permission } from "@/lib/auth/permissions";
import type { OrgContext, Principal } from "@/lib/auth/org-context";
import { decrypt, encrypt } from "@/lib/crypto";
import { toPage, type Page } from "@/lib/http/pagination";
import { toOAuthConnectionAudit, toOAuthConnectionDto, type OAuthConnectionDto } from "./dto";
import type { CreateOAuthConnectionInput, ListOAuthConnectionsQuery, PutOAuthConnectionInput } from "./schemas";

/** A PUT replaces every field; only the write-only secret is kept when omitted. */
function toData(input: PutOAuthConnectionInput, storedSecretEnc: string | null): OAuthConnectionData {
  return {
    provider: input.provider,
    clientId: input.clientId,
    clientSecretEnc: input.clientSecret === undefined ? storedSecretEnc : input.clientSecret === null ? null : encrypt(input.clientSecret),
    scopes: [...new Set(input.scopes ?? [])],
    issuer: input.issuer ?? null,
    authorizationUrl: input.authorizationUrl ?? null,
    tokenUrl: input.tokenUrl ?? null,
    userinfoUrl: input.userinfoUrl ?? null,
    jwksUrl: input.jwksUrl ?? null,
  };
}

const secretChange = (input: PutOAuthConnectionInput) =>
  input.clientSecret === undefined ? {} : { clientSecretChanged: input.clientSecret === null ? "removed" : "set" };

function requireManage(ctx: OrgContext) {
  if (!can(ctx, "connection:manage")) throw new AppError("forbidden", `Your role (${ctx.role}) does not allow this: it needs the connection:manage permission`);
}

const notFoundIn = (name: string) => new AppError("not_found", `No OAuth connection named ${name} in this organization or globally`);
const auditTarget = (row: OAuthConnectionRow) => ({
  targetType: "oauth_connection", targetId: row.id, targetLabel: row.orgId === null ? `${row.name} (global)` : row.name,
});

/** The organization's effective connections: its own plus every global one it does not override. */
export async function listEffective(ctx: OrgContext, q: ListOAuthConnectionsQuery): Promise<Page<OAuthConnectionDto>> {
  const { rows, total, overridden } = await oauthConnectionsRepo(ctx).listEffective({ search: q.search || undefined, skip: (q.page - 1) * q.limit, take: q.limit });
  return toPage(rows.map((r) => toOAuthConnectionDto(r, { overridesGlobal: overridden.has(r.name) })), total, q);
}

/** Resolves a name: the organization's connection, else the global one; not_found when neither exists. */
export async function resolve(ctx: OrgContext, name: string): Promise<OAuthConnectionDto> {
  const { own, global } = await oauthConnectionsRepo(ctx).findBoth(name);
  if (own) return toOAuthConnectionDto(own, { overridesGlobal: !!global });
  if (global) return toOAuthConnectionDto(global);
  throw notFoundIn(name);
}

/**
 * The resolved connection's client secret, decrypted (null when none is stored). Server-side use only
 * (token exchange): never return it to a client or log it.
 */
export async function resolveClientSecret(ctx: OrgContext, name: string): Promise<string | null> {
  const { own, global } = await oauthConnectionsRepo(ctx).findBoth(name);
  const row = own ?? global;
  if (!row) throw notFoundIn(name);
  return row.clientSecretEnc ? decrypt(row.clientSecretEnc) : null;
}

/** Creates an organization connection (an override when a global one has the same name); 409 if the org has one. */
export async function create(ctx: OrgContext, input: CreateOAuthConnectionInput): Promise<OAuthConnectionDto> {
  requireManage(ctx);
  return transaction(async (tx) => {
    const repo = oauthConnectionsRepo(ctx, tx);
    const { own, global } = await repo.findBoth(input.name);
    if (own) throw conflict(`An OAuth connection named ${input.name} already exists in this organization; use PUT to replace it`);
    const row = await repo.create(input.name, toData(input, null));
    await recordAudit(tx, ctx, { action: "oauth_connection.created", ...auditTarget(row), after: { ...toOAuthConnectionAudit(row), overridesGlobal: !!global } });
    return toOAuthConnectionDto(row, { overridesGlobal: !!global });
  });
}

/** Creates or replaces the organization's connection of that name; an omitted clientSecret keeps the stored one. */
export async function put(ctx: OrgContext, name: string, input: PutOAuthConnectionInput): Promise<{ connection: OAuthConnectionDto; created: boolean }> {
  requireManage(ctx);
  return transaction(async (tx) => {
    const repo = oauthConnectionsRepo(ctx, tx);
    const { own, global } = await repo.findBoth(name);
    const data = toData(input, own?.clientSecretEnc ?? null);
    const row = own ? await repo.update(own.id, data) : await repo.create(name, data);
    await recordAudit(tx, ctx, {
      action: own ? "oauth_connection.updated" : "oauth_connection.created",
      ...auditTarget(row),
      before: own ? toOAuthConnectionAudit(own) : undefined,
      after: { ...toOAuthConnectionAudit(row), overridesGlobal: !!global, ...secretChange(input) },
    });
    return { connection: toOAuthConnectionDto(row, { overridesGlobal: !!global }), created: !own };
  });
}

/** Deletes the organization's connection; a global one of the same name shows through again. */
export async function remove(ctx: OrgContext, name: string): Promise<void> {
  requireManage(ctx);
  await transaction(async (tx) => {
    const repo = oauthConnectionsRepo(ctx, tx);
    const { own, global } = await repo.findBoth(name);
    if (!own) {
      throw new AppError("not_found", global
        ? `This organization has no override of OAuth connection ${name}; the global one is managed by provider administrators`
        : `No OAuth connection named ${name} in this organization`);
    }
    await repo.delete(own.id);
    await recordAudit(tx, ctx, { action: "oauth_connection.deleted", ...auditTarget(own), before: toOAuthConnectionAudit(own), after: global ? { revertedTo: "global" } : undefined });
  });
}

// Global connections: provider administrators (and platform-wide keys with the scope) only.

function requireProvider(principal: Principal, permission: Permission) {
  if (!principal.providerRole) throw new AppError("forbidden", "Global OAuth connections are managed by provider administrators");
  if (principal.actor.type === "api_key" && !principal.actor.scopes.includes(permission)) {
    throw new AppError("forbidden", `This API key lacks the ${permission} scope`);
  }
}
const globalNotFound = (name: string) => new AppError("not_found", `No global OAuth connection named ${name}`);

export async function listGlobal(principal: Principal, q: ListOAuthConnectionsQuery): Promise<Page<OAuthConnectionDto>> {
  requireProvider(principal, "connection:read");
  const { rows, total } = await globalOAuthConnectionsRepo().list({ search: q.search || undefined, skip: (q.page - 1) * q.limit, take: q.limit });
  return toPage(rows.map((r) => toOAuthConnectionDto(r)), total, q);
}

export async function getGlobal(principal: Principal, name: string): Promise<OAuthConnectionDto> {
  requireProvider(principal, "connection:read");
  const row = await globalOAuthConnectionsRepo().find(name);
  if (!row) throw globalNotFound(name);
  return toOAuthConnectionDto(row);
}

export async function createGlobal(principal: Principal, input: CreateOAuthConnectionInput): Promise<OAuthConnectionDto> {
  requireProvider(principal, "connection:manage");
  return transaction(async (tx) => {
    const repo = globalOAuthConnectionsRepo(tx);
    if (await repo.find(input.name)) throw conflict(`A global OAuth connection named ${input.name} already exists; use PUT to replace it`);
    const row = await repo.create(input.name, toData(input, null));
    await recordPrincipalAudit(tx, principal, null, { action: "oauth_connection.created", ...auditTarget(row), after: toOAuthConnectionAudit(row) });
    return toOAuthConnectionDto(row);
  });
}

export async function putGlobal(principal: Principal, name: string, input: PutOAuthConnectionInput): Promise<{ connection: OAuthConnectionDto; created: boolean }> {
  requireProvider(principal, "connection:manage");
  return transaction(async (tx) => {
    const repo = globalOAuthConnectionsRepo(tx);
    const existing = await repo.find(name);
    const data = toData(input, existing?.clientSecretEnc ?? null);
    const row = existing ? await repo.update(name, data) : await repo.create(name, data);
    await recordPrincipalAudit(tx, principal, null, {
      action: existing ? "oauth_connection.updated" : "oauth_connection.created",
      ...auditTarget(row),
      before: existing ? toOAuthConnectionAudit(existing) : undefined,
      after: { ...toOAuthConnectionAudit(row), ...secretChange(input) },
    });
    return { connection: toOAuthConnectionDto(row), created: !existing };
  });
}

/** Deletes a global connection; organizations that override it keep their own. */
export async function removeGlobal(principal: Principal, name: string): Promise<void> {
  requireProvider(principal, "connection:manage");
  await transaction(async (tx) => {
    const repo = globalOAuthConnectionsRepo(tx);
    const existing = await repo.find(name);
    if (!existing) throw globalNotFound(name);
    await repo.delete(name);
    await recordPrincipalAudit(tx, principal, null, { action: "oauth_connection.deleted", ...auditTarget(existing), before: toOAuthConnectionAudit(existing) });
  });
}
