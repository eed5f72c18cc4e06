import { describe, expect, test } from "vitest";
import { extractIdentity, type MappingGroup } from "./claims";
import {
  assignmentOf,
  diffAssignments,
  evaluateMappings,
  mappingInputFromIdentity,
  NO_MAPPING_DENIAL_MESSAGE,
  type Assignment,
  type KnownRole,
  type MappingInput,
  type MappingResult,
  type MappingRuleSet,
} from "./evaluate";
import { mappingRulesSchema, type AttributeRoleMapping } from "./schemas";
import {
  ENTRA_GROUP_ADMINS,
  ENTRA_GROUP_ENGINEERING,
  entraIdToken,
  googleIdToken,
  keycloakIdToken,
  oktaIdToken,
  SCIM_ENTERPRISE,
  scimUser,
  ZITADEL_PROJECT,
  zitadelIdToken,
} from "./testing/idp-claims";

const ROLES: KnownRole[] = [
  { name: "owner", rank: 100 },
  { name: "admin", rank: 80 },
  { name: "developer", rank: 30 },
  { name: "member", rank: 10 },
  { name: "viewer", rank: 5 },
];

const input = (p: Partial<MappingInput> = {}): MappingInput => ({ attributes: {}, groups: [], directRoles: [], ...p });
const groups = (...names: string[]): MappingGroup[] => names.map((displayName) => ({ displayName }));
const user = (attributeName: string | undefined, attributeValue: string, role: string): AttributeRoleMapping =>
  attributeName === undefined ? { attributeType: "user", attributeValue, role } : { attributeType: "user", attributeName, attributeValue, role };
const group = (attributeValue: string, role: string): AttributeRoleMapping => ({ attributeType: "group", attributeValue, role });
const roleOf = (r: MappingResult) => (r.outcome === "mapped" ? `${r.role}/${r.roleSource}/${r.matchedRule ?? "-"}` : r.outcome);

function fromClaims(claims: Record<string, unknown>, fields: Parameters<typeof extractIdentity>[2] = {}): MappingInput {
  const r = extractIdentity({ email: "someone@acme.com", ...claims }, null, fields);
  if (!r.ok) throw new Error(r.reason);
  return mappingInputFromIdentity(r.identity);
}

describe("role rules: ordered, first match wins", () => {
  const okta = fromClaims(oktaIdToken);

  test("the first matching rule decides, and its index is reported", () => {
    const rules = [group("Sales", "viewer"), group("Admins", "admin"), group("Engineering", "developer")];
    expect(roleOf(evaluateMappings(okta, { attributeRoleMappings: rules }, ROLES))).toBe("admin/rule/1");
  });

  test("reordering the rules changes the result (order is the admin's precedence, not rank)", () => {
    const rules = [group("Engineering", "developer"), group("Admins", "admin")];
    expect(roleOf(evaluateMappings(okta, { attributeRoleMappings: rules }, ROLES))).toBe("developer/rule/0");
  });

  test("values compare case-insensitively (both sides, trimmed, Unicode-normalised)", () => {
    expect(roleOf(evaluateMappings(okta, { attributeRoleMappings: [group("ADMINS", "admin")] }, ROLES))).toBe("admin/rule/0");
    expect(roleOf(evaluateMappings(okta, { attributeRoleMappings: [user("department", "r&d", "member")] }, ROLES))).toBe("member/rule/0");
    const zurich = input({ attributes: { office: " Zu\u0308rich " } });
    expect(roleOf(evaluateMappings(zurich, { attributeRoleMappings: [user("office", "ZÜRICH", "member")] }, ROLES))).toBe("member/rule/0");
  });

  test("attribute keys compare exactly", () => {
    expect(evaluateMappings(okta, { attributeRoleMappings: [user("Department", "R&D", "member")] }, ROLES).outcome).toBe("no-match");
    expect(evaluateMappings(okta, { attributeRoleMappings: [user(undefined, "Department", "member")] }, ROLES).outcome).toBe("no-match");
  });

  test("the mapped role is the canonical known name, whatever case the rule used", () => {
    expect(roleOf(evaluateMappings(okta, { attributeRoleMappings: [group("Admins", "Admin")] }, ROLES))).toBe("admin/rule/0");
  });

  test("a value must match whole, not as a substring or prefix", () => {
    expect(evaluateMappings(okta, { attributeRoleMappings: [group("Admin", "admin"), group("Engineer", "developer")] }, ROLES).outcome).toBe("no-match");
  });
});

describe('"*" fallback', () => {
  const okta = fromClaims(oktaIdToken);

  test("applies only when no rule matched", () => {
    const rules = [group("Sales", "admin"), user(undefined, "*", "viewer")];
    expect(roleOf(evaluateMappings(okta, { attributeRoleMappings: rules }, ROLES))).toBe("viewer/fallback/1");
    const matched = [group("Engineering", "developer"), user(undefined, "*", "viewer")];
    expect(roleOf(evaluateMappings(okta, { attributeRoleMappings: matched }, ROLES))).toBe("developer/rule/0");
  });

  test("a fallback-only rule set maps everyone, even a person with no attributes or groups", () => {
    expect(roleOf(evaluateMappings(input(), { attributeRoleMappings: [group("*", "member")] }, ROLES))).toBe("member/fallback/0");
  });

  test("a \"*\" rule saved out of place (the schema rejects it) still acts only as the fallback", () => {
    const rules = [user(undefined, "*", "viewer"), group("Admins", "admin")];
    expect(mappingRulesSchema.safeParse({ attributeRoleMappings: rules }).success).toBe(false);
    expect(roleOf(evaluateMappings(okta, { attributeRoleMappings: rules }, ROLES))).toBe("admin/rule/1");
    expect(roleOf(evaluateMappings(input(), { attributeRoleMappings: rules }, ROLES))).toBe("viewer/fallback/0");
  });
});

describe("no-match vs no-mappings", () => {
  test("role rules exist and none matches: no-match (the caller denies)", () => {
    const r = evaluateMappings(fromClaims(oktaIdToken), { attributeRoleMappings: [group("Sales", "member")], attributeTeamMappings: [{ attributeType: "group", attributeValue: "Engineering", team: "Platform" }] }, ROLES);
    expect(r).toEqual({ outcome: "no-match", warnings: [] });
    expect(NO_MAPPING_DENIAL_MESSAGE).toBe("Access denied: no application role or group mapping is assigned to this user.");
  });

  test("no role rules at all: no-mappings, with team and business-unit rules still applied", () => {
    expect(evaluateMappings(fromClaims(oktaIdToken), {}, ROLES)).toEqual({
      outcome: "no-mappings",
      teams: [],
      businessUnits: [],
      matchedTeamRules: [],
      matchedBusinessUnitRules: [],
      warnings: [],
    });
    const r = evaluateMappings(
      fromClaims(oktaIdToken),
      {
        attributeRoleMappings: [],
        attributeTeamMappings: [{ attributeType: "group", attributeValue: "engineering", team: "Platform" }],
        attributeBusinessUnitMappings: [{ attributeType: "user", attributeName: "department", attributeValue: "R&D", businessUnit: "Research" }],
      },
      ROLES,
    );
    expect(r).toMatchObject({ outcome: "no-mappings", teams: ["Platform"], businessUnits: ["Research"] });
  });
});

describe("direct roles (rolesField)", () => {
  test("several known roles: the highest-ranked wins, matched case-insensitively, canonical name returned", () => {
    const r = evaluateMappings(input({ directRoles: ["member", "ADMIN", "developer", "offline_access"] }), {}, ROLES);
    expect(roleOf(r)).toBe("admin/direct/-");
    expect(r.outcome === "mapped" && r.matchedRule).toBeUndefined();
  });

  test("equal ranks resolve by name, so claim order does not matter", () => {
    const tied = [...ROLES, { name: "auditor", rank: 30 }];
    expect(roleOf(evaluateMappings(input({ directRoles: ["developer", "auditor"] }), {}, tied))).toBe("auditor/direct/-");
    expect(roleOf(evaluateMappings(input({ directRoles: ["auditor", "developer"] }), {}, tied))).toBe("auditor/direct/-");
  });

  test("unknown direct roles are ignored: no known role and no rules is no-mappings", () => {
    expect(evaluateMappings(input({ directRoles: ["Gatehouse.Admin", "offline_access"] }), {}, ROLES).outcome).toBe("no-mappings");
  });

  test("precedence: a matching rule beats direct roles; direct roles beat the \"*\" fallback", () => {
    const person = input({ groups: groups("Engineering"), directRoles: ["admin"] });
    const rules = { attributeRoleMappings: [group("Engineering", "developer"), group("*", "viewer")] };
    expect(roleOf(evaluateMappings(person, rules, ROLES))).toBe("developer/rule/0");
    const noGroup = input({ directRoles: ["admin"] });
    expect(roleOf(evaluateMappings(noGroup, rules, ROLES))).toBe("admin/direct/-");
    expect(roleOf(evaluateMappings(input({ directRoles: ["unknown"] }), rules, ROLES))).toBe("viewer/fallback/1");
  });

  test("direct roles rescue a person no rule matches (no fallback): mapped, not no-match", () => {
    expect(roleOf(evaluateMappings(input({ directRoles: ["member"] }), { attributeRoleMappings: [group("Admins", "admin")] }, ROLES))).toBe("member/direct/-");
  });

  test("knownRoles caps what an IdP may grant by naming a role", () => {
    const withoutOwner = ROLES.filter((r) => r.name !== "owner");
    expect(roleOf(evaluateMappings(input({ directRoles: ["owner", "member"] }), {}, withoutOwner))).toBe("member/direct/-");
  });
});

describe("rules naming unknown roles", () => {
  test("a matching rule with a deleted role is skipped with a warning; evaluation continues", () => {
    const r = evaluateMappings(input({ groups: groups("Admins", "Engineering") }), { attributeRoleMappings: [group("Admins", "superuser"), group("Engineering", "developer")] }, ROLES);
    expect(r).toMatchObject({ outcome: "mapped", role: "developer", matchedRule: 1, warnings: [{ kind: "unknown-role", rule: 0, role: "superuser" }] });
  });

  test("non-matching rules with unknown roles produce no warning", () => {
    const r = evaluateMappings(input({ groups: groups("Engineering") }), { attributeRoleMappings: [group("Admins", "superuser"), group("Engineering", "developer")] }, ROLES);
    expect(r.warnings).toEqual([]);
  });

  test("an unknown fallback role denies rather than inventing a role", () => {
    expect(evaluateMappings(input(), { attributeRoleMappings: [group("Admins", "admin"), group("*", "guest")] }, ROLES)).toEqual({
      outcome: "no-match",
      warnings: [{ kind: "unknown-role", rule: 1, role: "guest" }],
    });
  });
});

describe("user rules", () => {
  test("string, number, boolean, array and object-key values", () => {
    const person = input({
      attributes: {
        department: "Sales",
        costCenter: 4130,
        isManager: true,
        locations: ["Berlin", "Paris"],
        entitlements: { "gatehouse-admin": { granted: "2024-01-01" }, "gatehouse-billing": false },
      },
    });
    const check = (name: string, value: string) =>
      evaluateMappings(person, { attributeRoleMappings: [user(name, value, "member")] }, ROLES).outcome;
    expect(check("department", "sales")).toBe("mapped");
    expect(check("costCenter", "4130")).toBe("mapped");
    expect(check("isManager", "TRUE")).toBe("mapped");
    expect(check("isManager", "false")).toBe("no-match");
    expect(check("locations", "paris")).toBe("mapped");
    expect(check("entitlements", "gatehouse-admin")).toBe("mapped");
    expect(check("entitlements", "gatehouse-billing")).toBe("no-match");
    expect(check("missing", "x")).toBe("no-match");
  });

  test("without attributeName the value names an attribute key that must be present with a value (SCIM profile keys)", () => {
    const present = (attributes: Record<string, unknown>) =>
      evaluateMappings(input({ attributes }), { attributeRoleMappings: [user(undefined, "isContractor", "viewer")] }, ROLES).outcome;
    expect(present({ isContractor: true })).toBe("mapped");
    expect(present({ isContractor: "yes" })).toBe("mapped");
    expect(present({ isContractor: 0 })).toBe("mapped");
    expect(present({ isContractor: false })).toBe("no-match");
    expect(present({ isContractor: null })).toBe("no-match");
    expect(present({ isContractor: "" })).toBe("no-match");
    expect(present({ isContractor: [] })).toBe("no-match");
    expect(present({ iscontractor: true })).toBe("no-match");
    expect(present({})).toBe("no-match");
  });

  test("user rules do not look at groups, group rules do not look at attributes", () => {
    const person = input({ attributes: { team: "Admins" }, groups: groups("Engineering") });
    expect(evaluateMappings(person, { attributeRoleMappings: [group("Admins", "admin")] }, ROLES).outcome).toBe("no-match");
    expect(evaluateMappings(person, { attributeRoleMappings: [user("groups", "Engineering", "developer")] }, ROLES).outcome).toBe("no-match");
  });
});

describe("group rules", () => {
  test("match displayName or id, case-insensitively", () => {
    const person = input({ groups: [{ id: "00g1ABC", displayName: "Finance" }] });
    expect(roleOf(evaluateMappings(person, { attributeRoleMappings: [group("finance", "member")] }, ROLES))).toBe("member/rule/0");
    expect(roleOf(evaluateMappings(person, { attributeRoleMappings: [group("00g1abc", "member")] }, ROLES))).toBe("member/rule/0");
  });
});

describe("identity providers end to end (extractIdentity -> evaluateMappings)", () => {
  test("Okta: groups and department", () => {
    const rules: MappingRuleSet = mappingRulesSchema.parse({
      attributeRoleMappings: [
        { attributeType: "group", attributeValue: "Admins", role: "admin" },
        { attributeType: "user", attributeName: "department", attributeValue: "R&D", role: "developer" },
        { attributeType: "user", attributeValue: "*", role: "viewer" },
      ],
      attributeTeamMappings: [
        { attributeType: "group", attributeValue: "Engineering", team: "Platform" },
        { attributeType: "user", attributeName: "department", attributeValue: "r&d", team: "Research" },
        { attributeType: "group", attributeValue: "Sales", team: "Deals" },
      ],
      attributeBusinessUnitMappings: [{ attributeType: "user", attributeName: "department", attributeValue: "R&D", businessUnit: "Product" }],
    });
    expect(evaluateMappings(fromClaims(oktaIdToken), rules, ROLES)).toEqual({
      outcome: "mapped",
      role: "admin",
      roleSource: "rule",
      matchedRule: 0,
      teams: ["Platform", "Research"],
      businessUnits: ["Product"],
      matchedTeamRules: [0, 1],
      matchedBusinessUnitRules: [0],
      warnings: [],
    });
  });

  test("Entra: app roles through a user rule on `roles`, groups by object id", () => {
    const person = fromClaims(entraIdToken, { userIdField: "oid", rolesField: "roles" });
    expect(person.directRoles).toEqual(["Gatehouse.Admin", "Gatehouse.Reader"]);
    const byAppRole = { attributeRoleMappings: [user("roles", "gatehouse.admin", "admin"), user("roles", "Gatehouse.Reader", "viewer")] };
    expect(roleOf(evaluateMappings(person, byAppRole, ROLES))).toBe("admin/rule/0");
    const byGroup = {
      attributeRoleMappings: [group(ENTRA_GROUP_ADMINS.toUpperCase(), "admin")],
      attributeTeamMappings: [{ attributeType: "group" as const, attributeValue: ENTRA_GROUP_ENGINEERING, team: "Platform" }],
    };
    expect(evaluateMappings(person, byGroup, ROLES)).toMatchObject({ role: "admin", teams: ["Platform"] });
    const tenant = { attributeRoleMappings: [user("tid", entraIdToken.tid, "member")] };
    expect(roleOf(evaluateMappings(person, tenant, ROLES))).toBe("member/rule/0");
  });

  test("Entra: app role values that are not role names are not direct roles", () => {
    const person = fromClaims(entraIdToken, { rolesField: "roles" });
    expect(evaluateMappings(person, {}, ROLES).outcome).toBe("no-mappings");
  });

  test("Keycloak: realm roles directly, client roles and groups by rules", () => {
    const person = fromClaims(keycloakIdToken, { rolesField: "realm_access.roles" });
    expect(roleOf(evaluateMappings(person, {}, ROLES))).toBe("admin/direct/-");
    const rules = {
      attributeRoleMappings: [user("resource_access.gatehouse.roles", "Developer", "developer")],
      attributeTeamMappings: [
        { attributeType: "group" as const, attributeValue: "/Engineering/Platform", team: "Platform" },
        { attributeType: "user" as const, attributeName: "resource_access.acme.portal.roles", attributeValue: "billing", team: "Billing" },
      ],
    };
    expect(evaluateMappings(person, rules, ROLES)).toMatchObject({ role: "developer", roleSource: "rule", teams: ["Platform", "Billing"] });
  });

  test("Zitadel: project roles object, directly and by rule", () => {
    const field = `urn:zitadel:iam:org:project:${ZITADEL_PROJECT}:roles`;
    const person = fromClaims(zitadelIdToken, { rolesField: field });
    expect(roleOf(evaluateMappings(person, {}, ROLES))).toBe("admin/direct/-");
    const rules = { attributeRoleMappings: [user(field, "Auditor", "viewer")] };
    expect(roleOf(evaluateMappings(person, rules, ROLES))).toBe("viewer/rule/0");
  });

  test("Google: hosted domain", () => {
    const person = fromClaims(googleIdToken);
    const rules = { attributeRoleMappings: [user("hd", "ACME.com", "member"), group("*", "viewer")] };
    expect(roleOf(evaluateMappings(person, rules, ROLES))).toBe("member/rule/0");
    expect(roleOf(evaluateMappings(fromClaims({ ...googleIdToken, hd: "contractor.io" }), rules, ROLES))).toBe("viewer/fallback/1");
  });

  test("SCIM: enterprise extension path, flat profile keys and pushed groups", () => {
    const rules = {
      attributeRoleMappings: [user(`${SCIM_ENTERPRISE}.department`, "engineering", "developer")],
      attributeBusinessUnitMappings: [
        { attributeType: "user" as const, attributeName: `${SCIM_ENTERPRISE}.costCenter`, attributeValue: "4130", businessUnit: "CC-4130" },
        { attributeType: "user" as const, attributeName: "emails.type", attributeValue: "work", businessUnit: "Staff" },
      ],
    };
    const scim = input({ attributes: scimUser, groups: [{ id: "g-1", displayName: "Engineering" }] });
    expect(evaluateMappings(scim, rules, ROLES)).toMatchObject({ role: "developer", businessUnits: ["CC-4130", "Staff"] });
    const flat = input({ attributes: { userName: "b@acme.com", department: "Engineering", costCenter: "4130" } });
    expect(roleOf(evaluateMappings(flat, { attributeRoleMappings: [user("department", "ENGINEERING", "developer")] }, ROLES))).toBe("developer/rule/0");
    expect(roleOf(evaluateMappings(flat, { attributeRoleMappings: [user(undefined, "costCenter", "member")] }, ROLES))).toBe("member/rule/0");
  });
});

describe("teams and business units: every matching rule applies", () => {
  const person = input({ attributes: { department: "Sales", region: ["EMEA", "APAC"] }, groups: groups("Sales", "Managers") });

  test("all matches, rule order, exact de-duplication, \"*\" for everyone", () => {
    const r = evaluateMappings(
      person,
      {
        attributeRoleMappings: [group("*", "member")],
        attributeTeamMappings: [
          { attributeType: "user", attributeValue: "*", team: "Everyone" },
          { attributeType: "group", attributeValue: "Managers", team: "Leads" },
          { attributeType: "group", attributeValue: "Engineering", team: "Platform" },
          { attributeType: "user", attributeName: "department", attributeValue: "sales", team: "Leads" },
          { attributeType: "group", attributeValue: "sales", team: "Sales" },
        ],
        attributeBusinessUnitMappings: [
          { attributeType: "user", attributeName: "region", attributeValue: "apac", businessUnit: "APAC" },
          { attributeType: "user", attributeName: "region", attributeValue: "emea", businessUnit: "EMEA" },
          { attributeType: "user", attributeName: "region", attributeValue: "amer", businessUnit: "AMER" },
        ],
      },
      ROLES,
    );
    expect(r).toMatchObject({
      teams: ["Everyone", "Leads", "Sales"],
      matchedTeamRules: [0, 1, 3, 4],
      businessUnits: ["APAC", "EMEA"],
      matchedBusinessUnitRules: [0, 1],
    });
  });

  test("a denied person gets no teams", () => {
    const r = evaluateMappings(person, { attributeRoleMappings: [group("Admins", "admin")], attributeTeamMappings: [{ attributeType: "group", attributeValue: "Sales", team: "Sales" }] }, ROLES);
    expect(r).toEqual({ outcome: "no-match", warnings: [] });
    expect(r).not.toHaveProperty("teams");
  });
});

test("evaluation is pure and quick enough for reconciling large directories", () => {
  const roleRules = Array.from({ length: 50 }, (_, i) => group(`Group ${i}`, "member"));
  const teamRules = Array.from({ length: 50 }, (_, i) => ({ attributeType: "user" as const, attributeName: "department", attributeValue: `Dept ${i}`, team: `Team ${i}` }));
  const rules = { attributeRoleMappings: [...roleRules, group("*", "viewer")], attributeTeamMappings: teamRules };
  const frozen = structuredClone(rules);
  const started = performance.now();
  let mapped = 0;
  for (let i = 0; i < 20_000; i++) {
    const r = evaluateMappings(input({ attributes: { department: `Dept ${i % 60}` }, groups: groups(`Group ${i % 70}`, "Everyone") }), rules, ROLES);
    if (r.outcome === "mapped" && r.roleSource === "rule") mapped++;
  }
  expect(mapped).toBe(Array.from({ length: 20_000 }, (_, i) => i % 70 < 50).filter(Boolean).length);
  expect(performance.now() - started).toBeLessThan(5000);
  expect(rules).toEqual(frozen);
});

describe("assignmentOf", () => {
  test("mapped, no-mappings (default role) and no-match (no access)", () => {
    const mapped = evaluateMappings(input({ groups: groups("Admins") }), { attributeRoleMappings: [group("Admins", "admin")], attributeTeamMappings: [{ attributeType: "group", attributeValue: "Admins", team: "Ops" }] }, ROLES);
    expect(assignmentOf(mapped, "member")).toEqual({ role: "admin", teams: ["Ops"], businessUnits: [] });
    expect(assignmentOf(evaluateMappings(input(), {}, ROLES), "member")).toEqual({ role: "member", teams: [], businessUnits: [] });
    expect(assignmentOf(evaluateMappings(input(), { attributeRoleMappings: [group("Admins", "admin")] }, ROLES), "member")).toEqual({ role: null, teams: [], businessUnits: [] });
  });
});

describe("diffAssignments (mapping preview)", () => {
  const a = (role: string | null, teams: string[] = [], businessUnits: string[] = []): Assignment => ({ role, teams, businessUnits });

  test("reports only members that change, with role, team and business-unit gains and losses", () => {
    const before = { m1: a("admin", ["Ops", "Platform"], ["EMEA"]), m2: a("member", ["Ops"]), m3: a("developer") };
    const after = { m1: a("member", ["Platform", "Security"], ["EMEA"]), m2: a("member", ["Ops"]), m3: a("developer", [], ["APAC"]) };
    expect(diffAssignments(before, after)).toEqual([
      { memberId: "m1", role: { before: "admin", after: "member" }, teams: { gained: ["Security"], lost: ["Ops"] }, businessUnits: { gained: [], lost: [] } },
      { memberId: "m3", role: null, teams: { gained: [], lost: [] }, businessUnits: { gained: ["APAC"], lost: [] } },
    ]);
  });

  test("losing access (role null) and members present on one side only", () => {
    const before = new Map([["m1", a("member", ["Ops"])], ["m2", a("viewer")]]);
    const after = new Map([["m1", a(null)], ["m3", a("member")]]);
    expect(diffAssignments(before, after)).toEqual([
      { memberId: "m1", role: { before: "member", after: null }, teams: { gained: [], lost: ["Ops"] }, businessUnits: { gained: [], lost: [] } },
      { memberId: "m2", role: { before: "viewer", after: null }, teams: { gained: [], lost: [] }, businessUnits: { gained: [], lost: [] } },
      { memberId: "m3", role: { before: null, after: "member" }, teams: { gained: [], lost: [] }, businessUnits: { gained: [], lost: [] } },
    ]);
  });

  test("team order does not count as a change; names compare exactly", () => {
    expect(diffAssignments({ m: a("member", ["A", "B"]) }, { m: a("member", ["B", "A"]) })).toEqual([]);
    expect(diffAssignments({ m: a("member", ["ops"]) }, { m: a("member", ["Ops"]) })[0]!.teams).toEqual({ gained: ["Ops"], lost: ["ops"] });
  });

  test("current vs proposed rules over the same members", () => {
    const people: Record<string, MappingInput> = {
      alice: input({ groups: groups("Admins", "Engineering") }),
      bob: input({ groups: groups("Engineering") }),
      carol: input({ groups: groups("Sales") }),
    };
    const current: MappingRuleSet = { attributeRoleMappings: [group("Admins", "admin"), group("*", "member")] };
    const proposed: MappingRuleSet = {
      attributeRoleMappings: [group("Admins", "admin"), group("Engineering", "developer")],
      attributeTeamMappings: [{ attributeType: "group", attributeValue: "Engineering", team: "Platform" }],
    };
    const run = (rules: MappingRuleSet) =>
      Object.fromEntries(Object.entries(people).map(([id, p]) => [id, assignmentOf(evaluateMappings(p, rules, ROLES), "member")]));
    expect(diffAssignments(run(current), run(proposed))).toEqual([
      { memberId: "alice", role: null, teams: { gained: ["Platform"], lost: [] }, businessUnits: { gained: [], lost: [] } },
      { memberId: "bob", role: { before: "member", after: "developer" }, teams: { gained: ["Platform"], lost: [] }, businessUnits: { gained: [], lost: [] } },
      { memberId: "carol", role: { before: "member", after: null }, teams: { gained: [], lost: [] }, businessUnits: { gained: [], lost: [] } },
    ]);
  });
});
