import { describe, expect, test } from "vitest";
import { applyPatch, applyPatchRequest, parsePatchRequest, type PatchOutcome, type ScimResource } from "./patch";
import type { ScimType } from "./result";
import { GROUP_RESOURCE, USER_RESOURCE, type ResourceSchema } from "./schema";

const CORE = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

function user(): ScimResource {
  return {
    schemas: [CORE],
    id: "u-1",
    externalId: "ext-1",
    userName: "bjensen@example.com",
    displayName: "Babs Jensen",
    active: true,
    name: { givenName: "Barbara", familyName: "Jensen" },
    emails: [
      { value: "bjensen@example.com", type: "work", primary: true },
      { value: "babs@jensen.org", type: "home" },
    ],
    phoneNumbers: [{ value: "555-555-8377", type: "work" }],
    meta: { resourceType: "User", created: "2024-01-01T00:00:00Z", lastModified: "2024-01-01T00:00:00Z", version: 'W/"1"' },
  };
}

function group(): ScimResource {
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
    id: "g-1",
    displayName: "Tour Guides",
    meta: { resourceType: "Group", created: "2024-01-01T00:00:00Z", lastModified: "2024-01-01T00:00:00Z" },
  };
}

function patch(resource: ScimResource, ops: unknown[], rs: ResourceSchema = USER_RESOURCE): PatchOutcome {
  const r = applyPatch(resource, ops, rs);
  if (!r.ok) throw new Error(`expected success, got ${r.error.scimType}: ${r.error.detail}`);
  return r.value;
}

function patchError(resource: ScimResource, ops: unknown, rs: ResourceSchema = USER_RESOURCE) {
  const before = structuredClone(resource);
  const r = applyPatch(resource, ops, rs);
  if (r.ok) throw new Error(`expected failure, got ${JSON.stringify(r.value.resource)}`);
  // Nothing is half-applied: the input is untouched.
  expect(resource).toEqual(before);
  return r.error;
}

const expectScimType = (resource: ScimResource, ops: unknown, scimType: ScimType, rs: ResourceSchema = USER_RESOURCE) =>
  expect(patchError(resource, ops, rs).scimType).toBe(scimType);

describe("simple attributes", () => {
  test("add, replace and remove with a path", () => {
    expect(patch(user(), [{ op: "add", path: "nickName", value: "Babs" }]).resource.nickName).toBe("Babs");
    expect(patch(user(), [{ op: "add", path: "displayName", value: "B" }]).resource.displayName).toBe("B");
    expect(patch(user(), [{ op: "replace", path: "displayName", value: "B" }]).resource.displayName).toBe("B");
    const removed = patch(user(), [{ op: "remove", path: "displayName" }]);
    expect(removed.resource).not.toHaveProperty("displayName");
    expect(removed.changed).toBe(true);
  });

  test("replace with null unassigns (RFC 7643 §2.5)", () => {
    expect(patch(user(), [{ op: "replace", path: "displayName", value: null }]).resource).not.toHaveProperty("displayName");
  });

  test("attribute names in paths are case-insensitive and stored canonically", () => {
    const r = patch(user(), [
      { op: "replace", path: "USERNAME", value: "x@y.z" },
      { op: "replace", path: "Name.GivenName", value: "Babs" },
    ]).resource;
    expect(r.userName).toBe("x@y.z");
    expect(r).not.toHaveProperty("USERNAME");
    expect(r.name).toEqual({ givenName: "Babs", familyName: "Jensen" });
  });

  test("a stored non-canonical key is replaced by the canonical one", () => {
    const u = { ...user(), NickName: "old" };
    const r = patch(u, [{ op: "replace", path: "nickName", value: "new" }]).resource;
    expect(r.nickName).toBe("new");
    expect(r).not.toHaveProperty("NickName");
  });

  test("the core schema URN may prefix a core attribute (RFC 7644 §3.10)", () => {
    expect(patch(user(), [{ op: "replace", path: `${CORE}:userName`, value: "q" }]).resource.userName).toBe("q");
  });

  test("removing an absent attribute is a no-op", () => {
    const r = patch(user(), [{ op: "remove", path: "nickName" }]);
    expect(r.changed).toBe(false);
    expect(r.resource).toEqual(user());
  });

  test("a replace with the current value reports no change", () => {
    expect(patch(user(), [{ op: "replace", path: "active", value: true }]).changed).toBe(false);
  });

  test("the input resource is never mutated", () => {
    const u = user();
    patch(u, [
      { op: "replace", path: "name.givenName", value: "X" },
      { op: "add", path: "emails", value: [{ value: "n@x.y", type: "other" }] },
      { op: "remove", path: 'emails[type eq "home"]' },
    ]);
    expect(u).toEqual(user());
  });
});

describe("complex attributes and sub-attribute paths", () => {
  test("sub-attribute add/replace/remove", () => {
    expect(patch(user(), [{ op: "add", path: "name.middleName", value: "Jane" }]).resource.name).toEqual({
      givenName: "Barbara",
      familyName: "Jensen",
      middleName: "Jane",
    });
    expect(patch(user(), [{ op: "replace", path: "name.familyName", value: "J" }]).resource.name).toMatchObject({ familyName: "J" });
    expect(patch(user(), [{ op: "remove", path: "name.familyName" }]).resource.name).toEqual({ givenName: "Barbara" });
  });

  test("a sub-attribute path creates the complex attribute when absent", () => {
    const u = user();
    delete u.name;
    expect(patch(u, [{ op: "replace", path: "name.givenName", value: "B" }]).resource.name).toEqual({ givenName: "B" });
  });

  test("removing the last sub-attribute unassigns the attribute", () => {
    const u = { ...user(), name: { givenName: "B" } };
    expect(patch(u, [{ op: "remove", path: "name.givenName" }]).resource).not.toHaveProperty("name");
  });

  test("replace of a complex attribute merges: unspecified sub-attributes stay (RFC 7644 §3.5.2.3)", () => {
    expect(patch(user(), [{ op: "replace", path: "name", value: { givenName: "B", formatted: "B Jensen" } }]).resource.name).toEqual({
      givenName: "B",
      familyName: "Jensen",
      formatted: "B Jensen",
    });
    expect(patch(user(), [{ op: "remove", path: "name" }]).resource).not.toHaveProperty("name");
  });

  test("sub-attribute names inside values are canonicalised", () => {
    expect(patch(user(), [{ op: "add", path: "name", value: { GIVENNAME: "B" } }]).resource.name).toMatchObject({ givenName: "B" });
  });
});

describe("multi-valued attributes", () => {
  test("add appends without duplicates (value matched case-insensitively)", () => {
    const r = patch(user(), [
      { op: "add", path: "emails", value: [{ value: "BJENSEN@example.com", type: "work" }, { value: "new@x.org", type: "other" }] },
    ]).resource;
    expect(r.emails).toEqual([
      { value: "bjensen@example.com", type: "work", primary: true },
      { value: "babs@jensen.org", type: "home" },
      { value: "new@x.org", type: "other" },
    ]);
    const again = patch(r, [{ op: "add", path: "emails", value: [{ value: "new@x.org", type: "other" }] }]);
    expect(again.changed).toBe(false);
  });

  test("add of an existing value merges its sub-attributes", () => {
    const r = patch(user(), [{ op: "add", path: "emails", value: [{ value: "babs@jensen.org", type: "home", display: "Home" }] }]);
    expect(r.resource.emails).toContainEqual({ value: "babs@jensen.org", type: "home", display: "Home" });
    expect((r.resource.emails as unknown[]).length).toBe(2);
  });

  test("adding a primary value clears primary on the others (RFC 7643 §2.4)", () => {
    const r = patch(user(), [{ op: "add", path: "emails", value: [{ value: "new@x.org", type: "other", primary: true }] }]).resource;
    expect(r.emails).toEqual([
      { value: "bjensen@example.com", type: "work", primary: false },
      { value: "babs@jensen.org", type: "home" },
      { value: "new@x.org", type: "other", primary: true },
    ]);
  });

  test("replace swaps the whole list; two primaries are invalidValue", () => {
    const r = patch(user(), [{ op: "replace", path: "emails", value: [{ value: "only@x.org", type: "work", primary: true }] }]);
    expect(r.resource.emails).toEqual([{ value: "only@x.org", type: "work", primary: true }]);
    expect(patchError(user(), [{ op: "replace", path: "emails", value: [{ value: "a@x", primary: true }, { value: "b@x", primary: true }] }])).toEqual({
      scimType: "invalidValue",
      detail: "Operations[0]: emails: more than one value is marked primary",
    });
  });

  test("replace with an empty list or remove without filter unassigns", () => {
    expect(patch(user(), [{ op: "replace", path: "emails", value: [] }]).resource).not.toHaveProperty("emails");
    expect(patch(user(), [{ op: "remove", path: "emails" }]).resource).not.toHaveProperty("emails");
  });

  test("a single object where an array is expected is wrapped and reported", () => {
    const r = patch(user(), [{ op: "add", path: "phoneNumbers", value: { value: "555-0100", type: "mobile" } }]);
    expect(r.resource.phoneNumbers).toHaveLength(2);
    expect(r.quirks).toEqual(["lenient.object-for-array"]);
  });

  test("a sub-attribute of a multi-valued attribute needs a filter", () => {
    expect(patchError(user(), [{ op: "replace", path: "emails.value", value: "x@y" }])).toEqual({
      scimType: "invalidPath",
      detail: `Operations[0]: "emails.value": select the values of the multi-valued "emails" with a filter, e.g. emails[type eq "work"].value`,
    });
  });

  test("addresses (no value sub-attribute) de-duplicate by content", () => {
    const addr = { streetAddress: "100 Universal City Plaza", locality: "Hollywood", type: "work" };
    const once = patch(user(), [{ op: "add", path: "addresses", value: [addr] }]).resource;
    const twice = patch(once, [{ op: "add", path: "addresses", value: [addr] }]);
    expect(twice.changed).toBe(false);
    expect(twice.resource.addresses).toEqual([addr]);
  });
});

describe("value-filter paths", () => {
  test("replace a sub-attribute of the matching values", () => {
    const r = patch(user(), [{ op: "replace", path: 'emails[type eq "work"].value', value: "new@example.com" }]).resource;
    expect(r.emails).toEqual([
      { value: "new@example.com", type: "work", primary: true },
      { value: "babs@jensen.org", type: "home" },
    ]);
  });

  test("filters compare case-insensitively and support and/or/not", () => {
    const r = patch(user(), [
      { op: "replace", path: 'emails[TYPE eq "WORK" and not (value ew ".org")].display', value: "Work" },
    ]).resource;
    expect((r.emails as Record<string, unknown>[])[0]).toMatchObject({ display: "Work" });
    expect((r.emails as Record<string, unknown>[])[1]).not.toHaveProperty("display");
  });

  test("replace with an unmatched filter is noTarget (RFC 7644 §3.5.2.3)", () => {
    expect(patchError(user(), [{ op: "replace", path: 'emails[type eq "other"].value', value: "x@y" }])).toEqual({
      scimType: "noTarget",
      detail: `Operations[0]: "emails[type eq "other"].value" matches no value of "emails"`,
    });
  });

  test("add with an unmatched eq filter creates the value it describes", () => {
    const u = user();
    delete u.emails;
    const r = patch(u, [{ op: "add", path: 'emails[type eq "work"].value', value: "w@x.org" }]);
    expect(r.resource.emails).toEqual([{ type: "work", value: "w@x.org" }]);
    expect(r.quirks).toEqual(["entra.add-value-path-creates"]);
    expectScimType(u, [{ op: "add", path: 'emails[type ne "work"].value', value: "w@x.org" }], "noTarget");
  });

  test("add with a matching filter replaces the single-valued sub-attribute", () => {
    const r = patch(user(), [{ op: "add", path: 'emails[type eq "work"].value', value: "w@x.org" }]);
    expect((r.resource.emails as unknown[])[0]).toEqual({ value: "w@x.org", type: "work", primary: true });
    expect(r.quirks).toEqual([]);
  });

  test("replace a whole matching value", () => {
    const r = patch(user(), [{ op: "replace", path: 'emails[type eq "home"]', value: { value: "h@x.org", type: "home" } }]).resource;
    expect(r.emails).toEqual([
      { value: "bjensen@example.com", type: "work", primary: true },
      { value: "h@x.org", type: "home" },
    ]);
  });

  test("marking a filtered value primary clears the others", () => {
    const r = patch(user(), [{ op: "replace", path: 'emails[type eq "home"].primary', value: true }]).resource;
    expect(r.emails).toEqual([
      { value: "bjensen@example.com", type: "work", primary: false },
      { value: "babs@jensen.org", type: "home", primary: true },
    ]);
  });

  test("remove matching values, a sub-attribute of them, or nothing", () => {
    expect(patch(user(), [{ op: "remove", path: 'emails[type eq "home"]' }]).resource.emails).toEqual([
      { value: "bjensen@example.com", type: "work", primary: true },
    ]);
    expect(patch(user(), [{ op: "remove", path: 'emails[type eq "work"].primary' }]).resource.emails).toEqual([
      { value: "bjensen@example.com", type: "work" },
      { value: "babs@jensen.org", type: "home" },
    ]);
    const none = patch(user(), [{ op: "remove", path: 'emails[type eq "other"]' }]);
    expect(none.changed).toBe(false);
    const all = patch(user(), [{ op: "remove", path: 'emails[value pr]' }]);
    expect(all.resource).not.toHaveProperty("emails");
  });

  test("filter errors in a path are invalidPath", () => {
    expectScimType(user(), [{ op: "remove", path: 'emails[nope eq "x"]' }], "invalidPath");
    expectScimType(user(), [{ op: "remove", path: 'emails[type eq "x"' }], "invalidPath");
    expectScimType(user(), [{ op: "remove", path: 'userName[value eq "x"]' }], "invalidPath");
    expectScimType(user(), [{ op: "remove", path: 'name[givenName eq "x"]' }], "invalidPath");
  });
});

describe("enterprise extension", () => {
  test("an extension URN path creates the extension object and lists its schema", () => {
    const r = patch(user(), [{ op: "add", path: `${ENT}:department`, value: "Tour Operations" }]).resource;
    expect(r[ENT]).toEqual({ department: "Tour Operations" });
    expect(r.schemas).toEqual([CORE, ENT]);
  });

  test("removing the last extension attribute drops the object and its schema", () => {
    const u = { ...user(), schemas: [CORE, ENT], [ENT]: { department: "X" } };
    const r = patch(u, [{ op: "remove", path: `${ENT}:department` }]).resource;
    expect(r).not.toHaveProperty(ENT);
    expect(r.schemas).toEqual([CORE]);
  });

  test("manager: object, plain id (Entra), sub-attribute path, readOnly displayName ignored", () => {
    expect(patch(user(), [{ op: "add", path: `${ENT}:manager`, value: { value: "m-1", displayName: "ignored" } }]).resource[ENT]).toEqual({
      manager: { value: "m-1" },
    });
    const plain = patch(user(), [{ op: "replace", path: `${ENT}:manager`, value: "m-2" }]);
    expect(plain.resource[ENT]).toEqual({ manager: { value: "m-2" } });
    expect(plain.quirks).toEqual(["entra.manager-plain-string"]);
    expect(patch(user(), [{ op: "replace", path: `${ENT}:manager.value`, value: "m-3" }]).resource[ENT]).toEqual({
      manager: { value: "m-3" },
    });
    expectScimType(user(), [{ op: "replace", path: `${ENT}:manager.displayName`, value: "x" }], "mutability");
  });

  test("a whole-extension path takes an object; remove drops it", () => {
    const r = patch(user(), [{ op: "add", path: ENT, value: { costCenter: "4130", division: "Theme Park" } }]).resource;
    expect(r[ENT]).toEqual({ costCenter: "4130", division: "Theme Park" });
    const removed = patch({ ...r }, [{ op: "remove", path: ENT }]).resource;
    expect(removed).not.toHaveProperty(ENT);
    expect(removed.schemas).toEqual([CORE]);
    expectScimType(user(), [{ op: "add", path: ENT, value: "x" }], "invalidValue");
  });

  test("URN matching is case-insensitive", () => {
    const r = patch(user(), [{ op: "add", path: `${ENT.toLowerCase()}:Department`, value: "D" }]).resource;
    expect(r[ENT]).toEqual({ department: "D" });
  });

  test("extension attributes need their URN; unknown extensions are invalidPath", () => {
    expectScimType(user(), [{ op: "add", path: "department", value: "D" }], "invalidPath");
    expectScimType(user(), [{ op: "add", path: "urn:ietf:params:scim:schemas:extension:acme:2.0:User:badge", value: "D" }], "invalidPath");
  });
});

describe("operations without a path", () => {
  test("add and replace apply each attribute of the value", () => {
    const r = patch(user(), [{ op: "replace", value: { displayName: "B", name: { givenName: "Bee" }, active: false } }]).resource;
    expect(r).toMatchObject({ displayName: "B", active: false, name: { givenName: "Bee", familyName: "Jensen" } });
    const added = patch(user(), [{ op: "add", value: { emails: [{ value: "n@x.org", type: "other" }], nickName: "B" } }]).resource;
    expect(added.emails).toHaveLength(3);
    expect(added.nickName).toBe("B");
  });

  test("an extension URN key carries an object of extension attributes", () => {
    const r = patch(user(), [{ op: "add", value: { [ENT]: { employeeNumber: "701984", manager: { value: "m-1" } } } }]).resource;
    expect(r[ENT]).toEqual({ employeeNumber: "701984", manager: { value: "m-1" } });
    expect(r.schemas).toEqual([CORE, ENT]);
  });

  test("a value that is not an object is invalidValue", () => {
    expect(patchError(user(), [{ op: "replace", value: "x" }])).toEqual({
      scimType: "invalidValue",
      detail: `Operations[0]: "replace" without a path takes an object of attributes, got "x"`,
    });
  });

  test("unknown attributes are invalidPath", () => {
    expect(patchError(user(), [{ op: "replace", value: { displayName: "x", bogus: 1 } }])).toEqual({
      scimType: "invalidPath",
      detail: `Operations[0]: Unknown attribute "bogus" for User`,
    });
  });

  test("schemas inside the value is ignored and reported", () => {
    const r = patch(user(), [{ op: "replace", value: { schemas: [CORE], displayName: "x" } }]);
    expect(r.resource.schemas).toEqual([CORE]);
    expect(r.quirks).toEqual(["lenient.schemas-in-value"]);
  });

  test("an unchanged read-only id is ignored (Okta), a different one is mutability", () => {
    const r = patch(user(), [{ op: "replace", value: { id: "u-1", displayName: "x" } }]);
    expect(r.quirks).toEqual(["okta.readonly-echo"]);
    expect(patchError(user(), [{ op: "replace", value: { id: "u-2" } }])).toEqual({
      scimType: "mutability",
      detail: `Operations[0]: "id" is readOnly`,
    });
  });
});

describe("read-only, immutable and required attributes", () => {
  test.each([
    ["id", "x"],
    ["meta", { created: "2020-01-01T00:00:00Z" }],
    ["meta.lastModified", "2020-01-01T00:00:00Z"],
    ["groups", [{ value: "g-1" }]],
    ["schemas", [CORE]],
  ])("%s is mutability for every op", (path, value) => {
    for (const op of ["add", "replace", "remove"]) {
      expectScimType(user(), [{ op, path, ...(op === "remove" ? {} : { value }) }], "mutability");
    }
  });

  test("removing or nulling a required attribute is invalidValue", () => {
    expect(patchError(user(), [{ op: "remove", path: "userName" }])).toEqual({
      scimType: "invalidValue",
      detail: `Operations[0]: "userName" is required and cannot be removed`,
    });
    expectScimType(user(), [{ op: "replace", path: "userName", value: null }], "invalidValue");
    expectScimType(group(), [{ op: "remove", path: "displayName" }], "invalidValue", GROUP_RESOURCE);
  });

  test("password is write-only: returned separately, never left in the resource", () => {
    const set = patch(user(), [{ op: "replace", path: "password", value: "s3cret!" }]);
    expect(set.password).toBe("s3cret!");
    expect(set.resource).not.toHaveProperty("password");
    expect(set.changed).toBe(true);
    expect(patch(user(), [{ op: "replace", value: { password: "p" } }]).password).toBe("p");
    expect(patch(user(), [{ op: "remove", path: "password" }]).password).toBeNull();
    expect(patch(user(), [{ op: "replace", path: "displayName", value: "x" }])).not.toHaveProperty("password");
    expectScimType(user(), [{ op: "replace", path: "password", value: 42 }], "invalidValue");
    expectScimType(user(), [{ op: "replace", path: "password" }], "invalidValue");
  });
});

describe("value types", () => {
  test("booleans accept Entra's strings in any case, and nothing else", () => {
    for (const [v, want] of [["False", false], ["TRUE", true], ["true", true], [false, false]] as const) {
      const r = patch(user(), [{ op: "replace", path: "active", value: v }]);
      expect(r.resource.active).toBe(want);
      expect(r.quirks).toEqual(typeof v === "string" ? ["entra.string-boolean"] : []);
    }
    expect(patchError(user(), [{ op: "replace", path: "active", value: "yes" }])).toEqual({
      scimType: "invalidValue",
      detail: `Operations[0]: active must be a boolean, got "yes"`,
    });
    expectScimType(user(), [{ op: "replace", path: "active", value: 1 }], "invalidValue");
    expect(patch(user(), [{ op: "replace", path: 'emails[type eq "home"].primary', value: "True" }]).quirks).toEqual([
      "entra.string-boolean",
    ]);
  });

  test("strings must be strings; single-valued attributes refuse arrays", () => {
    expectScimType(user(), [{ op: "replace", path: "displayName", value: 42 }], "invalidValue");
    expectScimType(user(), [{ op: "replace", path: "displayName", value: ["a"] }], "invalidValue");
    expectScimType(user(), [{ op: "replace", path: "name", value: "Babs" }], "invalidValue");
    expectScimType(user(), [{ op: "add", path: "emails", value: [{ value: 5 }] }], "invalidValue");
    expectScimType(user(), [{ op: "add", path: "emails", value: ["plain@x.org"] }], "invalidValue");
  });

  test("unknown sub-attributes in a value are invalidValue", () => {
    expect(patchError(user(), [{ op: "add", path: "emails", value: [{ value: "a@b.c", label: "x" }] }])).toEqual({
      scimType: "invalidValue",
      detail: `Operations[0]: Unknown sub-attribute "emails.label"`,
    });
  });

  test("unknown attributes and sub-attributes in paths are invalidPath", () => {
    expect(patchError(user(), [{ op: "replace", path: "nope", value: "x" }])).toEqual({
      scimType: "invalidPath",
      detail: `Operations[0]: Unknown attribute "nope" for User`,
    });
    expectScimType(user(), [{ op: "replace", path: "name.nope", value: "x" }], "invalidPath");
    expectScimType(user(), [{ op: "replace", path: "userName.x", value: "x" }], "invalidPath");
    expectScimType(user(), [{ op: "replace", path: "a.b.c", value: "x" }], "invalidPath");
    expectScimType(user(), [{ op: "replace", path: 42, value: "x" }], "invalidPath");
    expectScimType(group(), [{ op: "replace", path: "userName", value: "x" }], "invalidPath", GROUP_RESOURCE);
  });
});

describe("operation envelope errors", () => {
  test("remove without a path is noTarget (RFC 7644 §3.5.2.2)", () => {
    expect(patchError(user(), [{ op: "remove" }])).toEqual({
      scimType: "noTarget",
      detail: `Operations[0]: "remove" requires a path`,
    });
    expectScimType(user(), [{ op: "remove", path: "" }], "noTarget");
  });

  test("add/replace without a value is invalidValue", () => {
    expectScimType(user(), [{ op: "add", path: "nickName" }], "invalidValue");
    expectScimType(user(), [{ op: "replace" }], "invalidValue");
  });

  test("bad op and malformed operations are invalidSyntax", () => {
    expect(patchError(user(), [{ op: "move", path: "x" }])).toEqual({
      scimType: "invalidSyntax",
      detail: `Operations[0].op "move" is not "add", "replace" or "remove"`,
    });
    expectScimType(user(), [{ path: "x" }], "invalidSyntax");
    expectScimType(user(), ["add"], "invalidSyntax");
    expectScimType(user(), [], "invalidSyntax");
    expectScimType(user(), { op: "add" }, "invalidSyntax");
  });

  test("more than 1000 operations is tooMany; the limit is configurable", () => {
    const ops = Array.from({ length: 10_000 }, () => ({ op: "replace", path: "displayName", value: "x" }));
    expect(patchError(user(), ops)).toEqual({
      scimType: "tooMany",
      detail: "A PATCH may contain at most 1000 operations; this one has 10000",
    });
    expect(applyPatch(user(), ops.slice(0, 1000), USER_RESOURCE).ok).toBe(true);
    expect(applyPatch(user(), ops.slice(0, 3), USER_RESOURCE, { maxOperations: 2 }).ok).toBe(false);
  });

  test("the failing operation is named and nothing is half-applied", () => {
    const u = user();
    const err = patchError(u, [
      { op: "replace", path: "displayName", value: "changed" },
      { op: "add", path: "emails", value: [{ value: "ok@x.org" }] },
      { op: "replace", path: "id", value: "hijack" },
    ]);
    expect(err).toEqual({ scimType: "mutability", detail: `Operations[2]: "id" is readOnly` });
    expect(u.displayName).toBe("Babs Jensen");
  });

  test("op and path member names are case-insensitive", () => {
    expect(patch(user(), [{ OP: "replace", Path: "displayName", Value: "x" }]).resource.displayName).toBe("x");
  });
});

describe("Group membership deltas", () => {
  test("members are returned as deltas, other attributes are applied", () => {
    const r = patch(
      group(),
      [
        { op: "replace", path: "displayName", value: "Guides" },
        { op: "add", path: "members", value: [{ value: "u-1", display: "Babs" }, { value: "u-2" }] },
      ],
      GROUP_RESOURCE,
    );
    expect(r.resource.displayName).toBe("Guides");
    expect(r.resource).not.toHaveProperty("members");
    expect(r.members).toEqual({ addMembers: ["u-1", "u-2"], removeMembers: [], display: { "u-1": "Babs" } });
    expect(r.changed).toBe(true);
  });

  test("members in the input are never read or echoed", () => {
    const g = { ...group(), members: [{ value: "u-9" }] };
    const r = patch(g, [{ op: "add", path: "members", value: [{ value: "u-9" }] }], GROUP_RESOURCE);
    expect(r.resource).not.toHaveProperty("members");
    expect(r.members?.addMembers).toEqual(["u-9"]);
  });

  test("idempotent: duplicates collapse, later ops win", () => {
    const r = patch(
      group(),
      [
        { op: "add", path: "members", value: [{ value: "a" }, { value: "a" }, { value: "b" }] },
        { op: "add", path: "members", value: [{ value: "a" }] },
        { op: "remove", path: 'members[value eq "b"]' },
        { op: "remove", path: 'members[value eq "c"]' },
        { op: "remove", path: 'members[value eq "c"]' },
      ],
      GROUP_RESOURCE,
    );
    expect(r.members).toEqual({ addMembers: ["a"], removeMembers: ["b", "c"], display: {} });
    const readd = patch(group(), [
      { op: "remove", path: 'members[value eq "a"]' },
      { op: "add", path: "members", value: [{ value: "a" }] },
    ], GROUP_RESOURCE);
    expect(readd.members).toEqual({ addMembers: ["a"], removeMembers: [], display: {} });
  });

  test("replace and remove-all become replaceMembers, later adds/removes fold into it", () => {
    expect(patch(group(), [{ op: "remove", path: "members" }], GROUP_RESOURCE).members).toEqual({
      addMembers: [],
      removeMembers: [],
      replaceMembers: [],
      display: {},
    });
    const r = patch(
      group(),
      [
        { op: "add", path: "members", value: [{ value: "x" }] },
        { op: "replace", path: "members", value: [{ value: "a" }, { value: "b" }] },
        { op: "add", path: "members", value: [{ value: "c" }] },
        { op: "remove", path: 'members[value eq "a"]' },
      ],
      GROUP_RESOURCE,
    );
    expect(r.members).toEqual({ addMembers: [], removeMembers: [], replaceMembers: ["b", "c"], display: {} });
    expect(patch(group(), [{ op: "replace", path: "members", value: [] }], GROUP_RESOURCE).members?.replaceMembers).toEqual([]);
  });

  test("path-less replace with members", () => {
    const r = patch(group(), [{ op: "replace", value: { displayName: "New", members: [{ value: "a" }] } }], GROUP_RESOURCE);
    expect(r.resource.displayName).toBe("New");
    expect(r.members?.replaceMembers).toEqual(["a"]);
  });

  test("remove by an or of ids, or ids narrowed by type", () => {
    expect(
      patch(group(), [{ op: "remove", path: 'members[value eq "a" or value eq "b"]' }], GROUP_RESOURCE).members?.removeMembers,
    ).toEqual(["a", "b"]);
    expect(
      patch(group(), [{ op: "remove", path: 'members[value eq "a" and type eq "User"]' }], GROUP_RESOURCE).members?.removeMembers,
    ).toEqual(["a"]);
  });

  test("member errors", () => {
    expect(patchError(group(), [{ op: "remove", path: 'members[display eq "Babs"]' }], GROUP_RESOURCE)).toEqual({
      scimType: "invalidPath",
      detail: `Operations[0]: members can only be selected by id, e.g. members[value eq "2819c223-..."]`,
    });
    expectScimType(group(), [{ op: "add", path: 'members[value eq "a"]', value: { value: "a" } }], "invalidPath", GROUP_RESOURCE);
    expectScimType(group(), [{ op: "replace", path: 'members[value eq "a"].display', value: "x" }], "mutability", GROUP_RESOURCE);
    expectScimType(group(), [{ op: "add", path: "members", value: [{ display: "no id" }] }], "invalidValue", GROUP_RESOURCE);
    expectScimType(group(), [{ op: "add", path: "members", value: [{ value: "" }] }], "invalidValue", GROUP_RESOURCE);
    expectScimType(group(), [{ op: "add", path: "members", value: [{ value: 7 }] }], "invalidValue", GROUP_RESOURCE);
    expectScimType(group(), [{ op: "add", path: "members" }], "invalidValue", GROUP_RESOURCE);
  });

  test("a User has no members attribute", () => {
    expectScimType(user(), [{ op: "add", path: "members", value: [{ value: "a" }] }], "invalidPath");
  });

  test("a no-op group PATCH reports no change and no delta", () => {
    const r = patch(group(), [{ op: "replace", path: "displayName", value: "Tour Guides" }], GROUP_RESOURCE);
    expect(r.changed).toBe(false);
    expect(r.members).toBeUndefined();
  });
});

describe("parsePatchRequest / applyPatchRequest", () => {
  const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

  test("requires the PatchOp schema and an Operations array", () => {
    expect(parsePatchRequest(null)).toMatchObject({ ok: false, error: { scimType: "invalidSyntax" } });
    expect(parsePatchRequest([])).toMatchObject({ ok: false, error: { scimType: "invalidSyntax" } });
    expect(parsePatchRequest({ Operations: [] })).toEqual({
      ok: false,
      error: { scimType: "invalidSyntax", detail: `"schemas" must contain "${PATCH_OP}"` },
    });
    expect(parsePatchRequest({ schemas: [CORE], Operations: [] })).toMatchObject({ ok: false });
    expect(parsePatchRequest({ schemas: [PATCH_OP] })).toMatchObject({ ok: false, error: { scimType: "invalidSyntax" } });
    expect(parsePatchRequest({ schemas: [PATCH_OP], Operations: {} })).toMatchObject({ ok: false, error: { scimType: "invalidSyntax" } });
  });

  test("accepts other members, schema URN case and lower-case operations (reported)", () => {
    expect(parsePatchRequest({ id: "x", schemas: [PATCH_OP.toUpperCase()], Operations: [] })).toEqual({
      ok: true,
      value: { operations: [], quirks: [] },
    });
    expect(parsePatchRequest({ schemas: [PATCH_OP], operations: [{ op: "add" }] })).toEqual({
      ok: true,
      value: { operations: [{ op: "add" }], quirks: ["lenient.operations-key-case"] },
    });
  });

  test("applyPatchRequest merges the quirks of both steps", () => {
    const r = applyPatchRequest(user(), { schemas: [PATCH_OP], operations: [{ op: "Replace", path: "active", value: "False" }] }, USER_RESOURCE);
    expect(r.ok && r.value.quirks).toEqual(["lenient.operations-key-case", "entra.capitalised-op", "entra.string-boolean"]);
    expect(applyPatchRequest(user(), { schemas: [PATCH_OP], Operations: [] }, USER_RESOURCE)).toMatchObject({
      ok: false,
      error: { scimType: "invalidSyntax" },
    });
  });
});
