import { describe, expect, test } from "vitest";
import { extractIdentity, readPath } from "./claims";
import { evaluateMappings } from "./evaluate";
import { suggestMappingValues, type ObservedSample } from "./suggest";
import { entraIdToken, googleIdToken, keycloakIdToken, oktaIdToken, SCIM_ENTERPRISE, scimUser, ZITADEL_PROJECT, zitadelIdToken } from "./testing/idp-claims";

const attrsOf = (claims: Record<string, unknown>) => {
  const r = extractIdentity(claims, null);
  if (!r.ok) throw new Error(r.reason);
  return r.identity.attributes;
};
const names = (s: ReturnType<typeof suggestMappingValues>) => s.attributes.map((a) => a.name);
const valuesOf = (s: ReturnType<typeof suggestMappingValues>, name: string) => s.attributes.find((a) => a.name === name)?.values;

describe("suggestMappingValues", () => {
  test("counts names per sample and values per name, most frequent first", () => {
    const samples: ObservedSample[] = [
      { attributes: { department: "Sales", title: "AE" }, groups: ["Everyone", "Sales"] },
      { attributes: { department: "Engineering" }, groups: ["Everyone", "Engineering"] },
      { attributes: { department: "sales" }, groups: ["everyone", "Sales", "Sales"] },
    ];
    const s = suggestMappingValues(samples);
    expect(s.attributes).toEqual([
      { name: "department", samples: 3, values: [{ value: "Sales", count: 2 }, { value: "Engineering", count: 1 }] },
      { name: "title", samples: 1, values: [{ value: "AE", count: 1 }] },
    ]);
    expect(s.groups).toEqual([
      { value: "Everyone", count: 3 },
      { value: "Sales", count: 2 },
      { value: "Engineering", count: 1 },
    ]);
  });

  test("nested claims become dotted paths that readPath (and so rules) understand", () => {
    const s = suggestMappingValues([{ attributes: attrsOf(keycloakIdToken) }]);
    expect(valuesOf(s, "realm_access.roles")?.map((v) => v.value)).toEqual(["admin", "default-roles-acme", "offline_access", "uma_authorization"]);
    expect(valuesOf(s, "resource_access.gatehouse.roles")?.map((v) => v.value)).toEqual(["developer", "team-lead"]);
    expect(valuesOf(s, "resource_access.acme.portal.roles")).toEqual([{ value: "billing", count: 1 }]);
    for (const name of names(s)) expect(readPath(keycloakIdToken, name), name).not.toBeUndefined();
  });

  test("protocol claims are not suggested; the caller's sample is the identity's attributes or raw claims", () => {
    const s = suggestMappingValues([{ attributes: oktaIdToken }]);
    for (const k of ["iss", "aud", "exp", "iat", "nonce", "at_hash", "jti", "amr", "auth_time"]) expect(names(s)).not.toContain(k);
    expect(valuesOf(s, "department")).toEqual([{ value: "R&D", count: 1 }]);
    expect(valuesOf(s, "groups")?.map((v) => v.value)).toEqual(["Admins", "Engineering", "Everyone"]);
  });

  test("Zitadel role-map objects suggest their role names", () => {
    const field = `urn:zitadel:iam:org:project:${ZITADEL_PROJECT}:roles`;
    const s = suggestMappingValues([{ attributes: attrsOf(zitadelIdToken) }]);
    expect(valuesOf(s, field)?.map((v) => v.value)).toEqual(["admin", "auditor"]);
  });

  test("objects with plain values are followed, not offered as key sets", () => {
    const s = suggestMappingValues([{ attributes: { address: { country: "DE", locality: "Berlin" } } }]);
    expect(names(s)).toEqual(["address.country", "address.locality"]);
  });

  test("SCIM users: extension URN paths, projected multi-valued attributes, numbers and booleans", () => {
    const s = suggestMappingValues([{ attributes: scimUser }]);
    expect(valuesOf(s, `${SCIM_ENTERPRISE}.department`)).toEqual([{ value: "Engineering", count: 1 }]);
    expect(valuesOf(s, `${SCIM_ENTERPRISE}.costCenter`)).toEqual([{ value: "4130", count: 1 }]);
    expect(valuesOf(s, "emails.type")?.map((v) => v.value)).toEqual(["home", "work"]);
    expect(valuesOf(s, "active")).toEqual([{ value: "true", count: 1 }]);
    expect(readPath(scimUser, "emails.type")).toEqual(["work", "home"]);
  });

  test("long values (pictures, tokens) and empty values are skipped", () => {
    const s = suggestMappingValues([{ attributes: attrsOf(googleIdToken) }, { attributes: { blank: "  ", nothing: null } }]);
    expect(names(s)).not.toContain("picture");
    expect(names(s)).not.toContain("blank");
    expect(names(s)).not.toContain("nothing");
    expect(valuesOf(s, "hd")).toEqual([{ value: "acme.com", count: 1 }]);
  });

  test("caps names and values; ties sort by name", () => {
    const samples = Array.from({ length: 30 }, (_, i) => ({ attributes: { [`attr${String(i).padStart(2, "0")}`]: `v${i % 3}`, common: `value-${i}` } }));
    const s = suggestMappingValues(samples, { maxNames: 3, maxValues: 2 });
    expect(names(s)).toEqual(["common", "attr00", "attr01"]);
    expect(s.attributes[0]).toEqual({ name: "common", samples: 30, values: [{ value: "value-0", count: 1 }, { value: "value-1", count: 1 }] });
  });

  test("a value repeated inside one sample counts once", () => {
    const s = suggestMappingValues([{ attributes: { roles: ["a", "A", "a"] } }, { attributes: { roles: "a" } }]);
    expect(valuesOf(s, "roles")).toEqual([{ value: "a", count: 2 }]);
  });

  test("depth is bounded and group objects use their display name", () => {
    const deep = { a: { b: { c: { d: { e: "too deep" } } } }, x: { y: "ok" } };
    const s = suggestMappingValues([{ attributes: deep, groups: [{ id: "g1", displayName: "Finance" }] }], { maxDepth: 3 });
    expect(names(s)).toContain("x.y");
    for (const tooDeep of ["a.b.c", "a.b.c.d", "a.b.c.d.e"]) expect(names(s)).not.toContain(tooDeep);
    // Objects of objects are role-map shaped: their keys are what a rule on that name would match.
    expect(valuesOf(s, "a.b")).toEqual([{ value: "c", count: 1 }]);
    expect(s.groups).toEqual([{ value: "Finance", count: 1 }]);
  });

  test("no samples, no suggestions", () => {
    expect(suggestMappingValues([])).toEqual({ attributes: [], groups: [] });
    expect(suggestMappingValues([{}])).toEqual({ attributes: [], groups: [] });
  });

  test.each([
    ["okta", oktaIdToken],
    ["entra", entraIdToken],
    ["keycloak", keycloakIdToken],
    ["zitadel", zitadelIdToken],
    ["google", googleIdToken],
    ["scim", scimUser],
  ])("every suggestion for %s is a user rule that matches the sample it came from", (_idp, attributes) => {
    const s = suggestMappingValues([{ attributes }], { maxNames: 500, maxValues: 500 });
    expect(s.attributes.length).toBeGreaterThan(3);
    for (const { name, values } of s.attributes) {
      for (const { value } of values) {
        const r = evaluateMappings(
          { attributes, groups: [], directRoles: [] },
          { attributeRoleMappings: [{ attributeType: "user", attributeName: name, attributeValue: value, role: "member" }] },
          [{ name: "member", rank: 10 }],
        );
        expect(r.outcome, `${name} = ${value}`).toBe("mapped");
      }
    }
  });
});
