// The mapping evaluator shared by SSO sign-in (#4), SCIM pushes (#5) and directory imports (#6).
// Pure: (attributes, groups, direct roles, rules, known roles) -> role, teams, business units.

import { claimValues, readPath, type ExtractedIdentity, type MappingGroup } from "./claims";
import {
  WILDCARD,
  type AttributeBusinessUnitMapping,
  type AttributeRoleMapping,
  type AttributeTeamMapping,
  type AttributeType,
} from "./schemas";

/** What the caller shows when `no-match` denies a sign-in or push (issue #4 wording). */
export const NO_MAPPING_DENIAL_MESSAGE = "Access denied: no application role or group mapping is assigned to this user.";

export type MappingInput = {
  /** Claims (SSO), SCIM core + extension profile, or directory user fields. */
  attributes: Readonly<Record<string, unknown>>;
  groups: readonly MappingGroup[];
  /** Values of the provider's rolesField, matched against known role names. */
  directRoles: readonly string[];
};

/** SSO: the rolesField values are the direct roles; user rules see the claims, group rules the groups claim. */
export function mappingInputFromIdentity(identity: Pick<ExtractedIdentity, "attributes" | "groups" | "roles">): MappingInput {
  return { attributes: identity.attributes, groups: identity.groups, directRoles: identity.roles };
}

/** Built-in owner 100, admin 80, member 10, plus the organization's custom roles. */
export type KnownRole = { name: string; rank: number };

export type MappingRuleSet = {
  attributeRoleMappings?: readonly AttributeRoleMapping[];
  attributeTeamMappings?: readonly AttributeTeamMapping[];
  attributeBusinessUnitMappings?: readonly AttributeBusinessUnitMapping[];
};

/** A matching role rule named a role the organization no longer has; it was skipped. */
export type MappingWarning = { kind: "unknown-role"; rule: number; role: string };

type Assigned = {
  teams: string[];
  businessUnits: string[];
  /** Indexes into attributeTeamMappings / attributeBusinessUnitMappings, for the test sign-in page. */
  matchedTeamRules: number[];
  matchedBusinessUnitRules: number[];
  warnings: MappingWarning[];
};

export type MappingResult =
  | ({ outcome: "mapped"; role: string; roleSource: "rule" | "fallback"; matchedRule: number } & Assigned)
  | ({ outcome: "mapped"; role: string; roleSource: "direct"; matchedRule?: undefined } & Assigned)
  /** Role rules exist and none matched: deny with NO_MAPPING_DENIAL_MESSAGE. */
  | { outcome: "no-match"; warnings: MappingWarning[] }
  /** No role rules and no known direct role: the caller applies first-user-admin or the default role. */
  | ({ outcome: "no-mappings" } & Assigned);

export type MappingOutcome = MappingResult["outcome"];

type Rule = { attributeType: AttributeType; attributeName?: string; attributeValue: string };

// Issue #4: "Values compare case-insensitively, attribute keys exactly."
const fold = (s: string) => s.normalize("NFC").trim().toLowerCase();

const isWildcard = (rule: Rule) => rule.attributeValue.trim() === WILDCARD;

/** Precomputes the folded group names and attribute values a rule set is checked against. */
function matcher(input: MappingInput) {
  const groupKeys = new Set<string>();
  for (const g of input.groups) {
    if (g.displayName) groupKeys.add(fold(g.displayName));
    if (g.id) groupKeys.add(fold(g.id));
  }
  const values = new Map<string, Set<string>>();
  const valuesOf = (name: string) => {
    let set = values.get(name);
    if (!set) {
      set = new Set(claimValues(readPath(input.attributes, name), { booleans: true }).map(fold));
      values.set(name, set);
    }
    return set;
  };
  return (rule: Rule): boolean => {
    if (isWildcard(rule)) return true;
    if (rule.attributeType === "group") return groupKeys.has(fold(rule.attributeValue));
    if (rule.attributeName !== undefined) return valuesOf(rule.attributeName).has(fold(rule.attributeValue));
    // Issue #5: a user rule without attributeName matches "by attributeValue key": the attribute must be
    // present with a value (not null, false, "", [] or an object without truthy keys). Keys are exact.
    const v = readPath(input.attributes, rule.attributeValue);
    return v === true || claimValues(v).length > 0;
  };
}

function collect<R extends Rule>(rules: readonly R[] | undefined, target: (r: R) => string, matches: (r: Rule) => boolean) {
  const names: string[] = [];
  const indexes: number[] = [];
  const seen = new Set<string>();
  (rules ?? []).forEach((rule, i) => {
    if (!matches(rule)) return;
    indexes.push(i);
    const name = target(rule).trim();
    if (name && !seen.has(name)) {
      seen.add(name);
      names.push(name);
    }
  });
  return { names, indexes };
}

/**
 * Evaluates an organization's mappings for one person.
 *
 * Role precedence (issue #4: "role rules are ordered, first match wins, `"*"` as the last rule is a
 * fallback ... When a rolesField yields several known roles directly, the highest-ranked wins"):
 *  1. the ordered role rules other than "*": the first matching rule whose role exists wins;
 *  2. otherwise the direct roles (rolesField values naming a known role, case-insensitively): the
 *     highest rank wins; equal ranks resolve by name so claim order never changes the result;
 *  3. otherwise the "*" fallback;
 *  4. otherwise `no-match` when role rules exist, `no-mappings` when there are none.
 * Rules come first because they are what the admin wrote in Gatehouse and ordered on purpose; they can
 * match the roles claim too (`attributeName: "roles"`), so an admin can always override or remap what the
 * IdP sends without changing the IdP. Direct roles come before "*" because a fallback, by the issue's own
 * word, applies only when nothing more specific decided the role.
 *
 * SECURITY: a direct role can be any role in `knownRoles`, owner included; pass a narrower list to cap
 * what an identity provider may grant by naming a role.
 *
 * A rule naming a role missing from `knownRoles` is skipped with a warning, never returned. A "*" rule
 * that is not last (rejected by the schema) is still treated only as the fallback.
 * Teams and business units: every matching rule applies, in rule order, de-duplicated exactly.
 */
export function evaluateMappings(input: MappingInput, rules: MappingRuleSet, knownRoles: readonly KnownRole[]): MappingResult {
  const roles = new Map<string, KnownRole>();
  for (const r of knownRoles) if (!roles.has(fold(r.name))) roles.set(fold(r.name), r);
  const matches = matcher(input);
  const warnings: MappingWarning[] = [];

  const teams = collect(rules.attributeTeamMappings, (r) => r.team, matches);
  const units = collect(rules.attributeBusinessUnitMappings, (r) => r.businessUnit, matches);
  const assigned = (): Assigned => ({
    teams: teams.names,
    businessUnits: units.names,
    matchedTeamRules: teams.indexes,
    matchedBusinessUnitRules: units.indexes,
    warnings,
  });

  const roleRules = rules.attributeRoleMappings ?? [];
  for (const [i, rule] of roleRules.entries()) {
    if (isWildcard(rule) || !matches(rule)) continue;
    const known = roles.get(fold(rule.role));
    if (!known) {
      warnings.push({ kind: "unknown-role", rule: i, role: rule.role });
      continue;
    }
    return { outcome: "mapped", role: known.name, roleSource: "rule", matchedRule: i, ...assigned() };
  }

  const direct = highestRanked(input.directRoles, roles);
  if (direct) return { outcome: "mapped", role: direct.name, roleSource: "direct", ...assigned() };

  for (const [i, rule] of roleRules.entries()) {
    if (!isWildcard(rule)) continue;
    const known = roles.get(fold(rule.role));
    if (!known) {
      warnings.push({ kind: "unknown-role", rule: i, role: rule.role });
      continue;
    }
    return { outcome: "mapped", role: known.name, roleSource: "fallback", matchedRule: i, ...assigned() };
  }

  if (roleRules.length === 0) return { outcome: "no-mappings", ...assigned() };
  return { outcome: "no-match", warnings };
}

function highestRanked(names: readonly string[], roles: ReadonlyMap<string, KnownRole>): KnownRole | undefined {
  let best: KnownRole | undefined;
  for (const n of names) {
    const r = roles.get(fold(n));
    if (!r) continue;
    if (!best || r.rank > best.rank || (r.rank === best.rank && r.name < best.name)) best = r;
  }
  return best;
}

// ---- Mapping preview (issue #4 "Safe rollout": which existing members would gain or lose a role, team or
// business unit).

/** A member's effective assignment; `role: null` means no access (a `no-match` denial). */
export type Assignment = { role: string | null; teams: readonly string[]; businessUnits: readonly string[] };

/** `defaultRole` is what the caller gives on `no-mappings` (the organization's default role). */
export function assignmentOf(result: MappingResult, defaultRole: string | null): Assignment {
  switch (result.outcome) {
    case "mapped":
      return { role: result.role, teams: result.teams, businessUnits: result.businessUnits };
    case "no-mappings":
      return { role: defaultRole, teams: result.teams, businessUnits: result.businessUnits };
    case "no-match":
      return { role: null, teams: [], businessUnits: [] };
  }
}

export type SetChange = { gained: string[]; lost: string[] };

export type AssignmentChange = {
  memberId: string;
  /** null when the role stays the same. */
  role: { before: string | null; after: string | null } | null;
  teams: SetChange;
  businessUnits: SetChange;
};

type Assignments = ReadonlyMap<string, Assignment> | Readonly<Record<string, Assignment>>;

const NONE: Assignment = { role: null, teams: [], businessUnits: [] };

/**
 * Per-member differences between the current and the proposed assignments, only for members that change.
 * A member missing on one side counts as having nothing there. Order: members of `before` in their order,
 * then members only in `after`. Team and business-unit names compare exactly.
 */
export function diffAssignments(before: Assignments, after: Assignments): AssignmentChange[] {
  const b = before instanceof Map ? before : new Map(Object.entries(before));
  const a = after instanceof Map ? after : new Map(Object.entries(after));
  const ids = [...b.keys(), ...[...a.keys()].filter((id) => !b.has(id))];
  const changes: AssignmentChange[] = [];
  for (const memberId of ids) {
    const x = b.get(memberId) ?? NONE;
    const y = a.get(memberId) ?? NONE;
    const teams = setChange(x.teams, y.teams);
    const businessUnits = setChange(x.businessUnits, y.businessUnits);
    const role = x.role === y.role ? null : { before: x.role, after: y.role };
    if (role || teams.gained.length || teams.lost.length || businessUnits.gained.length || businessUnits.lost.length) {
      changes.push({ memberId, role, teams, businessUnits });
    }
  }
  return changes;
}

function setChange(before: readonly string[], after: readonly string[]): SetChange {
  const b = new Set(before);
  const a = new Set(after);
  return { gained: [...a].filter((t) => !b.has(t)), lost: [...b].filter((t) => !a.has(t)) };
}
