/**
 * What a SCIM write changes inside Gatehouse (issue #5 "Effects"), run in the write's transaction:
 * the organization's role, team and business-unit mappings are re-evaluated against the user's SCIM
 * attributes and pushed groups, and the membership follows the user's `active` flag.
 *
 * Rules (only SCIM-sourced assignments change; manual ones stay):
 * - A linked user without a membership gets one, source "scim": the mapped role, else the default role.
 * - The role of a scim-sourced membership follows the mappings; other memberships keep their role.
 * - `active: false` suspends the membership whatever its source; a scim-sourced membership is also
 *   suspended when role rules exist and none matches (issue #4's "no mapping" denial).
 * - Reactivation restores a membership only if SCIM suspended it (an admin's suspension stands).
 *   API keys disabled by a suspension stay disabled: re-enabling credentials is an admin's decision.
 * - Teams and business units: the user's scim-sourced rows become exactly what the mappings say.
 * - SECURITY: an owner's membership is never suspended, removed or re-roled through SCIM, and SCIM
 *   mappings cannot grant the owner role: an identity provider cannot take over or lock out the owners.
 * Whenever the membership ends up suspended (or is removed), the user's sessions in this organization
 * are revoked and their API keys here disabled before the response.
 */
import type { OrgContext } from "@/lib/auth/org-context";
import type { RawTxHandle } from "@/lib/db/unit-of-work";
import { directoryUsersRepo, provisioningRepo, type DirectoryUserRow, type MappingInputs } from "@/lib/db/repos/directory-users";
import { teamsRepo, type Assigned } from "@/lib/db/repos/teams";
import { recordAudit, type AuditInput } from "@/lib/audit/service";
import { BUILTIN_ROLES } from "@/lib/auth/permissions";
import { evaluateMappings, type KnownRole, type MappingResult, type MappingRuleSet } from "@/lib/mappings/evaluate";
import {
  attributeBusinessUnitMappingsSchema,
  attributeRoleMappingsSchema,
  attributeTeamMappingsSchema,
} from "@/lib/mappings/schemas";
import { log } from "@/lib/log";
import { directRoles, mappingAttributes } from "./store";

const BATCH = 500;

export type MappingContext = { rules: MappingRuleSet; knownRoles: KnownRole[]; defaultRole: string; hasGroupRules: boolean };

/** The organization's mapping rules (invalid stored arrays count as empty, with a warning) and roles. */
export async function loadMappingContext(ctx: OrgContext, tx: RawTxHandle, preloaded?: MappingInputs): Promise<MappingContext> {
  // Rules, roles and the default role in one round trip (or read already, with the user's link).
  const { rules: stored, customRoles: custom, defaultRole } = preloaded ?? (await provisioningRepo(ctx, tx).mappingInputs());
  const parse = <T>(schema: { safeParse: (v: unknown) => { success: boolean; data?: T } }, v: unknown, what: string): T | undefined => {
    if (v === undefined || v === null) return undefined;
    const r = schema.safeParse(v);
    if (!r.success) log.warn("ignoring invalid stored mapping rules", { orgId: ctx.orgId, what });
    return r.success ? r.data : undefined;
  };
  const rules: MappingRuleSet = {
    attributeRoleMappings: parse(attributeRoleMappingsSchema, stored?.attributeRoleMappings, "role"),
    attributeTeamMappings: parse(attributeTeamMappingsSchema, stored?.attributeTeamMappings, "team"),
    attributeBusinessUnitMappings: parse(attributeBusinessUnitMappingsSchema, stored?.attributeBusinessUnitMappings, "businessUnit"),
  };
  const all = [...(rules.attributeRoleMappings ?? []), ...(rules.attributeTeamMappings ?? []), ...(rules.attributeBusinessUnitMappings ?? [])];
  // SECURITY: owner is left out, so neither a rule nor a pushed role name can make anyone an owner.
  const knownRoles: KnownRole[] = [
    { name: "admin", rank: BUILTIN_ROLES.admin.rank },
    { name: "member", rank: BUILTIN_ROLES.member.rank },
    ...custom.filter((r) => r.name !== "owner" && r.rank < BUILTIN_ROLES.owner.rank),
  ];
  return { rules, knownRoles, defaultRole, hasGroupRules: all.some((r) => r.attributeType === "group") };
}

type Membership = { id: string; userId: string; role: string; status: string; source: string };

export type EffectChange = {
  directoryUserId: string;
  userId: string;
  membership: { before: { role: string; status: string } | null; after: { role: string; status: string } | null };
  teams: { before: string[]; after: string[] };
  businessUnits: { before: string[]; after: string[] };
};

const names = (list: Assigned[] | undefined) => (list ?? []).map((a) => a.name).sort();
const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

async function syncAssignments(
  ctx: OrgContext,
  tx: RawTxHandle,
  userId: string,
  kind: "teams" | "businessUnits",
  current: Assigned[],
  wanted: string[],
) {
  const repo = teamsRepo(ctx, tx);
  const have = new Map(current.map((a) => [a.name, a.id]));
  const toAdd = wanted.filter((n) => !have.has(n));
  const toRemove = current.filter((a) => !wanted.includes(a.name)).map((a) => a.id);
  if (kind === "teams") {
    if (toRemove.length) await repo.removeTeamMemberships(userId, toRemove, "scim");
    if (toAdd.length) {
      const ids = await repo.ensureTeams(toAdd);
      await repo.addTeamMemberships(userId, [...ids.values()], "scim");
    }
  } else {
    if (toRemove.length) await repo.removeBusinessUnitMemberships(userId, toRemove, "scim");
    if (toAdd.length) {
      const ids = await repo.ensureBusinessUnits(toAdd);
      await repo.addBusinessUnitMemberships(userId, [...ids.values()], "scim");
    }
  }
}

/** Cuts the user off in this organization: sessions revoked (with their provider tokens), API keys disabled. */
export async function revokeAccess(ctx: OrgContext, tx: RawTxHandle, userId: string) {
  const p = provisioningRepo(ctx, tx);
  const [sessions, apiKeys] = await Promise.all([p.revokeSessions(userId), p.disableApiKeys(userId)]);
  return { sessions, apiKeys };
}

function desiredRole(result: MappingResult): string | undefined {
  return result.outcome === "mapped" ? result.role : undefined;
}

/**
 * Re-evaluates mappings and membership for SCIM users the caller has row-locked (or just created) in
 * this transaction, and records what changed. Idempotent.
 */
export async function applyEffects(ctx: OrgContext, tx: RawTxHandle, directoryUserIds: string[], mc?: MappingContext): Promise<EffectChange[]> {
  if (!directoryUserIds.length) return [];
  const mapping = mc ?? (await loadMappingContext(ctx, tx));
  const changes: EffectChange[] = [];
  for (let i = 0; i < directoryUserIds.length; i += BATCH) {
    const chunk = directoryUserIds.slice(i, i + BATCH);
    const users = (await directoryUsersRepo(ctx, tx).findMany(chunk)).filter((u): u is DirectoryUserRow & { userId: string } => !!u.userId);
    if (!users.length) continue;
    const userIds = users.map((u) => u.userId);
    const groups = await directoryUsersRepo(ctx, tx).groupsOf(users.map((u) => u.id));
    const { memberships, ...assigned } = await provisioningRepo(ctx, tx).membershipsAndAssignments(userIds);
    const byUser = new Map(memberships.map((m) => [m.userId, m as Membership]));
    for (const u of users) {
      const change = await applyOne(ctx, tx, mapping, u, groups.get(u.id) ?? [], byUser.get(u.userId) ?? null, {
        teams: assigned.teams.get(u.userId) ?? [],
        businessUnits: assigned.businessUnits.get(u.userId) ?? [],
      });
      if (change) changes.push(change);
    }
  }
  return changes;
}

/**
 * applyEffects for a SCIM user created in this transaction (`row`): it is in no group yet, and when its
 * Gatehouse user was created here too, it has no membership or assignment to read either.
 */
export async function applyEffectsToCreated(
  ctx: OrgContext,
  tx: RawTxHandle,
  row: DirectoryUserRow,
  gatehouseUserCreated: boolean,
  opts: { mapping?: MappingInputs; audits?: AuditInput[] } = {},
): Promise<EffectChange | null> {
  if (!row.userId) return null;
  const u = row as DirectoryUserRow & { userId: string };
  const mapping = await loadMappingContext(ctx, tx, opts.mapping);
  if (gatehouseUserCreated) return applyOne(ctx, tx, mapping, u, [], null, { teams: [], businessUnits: [] }, opts.audits);
  const { memberships, teams, businessUnits } = await provisioningRepo(ctx, tx).membershipsAndAssignments([u.userId]);
  return applyOne(
    ctx,
    tx,
    mapping,
    u,
    [],
    (memberships[0] as Membership | undefined) ?? null,
    { teams: teams.get(u.userId) ?? [], businessUnits: businessUnits.get(u.userId) ?? [] },
    opts.audits,
  );
}

async function applyOne(
  ctx: OrgContext,
  tx: RawTxHandle,
  mapping: MappingContext,
  u: DirectoryUserRow & { userId: string },
  groups: { id: string; displayName: string }[],
  m: Membership | null,
  current: { teams: Assigned[]; businessUnits: Assigned[] },
  /** Given: the event is added here for the caller to record with its own (one INSERT for both). */
  audits?: AuditInput[],
): Promise<EffectChange | null> {
  const result = evaluateMappings(
    { attributes: mappingAttributes(u as Parameters<typeof mappingAttributes>[0]), groups, directRoles: directRoles(u.attributes) },
    mapping.rules,
    mapping.knownRoles,
  );
  const p = provisioningRepo(ctx, tx);
  const grants = result.outcome !== "no-match";
  const before = m ? { role: m.role, status: m.status } : null;
  let after = before;
  let suspendedByScim = u.membershipSuspended;

  if (!m) {
    const status = u.active && grants ? "active" : "suspended";
    const created = await p.createMembership(u.userId, desiredRole(result) ?? mapping.defaultRole, status);
    after = { role: created.role, status: created.status };
    suspendedByScim = status === "suspended";
  } else if (m.role !== "owner") {
    const next = { role: m.role, status: m.status };
    const role = desiredRole(result);
    if (m.source === "scim" && role && role !== m.role) next.role = role;
    const shouldSuspend = !u.active || (m.source === "scim" && !grants);
    if (shouldSuspend && m.status === "active") {
      next.status = "suspended";
      suspendedByScim = true;
    } else if (!shouldSuspend && m.status === "suspended" && u.membershipSuspended) {
      next.status = "active";
      suspendedByScim = false;
    }
    if (next.role !== m.role || next.status !== m.status) {
      await p.updateMembership(m.id, { role: next.role, status: next.status as "active" | "suspended" });
      after = next;
    }
  }
  if (suspendedByScim !== u.membershipSuspended) await directoryUsersRepo(ctx, tx).setMembershipSuspended(u.id, suspendedByScim);

  const wantTeams = grants ? [...new Set(result.teams)].sort() : [];
  const wantUnits = grants ? [...new Set(result.businessUnits)].sort() : [];
  const teamsBefore = names(current.teams);
  const unitsBefore = names(current.businessUnits);
  if (!sameSet(teamsBefore, wantTeams)) await syncAssignments(ctx, tx, u.userId, "teams", current.teams, wantTeams);
  if (!sameSet(unitsBefore, wantUnits)) await syncAssignments(ctx, tx, u.userId, "businessUnits", current.businessUnits, wantUnits);

  if (after?.status === "suspended") await revokeAccess(ctx, tx, u.userId);

  const membershipChanged = before?.role !== after?.role || before?.status !== after?.status;
  if (!membershipChanged && sameSet(teamsBefore, wantTeams) && sameSet(unitsBefore, wantUnits)) return null;
  const change: EffectChange = {
    directoryUserId: u.id,
    userId: u.userId,
    membership: { before, after },
    teams: { before: teamsBefore, after: wantTeams },
    businessUnits: { before: unitsBefore, after: wantUnits },
  };
  const action =
    before?.status === "active" && after?.status === "suspended" ? "scim.user_suspended"
    : before?.status === "suspended" && after?.status === "active" ? "scim.user_reactivated"
    : "scim.user_assignments_changed";
  const event: AuditInput = {
    action,
    targetType: "member",
    targetId: u.userId,
    targetLabel: u.userName,
    before: { membership: before, teams: teamsBefore, businessUnits: unitsBefore },
    after: { membership: after, teams: wantTeams, businessUnits: wantUnits, mapping: result.outcome, directoryUserId: u.id },
  };
  if (audits) audits.push(event);
  else await recordAudit(tx, ctx, event);
  return change;
}

/**
 * DELETE: the membership goes (scim-sourced) or is suspended (any other source, so an admin decides),
 * scim-sourced teams and business units are dropped, access is revoked, and the SCIM user is deleted,
 * all in one statement. Owners keep their membership and access.
 */
export async function deprovisionAndDelete(ctx: OrgContext, tx: RawTxHandle, u: DirectoryUserRow) {
  const r = await provisioningRepo(ctx, tx).deprovisionAndDelete(u.id, u.userId);
  return { membership: u.userId ? r.membership : null };
}
