/**
 * Directory sync planning (issue #6), pure: directory people + what Gatehouse holds now → what to write.
 *
 * Rules (only directory-sourced assignments change; manual, SSO and SCIM ones stay):
 * - A person maps through the organization's mapping rules: user rules see the person's attributes,
 *   group rules the displayNames (and ids) of their directory groups.
 * - A new person gets a user (by lower-cased email) and a membership with source "directory": the mapped
 *   role, else the organization's default role. `no-match` (role rules exist, none matched) denies.
 * - The role of a directory-sourced membership follows the mappings; other memberships keep their role.
 * - SECURITY: owners are never re-roled, suspended or managed by directory sync, and the mapping context
 *   never offers the owner role (lib/scim-users/effects.ts loadMappingContext leaves it out).
 * - Teams / business units: the user's directory-sourced rows become exactly the mapped ones plus the
 *   teams linked to their directory groups (team sync) and the units linked to their org unit or
 *   department (business-unit sync).
 * - A reconciliation (never an import) decommissions imported people who are disabled or unassigned; a
 *   decommissioned person who is active and assigned again is reactivated (membership restored only if
 *   the directory suspended it: their account is "decommissioned"), credentials stay revoked.
 */
import { createHash } from "node:crypto";
import type { DirectoryPerson } from "@/lib/directory/types";
import type { MappingGroup } from "@/lib/mappings/claims";
import { claimValues, readPath } from "@/lib/mappings/claims";
import { evaluateMappings, type KnownRole, type MappingOutcome, type MappingRuleSet } from "@/lib/mappings/evaluate";
import type { DecommissionReason, DriftEntry, PreviewOutcome, SkippedEntry } from "./dto";

export type MappingSetup = {
  rules: MappingRuleSet;
  knownRoles: KnownRole[];
  defaultRole: string;
  hasGroupRules: boolean;
  teamIdsField: string | null;
  /** Team id / externalId / name → team name, for teamIdsField values (existing teams only, as SSO). */
  teamsByKey: ReadonlyMap<string, string>;
  /** Directory group id → name of the team linked to it (team sync). */
  linkedTeams: ReadonlyMap<string, string>;
  /** Org unit id / path / department name → name of the business unit linked to it. */
  linkedUnits: ReadonlyMap<string, string>;
};

/** The directory's groups by id; memberOf is filled when people come without groupIds. */
export type GroupIndex = { byId: ReadonlyMap<string, string>; memberOf: ReadonlyMap<string, readonly string[]> | null };

export type Desired = {
  outcome: MappingOutcome;
  granted: boolean;
  /** The mapped role; null on no-mappings (a new membership gets the default role, an existing one keeps its role). */
  role: string | null;
  teams: string[];
  businessUnits: string[];
};

export type ValidPerson = { person: DirectoryPerson; email: string; groups: MappingGroup[] };

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
export const SKIP_REASONS = {
  noEmail: "no email",
  invalidEmail: "invalid email",
  duplicateEmail: "duplicate email",
  denied: "no mapping matched (denied)",
  owner: "owner: never managed by directory sync",
  disabled: "disabled in the directory",
  unknownGroups: "unknown group ids",
} as const;

/**
 * Which groups' members matter when the directory lists people without their groups (Okta): those a
 * group rule names (by name or id, compared as the evaluator does) and those linked to a team. Reading
 * every group's members ("Everyone" alone is the whole directory) would cost one request per thousand
 * people per group for nothing. Such people's stored groups are then the relevant ones only.
 */
export function relevantGroup(setup: Pick<MappingSetup, "rules" | "linkedTeams">): (g: { id: string; name: string }) => boolean {
  const fold = (x: string) => x.normalize("NFC").trim().toLowerCase();
  const named = new Set<string>();
  const r = setup.rules;
  for (const rule of [...(r.attributeRoleMappings ?? []), ...(r.attributeTeamMappings ?? []), ...(r.attributeBusinessUnitMappings ?? [])]) {
    if (rule.attributeType === "group") named.add(fold(rule.attributeValue));
  }
  return (g) => setup.linkedTeams.has(g.id) || named.has(fold(g.name)) || named.has(fold(g.id));
}

/** The groups a person is in, by the directory's group list; ids the list does not know are reported. */
export function personGroups(p: DirectoryPerson, index: GroupIndex | null): { groups: MappingGroup[]; unknown: string[] } {
  const ids = p.groupIds ?? index?.memberOf?.get(p.id) ?? [];
  const groups: MappingGroup[] = [];
  const unknown: string[] = [];
  for (const id of ids) {
    const name = index?.byId.get(id);
    if (name !== undefined) groups.push({ id, displayName: name });
    else if (index) unknown.push(id);
    else groups.push({ id, displayName: id });
  }
  return { groups, unknown };
}

/**
 * Sorts a page of people into usable ones and skipped ones (with reasons). `seenEmails` carries emails
 * across pages of one run: a later person with an email already used is a duplicate.
 */
export function validatePeople(people: readonly DirectoryPerson[], index: GroupIndex | null, seenEmails: Map<string, string> = new Map()) {
  const valid: ValidPerson[] = [];
  const skipped: SkippedEntry[] = [];
  const ids = new Set<string>();
  for (const p of people) {
    // A group filter lists someone once per matching group (Okta): the same person twice is one person.
    if (p.id && ids.has(p.id)) continue;
    if (p.id) ids.add(p.id);
    const raw = typeof p.email === "string" ? p.email.trim().toLowerCase() : "";
    const skip = (reason: string) => skipped.push({ externalId: p.id ?? null, email: raw || null, reason });
    if (!p.id) {
      skip("no directory id");
      continue;
    }
    if (!raw) {
      skip(SKIP_REASONS.noEmail);
      continue;
    }
    if (!EMAIL.test(raw)) {
      skip(`${SKIP_REASONS.invalidEmail}: ${raw.slice(0, 200)}`);
      continue;
    }
    const other = seenEmails.get(raw);
    if (other !== undefined && other !== p.id) {
      skip(`${SKIP_REASONS.duplicateEmail} (also directory user ${other})`);
      continue;
    }
    const { groups, unknown } = personGroups(p, index);
    if (unknown.length) {
      skip(`${SKIP_REASONS.unknownGroups}: ${unknown.slice(0, 5).join(", ")}${unknown.length > 5 ? ", …" : ""}`);
      continue;
    }
    seenEmails.set(raw, p.id);
    valid.push({ person: p, email: raw, groups });
  }
  return { valid, skipped };
}

/** The attribute bag user rules match against: the adapter's attributes plus the normalised fields. */
export function mappingAttributes(p: DirectoryPerson, email: string | null): Record<string, unknown> {
  const extra: Record<string, unknown> = { active: p.active };
  if (email) extra.email = email;
  for (const k of ["userName", "displayName", "givenName", "familyName", "department", "orgUnit"] as const) {
    const v = p[k];
    if (v !== undefined && v !== null && v !== "") extra[k] = v;
  }
  return { ...p.attributes, ...extra };
}

/** What the mappings (and team/BU links) give one person. */
export function desiredFor(p: DirectoryPerson, email: string | null, groups: readonly MappingGroup[], setup: MappingSetup): Desired {
  const attributes = mappingAttributes(p, email);
  const result = evaluateMappings({ attributes, groups, directRoles: claimValues(readPath(attributes, "roles")) }, setup.rules, setup.knownRoles);
  if (result.outcome === "no-match") return { outcome: "no-match", granted: false, role: null, teams: [], businessUnits: [] };
  const teams = [...result.teams];
  if (setup.teamIdsField) {
    for (const v of claimValues(readPath(attributes, setup.teamIdsField))) {
      const name = setup.teamsByKey.get(v);
      if (name !== undefined) teams.push(name);
    }
  }
  for (const g of groups) {
    const name = g.id !== undefined ? setup.linkedTeams.get(g.id) : undefined;
    if (name !== undefined) teams.push(name);
  }
  const units = [...result.businessUnits];
  for (const key of [p.orgUnit, p.department]) {
    const name = key ? setup.linkedUnits.get(key) : undefined;
    if (name !== undefined) units.push(name);
  }
  return {
    outcome: result.outcome,
    granted: true,
    role: result.outcome === "mapped" ? result.role : null,
    teams: [...new Set(teams)].sort(),
    businessUnits: [...new Set(units)].sort(),
  };
}

function stable(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, (x as Record<string, unknown>)[k]])) : x,
  );
}

/** Digest of the directory record and the assignments it maps to: equal hash = nothing to rewrite. */
export function accountHash(p: DirectoryPerson, email: string, groups: readonly MappingGroup[], desired: Desired): string {
  return createHash("sha256")
    .update(
      stable({
        email,
        displayName: p.displayName ?? null,
        active: p.active,
        department: p.department ?? null,
        orgUnit: p.orgUnit ?? null,
        groups: groups.map((g) => g.id ?? g.displayName).sort(),
        attributes: p.attributes,
        desired,
      }),
    )
    .digest("hex");
}

// ---- Per-person plan against what Gatehouse holds now.

export type CurrentAccount = { userId: string; externalId: string; status: string; hash: string };
export type CurrentMembership = { id: string; role: string; status: string; source: string };
export type Named = { id: string; name: string };

export type Current = {
  /** The account with this person's externalId. */
  account: CurrentAccount | null;
  /** The Gatehouse user with this email, if any. */
  userId: string | null;
  /** The account already linked to that user (another externalId = a duplicate email). */
  accountOfUser: CurrentAccount | null;
  membership: CurrentMembership | null;
  teams: readonly Named[];
  businessUnits: readonly Named[];
};

export type PersonDrift = Omit<DriftEntry, "externalId" | "email" | "userId">;

export type PersonPlan =
  | { kind: "skip"; reason: string }
  /** Reconciliation only: not imported, nothing to do. */
  | { kind: "ignore" }
  | { kind: "decommission"; userId: string; reason: DecommissionReason; alreadyDecommissioned: boolean; accountChanged: boolean }
  | {
      kind: "create" | "update" | "unchanged";
      /** null: the user is created from the email. */
      userId: string | null;
      createMembership: { role: string; status: "active" } | null;
      updateMembership: { id: string; role: string | null; status: "active" | null } | null;
      teams: { add: string[]; remove: Named[] };
      businessUnits: { add: string[]; remove: Named[] };
      writeAccount: boolean;
      reactivated: boolean;
      drift: PersonDrift | null;
    };

const names = (list: readonly Named[]) => list.map((x) => x.name).sort();

export function planPerson(
  v: ValidPerson,
  desired: Desired,
  hash: string,
  cur: Current,
  mode: "import" | "reconcile",
  defaultRole: string,
): PersonPlan {
  const p = v.person;
  const account = cur.account;
  if (!account && cur.accountOfUser && cur.accountOfUser.externalId !== p.id) {
    return { kind: "skip", reason: `${SKIP_REASONS.duplicateEmail} (already linked to directory user ${cur.accountOfUser.externalId})` };
  }
  if (cur.membership?.role === "owner") return { kind: "skip", reason: SKIP_REASONS.owner };
  if (mode === "reconcile" && !account) return { kind: "ignore" };

  const accountChanged = !account || account.hash !== hash;
  if (!p.active || !desired.granted) {
    const reason: DecommissionReason = !p.active ? "disabled" : "unassigned";
    if (mode === "reconcile" && account) {
      return { kind: "decommission", userId: account.userId, reason, alreadyDecommissioned: account.status !== "active", accountChanged };
    }
    if (account && account.status !== "active" && mode === "import") {
      // Already decommissioned and still disabled/unassigned: nothing to do.
      return { kind: "skip", reason: !p.active ? SKIP_REASONS.disabled : SKIP_REASONS.denied };
    }
    return { kind: "skip", reason: !p.active ? SKIP_REASONS.disabled : SKIP_REASONS.denied };
  }

  const userId = account?.userId ?? cur.userId;
  const m = cur.membership;
  let createMembership: { role: string; status: "active" } | null = null;
  let updateMembership: { id: string; role: string | null; status: "active" | null } | null = null;
  const drift: PersonDrift = {};
  let reactivated = false;
  if (!m) {
    createMembership = { role: desired.role ?? defaultRole, status: "active" };
    if (account) drift.status = { before: null, after: "active" };
  } else {
    let role: string | null = null;
    let status: "active" | null = null;
    if (m.source === "directory" && desired.role && desired.role !== m.role) {
      role = desired.role;
      drift.role = { before: m.role, after: desired.role };
    }
    // Reactivation restores a membership only when the directory suspended it (the account says so);
    // an administrator's suspension stands.
    if (account && account.status !== "active") {
      reactivated = true;
      if (m.status === "suspended") {
        status = "active";
        drift.status = { before: "suspended", after: "active" };
      }
    }
    if (role || status) updateMembership = { id: m.id, role, status };
  }

  const teamsNow = names(cur.teams);
  const unitsNow = names(cur.businessUnits);
  const teams = {
    add: desired.teams.filter((t) => !teamsNow.includes(t)),
    remove: cur.teams.filter((t) => !desired.teams.includes(t.name)),
  };
  const businessUnits = {
    add: desired.businessUnits.filter((t) => !unitsNow.includes(t)),
    remove: cur.businessUnits.filter((t) => !desired.businessUnits.includes(t.name)),
  };
  if (teams.add.length || teams.remove.length) drift.teams = { added: teams.add, removed: teams.remove.map((t) => t.name) };
  if (businessUnits.add.length || businessUnits.remove.length) {
    drift.businessUnits = { added: businessUnits.add, removed: businessUnits.remove.map((t) => t.name) };
  }

  const gatehouseChanged = !!createMembership || !!updateMembership || reactivated || !!drift.teams || !!drift.businessUnits;
  const kind = !account && !m ? "create" : gatehouseChanged || accountChanged ? "update" : "unchanged";
  return {
    kind,
    userId,
    createMembership,
    updateMembership,
    teams,
    businessUnits,
    writeAccount: accountChanged || reactivated,
    reactivated,
    drift: account && Object.keys(drift).length ? drift : null,
  };
}

/** The preview's outcome for a plan. */
export function previewOutcome(plan: PersonPlan): { outcome: PreviewOutcome; reason?: string } {
  switch (plan.kind) {
    case "skip":
      return { outcome: "skip", reason: plan.reason };
    case "ignore":
      return { outcome: "skip", reason: "not imported" };
    case "decommission":
      return { outcome: "skip", reason: plan.reason };
    default:
      return { outcome: plan.kind };
  }
}

/**
 * Safety (issue #6): a run that would decommission more than `maxShare` of the organization's imported
 * users, and at least `minCount` people, waits for an administrator.
 */
export function needsApproval(decommissions: number, importedActive: number, maxShare: number, minCount: number): boolean {
  if (decommissions === 0) return false;
  return decommissions > maxShare * importedActive && decommissions >= minCount;
}

/** Appends to a capped list; returns the new list. */
export function capped<T>(list: T[], add: readonly T[], cap: number): T[] {
  if (list.length >= cap || !add.length) return list;
  return [...list, ...add.slice(0, cap - list.length)];
}
