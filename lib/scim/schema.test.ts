import { describe, expect, test } from "vitest";
import {
  COMMON_ATTRIBUTES,
  ENTERPRISE_USER_SCHEMA,
  GROUP_RESOURCE,
  GROUP_SCHEMA,
  SCHEMAS,
  SCHEMA_URNS,
  USER_RESOURCE,
  USER_SCHEMA,
  findAttr,
  resolveAttribute,
  schemaUrns,
  toResourceTypeResource,
  toSchemaResource,
  type AttributeDef,
} from "./schema";

function* walk(attrs: readonly AttributeDef[], prefix = ""): Generator<[string, AttributeDef]> {
  for (const a of attrs) {
    yield [`${prefix}${a.name}`, a];
    if (a.subAttributes) yield* walk(a.subAttributes, `${prefix}${a.name}.`);
  }
}

describe("schema data", () => {
  test("the attributes the issue lists are there with the right characteristics", () => {
    const u = (n: string) => findAttr(USER_SCHEMA.attributes, n)!;
    expect(u("userName")).toMatchObject({ required: true, uniqueness: "server", caseExact: false, type: "string" });
    expect(u("password")).toMatchObject({ mutability: "writeOnly", returned: "never" });
    expect(u("active")).toMatchObject({ type: "boolean" });
    expect(u("groups")).toMatchObject({ mutability: "readOnly", multiValued: true });
    for (const n of ["emails", "phoneNumbers", "addresses"]) expect(u(n)).toMatchObject({ multiValued: true, type: "complex" });
    expect(findAttr(u("name").subAttributes, "honorificSuffix")).toBeDefined();
    for (const n of ["displayName", "nickName", "title", "userType", "preferredLanguage", "locale", "timezone"]) expect(u(n)).toBeDefined();
    expect(findAttr(GROUP_SCHEMA.attributes, "displayName")).toMatchObject({ required: true });
    expect(findAttr(findAttr(GROUP_SCHEMA.attributes, "members")!.subAttributes, "value")).toMatchObject({ mutability: "immutable" });
    expect(ENTERPRISE_USER_SCHEMA.attributes.map((a) => a.name)).toEqual([
      "employeeNumber",
      "costCenter",
      "organization",
      "division",
      "department",
      "manager",
    ]);
    expect(findAttr(COMMON_ATTRIBUTES, "id")).toMatchObject({ mutability: "readOnly", returned: "always", caseExact: true });
    expect(findAttr(COMMON_ATTRIBUTES, "externalId")).toMatchObject({ caseExact: true, mutability: "readWrite" });
  });

  test("names are unique case-insensitively at every level; complex attributes have sub-attributes", () => {
    for (const s of [...SCHEMAS, { id: "common", attributes: COMMON_ATTRIBUTES }]) {
      const seen = new Set<string>();
      for (const [path, a] of walk(s.attributes)) {
        expect(seen.has(path.toLowerCase()), `${s.id} ${path}`).toBe(false);
        seen.add(path.toLowerCase());
        expect(a.type === "complex", path).toBe(Boolean(a.subAttributes?.length));
      }
    }
  });

  test("lookup is case-insensitive; extension attributes need their URN", () => {
    expect(resolveAttribute(USER_RESOURCE, "USERNAME")?.def.name).toBe("userName");
    expect(resolveAttribute(USER_RESOURCE, "meta")?.schema).toBeUndefined();
    expect(resolveAttribute(USER_RESOURCE, "department")).toBeUndefined();
    expect(resolveAttribute(USER_RESOURCE, "Department", SCHEMA_URNS.enterpriseUser.toUpperCase())).toMatchObject({
      isExtension: true,
      def: { name: "department" },
    });
    expect(resolveAttribute(USER_RESOURCE, "id", SCHEMA_URNS.user)?.def.name).toBe("id");
    expect(resolveAttribute(GROUP_RESOURCE, "userName")).toBeUndefined();
    expect(schemaUrns(USER_RESOURCE)).toEqual([SCHEMA_URNS.user, SCHEMA_URNS.enterpriseUser]);
  });
});

describe("discovery documents", () => {
  test("/Schemas entries carry every characteristic (RFC 7643 §7)", () => {
    const doc = toSchemaResource(USER_SCHEMA, "https://gh.example/scim/v2/");
    expect(doc).toMatchObject({
      schemas: [SCHEMA_URNS.schema],
      id: SCHEMA_URNS.user,
      name: "User",
      description: "User Account",
      meta: { resourceType: "Schema", location: `https://gh.example/scim/v2/Schemas/${SCHEMA_URNS.user}` },
    });
    const attrs = doc.attributes as Record<string, unknown>[];
    for (const a of attrs) {
      for (const k of ["name", "type", "multiValued", "description", "required", "caseExact", "mutability", "returned", "uniqueness"]) {
        expect(a, `${String(a.name)}.${k}`).toHaveProperty(k);
      }
    }
    expect(attrs.find((a) => a.name === "emails")).toMatchObject({ subAttributes: expect.arrayContaining([expect.objectContaining({ name: "primary" })]) });
    // It is JSON all the way down.
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  test("/ResourceTypes", () => {
    expect(toResourceTypeResource(USER_RESOURCE)).toMatchObject({
      id: "User",
      endpoint: "/Users",
      schema: SCHEMA_URNS.user,
      schemaExtensions: [{ schema: SCHEMA_URNS.enterpriseUser, required: false }],
    });
    expect(toResourceTypeResource(GROUP_RESOURCE, "https://x/scim/v2")).toMatchObject({
      endpoint: "/Groups",
      schemaExtensions: [],
      meta: { location: "https://x/scim/v2/ResourceTypes/Group" },
    });
  });
});
