import { describe, expect, test } from "vitest";
import { parseAndResolveFilter, formatFilter, parseAttributePath } from "./filter";
import { applyPatchRequest, type PatchOutcome, type ScimResource } from "./patch";
import { GROUP_RESOURCE, USER_RESOURCE, type ResourceSchema } from "./schema";
import * as entra from "./fixtures/entra";
import * as okta from "./fixtures/okta";
import * as ms from "./fixtures/ms-reference";

const ENT = entra.ENTERPRISE;

function apply(resource: ScimResource, body: unknown, rs: ResourceSchema = USER_RESOURCE): PatchOutcome {
  const r = applyPatchRequest(resource, body, rs);
  if (!r.ok) throw new Error(`${r.error.scimType}: ${r.error.detail}`);
  return r.value;
}

describe("Microsoft Entra ID", () => {
  test("update user, multi-valued: capitalised Replace on a value-filter path and a sub-attribute", () => {
    const r = apply(entra.entraStoredUser, entra.entraPatchUserMultiValued);
    expect(r.resource.emails).toEqual([{ primary: true, type: "work", value: "updatedEmail@microsoft.com" }]);
    expect(r.resource.name).toMatchObject({ familyName: "updatedFamilyName", givenName: "givenName" });
    expect(r.quirks).toEqual(["entra.capitalised-op"]);
  });

  test("update userName", () => {
    expect(apply(entra.entraStoredUser, entra.entraPatchUserName).resource.userName).toBe(
      "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com",
    );
  });

  test("disable: \"False\" without aadOptscim062020, false with it", () => {
    const legacy = apply(entra.entraStoredUser, entra.entraDisableUserLegacy);
    expect(legacy.resource.active).toBe(false);
    expect(legacy.quirks).toEqual(["entra.capitalised-op", "entra.string-boolean"]);
    const modern = apply(entra.entraStoredUser, entra.entraDisableUser);
    expect(modern.resource.active).toBe(false);
    expect(modern.quirks).toEqual([]);
  });

  test("add nickName: Add with a path, or a path-less add", () => {
    expect(apply(entra.entraStoredUser, entra.entraAddNickNameLegacy).resource.nickName).toBe("Babs");
    expect(apply(entra.entraStoredUser, entra.entraAddNickName).resource.nickName).toBe("Babs");
  });

  test("replace many attributes: the legacy multi-op form and the dotted-key form give the same user", () => {
    const legacy = apply(entra.entraStoredUser, entra.entraReplaceManyLegacy);
    const dotted = apply(entra.entraStoredUser, entra.entraReplaceManyDotted);
    expect(dotted.resource).toEqual(legacy.resource);
    expect(legacy.resource).toMatchObject({
      displayName: "Pvlo",
      externalId: "Eqpj",
      name: { givenName: "Gtfd", familyName: "Pkqf" },
      emails: [{ primary: true, type: "work", value: "TestBcwqnm@test.microsoft.com" }],
      [ENT]: { employeeNumber: "Eoys" },
    });
    expect(legacy.resource.schemas).toEqual(["urn:ietf:params:scim:schemas:core:2.0:User", ENT]);
    expect(dotted.quirks).toEqual(["entra.dotted-key"]);
  });

  test("a mixed multi-operation PATCH with Replace, Add, \"False\" and the extension", () => {
    const r = apply(entra.entraStoredUser, entra.entraPatchMixed);
    expect(r.resource).toMatchObject({ active: false, title: "Engineer", [ENT]: { department: "R&D" }, name: { givenName: "Pat" } });
    expect(r.quirks).toEqual(["entra.capitalised-op", "entra.string-boolean"]);
  });

  test("manager as a plain id, then removed", () => {
    const set = apply(entra.entraStoredUser, entra.entraSetManager);
    expect(set.resource[ENT]).toEqual({ manager: { value: "2819c223-7f76-453a-919d-413861904646" } });
    expect(set.quirks).toEqual(["entra.capitalised-op", "entra.manager-plain-string"]);
    const removed = apply(set.resource, entra.entraRemoveManager);
    expect(removed.resource).not.toHaveProperty(ENT);
    expect(removed.resource.schemas).toEqual(["urn:ietf:params:scim:schemas:core:2.0:User"]);
  });

  test("Add on emails[type eq \"work\"].value for a user without a work email creates it", () => {
    const noEmail = { ...entra.entraStoredUser, emails: undefined };
    const r = apply(noEmail, entra.entraAddWorkEmail);
    expect(r.resource.emails).toEqual([{ type: "work", value: "new.address@contoso.com" }]);
  });

  test("group rename and member add/remove with $ref null, both removal forms", () => {
    const renamed = apply(entra.entraStoredGroup, entra.entraRenameGroup, GROUP_RESOURCE);
    expect(renamed.resource.displayName).toBe("1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName");
    expect(renamed.members).toBeUndefined();

    const added = apply(entra.entraStoredGroup, entra.entraAddMembers, GROUP_RESOURCE);
    expect(added.members).toEqual({ addMembers: ["f648f8d5ea4e4cd38e9c"], removeMembers: [], display: {} });
    expect(added.quirks).toEqual(["entra.capitalised-op", "entra.null-ref"]);
    expect(added.resource).toEqual(entra.entraStoredGroup);

    const legacyRemove = apply(entra.entraStoredGroup, entra.entraRemoveMembersLegacy, GROUP_RESOURCE);
    expect(legacyRemove.members).toEqual({ addMembers: [], removeMembers: ["f648f8d5ea4e4cd38e9c"], display: {} });
    expect(legacyRemove.quirks).toEqual(["entra.capitalised-op", "entra.remove-members-by-value", "entra.null-ref"]);

    const remove = apply(entra.entraStoredGroup, entra.entraRemoveMember, GROUP_RESOURCE);
    expect(remove.members?.removeMembers).toEqual(["7f4bc1a3-285e-48ae-8202-5accb43efb0e"]);
  });

  test("the filters Entra sends resolve against the schema", () => {
    for (const f of [entra.entraFilters.userByUserName, entra.entraFilters.userNoResults, entra.entraFilters.userByExternalId]) {
      expect(parseAndResolveFilter(f, USER_RESOURCE).ok).toBe(true);
    }
    const email = parseAndResolveFilter(entra.entraFilters.userByWorkEmail, USER_RESOURCE);
    expect(email.ok && formatFilter(email.value.filter)).toBe(
      `emails[type eq "work" and value eq "Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com"]`,
    );
    expect(parseAndResolveFilter(entra.entraFilters.groupByDisplayName, GROUP_RESOURCE).ok).toBe(true);
  });
});

describe("Okta", () => {
  test("deactivate and reactivate with a path-less replace (standard RFC, no quirk)", () => {
    const off = apply(okta.oktaStoredUser, okta.oktaDeactivateUser);
    expect(off.resource.active).toBe(false);
    expect(off.quirks).toEqual([]);
    expect(apply(off.resource, okta.oktaReactivateUser).resource.active).toBe(true);
  });

  test("password change comes back separately", () => {
    const r = apply(okta.oktaStoredUser, okta.oktaChangePassword);
    expect(r.password).toBe("t1meMa$heen");
    expect(JSON.stringify(r.resource)).not.toContain("t1meMa$heen");
  });

  test("Group Push rename echoes the id", () => {
    const r = apply(okta.oktaStoredGroup, okta.oktaRenameGroup, GROUP_RESOURCE);
    expect(r.resource.displayName).toBe("Test SCIMv2 renamed");
    expect(r.resource.id).toBe(okta.oktaStoredGroup.id);
    expect(r.quirks).toEqual(["okta.readonly-echo"]);
  });

  test("members removed and added in one PATCH", () => {
    const r = apply(okta.oktaStoredGroup, okta.oktaUpdateMembers, GROUP_RESOURCE);
    expect(r.members).toEqual({
      addMembers: ["23a35c27-23d3-4c03-b4c5-6443c09e7173", "41bb54f5-d9b5-4f0a-9a3f-2f0cd6b3a4f3"],
      removeMembers: ["89bb1940-b905-4575-9e7f-6f887cfb368e"],
      display: {
        "23a35c27-23d3-4c03-b4c5-6443c09e7173": "test.user@okta.local",
        "41bb54f5-d9b5-4f0a-9a3f-2f0cd6b3a4f3": "another.user@okta.local",
      },
    });
    expect(r.changed).toBe(true);
    // Replaying the same PATCH gives the same delta: the DB applies it idempotently.
    expect(apply(okta.oktaStoredGroup, okta.oktaUpdateMembers, GROUP_RESOURCE).members).toEqual(r.members);
  });

  test("replace of the whole member list", () => {
    expect(apply(okta.oktaStoredGroup, okta.oktaReplaceMembers, GROUP_RESOURCE).members).toMatchObject({
      replaceMembers: ["23a35c27-23d3-4c03-b4c5-6443c09e7173"],
    });
  });

  test("the userName filter resolves", () => {
    expect(parseAndResolveFilter(okta.oktaFilters.userByUserName, USER_RESOURCE).ok).toBe(true);
  });
});

describe("Microsoft reference collection", () => {
  const stored = { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], id: "1", userName: "UserName123", active: true };
  const grp = { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], id: "g", displayName: "Group 1" };

  test("user patches", () => {
    expect(apply(stored, ms.msPatchUserName).resource.userName).toBe("ryan3");
    expect(apply(stored, ms.msPatchUserNameCapitalised).resource.userName).toBe("newusername");
    expect(apply(stored, ms.msPatchActiveBoolean).resource.active).toBe(false);
  });

  test("group patches: displayName on members, extra op members, plain-string members", () => {
    const add = apply(grp, ms.msAddMember, GROUP_RESOURCE);
    expect(add.members).toEqual({ addMembers: [ms.MS_ID4], removeMembers: [], display: { [ms.MS_ID4]: "new User" } });
    expect(add.quirks).toEqual(["entra.member-displayname"]);
    expect(apply(grp, ms.msRemoveMemberByFilter, GROUP_RESOURCE).members?.removeMembers).toEqual([ms.MS_ID4]);
    expect(apply(grp, ms.msRemoveAllMembers, GROUP_RESOURCE).members?.replaceMembers).toEqual([]);
    const s1 = apply(grp, ms.msAddMemberString1, GROUP_RESOURCE);
    expect(s1.members?.addMembers).toEqual(["string id 1"]);
    expect(s1.quirks).toEqual(["entra.member-plain-string"]);
    expect(apply(grp, ms.msAddMemberString2, GROUP_RESOURCE).members?.addMembers).toEqual(["string id 2"]);
  });

  test("filters, including unquoted values and non-canonical names", () => {
    const want = [
      `displayName eq "BobIsAmazing"`,
      `name.familyName eq "Employee" and (emails.value co "example.com" or emails.value co "example.org")`,
      `userName sw "O"`,
      `meta.created gt "2015-10-10T14:38:21.8617979-07:00"`,
    ];
    ms.msFilters.forEach((f, i) => {
      const r = parseAndResolveFilter(f, USER_RESOURCE);
      expect(r.ok && formatFilter(r.value.filter)).toBe(want[i]);
    });
  });

  test("attribute paths with value filters (sent as attributes=) parse", () => {
    for (const p of ms.msAttributePaths) expect(parseAttributePath(p).ok).toBe(true);
  });
});
