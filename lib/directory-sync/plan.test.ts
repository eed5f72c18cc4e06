import { describe, expect, it } from "vitest";
import type { DirectoryPerson } from "@/lib/directory/types";
import { accountHash, desiredFor, needsApproval, personGroups, planPerson, validatePeople, type Current, type MappingSetup, type ValidPerson } from "./plan";

const p = (id: string, email: string | null, extra: Partial<DirectoryPerson> = {}): DirectoryPerson => ({ id, email, active: true, attributes: {}, ...extra });

const setup = (over: Partial<MappingSetup> = {}): MappingSetup => ({
  rules: {
    attributeRoleMappings: [
      { attributeType: "group", attributeValue: "Admins", role: "admin" },
      { attributeType: "user", attributeName: "department", attributeValue: "Sales", role: "member" },
    ],
    attributeTeamMappings: [{ attributeType: "group", attributeValue: "Admins", team: "Ops" }],
    attributeBusinessUnitMappings: [{ attributeType: "user", attributeName: "department", attributeValue: "Sales", businessUnit: "Revenue" }],
  },
  knownRoles: [
    { name: "admin", rank: 80 },
    { name: "member", rank: 10 },
  ],
  defaultRole: "member",
  hasGroupRules: true,
  teamIdsField: null,
  teamsByKey: new Map(),
  linkedTeams: new Map(),
  linkedUnits: new Map(),
  ...over,
});

const none: Current = { account: null, userId: null, accountOfUser: null, membership: null, teams: [], businessUnits: [] };
const valid = (person: DirectoryPerson, groups: { id?: string; displayName: string }[] = []): ValidPerson => ({ person, email: person.email!.toLowerCase(), groups });

function plan(person: DirectoryPerson, cur: Partial<Current> = {}, mode: "import" | "reconcile" = "import", s = setup(), groups: { id?: string; displayName: string }[] = []) {
  const v = valid(person, groups);
  const d = desiredFor(person, v.email, groups, s);
  const hash = accountHash(person, v.email, groups, d);
  return { plan: planPerson(v, d, hash, { ...none, ...cur }, mode, s.defaultRole), desired: d, hash };
}

describe("validatePeople", () => {
  it("skips no email, invalid email, duplicates (case-insensitive) and unknown group ids, with reasons", () => {
    const index = { byId: new Map([["g1", "Admins"]]), memberOf: null };
    const r = validatePeople(
      [p("1", "A@x.test"), p("2", null), p("3", "nope"), p("4", "a@x.test"), p("5", "e@x.test", { groupIds: ["g1", "g9"] }), p("6", "f@x.test", { groupIds: ["g1"] })],
      index,
    );
    expect(r.valid.map((v) => v.person.id)).toEqual(["1", "6"]);
    expect(r.valid[1]!.groups).toEqual([{ id: "g1", displayName: "Admins" }]);
    expect(r.skipped.map((s) => `${s.externalId}:${s.reason}`)).toEqual([
      "2:no email",
      "3:invalid email: nope",
      "4:duplicate email (also directory user 1)",
      "5:unknown group ids: g9",
    ]);
  });

  it("counts a person listed twice (once per matching group) once", () => {
    const r = validatePeople([p("1", "a@x.test"), p("1", "a@x.test")], null);
    expect(r.valid).toHaveLength(1);
    expect(r.skipped).toEqual([]);
  });

  it("takes group membership from the index when people come without groupIds", () => {
    const index = { byId: new Map([["g1", "Admins"]]), memberOf: new Map([["u1", ["g1"]]]) };
    expect(personGroups(p("u1", "a@x.test"), index).groups).toEqual([{ id: "g1", displayName: "Admins" }]);
    expect(personGroups(p("u2", "b@x.test"), index).groups).toEqual([]);
  });
});

describe("desiredFor", () => {
  it("maps role, teams and units; adds linked teams and units; no-match denies", () => {
    const s = setup({ linkedTeams: new Map([["g7", "Platform"]]), linkedUnits: new Map([["/EMEA", "EMEA"]]) });
    const d = desiredFor(p("1", "a@x.test", { orgUnit: "/EMEA" }), "a@x.test", [{ id: "g1", displayName: "Admins" }, { id: "g7", displayName: "Plat" }], s);
    expect(d).toEqual({ outcome: "mapped", granted: true, role: "admin", teams: ["Ops", "Platform"], businessUnits: ["EMEA"] });
    expect(desiredFor(p("2", "b@x.test", { attributes: { department: "Legal" } }), "b@x.test", [], s)).toMatchObject({ outcome: "no-match", granted: false });
  });

  it("never offers a role the organization's known roles leave out (owner)", () => {
    const s = setup({ rules: { attributeRoleMappings: [{ attributeType: "user", attributeName: "department", attributeValue: "Sales", role: "owner" }] } });
    expect(desiredFor(p("1", "a@x.test", { attributes: { department: "Sales" } }), "a@x.test", [], s).granted).toBe(false);
  });

  it("teamIdsField values name existing teams only", () => {
    const s = setup({ teamIdsField: "teams", teamsByKey: new Map([["t-1", "Blue"]]) });
    const d = desiredFor(p("1", "a@x.test", { attributes: { department: "Sales", teams: ["t-1", "t-404"] } }), "a@x.test", [], s);
    expect(d.teams).toEqual(["Blue"]);
  });
});

describe("planPerson", () => {
  const sales = p("1", "a@x.test", { attributes: { department: "Sales" } });

  it("creates a new person with the mapped role", () => {
    expect(plan(sales).plan).toMatchObject({ kind: "create", userId: null, createMembership: { role: "member", status: "active" }, businessUnits: { add: ["Revenue"] } });
  });

  it("is unchanged when the account hash and assignments match", () => {
    const { hash } = plan(sales);
    const r = plan(sales, {
      account: { userId: "u1", externalId: "1", status: "active", hash },
      userId: "u1",
      membership: { id: "m1", role: "member", status: "active", source: "directory" },
      businessUnits: [{ id: "b1", name: "Revenue" }],
    });
    expect(r.plan.kind).toBe("unchanged");
  });

  it("re-roles only directory memberships and records drift; manual roles stay", () => {
    const admin = p("1", "a@x.test", { attributes: { department: "Sales" } });
    const groups = [{ id: "g1", displayName: "Admins" }];
    const cur = { account: { userId: "u1", externalId: "1", status: "active", hash: "old" }, userId: "u1", businessUnits: [{ id: "b1", name: "Revenue" }] };
    const dir = plan(admin, { ...cur, membership: { id: "m1", role: "member", status: "active", source: "directory" } }, "import", setup(), groups).plan;
    expect(dir).toMatchObject({ kind: "update", updateMembership: { id: "m1", role: "admin" }, drift: { role: { before: "member", after: "admin" }, teams: { added: ["Ops"], removed: [] } } });
    const manual = plan(admin, { ...cur, membership: { id: "m1", role: "viewer", status: "active", source: "manual" } }, "import", setup(), groups).plan;
    expect(manual).toMatchObject({ kind: "update", updateMembership: null });
  });

  it("skips owners, duplicates of another account, disabled and denied people on import", () => {
    expect(plan(sales, { membership: { id: "m", role: "owner", status: "active", source: "manual" }, userId: "u1" }).plan).toMatchObject({ kind: "skip", reason: expect.stringMatching(/owner/) });
    expect(plan(sales, { userId: "u1", accountOfUser: { userId: "u1", externalId: "other", status: "active", hash: "h" } }).plan).toMatchObject({
      kind: "skip",
      reason: expect.stringMatching(/duplicate email/),
    });
    expect(plan({ ...sales, active: false }).plan).toMatchObject({ kind: "skip", reason: "disabled in the directory" });
    expect(plan(p("2", "b@x.test")).plan).toMatchObject({ kind: "skip", reason: "no mapping matched (denied)" });
  });

  it("reconcile: decommission candidates for disabled and unassigned imported people; non-imported are ignored", () => {
    const account = { userId: "u1", externalId: "1", status: "active", hash: "h" };
    const membership = { id: "m", role: "member", status: "active", source: "directory" };
    expect(plan({ ...sales, active: false }, { account, membership }, "reconcile").plan).toMatchObject({ kind: "decommission", reason: "disabled", alreadyDecommissioned: false });
    expect(plan(p("1", "a@x.test"), { account, membership }, "reconcile").plan).toMatchObject({ kind: "decommission", reason: "unassigned" });
    expect(plan(sales, {}, "reconcile").plan).toEqual({ kind: "ignore" });
  });

  it("reactivates only a membership the directory suspended", () => {
    const base = { userId: "u1", membership: { id: "m", role: "member", status: "suspended", source: "directory" }, businessUnits: [{ id: "b", name: "Revenue" }] };
    const byDirectory = plan(sales, { ...base, account: { userId: "u1", externalId: "1", status: "decommissioned", hash: "h" } }, "reconcile").plan;
    expect(byDirectory).toMatchObject({ kind: "update", reactivated: true, updateMembership: { status: "active" } });
    const byAdmin = plan(sales, { ...base, account: { userId: "u1", externalId: "1", status: "active", hash: "h" } }, "reconcile").plan;
    expect(byAdmin).toMatchObject({ reactivated: false, updateMembership: null });
  });
});

describe("needsApproval", () => {
  it("more than the share AND at least the minimum", () => {
    expect(needsApproval(0, 0, 0.1, 5)).toBe(false);
    expect(needsApproval(4, 10, 0.1, 5)).toBe(false); // 40% but fewer than 5
    expect(needsApproval(5, 10, 0.1, 5)).toBe(true);
    expect(needsApproval(10, 100, 0.1, 5)).toBe(false); // exactly 10%
    expect(needsApproval(11, 100, 0.1, 5)).toBe(true);
    expect(needsApproval(5, 0, 0.1, 5)).toBe(true);
  });
});
