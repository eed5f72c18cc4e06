import { transaction, type TxHandle } from "@/lib/db/unit-of-work";
import { globalRolesRepo, rolesRepo } from "@/lib/db/repos/roles";
import { recordAudit, recordPrincipalAudit } from "@/lib/audit/service";
import { AppError, conflict, notFound } from "@/lib/errors";
import type { OrgContext, Principal } from "@/lib/auth/org-context";
import { BUILTIN_ROLES, builtinGrant, isBuiltinRole, isPermission, type BuiltinRole, type Permission } from "@/lib/auth/permissions";
import { assertHolds, assertRankAtMost, providerGrant } from "./grants";
import { builtinRoleDto, toRoleDto, type RoleDto, type RoleRow, type RoleSource } from "./dto";
import type { CreateRoleInput, ListRolesQuery, UpdateRoleInput } from "./schemas";

export type ResolvedRole = { name: string; rank: number; permissions: ReadonlySet<Permission>; source: RoleSource };

/** The role a membership named `name` resolves to in ctx's organization (org first, then global), or null. */
export async function resolve(ctx: OrgContext, name: string, tx?: TxHandle): Promise<ResolvedRole | null> {
  if (isBuiltinRole(name)) return { ...builtinGrant(name), source: "builtin" };
  const r = await rolesRepo(ctx, tx).findEffective(name);
  if (!r) return null;
  return { name: r.name, rank: r.rank, permissions: new Set(r.permissions.filter(isPermission)), source: r.orgId ? "org" : "global" };
}

/** Like resolve, for a membership that already holds the name: a deleted custom role reads as member. */
export async function resolveHeld(ctx: OrgContext, name: string, tx?: TxHandle): Promise<ResolvedRole> {
  return (await resolve(ctx, name, tx)) ?? { ...builtinGrant("member"), name, source: "builtin" };
}

/** Effective roles: built-ins, then global roles not overridden here, then this organization's roles. */
export async function listEffective(ctx: OrgContext, q: ListRolesQuery = { source: "all" }): Promise<{ data: RoleDto[] }> {
  const repo = rolesRepo(ctx);
  const [own, globals, counts] = await Promise.all([repo.list(), globalRolesRepo().list(), repo.holderCounts()]);
  const ownNames = new Set(own.map((r) => r.name));
  const data = [
    ...(Object.keys(BUILTIN_ROLES) as BuiltinRole[]).map((n) => builtinRoleDto(n, counts.get(n) ?? 0)),
    ...globals.filter((g) => !ownNames.has(g.name)).map((g) => toRoleDto(g, { memberCount: counts.get(g.name) ?? 0 })),
    ...own.map((r) => toRoleDto(r, { overridesGlobal: globals.some((g) => g.name === r.name), memberCount: counts.get(r.name) ?? 0 })),
  ]
    .filter((r) => q.source === "all" || r.source === q.source)
    .sort((a, b) => b.rank - a.rank || a.name.localeCompare(b.name));
  return { data };
}

/** An organization role, or a global one (read-only here). Another organization's role is not_found. */
export async function get(ctx: OrgContext, roleId: string): Promise<RoleDto> {
  const own = await rolesRepo(ctx).findById(roleId);
  if (own) {
    const g = await globalRolesRepo().list();
    return toRoleDto(own, { overridesGlobal: g.some((x) => x.name === own.name), memberCount: await rolesRepo(ctx).countHolders(own.name) });
  }
  const global = await globalRolesRepo().findById(roleId);
  if (!global) throw notFound("Role");
  return toRoleDto(global);
}

async function findOwnOrExplain(ctx: OrgContext, roleId: string, tx: TxHandle) {
  const role = await rolesRepo(ctx, tx).findById(roleId);
  if (role) return role;
  if (await globalRolesRepo(tx).findById(roleId)) {
    throw new AppError("forbidden", "Global roles are managed by provider administrators; create a role with the same name here to override it");
  }
  throw notFound("Role");
}

const snapshot = (r: RoleRow) => ({ name: r.name, description: r.description, permissions: r.permissions, rank: r.rank });
const dedupe = (p: readonly string[]) => [...new Set(p)];

/**
 * Creates an organization role; a name a global role uses overrides it here. Forbidden when the rank
 * is above the actor's or it carries permissions the actor lacks; a duplicate name is a conflict.
 */
export async function create(ctx: OrgContext, input: CreateRoleInput): Promise<RoleDto> {
  assertRankAtMost(ctx, input.rank, "This role");
  assertHolds(ctx, input.permissions, "a role");
  return transaction(async (tx) => {
    const repo = rolesRepo(ctx, tx);
    if (await repo.findByName(input.name)) throw conflict(`A role named "${input.name}" already exists in this organization`);
    const role = await repo.create({ name: input.name, description: input.description ?? null, permissions: dedupe(input.permissions), rank: input.rank });
    const overrides = (await globalRolesRepo(tx).list()).some((g) => g.name === role.name);
    await recordAudit(tx, ctx, { action: "role.created", targetType: "role", targetId: role.id, targetLabel: role.name, after: { ...snapshot(role), overridesGlobal: overrides } });
    return toRoleDto(role, { overridesGlobal: overrides, memberCount: 0 });
  });
}

type RoleRepo = { countHolders(name: string): Promise<number> };

function checkChange(actor: Parameters<typeof assertRankAtMost>[0], role: RoleRow, input: UpdateRoleInput) {
  assertRankAtMost(actor, role.rank, `The role "${role.name}"`);
  if (input.rank !== undefined) assertRankAtMost(actor, input.rank, "The new rank");
  if (input.permissions) assertHolds(actor, input.permissions, "a role");
}

async function refuseRenameWhileHeld(repo: RoleRepo, role: RoleRow, input: UpdateRoleInput) {
  if (input.name === undefined || input.name === role.name) return;
  if (role.isSystem) throw conflict(`"${role.name}" is a system role; it can be edited but not renamed`);
  const n = await repo.countHolders(role.name);
  if (n > 0) throw conflict(`${n} member${n === 1 ? " holds" : "s hold"} the role "${role.name}"; move them to another role before renaming it`);
}

const changes = (input: UpdateRoleInput) => ({
  ...(input.name !== undefined ? { name: input.name } : {}),
  ...(input.description !== undefined ? { description: input.description } : {}),
  ...(input.permissions !== undefined ? { permissions: dedupe(input.permissions) } : {}),
  ...(input.rank !== undefined ? { rank: input.rank } : {}),
});

/** Updates an organization role. Renaming a role members hold is a conflict (memberships store the name). */
export async function update(ctx: OrgContext, roleId: string, input: UpdateRoleInput): Promise<RoleDto> {
  return transaction(async (tx) => {
    const repo = rolesRepo(ctx, tx);
    const before = await findOwnOrExplain(ctx, roleId, tx);
    checkChange(ctx, before, input);
    await refuseRenameWhileHeld(repo, before, input);
    if (input.name && input.name !== before.name && (await repo.findByName(input.name))) {
      throw conflict(`A role named "${input.name}" already exists in this organization`);
    }
    const after = await repo.update(roleId, changes(input));
    const overrides = (await globalRolesRepo(tx).list()).some((g) => g.name === after.name);
    await recordAudit(tx, ctx, { action: "role.updated", targetType: "role", targetId: after.id, targetLabel: after.name, before: snapshot(before), after: snapshot(after) });
    return toRoleDto(after, { overridesGlobal: overrides, memberCount: await repo.countHolders(after.name) });
  });
}

/** Deletes an organization role; a conflict naming the count while members still hold it. */
export async function remove(ctx: OrgContext, roleId: string): Promise<void> {
  await transaction(async (tx) => {
    const repo = rolesRepo(ctx, tx);
    const role = await findOwnOrExplain(ctx, roleId, tx);
    assertRankAtMost(ctx, role.rank, `The role "${role.name}"`);
    const n = await repo.countHolders(role.name);
    if (n > 0) throw conflict(`${n} member${n === 1 ? " still holds" : "s still hold"} the role "${role.name}"; change their role before deleting it`);
    await repo.delete(roleId);
    await recordAudit(tx, ctx, { action: "role.deleted", targetType: "role", targetId: role.id, targetLabel: role.name, before: snapshot(role) });
  });
}

// Global roles: provider administrators only (lib/roles/grants.ts providerGrant).

export async function listGlobal(principal: Principal): Promise<{ data: RoleDto[] }> {
  providerGrant(principal, "role:read");
  return { data: (await globalRolesRepo().list()).map((r) => toRoleDto(r)) };
}

export async function getGlobal(principal: Principal, roleId: string): Promise<RoleDto> {
  providerGrant(principal, "role:read");
  const r = await globalRolesRepo().findById(roleId);
  if (!r) throw notFound("Role");
  return toRoleDto(r, { memberCount: await globalRolesRepo().countHolders(r.name) });
}

export async function createGlobal(principal: Principal, input: CreateRoleInput): Promise<RoleDto> {
  const actor = providerGrant(principal, "role:manage");
  assertRankAtMost(actor, input.rank, "This role");
  assertHolds(actor, input.permissions, "a role");
  return transaction(async (tx) => {
    const repo = globalRolesRepo(tx);
    if ((await repo.list()).some((r) => r.name === input.name)) throw conflict(`A global role named "${input.name}" already exists`);
    const role = await repo.create({ name: input.name, description: input.description ?? null, permissions: dedupe(input.permissions), rank: input.rank });
    await recordPrincipalAudit(tx, principal, null, { action: "role.created", targetType: "role", targetId: role.id, targetLabel: role.name, after: { ...snapshot(role), scope: "global" } });
    return toRoleDto(role, { memberCount: 0 });
  });
}

export async function updateGlobal(principal: Principal, roleId: string, input: UpdateRoleInput): Promise<RoleDto> {
  const actor = providerGrant(principal, "role:manage");
  return transaction(async (tx) => {
    const repo = globalRolesRepo(tx);
    const before = await repo.findById(roleId);
    if (!before) throw notFound("Role");
    checkChange(actor, before, input);
    await refuseRenameWhileHeld(repo, before, input);
    if (input.name && input.name !== before.name && (await repo.list()).some((r) => r.name === input.name)) {
      throw conflict(`A global role named "${input.name}" already exists`);
    }
    const after = await repo.update(roleId, changes(input));
    await recordPrincipalAudit(tx, principal, null, { action: "role.updated", targetType: "role", targetId: after.id, targetLabel: after.name, before: snapshot(before), after: { ...snapshot(after), scope: "global" } });
    return toRoleDto(after);
  });
}

/** Refuses system roles and roles memberships still resolve to (organizations overriding the name don't count). */
export async function removeGlobal(principal: Principal, roleId: string): Promise<void> {
  const actor = providerGrant(principal, "role:manage");
  await transaction(async (tx) => {
    const repo = globalRolesRepo(tx);
    const role = await repo.findById(roleId);
    if (!role) throw notFound("Role");
    if (role.isSystem) throw conflict(`"${role.name}" is a system role and cannot be deleted; edit its permissions instead`);
    assertRankAtMost(actor, role.rank, `The role "${role.name}"`);
    const n = await repo.countHolders(role.name);
    if (n > 0) throw conflict(`${n} member${n === 1 ? " still holds" : "s still hold"} the global role "${role.name}"; change their role before deleting it`);
    await repo.delete(roleId);
    await recordPrincipalAudit(tx, principal, null, { action: "role.deleted", targetType: "role", targetId: role.id, targetLabel: role.name, before: { ...snapshot(role), scope: "global" } });
  });
}
