import { transaction, type TxHandle } from "@/lib/db/unit-of-work";
import { membersRepo, membershipUsersRepo } from "@/lib/db/repos/members";
import { organizationRepo } from "@/lib/db/repos/organizations";
import { recordAudit } from "@/lib/audit/service";
import { AppError, conflict, invalid, notFound } from "@/lib/errors";
import type { OrgContext } from "@/lib/auth/org-context";
import { toPage, type Page } from "@/lib/http/pagination";
import { assertHolds, assertRankAtMost, isOwnerActor, mayGrant } from "@/lib/roles/grants";
import { listEffective, resolve, resolveHeld, type ResolvedRole } from "@/lib/roles/service";
import type { RoleDto } from "@/lib/roles/dto";
import { toMemberDto, type MemberDto } from "./dto";
import type { CreateMemberInput, ListMembersQuery, TransferOwnershipInput, UpdateMemberRoleInput } from "./schemas";

export async function list(ctx: OrgContext, q: ListMembersQuery): Promise<Page<MemberDto>> {
  const { rows, total } = await membersRepo(ctx).list(
    { search: q.search || undefined, role: q.role || undefined, status: q.status },
    (q.page - 1) * q.limit,
    q.limit,
  );
  return toPage(rows.map(toMemberDto), total, q);
}

async function roleToGrant(ctx: OrgContext, name: string, tx?: TxHandle): Promise<ResolvedRole> {
  const role = await resolve(ctx, name, tx);
  if (!role) {
    throw invalid(`Unknown role "${name}"`, [
      { path: "role", message: `Unknown role "${name}": use owner, admin, member or a custom role of this organization` },
    ]);
  }
  return role;
}

const OWNER_ONLY = "Only an owner can grant or remove the owner role";

/** Anti-escalation: owner is for owners (or a provider admin seating the first owner); others by rank and permissions. */
async function assertMayGrant(ctx: OrgContext, role: ResolvedRole, repo: ReturnType<typeof membersRepo>) {
  if (role.name === "owner") {
    if (isOwnerActor(ctx)) return;
    // An organization created by the provider starts without members: a provider admin seats its first owner.
    if (ctx.viaProvider && (await repo.countActiveOwners()) === 0) return;
    throw new AppError("forbidden", OWNER_ONLY);
  }
  assertRankAtMost(ctx, role.rank, `The role "${role.name}"`);
  assertHolds(ctx, [...role.permissions], `the role "${role.name}"`);
}

/** The actor may change or remove someone only if that person is not ranked above them. */
async function assertMayModify(ctx: OrgContext, currentRole: string, tx: TxHandle) {
  if (currentRole === "owner") {
    if (!isOwnerActor(ctx)) throw new AppError("forbidden", OWNER_ONLY);
    return;
  }
  const held = await resolveHeld(ctx, currentRole, tx);
  assertRankAtMost(ctx, held.rank, `This member's role "${held.name}"`);
}

async function assertNotLastOwner(repo: ReturnType<typeof membersRepo>, m: { role: string; status: string }, verb: string) {
  if (m.role !== "owner" || m.status !== "active") return;
  if ((await repo.countActiveOwners()) <= 1) {
    throw conflict(`Cannot ${verb} the last owner: an organization must keep at least one active owner. Make someone else an owner (or transfer ownership) first`);
  }
}

/**
 * Adds a person by email with a role (default: the organization's default role). An email without an
 * account gets a user record without a password (they sign in later by invitation or SSO).
 * Conflict if already a member; invalid_input for an unknown role; forbidden above the actor's rank.
 */
export async function add(ctx: OrgContext, input: CreateMemberInput): Promise<MemberDto> {
  const roleName = input.role ?? (await organizationRepo(ctx).get()).defaultRole;
  return transaction(async (tx) => {
    const repo = membersRepo(ctx, tx);
    const role = await roleToGrant(ctx, roleName, tx);
    await assertMayGrant(ctx, role, repo);
    const users = membershipUsersRepo(tx);
    let user = await users.findByEmail(input.email);
    const userCreated = !user;
    if (!user) user = await users.createWithoutPassword(input.email, input.name ?? null);
    const existing = await repo.findByUserId(user.id);
    if (existing) throw conflict(`${user.email} is already a member of ${ctx.orgName} (role ${existing.role})`);
    const m = await repo.create({ userId: user.id, role: role.name, source: "manual" });
    await recordAudit(tx, ctx, {
      action: "member.added", targetType: "member", targetId: user.id, targetLabel: user.email,
      after: { email: user.email, role: m.role, status: m.status, source: m.source, userCreated },
    });
    return toMemberDto(m);
  });
}

async function findMember(repo: ReturnType<typeof membersRepo>, userId: string) {
  const m = await repo.findByUserId(userId);
  if (!m) throw notFound("Member");
  return m;
}

/** Removes a membership (the user account stays). Conflict for the last active owner. */
export async function remove(ctx: OrgContext, userId: string): Promise<void> {
  await transaction(async (tx) => {
    const repo = membersRepo(ctx, tx);
    await repo.lockOrg();
    const m = await findMember(repo, userId);
    await assertMayModify(ctx, m.role, tx);
    await assertNotLastOwner(repo, m, "remove");
    await repo.delete(m.id);
    await recordAudit(tx, ctx, {
      action: "member.removed", targetType: "member", targetId: userId, targetLabel: m.user.email,
      before: { email: m.user.email, role: m.role, status: m.status, source: m.source },
    });
  });
}

/** Changes a member's role. Idempotent (same role: no write, no event). Conflict when demoting the last owner. */
export async function changeRole(ctx: OrgContext, userId: string, input: UpdateMemberRoleInput): Promise<MemberDto> {
  return transaction(async (tx) => {
    const repo = membersRepo(ctx, tx);
    await repo.lockOrg();
    const m = await findMember(repo, userId);
    const role = await roleToGrant(ctx, input.role, tx);
    if (m.role === role.name) return toMemberDto(m);
    await assertMayModify(ctx, m.role, tx);
    await assertMayGrant(ctx, role, repo);
    await assertNotLastOwner(repo, m, "demote");
    const after = await repo.setRole(m.id, role.name);
    await recordAudit(tx, ctx, {
      action: "member.role_changed", targetType: "member", targetId: userId, targetLabel: m.user.email,
      before: { role: m.role }, after: { role: after.role },
    });
    return toMemberDto(after);
  });
}

/**
 * Makes an active member the owner; the acting user, if an owner member here, becomes admin, in one
 * transaction. Provider owners acting through the provider role (and keys) demote nobody.
 * Assumes ownership:transfer (checked by the transport).
 */
export async function transferOwnership(ctx: OrgContext, input: TransferOwnershipInput): Promise<{ owner: MemberDto; previousOwner: MemberDto | null }> {
  return transaction(async (tx) => {
    const repo = membersRepo(ctx, tx);
    await repo.lockOrg();
    const target = await findMember(repo, input.userId);
    if (target.status !== "active") throw conflict(`${target.user.email} is ${target.status}; ownership can only go to an active member`);
    if (target.role === "owner") throw conflict(`${target.user.email} is already an owner`);
    const owner = await repo.setRole(target.id, "owner");
    let previousOwner: MemberDto | null = null;
    if (ctx.actor.type === "user") {
      const self = await repo.findByUserId(ctx.actor.userId);
      if (self && self.role === "owner" && self.status === "active") previousOwner = toMemberDto(await repo.setRole(self.id, "admin"));
    }
    await recordAudit(tx, ctx, {
      action: "ownership.transferred", targetType: "member", targetId: target.userId, targetLabel: target.user.email,
      before: { newOwner: { email: target.user.email, role: target.role }, ...(previousOwner ? { previousOwner: { email: previousOwner.email, role: "owner" } } : {}) },
      after: { newOwner: { email: owner.user.email, role: "owner" }, ...(previousOwner ? { previousOwner: { email: previousOwner.email, role: previousOwner.role } } : {}) },
    });
    return { owner: toMemberDto(owner), previousOwner };
  });
}

/** The effective roles this actor may hand out here (what the add/change-role forms offer). */
export async function grantableRoles(ctx: OrgContext): Promise<RoleDto[]> {
  const { data } = await listEffective(ctx);
  const seatFirstOwner = ctx.viaProvider && (await membersRepo(ctx).countActiveOwners()) === 0;
  return data.filter((r) => mayGrant(ctx, r) || (r.name === "owner" && seatFirstOwner));
}
