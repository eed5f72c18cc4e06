import { BUILTIN_ROLES, builtinGrant, type Permission } from "@/lib/auth/permissions";
import type { OrgContext, Principal } from "@/lib/auth/org-context";
import { AppError } from "@/lib/errors";

// Anti-escalation rules shared by members, roles and API keys. Pure: unit-tested in grants.test.ts.

type Acting = Pick<OrgContext, "actor" | "rank" | "role" | "permissions">;

const OWNER_RANK = BUILTIN_ROLES.owner.rank;

/**
 * The rank an actor acts with. API keys have no role: a key is at most an admin, unless an owner minted it
 * with ownership:transfer (only owners hold it), which makes it owner-equivalent.
 */
export function actorRank(ctx: Acting): number {
  if (ctx.actor.type === "api_key") return ctx.permissions.has("ownership:transfer") ? OWNER_RANK : BUILTIN_ROLES.admin.rank;
  return ctx.rank;
}

export const isOwnerActor = (ctx: Acting) => actorRank(ctx) >= OWNER_RANK;

export function missingPermissions(held: ReadonlySet<Permission>, wanted: readonly string[]): string[] {
  return [...new Set(wanted)].filter((p) => !held.has(p as Permission));
}

/** Refuses handing out (a role or key carrying) permissions the actor does not hold itself. */
export function assertHolds(ctx: Pick<Acting, "permissions">, wanted: readonly string[], what: string) {
  const missing = missingPermissions(ctx.permissions, wanted);
  if (missing.length) {
    throw new AppError("forbidden", `You cannot grant ${what} with permissions you do not hold yourself: ${missing.join(", ")}`);
  }
}

export function assertRankAtMost(ctx: Acting, rank: number, what: string) {
  const own = actorRank(ctx);
  if (rank > own) throw new AppError("forbidden", `${what} is ranked ${rank}, above your own rank (${own}); ask someone ranked higher`);
}

/**
 * Provider administrators manage global roles and platform keys: a user who is owner/admin of the
 * provider organization, or a platform-wide API key (its scopes). Everyone else is forbidden.
 */
export function providerGrant(principal: Principal, permission: Permission): Acting {
  const a = principal.actor;
  if (a.type === "api_key") {
    if (a.orgId !== null) throw new AppError("forbidden", "Only provider administrators (or a platform-wide API key) can do this");
    const permissions = new Set(a.scopes);
    if (!permissions.has(permission)) throw new AppError("forbidden", `This API key lacks the ${permission} scope`);
    return { actor: a, role: "api_key", rank: 0, permissions };
  }
  if (a.type !== "user" || !principal.providerRole) {
    throw new AppError("forbidden", "Only provider administrators can manage platform-wide roles and API keys");
  }
  if (principal.needsMfaEnrolment) throw new AppError("forbidden", "Enrol two-factor authentication (Account → Security) first");
  const g = builtinGrant(principal.providerRole);
  return { actor: a, role: g.name, rank: g.rank, permissions: g.permissions };
}

/** Whether the actor may grant this role at all (the owner role additionally allows seating a first owner: see members). */
export function mayGrant(ctx: Acting, role: { name: string; rank: number; permissions: readonly string[] }): boolean {
  if (role.name === "owner") return isOwnerActor(ctx);
  return role.rank <= actorRank(ctx) && missingPermissions(ctx.permissions, role.permissions).length === 0;
}

/** Whether the actor may change or remove someone holding this role. */
export function mayModifyHolder(ctx: Acting, role: { name: string; rank: number }): boolean {
  return role.name === "owner" ? isOwnerActor(ctx) : role.rank <= actorRank(ctx);
}
