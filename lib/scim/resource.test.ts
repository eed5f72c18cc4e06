import { describe, expect, test } from "vitest";
import { readResource, type ReadResourceOutcome } from "./resource";
import { GROUP_RESOURCE, USER_RESOURCE, type ResourceSchema } from "./schema";
import * as entra from "./fixtures/entra";
import * as okta from "./fixtures/okta";
import * as ms from "./fixtures/ms-reference";

const CORE = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const ENT = entra.ENTERPRISE;

function read(body: unknown, rs: ResourceSchema = USER_RESOURCE): ReadResourceOutcome {
  const r = readResource(body, rs);
  if (!r.ok) throw new Error(`${r.error.scimType}: ${r.error.detail}`);
  return r.value;
}

describe("readResource", () => {
  test("Entra create user: read-only meta dropped, empty roles unassigned", () => {
    const r = read(entra.entraCreateUser);
    expect(r.resource).toEqual({
      schemas: [CORE],
      externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
      userName: "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1",
      active: true,
      emails: [{ primary: true, type: "work", value: "Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com" }],
      name: { formatted: "givenName familyName", familyName: "familyName", givenName: "givenName" },
    });
    expect(r.ignored).toEqual([]);
    expect(r.quirks).toEqual([]);
  });

  test("Okta create user: password comes back separately, groups ignored", () => {
    const r = read(okta.oktaCreateUser);
    expect(r.password).toBe("1mz050nq");
    expect(JSON.stringify(r.resource)).not.toContain("1mz050nq");
    expect(r.resource).not.toHaveProperty("groups");
    expect(r.resource).toMatchObject({ userName: "test.user@okta.local", locale: "en-US", active: true });
  });

  test("Okta PUT: id and password handled like create", () => {
    const r = read(okta.oktaReplaceUser);
    expect(r.resource).not.toHaveProperty("id");
    expect(r.resource.name).toEqual({ givenName: "Another", familyName: "User" });
    expect(r.password).toBe("1mz050nq");
  });

  test("Microsoft enterprise user: names in any case, manager object, schemas rebuilt", () => {
    const r = read(ms.msEnterpriseUserCreate);
    expect(r.resource.schemas).toEqual([CORE, ENT]);
    expect(r.resource.emails).toEqual([
      { primary: true, type: "work", value: "testing@bob2.com" },
      { primary: false, type: "home", value: "testinghome@bob3.com" },
    ]);
    expect(r.resource[ENT]).toEqual({ department: "bob", manager: { value: "SuzzyQ" } });
  });

  test("string booleans, null sub-attributes, unknown attributes ignored and listed", () => {
    const r = read({
      schemas: [CORE],
      userName: "emp1",
      active: "True",
      adreses: [{ country: "Germany" }],
      addresses: [{ country: null, formatted: "18522 Lisa Unions", type: "other", primary: false, planet: "Earth" }],
      "urn:ietf:params:scim:schemas:extension:acme:2.0:User": { badge: "1" },
      [ENT]: { department: "x", floor: 3 },
    });
    expect(r.resource.active).toBe(true);
    expect(r.resource.addresses).toEqual([{ formatted: "18522 Lisa Unions", type: "other", primary: false }]);
    expect(r.ignored).toEqual(["adreses", "addresses[0].planet", "urn:ietf:params:scim:schemas:extension:acme:2.0:User", `${ENT}:floor`]);
    expect(r.quirks).toEqual(["entra.string-boolean"]);
  });

  test("Groups: members come back as ids, Entra's extra schema URN is fine", () => {
    const g = read(entra.entraCreateGroup, GROUP_RESOURCE);
    expect(g.resource).toEqual({ schemas: [GROUP], externalId: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159", displayName: "displayName" });
    expect(g.members).toBeUndefined();
    const o = read(okta.oktaCreateGroup, GROUP_RESOURCE);
    expect(o.members).toEqual({ ids: [], display: {} });
    const put = read(
      { schemas: [GROUP], id: "g", displayName: "putName", members: [{ value: "a", display: "VP" }, { value: "b" }, { value: "a" }] },
      GROUP_RESOURCE,
    );
    expect(put.members).toEqual({ ids: ["a", "b"], display: { a: "VP" } });
    expect(put.resource).not.toHaveProperty("members");
  });

  test("errors", () => {
    const err = (body: unknown, rs: ResourceSchema = USER_RESOURCE) => {
      const r = readResource(body, rs);
      if (r.ok) throw new Error("expected failure");
      return r.error;
    };
    expect(err("x")).toEqual({ scimType: "invalidSyntax", detail: "A User must be a JSON object" });
    expect(err({ userName: "a" })).toEqual({ scimType: "invalidSyntax", detail: `"schemas" must contain "${CORE}"` });
    expect(err({ schemas: [GROUP], userName: "a" })).toMatchObject({ scimType: "invalidSyntax" });
    expect(err({ schemas: [CORE], userame: "OMalley" })).toEqual({ scimType: "invalidValue", detail: `"userName" is required` });
    expect(err({ schemas: [CORE], userName: "  " })).toMatchObject({ scimType: "invalidValue" });
    expect(err({ schemas: [CORE], userName: "a", active: "maybe" })).toEqual({
      scimType: "invalidValue",
      detail: `active must be a boolean, got "maybe"`,
    });
    expect(err({ schemas: [CORE], userName: "a", emails: [{ value: "a", primary: true }, { value: "b", primary: true }] })).toMatchObject({
      scimType: "invalidValue",
    });
    expect(err({ schemas: [CORE], userName: "a", password: 5 })).toMatchObject({ scimType: "invalidValue" });
    expect(err({ schemas: [CORE], userName: "a", [ENT]: "x" })).toMatchObject({ scimType: "invalidValue" });
    expect(err({ schemas: [GROUP] }, GROUP_RESOURCE)).toEqual({ scimType: "invalidValue", detail: `"displayName" is required` });
    expect(err({ schemas: [GROUP], displayName: "g", members: [{ display: "x" }] }, GROUP_RESOURCE)).toMatchObject({
      scimType: "invalidValue",
    });
  });
});
