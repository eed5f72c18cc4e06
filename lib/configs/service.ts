import { transaction } from "@/lib/db/unit-of-work";
import { configsRepo, globalConfigsRepo, type ConfigData, type ConfigRow } from "@/lib/db/repos/configs";
import { recordAudit, recordPrincipalAudit } from "@/lib/audit/service";
import { AppError, conflict } from "@/lib/errors";
import { can, type Permission } from "@/lib/auth/permissions";
import type { OrgContext, Principal } from "@/lib/auth/org-context";
import { decrypt, encrypt } from "@/lib/crypto";
import { toPage, type Page } from "@/lib/http/pagination";
import { toConfigAudit, toConfigDto, type ConfigDto } from "./dto";
import type { CreateConfigInput, ListConfigsQuery, PutConfigInput } from "./schemas";

function seal(value: unknown, isSecret: boolean): ConfigData {
  return isSecret
    ? { value: null, valueEnc: encrypt(JSON.stringify(value)), isSecret: true }
    : { value, valueEnc: null, isSecret: false };
}

function requireManage(ctx: OrgContext) {
  if (!can(ctx, "config:manage")) throw new AppError("forbidden", `Your role (${ctx.role}) does not allow this: it needs the config:manage permission`);
}

const notFoundIn = (name: string) => new AppError("not_found", `No config named ${name} in this organization or globally`);
const auditTarget = (row: ConfigRow) => ({ targetType: "config", targetId: row.id, targetLabel: row.orgId === null ? `${row.name} (global)` : row.name });

/** The organization's effective configs: its own items plus every global item it does not override. */
export async function listEffective(ctx: OrgContext, q: ListConfigsQuery): Promise<Page<ConfigDto>> {
  const { rows, total, overridden } = await configsRepo(ctx).listEffective({ search: q.search || undefined, skip: (q.page - 1) * q.limit, take: q.limit });
  return toPage(rows.map((r) => toConfigDto(r, { overridesGlobal: overridden.has(r.name) })), total, q);
}

/** Resolves a name: the organization's item, else the global one; not_found when neither exists. */
export async function resolve(ctx: OrgContext, name: string): Promise<ConfigDto> {
  const { own, global } = await configsRepo(ctx).findBoth(name);
  if (own) return toConfigDto(own, { overridesGlobal: !!global });
  if (global) return toConfigDto(global);
  throw notFoundIn(name);
}

/**
 * The resolved value, decrypted. For server-side consumers only: never return it to a client or
 * write it to a log. Throws not_found like resolve().
 */
export async function resolveValue(ctx: OrgContext, name: string): Promise<unknown> {
  const { own, global } = await configsRepo(ctx).findBoth(name);
  const row = own ?? global;
  if (!row) throw notFoundIn(name);
  return row.isSecret ? JSON.parse(decrypt(row.valueEnc!)) : row.value;
}

/** Creates an organization item (an override when a global item has the same name); 409 if the org has one. */
export async function create(ctx: OrgContext, input: CreateConfigInput): Promise<ConfigDto> {
  requireManage(ctx);
  return transaction(async (tx) => {
    const repo = configsRepo(ctx, tx);
    const { own, global } = await repo.findBoth(input.name);
    if (own) throw conflict(`A config named ${input.name} already exists in this organization; use PUT to replace it`);
    const row = await repo.create(input.name, seal(input.value, input.isSecret ?? global?.isSecret ?? false));
    await recordAudit(tx, ctx, { action: "config.created", ...auditTarget(row), after: { ...toConfigAudit(row), overridesGlobal: !!global } });
    return toConfigDto(row, { overridesGlobal: !!global });
  });
}

/** Creates or replaces the organization's item of that name. Idempotent. */
export async function put(ctx: OrgContext, name: string, input: PutConfigInput): Promise<{ config: ConfigDto; created: boolean }> {
  requireManage(ctx);
  return transaction(async (tx) => {
    const repo = configsRepo(ctx, tx);
    const { own, global } = await repo.findBoth(name);
    const sealed = seal(input.value, input.isSecret ?? own?.isSecret ?? global?.isSecret ?? false);
    const row = own ? await repo.update(own.id, sealed) : await repo.create(name, sealed);
    await recordAudit(tx, ctx, {
      action: own ? "config.updated" : "config.created",
      ...auditTarget(row),
      before: own ? toConfigAudit(own) : undefined,
      after: { ...toConfigAudit(row), overridesGlobal: !!global },
    });
    return { config: toConfigDto(row, { overridesGlobal: !!global }), created: !own };
  });
}

/** Deletes the organization's item; a global item of the same name shows through again. */
export async function remove(ctx: OrgContext, name: string): Promise<void> {
  requireManage(ctx);
  await transaction(async (tx) => {
    const repo = configsRepo(ctx, tx);
    const { own, global } = await repo.findBoth(name);
    if (!own) {
      throw new AppError("not_found", global
        ? `This organization has no override of config ${name}; the global item is managed by provider administrators`
        : `No config named ${name} in this organization`);
    }
    await repo.delete(own.id);
    await recordAudit(tx, ctx, { action: "config.deleted", ...auditTarget(own), before: toConfigAudit(own), after: global ? { revertedTo: "global" } : undefined });
  });
}

// Global items: provider administrators (and platform-wide keys with the scope) only.

function requireProvider(principal: Principal, permission: Permission) {
  if (!principal.providerRole) throw new AppError("forbidden", "Global configs are managed by provider administrators");
  if (principal.actor.type === "api_key" && !principal.actor.scopes.includes(permission)) {
    throw new AppError("forbidden", `This API key lacks the ${permission} scope`);
  }
}
const globalNotFound = (name: string) => new AppError("not_found", `No global config named ${name}`);

export async function listGlobal(principal: Principal, q: ListConfigsQuery): Promise<Page<ConfigDto>> {
  requireProvider(principal, "config:read");
  const { rows, total } = await globalConfigsRepo().list({ search: q.search || undefined, skip: (q.page - 1) * q.limit, take: q.limit });
  return toPage(rows.map((r) => toConfigDto(r)), total, q);
}

export async function getGlobal(principal: Principal, name: string): Promise<ConfigDto> {
  requireProvider(principal, "config:read");
  const row = await globalConfigsRepo().find(name);
  if (!row) throw globalNotFound(name);
  return toConfigDto(row);
}

export async function createGlobal(principal: Principal, input: CreateConfigInput): Promise<ConfigDto> {
  requireProvider(principal, "config:manage");
  return transaction(async (tx) => {
    const repo = globalConfigsRepo(tx);
    if (await repo.find(input.name)) throw conflict(`A global config named ${input.name} already exists; use PUT to replace it`);
    const row = await repo.create(input.name, seal(input.value, input.isSecret ?? false));
    await recordPrincipalAudit(tx, principal, null, { action: "config.created", ...auditTarget(row), after: toConfigAudit(row) });
    return toConfigDto(row);
  });
}

export async function putGlobal(principal: Principal, name: string, input: PutConfigInput): Promise<{ config: ConfigDto; created: boolean }> {
  requireProvider(principal, "config:manage");
  return transaction(async (tx) => {
    const repo = globalConfigsRepo(tx);
    const existing = await repo.find(name);
    const sealed = seal(input.value, input.isSecret ?? existing?.isSecret ?? false);
    const row = existing ? await repo.update(name, sealed) : await repo.create(name, sealed);
    await recordPrincipalAudit(tx, principal, null, {
      action: existing ? "config.updated" : "config.created",
      ...auditTarget(row),
      before: existing ? toConfigAudit(existing) : undefined,
      after: toConfigAudit(row),
    });
    return { config: toConfigDto(row), created: !existing };
  });
}

/** Deletes a global item; organizations that override it keep their own item. */
export async function removeGlobal(principal: Principal, name: string): Promise<void> {
  requireProvider(principal, "config:manage");
  await transaction(async (tx) => {
    const repo = globalConfigsRepo(tx);
    const existing = await repo.find(name);
    if (!existing) throw globalNotFound(name);
    await repo.delete(name);
    await recordPrincipalAudit(tx, principal, null, { action: "config.deleted", ...auditTarget(existing), before: toConfigAudit(existing) });
  });
}
