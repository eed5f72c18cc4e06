// /scim/v2/Groups through the real route handlers against PostgreSQL: Okta Group Push and Entra's group
// requests, member deltas in batches, streamed member lists, isolation, concurrency and group mappings.
import { beforeEach, describe, expect, test, vi } from "vitest";
import { auditEvents, createOrg, resetDb } from "@/lib/db/testing/fixtures";
import {
  bulkDirectoryUsers,
  countDirectoryGroups,
  createScimToken,
  groupMemberIds,
  membershipOf,
  scim,
  setMappings,
  teamNames,
  userByEmail,
} from "@/lib/db/testing/scim-fixtures";
import { resetScimRateLimiter } from "@/lib/http/scim";
import * as Users from "@/app/scim/v2/Users/[[...id]]/route";
import * as Groups from "@/app/scim/v2/Groups/[[...id]]/route";
import * as entra from "@/lib/scim/fixtures/entra";
import * as okta from "@/lib/scim/fixtures/okta";

// Counts reads of group member pages, to prove excludedAttributes=members never touches the member table.
const memberReads = vi.hoisted(() => ({ count: 0 }));
vi.mock("@/lib/db/repos/directory-groups", async (importOriginal) => {
  const mod = await importOriginal<typeof import("@/lib/db/repos/directory-groups")>();
  return {
    ...mod,
    directoryGroupsRepo: (...args: Parameters<typeof mod.directoryGroupsRepo>) => {
      const repo = mod.directoryGroupsRepo(...args);
      return {
        ...repo,
        memberPage: (...a: Parameters<typeof repo.memberPage>) => {
          memberReads.count++;
          return repo.memberPage(...a);
        },
      };
    },
  };
});

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

let orgA: { id: string };
let orgB: { id: string };
let tokenA: string;
let tokenB: string;

beforeEach(async () => {
  await resetDb();
  resetScimRateLimiter();
  memberReads.count = 0;
  orgA = await createOrg("Acme");
  orgB = await createOrg("Globex");
  tokenA = (await createScimToken(orgA.id)).raw;
  tokenB = (await createScimToken(orgB.id)).raw;
});

const newUser = async (token: string, userName: string) =>
  (await scim(Users.POST, { method: "POST", path: "/Users", token, body: { schemas: [USER], userName, emails: [{ value: userName, primary: true }] } })).json.id as string;
const newGroup = (token: string, body: unknown) => scim(Groups.POST, { method: "POST", path: "/Groups", token, body });
const getGroup = (token: string, path: string) => scim(Groups.GET, { path, token });
const patchGroup = (token: string, id: string, body: unknown) => scim(Groups.PATCH, { method: "PATCH", path: `/Groups/${id}`, token, body });
const ops = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });
const memberValues = (g: { members?: { value: string }[] }) => (g.members ?? []).map((m) => m.value).sort();

describe("Okta Group Push", () => {
  test("create, rename (echoing the id), members added and removed in one PATCH, then replaced", async () => {
    const [u1, u2, u3] = [await newUser(tokenA, "one@acme.test"), await newUser(tokenA, "two@acme.test"), await newUser(tokenA, "three@acme.test")];
    const created = await newGroup(tokenA, okta.oktaCreateGroup);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ schemas: [GROUP], displayName: "Test SCIMv2", meta: { resourceType: "Group", version: 'W/"1"' } });
    expect(created.json).not.toHaveProperty("members");
    const id = created.json.id as string;

    const rename = { schemas: [PATCH_OP], Operations: [{ op: "replace", value: { id, displayName: "Test SCIMv2 renamed" } }] };
    expect((await patchGroup(tokenA, id, rename)).status).toBe(204);
    expect((await getGroup(tokenA, `/Groups/${id}`)).json.displayName).toBe("Test SCIMv2 renamed");

    await patchGroup(tokenA, id, ops({ op: "add", path: "members", value: [{ value: u1 }, { value: u3 }] }));
    const delta = ops(
      { op: "remove", path: `members[value eq "${u3}"]` },
      { op: "add", path: "members", value: [{ value: u2, display: "two@acme.test" }] },
    );
    expect((await patchGroup(tokenA, id, delta)).status).toBe(204);
    const g = (await getGroup(tokenA, `/Groups/${id}`)).json;
    expect(memberValues(g)).toEqual([u1, u2].sort());
    expect(g.members.find((m: { value: string }) => m.value === u2)).toEqual({ value: u2, display: "two@acme.test", $ref: `http://localhost:3000/scim/v2/Users/${u2}`, type: "User" });

    // Replaying the same PATCH changes nothing (idempotent), and the version stays.
    const before = (await getGroup(tokenA, `/Groups/${id}`)).json.meta.version;
    expect((await patchGroup(tokenA, id, delta)).status).toBe(204);
    expect((await getGroup(tokenA, `/Groups/${id}`)).json.meta.version).toBe(before);

    await patchGroup(tokenA, id, ops({ op: "replace", path: "members", value: [{ value: u3 }] }));
    expect(await groupMemberIds(id)).toEqual([u3]);
    expect((await auditEvents(orgA.id)).map((e) => e.action)).toEqual(expect.arrayContaining(["scim.group_created", "scim.group_updated"]));
  });
});

describe("Microsoft Entra ID", () => {
  test("create with Entra's schemas, look up by displayName without members, add with $ref null, remove both ways", async () => {
    const m1 = await newUser(tokenA, "m1@acme.test");
    const m2 = await newUser(tokenA, "m2@acme.test");
    const created = await newGroup(tokenA, entra.entraCreateGroup);
    expect(created.status).toBe(201);
    const id = created.json.id as string;

    const lookup = await getGroup(tokenA, `/Groups?excludedAttributes=members&filter=${encodeURIComponent(entra.entraFilters.groupByDisplayName)}`);
    expect(lookup.json).toMatchObject({ totalResults: 1, Resources: [{ id, displayName: "displayName", externalId: entra.entraCreateGroup.externalId }] });

    await patchGroup(tokenA, id, ops({ op: "Add", path: "members", value: [{ $ref: null, value: m1 }, { $ref: null, value: m2 }] }));
    expect(await groupMemberIds(id)).toEqual([m1, m2].sort());
    await patchGroup(tokenA, id, ops({ op: "Remove", path: "members", value: [{ $ref: null, value: m1 }] }));
    expect(await groupMemberIds(id)).toEqual([m2]);
    await patchGroup(tokenA, id, ops({ op: "remove", path: `members[value eq "${m2}"]` }));
    expect(await groupMemberIds(id)).toEqual([]);
    await patchGroup(tokenA, id, entra.entraRenameGroup);
    expect((await getGroup(tokenA, `/Groups/${id}`)).json.displayName).toBe("1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName");
    expect((await scim(Groups.DELETE, { method: "DELETE", path: `/Groups/${id}`, token: tokenA })).status).toBe(204);
    expect((await getGroup(tokenA, `/Groups/${id}`)).status).toBe(404);
  });
});

describe("members", () => {
  test("excludedAttributes=members and attributes without members never read the member table", async () => {
    const u = await newUser(tokenA, "x@acme.test");
    const g = await newGroup(tokenA, { schemas: [GROUP], displayName: "G", members: [{ value: u }] });
    memberReads.count = 0;
    const one = await getGroup(tokenA, `/Groups/${g.json.id}?excludedAttributes=members`);
    expect(one.json).not.toHaveProperty("members");
    await getGroup(tokenA, `/Groups?excludedAttributes=members`);
    await getGroup(tokenA, `/Groups?attributes=displayName`);
    expect(memberReads.count).toBe(0);
    await getGroup(tokenA, `/Groups/${g.json.id}`);
    expect(memberReads.count).toBeGreaterThan(0);
  });

  test("a group larger than one page is streamed whole and in order; adding to it is idempotent", async () => {
    const g = await newGroup(tokenA, { schemas: [GROUP], displayName: "Big" });
    const userIds = await bulkDirectoryUsers(orgA.id, 2500);
    const add = await patchGroup(tokenA, g.json.id, ops({ op: "add", path: "members", value: userIds.map((value) => ({ value })) }));
    expect(add.status).toBe(204);
    const full = await getGroup(tokenA, `/Groups/${g.json.id}`);
    expect(full.json.members).toHaveLength(2500);
    expect(full.json.members.map((m: { value: string }) => m.value)).toEqual([...userIds].sort());
    expect(full.json.meta.resourceType).toBe("Group");
    const again = await patchGroup(tokenA, g.json.id, ops({ op: "add", path: "members", value: userIds.slice(0, 100).map((value) => ({ value })) }));
    expect(again.status).toBe(204);
    expect((await groupMemberIds(g.json.id)).length).toBe(2500);
    const only = await getGroup(tokenA, `/Groups/${g.json.id}?attributes=members.value`);
    expect(Object.keys(only.json.members[0])).toEqual(["value"]);
  }, 120_000);

  test("ids that are not this organization's users are skipped (Microsoft's \"string id 1\", another org's user)", async () => {
    const mine = await newUser(tokenA, "mine@acme.test");
    const theirs = await newUser(tokenB, "theirs@globex.test");
    const g = await newGroup(tokenA, { schemas: [GROUP], displayName: "Mixed" });
    const r = await patchGroup(tokenA, g.json.id, ops({ op: "add", path: "members", value: "string id 1" }, { op: "add", path: "members", value: [{ value: mine }, { value: theirs }, { value: crypto.randomUUID() }] }));
    expect(r.status).toBe(204);
    expect(await groupMemberIds(g.json.id)).toEqual([mine]);
  });

  test("a group's members are filterable, and a user's groups come back on the user", async () => {
    const u = await newUser(tokenA, "member@acme.test");
    const g = await newGroup(tokenA, { schemas: [GROUP], displayName: "Readers", members: [{ value: u }] });
    expect((await getGroup(tokenA, `/Groups?filter=${encodeURIComponent(`members[value eq "${u}"]`)}`)).json.totalResults).toBe(1);
    const user = await scim(Users.GET, { path: `/Users/${u}`, token: tokenA });
    expect(user.json.groups).toEqual([{ value: g.json.id, $ref: `http://localhost:3000/scim/v2/Groups/${g.json.id}`, display: "Readers", type: "direct" }]);
    expect((await scim(Users.GET, { path: `/Users?filter=${encodeURIComponent(`groups.display eq "readers"`)}`, token: tokenA })).json.totalResults).toBe(1);
  });

  test("displayName is unique per organization (409 uniqueness)", async () => {
    await newGroup(tokenA, { schemas: [GROUP], displayName: "Ops" });
    const dup = await newGroup(tokenA, { schemas: [GROUP], displayName: "OPS" });
    expect(dup.status).toBe(409);
    expect(dup.json.scimType).toBe("uniqueness");
    expect((await newGroup(tokenB, { schemas: [GROUP], displayName: "Ops" })).status).toBe(201);
  });

  test("PUT replaces the member list", async () => {
    const [a, b] = [await newUser(tokenA, "a@acme.test"), await newUser(tokenA, "b@acme.test")];
    const g = await newGroup(tokenA, { schemas: [GROUP], displayName: "P", members: [{ value: a }] });
    const r = await scim(Groups.PUT, { method: "PUT", path: `/Groups/${g.json.id}`, token: tokenA, body: { schemas: [GROUP], displayName: "P2", members: [{ value: b, display: "B" }] } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ displayName: "P2", members: [{ value: b, display: "B" }] });
    expect(await groupMemberIds(g.json.id)).toEqual([b]);
  });
});

describe("two organizations", () => {
  test("a token of one organization never reaches the other's groups", async () => {
    const u = await newUser(tokenA, "a@acme.test");
    const g = await newGroup(tokenA, { schemas: [GROUP], displayName: "Secret", members: [{ value: u }] });
    const id = g.json.id;
    expect((await getGroup(tokenB, `/Groups/${id}`)).status).toBe(404);
    expect((await patchGroup(tokenB, id, ops({ op: "remove", path: "members" }))).status).toBe(404);
    expect((await scim(Groups.PUT, { method: "PUT", path: `/Groups/${id}`, token: tokenB, body: { schemas: [GROUP], displayName: "x" } })).status).toBe(404);
    expect((await scim(Groups.DELETE, { method: "DELETE", path: `/Groups/${id}`, token: tokenB })).status).toBe(404);
    expect((await getGroup(tokenB, "/Groups")).json.totalResults).toBe(0);
    expect((await getGroup(tokenB, `/Groups?filter=${encodeURIComponent('displayName eq "Secret"')}`)).json.totalResults).toBe(0);
    expect(await groupMemberIds(id)).toEqual([u]);
    expect(await countDirectoryGroups(orgB.id)).toBe(0);
  });
});

describe("concurrency", () => {
  test("50 parallel PATCHes to one group: all succeed, every member is there once", async () => {
    const users = await Promise.all(Array.from({ length: 50 }, (_, i) => newUser(tokenA, `c${i}@acme.test`)));
    const g = await newGroup(tokenA, { schemas: [GROUP], displayName: "Busy" });
    const results = await Promise.all(
      users.map((u, i) => patchGroup(tokenA, g.json.id, ops({ op: "add", path: "members", value: [{ value: u }, { value: users[(i + 1) % 50] }] }))),
    );
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(204));
    expect(await groupMemberIds(g.json.id)).toEqual([...users].sort());
  });
});

describe("group mappings", () => {
  test("joining, renaming and leaving groups re-evaluates role and teams of scim-sourced assignments", async () => {
    await setMappings(orgA.id, {
      attributeRoleMappings: [{ attributeType: "group", attributeValue: "Admins", role: "admin" }, { attributeType: "user", attributeValue: "*", role: "member" }],
      attributeTeamMappings: [{ attributeType: "group", attributeValue: "Admins", team: "Core" }],
    });
    const u = await newUser(tokenA, "promo@acme.test");
    const gh = (await userByEmail("promo@acme.test"))!;
    expect(await membershipOf(orgA.id, gh.id)).toMatchObject({ role: "member" });

    const g = await newGroup(tokenA, { schemas: [GROUP], displayName: "Admins", members: [{ value: u }] });
    expect(await membershipOf(orgA.id, gh.id)).toMatchObject({ role: "admin" });
    expect(await teamNames(orgA.id, gh.id)).toEqual([{ name: "Core", source: "scim" }]);

    await patchGroup(tokenA, g.json.id, ops({ op: "replace", path: "displayName", value: "Former admins" }));
    expect(await membershipOf(orgA.id, gh.id)).toMatchObject({ role: "member" });
    expect(await teamNames(orgA.id, gh.id)).toEqual([]);

    await patchGroup(tokenA, g.json.id, ops({ op: "replace", path: "displayName", value: "admins" }));
    expect(await membershipOf(orgA.id, gh.id)).toMatchObject({ role: "admin" });
    await scim(Groups.DELETE, { method: "DELETE", path: `/Groups/${g.json.id}`, token: tokenA });
    expect(await membershipOf(orgA.id, gh.id)).toMatchObject({ role: "member" });
  });
});
