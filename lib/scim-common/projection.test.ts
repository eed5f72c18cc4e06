import { describe, expect, test } from "vitest";
import { USER_RESOURCE } from "@/lib/scim/schema";
import { parseProjection, project, wants } from "./projection";

const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const user = {
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", ENT],
  id: "1",
  userName: "bob",
  name: { givenName: "Bob", familyName: "Smith" },
  emails: [{ value: "b@x.com", type: "work", primary: true }],
  groups: [{ value: "g1", display: "Admins" }],
  [ENT]: { department: "R&D", costCenter: "42" },
  meta: { resourceType: "User" },
};

describe("attributes / excludedAttributes", () => {
  test("attributes keeps id and schemas plus what is named, case-insensitively", () => {
    const p = parseProjection("UserName,emails", null, USER_RESOURCE);
    expect(project(user, p, USER_RESOURCE)).toEqual({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], id: "1", userName: "bob", emails: user.emails });
  });

  test("sub-attributes, URN-qualified names and value-filter forms", () => {
    expect(project(user, parseProjection("name.givenName", null, USER_RESOURCE), USER_RESOURCE).name).toEqual({ givenName: "Bob" });
    expect(project(user, parseProjection(`${ENT}:department`, null, USER_RESOURCE), USER_RESOURCE)[ENT]).toEqual({ department: "R&D" });
    expect(project(user, parseProjection("urn:ietf:params:scim:schemas:core:2.0:User:userName", null, USER_RESOURCE), USER_RESOURCE).userName).toBe("bob");
    expect(project(user, parseProjection('emails[type eq "work"]', null, USER_RESOURCE), USER_RESOURCE).emails).toEqual(user.emails);
  });

  test("excludedAttributes drops what is named but never id", () => {
    const p = parseProjection(null, "groups,id,emails.primary", USER_RESOURCE);
    const out = project(user, p, USER_RESOURCE);
    expect(out.groups).toBeUndefined();
    expect(out.id).toBe("1");
    expect(out.emails).toEqual([{ value: "b@x.com", type: "work" }]);
    expect(wants(p, "groups")).toBe(false);
    expect(wants(p, "emails")).toBe(true);
  });

  test("unknown names are ignored; attributes wins over excludedAttributes", () => {
    const p = parseProjection("userName,shoeSize", "userName", USER_RESOURCE);
    expect(project(user, p, USER_RESOURCE).userName).toBe("bob");
    expect(wants(parseProjection("userName", null, USER_RESOURCE), "groups")).toBe(false);
    expect(wants(parseProjection(null, null, USER_RESOURCE), "groups")).toBe(true);
  });
});
