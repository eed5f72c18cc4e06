import { BUILTIN_ROLES } from "@/lib/auth/permissions";
import { evaluateMappings, type KnownRole, type MappingResult, type MappingRuleSet } from "@/lib/mappings/evaluate";
import { mappingRulesSchema } from "@/lib/mappings/schemas";
import type { StoredMappingRules } from "@/lib/db/repos/identity-mappings";
import type { MappingInput } from "@/lib/mappings/evaluate";

// What an SSO sign-in assigns. Pure: the callback, the test sign-in and the mapping preview share it.

/**
 * Roles SSO may grant: admin and member plus the organization's custom roles. SECURITY: never owner —
 * ownership (deleting the organization, transferring it) is handed over in Gatehouse, not asserted by
 * an identity provider's claim; a rule naming "owner" is skipped with an unknown-role warning.
 */
export function ssoKnownRoles(custom: readonly KnownRole[]): KnownRole[] {
  const builtins = (["admin", "member"] as const).map((name) => ({ name, rank: BUILTIN_ROLES[name].rank }));
  return [...builtins, ...custom.filter((r) => r.name !== "owner")];
}

/** Stored JSON -> rules; anything that no longer validates counts as no rules of that kind. */
export function parseStoredRules(stored: StoredMappingRules | null): MappingRuleSet {
  if (!stored) return {};
  const r = mappingRulesSchema.safeParse(stored);
  return r.success ? r.data : {};
}

export const ADMIN_RANK = BUILTIN_ROLES.admin.rank;

export type RoleDecision =
  | { kind: "deny" }
  | { kind: "assign"; role: string; why: "mapped" | "first-sso-user" | "default-role" }
  | { kind: "keep"; role: string; why: "not-sso-managed" | "no-mappings" };

/**
 * The membership role after this sign-in (issue #4): mappings decide it when they match; with no mappings
 * the organization's first SSO user becomes admin and later ones get the default role. Only memberships
 * SSO created (source "sso") are re-evaluated; a manual, SCIM or directory membership keeps its role.
 */
export function decideRole(
  result: MappingResult,
  membership: { role: string; source: string } | null,
  org: { defaultRole: string; hasSsoMembers: boolean },
): RoleDecision {
  if (result.outcome === "no-match") return { kind: "deny" };
  if (membership) {
    if (membership.source !== "sso") return { kind: "keep", role: membership.role, why: "not-sso-managed" };
    if (result.outcome === "mapped") return { kind: "assign", role: result.role, why: "mapped" };
    return { kind: "keep", role: membership.role, why: "no-mappings" };
  }
  if (result.outcome === "mapped") return { kind: "assign", role: result.role, why: "mapped" };
  return org.hasSsoMembers ? { kind: "assign", role: org.defaultRole, why: "default-role" } : { kind: "assign", role: "admin", why: "first-sso-user" };
}

export function evaluateFor(input: MappingInput, rules: MappingRuleSet, custom: readonly KnownRole[]): MappingResult {
  return evaluateMappings(input, rules, ssoKnownRoles(custom));
}

/** Team names: mapping rules plus teamIdsField values that name existing teams. */
export function teamsFrom(result: MappingResult, fromClaim: readonly string[]): string[] {
  const names = result.outcome === "no-match" ? [] : [...result.teams];
  for (const n of fromClaim) if (!names.includes(n)) names.push(n);
  return names;
}
