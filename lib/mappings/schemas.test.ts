import { describe, expect, test } from "vitest";
import {
  attributeBusinessUnitMappingsSchema,
  attributeRoleMappingSchema,
  attributeRoleMappingsSchema,
  attributeTeamMappingsSchema,
  claimPathSchema,
  identityFieldsSchema,
  identityFieldsShape,
  MAX_RULES,
  mappingFieldsShape,
  mappingRulesSchema,
} from "./schemas";
import { z } from "zod";

const issues = (r: { success: boolean; error?: z.ZodError }) =>
  (r.error?.issues ?? []).map((i) => ({ path: i.path.join("."), message: i.message }));

describe("role rules", () => {
  test("accepts user, group and fallback rules and trims values", () => {
    const r = attributeRoleMappingsSchema.parse([
      { attributeType: "user", attributeName: " realm_access.roles ", attributeValue: " gatehouse-admin ", role: "admin" },
      { attributeType: "group", attributeValue: "Engineering", role: "developer" },
      { attributeType: "user", attributeValue: "isContractor", role: "viewer" },
      { attributeType: "group", attributeValue: " * ", role: "member" },
    ]);
    expect(r[0]).toEqual({ attributeType: "user", attributeName: "realm_access.roles", attributeValue: "gatehouse-admin", role: "admin" });
    expect(r[3]!.attributeValue).toBe("*");
  });

  test('"*" that is not the last rule is rejected at its own index with a clear message', () => {
    const r = attributeRoleMappingsSchema.safeParse([
      { attributeType: "group", attributeValue: "Admins", role: "admin" },
      { attributeType: "user", attributeValue: "*", role: "member" },
      { attributeType: "group", attributeValue: "Engineering", role: "developer" },
    ]);
    expect(r.success).toBe(false);
    expect(issues(r)).toEqual([
      { path: "1.attributeValue", message: expect.stringMatching(/"\*" is the fallback and must be the last role rule \(rule 2 of 3\)/) },
    ]);
  });

  test('two "*" rules: only the last may stay', () => {
    const r = attributeRoleMappingsSchema.safeParse([
      { attributeType: "user", attributeValue: "*", role: "viewer" },
      { attributeType: "user", attributeValue: "*", role: "member" },
    ]);
    expect(issues(r).map((i) => i.path)).toEqual(["0.attributeValue"]);
  });

  test('a single "*" rule is a valid fallback-only mapping', () => {
    expect(attributeRoleMappingsSchema.safeParse([{ attributeType: "user", attributeValue: "*", role: "member" }]).success).toBe(true);
  });

  test.each([
    ["attributeValue", { attributeType: "user", attributeName: "department", attributeValue: "env.ADMIN_DEPT", role: "admin" }],
    ["attributeName", { attributeType: "user", attributeName: "env.CLAIM", attributeValue: "x", role: "admin" }],
    ["role", { attributeType: "group", attributeValue: "Admins", role: "env.ROLE" }],
  ])("env.* in %s is rejected: mapping arrays are plain JSON", (field, rule) => {
    const r = attributeRoleMappingSchema.safeParse(rule);
    expect(issues(r)).toEqual([{ path: field, message: `${field}: mapping rules are plain JSON and cannot reference environment variables (env.*)` }]);
  });

  test("env.* after surrounding whitespace is still rejected; a value merely containing env. is fine", () => {
    expect(attributeRoleMappingSchema.safeParse({ attributeType: "group", attributeValue: "  env.X", role: "admin" }).success).toBe(false);
    expect(attributeRoleMappingSchema.safeParse({ attributeType: "group", attributeValue: "prod-env.admins", role: "admin" }).success).toBe(true);
  });

  test("unknown fields, bad types and empty values are rejected", () => {
    expect(issues(attributeRoleMappingSchema.safeParse({ attributeType: "group", attributeValue: "A", role: "admin", priority: 1 }))[0]!.message).toMatch(/priority/);
    expect(issues(attributeRoleMappingSchema.safeParse({ attributeType: "claim", attributeValue: "A", role: "admin" }))).toEqual([
      { path: "attributeType", message: 'attributeType must be "user" or "group"' },
    ]);
    expect(issues(attributeRoleMappingSchema.safeParse({ attributeType: "group", attributeValue: "  ", role: "admin" }))).toEqual([
      { path: "attributeValue", message: "attributeValue is required" },
    ]);
    expect(issues(attributeRoleMappingSchema.safeParse({ attributeType: "group", attributeValue: "A" }))[0]!.path).toBe("role");
    expect(attributeRoleMappingSchema.safeParse({ attributeType: "group", attributeValue: "A", role: "x".repeat(65) }).success).toBe(false);
  });

  test("attributeName on a group rule or on a \"*\" rule is rejected instead of silently ignored", () => {
    expect(issues(attributeRoleMappingSchema.safeParse({ attributeType: "group", attributeName: "groups", attributeValue: "Admins", role: "admin" }))).toEqual([
      { path: "attributeName", message: expect.stringMatching(/Group rules match a group's display name or id/) },
    ]);
    expect(issues(attributeRoleMappingSchema.safeParse({ attributeType: "user", attributeName: "department", attributeValue: "*", role: "member" }))).toEqual([
      { path: "attributeName", message: expect.stringMatching(/"\*" matches every user/) },
    ]);
  });

  test(`at most ${MAX_RULES} rules`, () => {
    const rule = { attributeType: "group", attributeValue: "A", role: "admin" };
    expect(attributeRoleMappingsSchema.safeParse(Array(MAX_RULES).fill(rule)).success).toBe(true);
    expect(attributeRoleMappingsSchema.safeParse(Array(MAX_RULES + 1).fill(rule)).success).toBe(false);
  });
});

describe("team and business-unit rules", () => {
  test("take team / businessUnit and allow \"*\" anywhere (all matching rules apply)", () => {
    expect(
      attributeTeamMappingsSchema.parse([
        { attributeType: "user", attributeValue: "*", team: "Everyone" },
        { attributeType: "group", attributeValue: "Engineering", team: "Platform" },
      ]),
    ).toHaveLength(2);
    expect(attributeBusinessUnitMappingsSchema.parse([{ attributeType: "user", attributeName: "department", attributeValue: "Sales", businessUnit: "EMEA Sales" }])[0]!.businessUnit).toBe("EMEA Sales");
  });

  test("a role field on a team rule (or team on a BU rule) is an unknown field", () => {
    expect(attributeTeamMappingsSchema.safeParse([{ attributeType: "group", attributeValue: "A", role: "admin" }]).success).toBe(false);
    expect(attributeBusinessUnitMappingsSchema.safeParse([{ attributeType: "group", attributeValue: "A", team: "T" }]).success).toBe(false);
  });

  test("env.* in team or businessUnit is rejected", () => {
    expect(issues(attributeTeamMappingsSchema.safeParse([{ attributeType: "group", attributeValue: "A", team: "env.TEAM" }]))[0]!.path).toBe("0.team");
    expect(issues(attributeBusinessUnitMappingsSchema.safeParse([{ attributeType: "group", attributeValue: "env.G", businessUnit: "B" }]))[0]!.path).toBe("0.attributeValue");
  });
});

describe("mappingRulesSchema", () => {
  test("defaults every array to [] and rejects unknown top-level keys", () => {
    expect(mappingRulesSchema.parse({})).toEqual({ attributeRoleMappings: [], attributeTeamMappings: [], attributeBusinessUnitMappings: [] });
    expect(mappingRulesSchema.safeParse({ attributeGroupMappings: [] }).success).toBe(false);
  });

  test("paths point at the offending rule inside the right array", () => {
    const r = mappingRulesSchema.safeParse({
      attributeRoleMappings: [
        { attributeType: "user", attributeValue: "*", role: "member" },
        { attributeType: "group", attributeValue: "Admins", role: "admin" },
      ],
      attributeTeamMappings: [{ attributeType: "group", attributeValue: "A", team: "env.X" }],
    });
    expect(issues(r).map((i) => i.path).sort()).toEqual(["attributeRoleMappings.0.attributeValue", "attributeTeamMappings.0.team"]);
  });

  test("the shapes spread into provider schemas", () => {
    const okta = z.strictObject({ issuerUrl: z.url(), ...identityFieldsShape, ...mappingFieldsShape });
    const parsed = okta.parse({ issuerUrl: "https://acme.okta.com", rolesField: "groups" });
    expect(parsed).toMatchObject({ userIdField: "sub", rolesField: "groups", attributeRoleMappings: [] });
  });
});

describe("identity fields", () => {
  test("userIdField defaults to sub; empty or null means not set", () => {
    expect(identityFieldsSchema.parse({})).toEqual({ userIdField: "sub" });
    expect(identityFieldsSchema.parse({ userIdField: "", rolesField: null, teamIdsField: "  " })).toEqual({
      userIdField: "sub",
      rolesField: undefined,
      teamIdsField: undefined,
    });
  });

  test("dotted and URL-style claim paths are accepted and trimmed", () => {
    expect(identityFieldsSchema.parse({ userIdField: "oid", rolesField: " realm_access.roles ", teamIdsField: "https://acme.com/claims/teams" })).toEqual({
      userIdField: "oid",
      rolesField: "realm_access.roles",
      teamIdsField: "https://acme.com/claims/teams",
    });
  });

  test("paths with inner whitespace, non-strings and unknown keys are rejected", () => {
    expect(claimPathSchema.safeParse("realm access").success).toBe(false);
    expect(identityFieldsSchema.safeParse({ rolesField: 3 }).success).toBe(false);
    expect(identityFieldsSchema.safeParse({ groupsField: "groups" }).success).toBe(false);
    expect(claimPathSchema.safeParse("x".repeat(257)).success).toBe(false);
  });
});
