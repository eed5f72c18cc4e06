import { beforeEach, describe, expect, it } from "vitest";
import { enableProvisioning, testDb as db } from "@/lib/db/testing/directory-sync-fixtures";
import { orgContextForJob, type OrgContext } from "@/lib/auth/org-context";
import { auditEvents, createApiKey, createMember, createOrg, resetDb } from "@/lib/db/testing/fixtures";
import { setMappings } from "@/lib/db/testing/scim-fixtures";
import { createMemoryAdapter, person, type MemoryAdapter } from "@/lib/directory/testing/memory-adapter";
import { DirectoryError, type DirectoryPerson } from "@/lib/directory/types";
import { AppError } from "@/lib/errors";
import * as sync from "./service";

const provisioning = enableProvisioning;

const GROUPS = [
  { id: "g-eng", name: "Engineering" },
  { id: "g-ops", name: "Ops" },
  { id: "g-admins", name: "Gatehouse Admins" },
];

function directory(people: DirectoryPerson[], members: Record<string, string[]> = {}) {
  return createMemoryAdapter({ people, groups: GROUPS.map((g) => ({ ...g })), members }, { pageSize: 2 });
}

const RULES = {
  attributeRoleMappings: [
    { attributeType: "group", attributeValue: "Gatehouse Admins", role: "admin" },
    { attributeType: "user", attributeName: "department", attributeValue: "Engineering", role: "developer" },
    { attributeType: "user", attributeName: "department", attributeValue: "Sales", role: "member" },
  ],
  attributeTeamMappings: [{ attributeType: "group", attributeValue: "Engineering", team: "Eng Team" }],
  attributeBusinessUnitMappings: [{ attributeType: "user", attributeName: "department", attributeValue: "Sales", businessUnit: "Sales BU" }],
};

async function run(ctx: OrgContext, kind: "import" | "reconcile" | "team_sync", adapter: MemoryAdapter, filter?: { kind: "all" }) {
  const r = await sync.createRun(ctx, { kind, trigger: "api", filter });
  return sync.executeRun(ctx, r.id, { adapter, pageSize: 2 });
}

async function membership(orgId: string, email: string) {
  return (await db()).membership.findFirst({ where: { orgId, user: { email } }, select: { role: true, status: true, source: true, userId: true } });
}

async function teamsOf(orgId: string, email: string) {
  const c = await db();
  const user = await c.user.findUnique({ where: { email } });
  if (!user) return [];
  const rows = await c.teamMembership.findMany({ where: { orgId, userId: user.id }, select: { source: true, team: { select: { name: true } } } });
  return rows.map((r) => `${r.team.name}:${r.source}`).sort();
}

let ctxA: OrgContext;
let ctxB: OrgContext;
let orgA: string;
let orgB: string;

beforeEach(async () => {
  await resetDb();
  const a = await createOrg("Acme");
  const b = await createOrg("Beta");
  orgA = a.id;
  orgB = b.id;
  await provisioning(orgA);
  await provisioning(orgB);
  await setMappings(orgA, RULES);
  ctxA = await orgContextForJob(orgA);
  ctxB = await orgContextForJob(orgB);
});

describe("preview", () => {
  it("shows role, teams and units per person with create/skip outcomes, and writes nothing", async () => {
    const adapter = directory(
      [
        person("u1", "Ann@Acme.test", { attributes: { department: "Engineering" } }),
        person("u2", "bob@acme.test", { attributes: { department: "Sales" } }),
        person("u3", null),
        person("u4", "cat@acme.test", { attributes: { department: "Legal" } }),
        person("u5", "ann@acme.test", { attributes: { department: "Engineering" } }),
      ],
      { "g-eng": ["u1"] },
    );
    const p = await sync.previewImport(ctxA, { kind: "all" }, { adapter });
    const by = Object.fromEntries(p.users.map((u) => [u.externalId, u]));
    expect(by.u1).toMatchObject({ email: "ann@acme.test", role: "developer", teams: ["Eng Team"], outcome: "create" });
    expect(by.u2).toMatchObject({ role: "member", businessUnits: ["Sales BU"], outcome: "create" });
    expect(by.u3).toMatchObject({ outcome: "skip", reason: "no email" });
    expect(by.u4).toMatchObject({ outcome: "skip", reason: "no mapping matched (denied)" });
    expect(by.u5!.outcome).toBe("skip");
    expect(by.u5!.reason).toMatch(/duplicate email/);
    expect(p.counts).toEqual({ create: 2, update: 0, unchanged: 0, skip: 3 });
    expect(await (await db()).directoryAccount.count()).toBe(0);
    expect(await (await db()).user.count({ where: { email: "ann@acme.test" } })).toBe(0);
  });

  it("caps at 50 people and says there are more", async () => {
    const people = Array.from({ length: 120 }, (_, i) => person(`p${i}`, `p${i}@acme.test`, { attributes: { department: "Sales" } }));
    const p = await sync.previewImport(ctxA, { kind: "all" }, { adapter: createMemoryAdapter({ people, groups: [], members: {} }, { pageSize: 30 }) });
    expect(p.users).toHaveLength(50);
    expect(p.hasMore).toBe(true);
  });

  it("a directory failure is upstream_failed with the reason", async () => {
    const adapter = directory([person("u1", "a@acme.test")]);
    adapter.fault = () => {
      throw new DirectoryError("server", "Okta answered 500", { status: 500 });
    };
    await expect(sync.previewImport(ctxA, { kind: "all" }, { adapter })).rejects.toMatchObject({ code: "upstream_failed" });
  });
});

describe("import", () => {
  it("creates users, directory memberships, teams and accounts; re-running is unchanged; changes reconcile; other org untouched", async () => {
    const people = [
      person("u1", "ann@acme.test", { attributes: { department: "Engineering" } }),
      person("u2", "bob@acme.test", { attributes: { department: "Sales" }, department: "Sales" }),
      person("u3", "cat@acme.test", { attributes: { department: "Legal" } }),
      person("u4", null),
      person("u5", "dan@acme.test", { attributes: {}, groupIds: undefined }),
    ];
    const adapter = directory(people, { "g-eng": ["u1"], "g-admins": ["u5"] });
    const first = await run(ctxA, "import", adapter);
    expect(first.status).toBe("succeeded");
    expect(first.counts).toMatchObject({ created: 3, skipped: 2 });
    expect(first.processed).toBe(5);
    expect(await membership(orgA, "ann@acme.test")).toMatchObject({ role: "developer", status: "active", source: "directory" });
    expect(await membership(orgA, "dan@acme.test")).toMatchObject({ role: "admin" });
    expect(await membership(orgA, "bob@acme.test")).toMatchObject({ role: "member" });
    expect(await membership(orgA, "cat@acme.test")).toBeNull();
    expect(await teamsOf(orgA, "ann@acme.test")).toEqual(["Eng Team:directory"]);
    const detail = await sync.getRun(ctxA, first.id);
    expect(detail.skipped.map((s) => s.reason).sort()).toEqual(["no email", "no mapping matched (denied)"]);
    expect((await auditEvents(orgA, "directory.user_imported")).length).toBe(3);
    expect(await (await db()).directoryAccount.count({ where: { orgId: orgA } })).toBe(3);

    // Org B sees nothing of it, and its own import is separate.
    expect((await sync.listRuns(ctxB, { page: 1, limit: 10 })).data).toHaveLength(0);
    await expect(sync.getRun(ctxB, first.id)).rejects.toMatchObject({ code: "not_found" });
    expect(await membership(orgB, "ann@acme.test")).toBeNull();

    const again = await run(ctxA, "import", adapter);
    expect(again.counts).toMatchObject({ unchanged: 3, skipped: 2 });
    expect(again.counts.created ?? 0).toBe(0);
    expect(again.counts.updated ?? 0).toBe(0);

    // Ann moves to Sales and leaves the Engineering group.
    adapter.dir.people[0] = person("u1", "ann@acme.test", { attributes: { department: "Sales" } });
    adapter.dir.members["g-eng"] = [];
    const third = await run(ctxA, "import", adapter);
    expect(third.counts).toMatchObject({ updated: 1, unchanged: 2 });
    expect(await membership(orgA, "ann@acme.test")).toMatchObject({ role: "member" });
    expect(await teamsOf(orgA, "ann@acme.test")).toEqual([]);
    const d = await sync.getRun(ctxA, third.id);
    expect(d.drift[0]).toMatchObject({ externalId: "u1", role: { before: "developer", after: "member" }, teams: { added: [], removed: ["Eng Team"] } });
  });

  it("keeps manual roles and teams, never touches an owner, links an existing user by email", async () => {
    const owner = await createMember(orgA, "owner", "boss@acme.test");
    const manual = await createMember(orgA, "viewer", "mia@acme.test");
    const c = await db();
    const team = await c.team.create({ data: { orgId: orgA, name: "Hand Picked" } });
    await c.teamMembership.create({ data: { orgId: orgA, teamId: team.id, userId: manual.user.id, source: "manual" } });
    // Someone who already exists in another organization: linked by email, like members.add.
    const other = await createMember(orgB, "admin", "zoe@acme.test");
    const adapter = directory(
      [
        person("o1", "boss@acme.test", { attributes: { department: "Sales" } }),
        person("m1", "mia@acme.test", { attributes: { department: "Engineering" } }),
        person("z1", "zoe@acme.test", { attributes: { department: "Engineering" } }),
      ],
      { "g-eng": ["m1"] },
    );
    const r = await run(ctxA, "import", adapter);
    expect(r.counts).toMatchObject({ updated: 1, created: 1, skipped: 1 });
    expect(await membership(orgA, "boss@acme.test")).toMatchObject({ role: "owner", source: "manual" });
    expect(await membership(orgA, "mia@acme.test")).toMatchObject({ role: "viewer", source: "manual" });
    expect(await teamsOf(orgA, "mia@acme.test")).toEqual(["Eng Team:directory", "Hand Picked:manual"]);
    expect(await membership(orgA, "zoe@acme.test")).toMatchObject({ role: "developer", source: "directory", userId: other.user.id });
    expect(await membership(orgB, "zoe@acme.test")).toMatchObject({ role: "admin" });
    expect((await sync.getRun(ctxA, r.id)).skipped[0]).toMatchObject({ externalId: "o1", reason: expect.stringMatching(/owner/) });
    expect(owner.user.id).toBeTruthy();
  });

  it("skips malformed people: no email, invalid email, duplicates across pages, unknown group ids", async () => {
    const adapter = directory([
      person("a", "a@acme.test", { attributes: { department: "Sales" } }),
      person("b", "not-an-email", { attributes: { department: "Sales" } }),
      person("c", "x@acme.test", { attributes: { department: "Sales" }, groupIds: ["g-missing"] }),
      person("d", "A@acme.test", { attributes: { department: "Sales" } }),
      person("e", null, { problems: ["no email"] }),
    ]);
    adapter.withGroupIds = true;
    adapter.dir.people[2]!.groupIds = ["g-missing"];
    const r = await run(ctxA, "import", adapter);
    expect(r.counts).toMatchObject({ created: 1, skipped: 4 });
    const reasons = (await sync.getRun(ctxA, r.id)).skipped.map((s) => `${s.externalId}:${s.reason}`).sort();
    expect(reasons).toEqual([
      "b:invalid email: not-an-email",
      "c:unknown group ids: g-missing",
      "d:duplicate email (already linked to directory user a)",
      "e:no email",
    ]);
  });

  it("a directory 500 halfway fails the run and keeps the pages already imported", async () => {
    const people = Array.from({ length: 6 }, (_, i) => person(`p${i}`, `p${i}@acme.test`, { attributes: { department: "Sales" } }));
    const adapter = directory(people);
    adapter.fault = (c) => {
      if (c.method === "listUsers" && c.page === 2) throw new DirectoryError("server", "HTTP 500 from the directory", { status: 500 });
    };
    const r = await run(ctxA, "import", adapter);
    expect(r.status).toBe("failed");
    expect(r.error).toMatch(/server 500/);
    expect(r.processed).toBe(2);
    expect(r.counts.created).toBe(2);
    expect(await (await db()).directoryAccount.count({ where: { orgId: orgA } })).toBe(2);
    expect((await sync.getRun(ctxA, r.id)).errors[0]!.message).toMatch(/HTTP 500/);
  });

  it("refuses a second run of the same kind while one is running; needs a configuration", async () => {
    await sync.createRun(ctxA, { kind: "import", trigger: "api" });
    await expect(sync.createRun(ctxA, { kind: "import", trigger: "api" })).rejects.toMatchObject({ code: "conflict" });
    await sync.createRun(ctxB, { kind: "import", trigger: "api" });
    const c = await createOrg("Gamma");
    await expect(sync.createRun(await orgContextForJob(c.id), { kind: "import", trigger: "api" })).rejects.toBeInstanceOf(AppError);
  });
});

describe("team and business-unit sync", () => {
  it("turns groups into teams (renamed with the group) and org units into business units, members from the directory", async () => {
    const adapter = createMemoryAdapter(
      {
        people: [
          person("u1", "ann@acme.test", { attributes: { department: "Sales" }, department: "Sales", orgUnit: "/Sales/EMEA" }),
          person("u2", "bob@acme.test", { attributes: { department: "Sales" }, department: "Sales" }),
        ],
        groups: [{ id: "g1", name: "Platform" }, { id: "g2", name: "Hand Picked" }],
        members: { g1: ["u1", "u2"], g2: ["u2"] },
        orgUnits: [{ id: "ou1", name: "EMEA", path: "/Sales/EMEA", kind: "orgUnit" }],
      },
      { pageSize: 1 },
    );
    const c = await db();
    const manualTeam = await c.team.create({ data: { orgId: orgA, name: "Hand Picked" } });
    await run(ctxA, "import", adapter);
    const r = await run(ctxA, "team_sync", adapter);
    expect(r.status).toBe("succeeded");
    expect(r.counts).toMatchObject({ teamsCreated: 1, teamMembershipsAdded: 3, businessUnitsCreated: 1, businessUnitMembershipsAdded: 1 });
    // Two groups and one org unit: processed counts each, and the total is the same sum (not "3 of 2").
    expect({ processed: r.processed, total: r.total }).toEqual({ processed: 3, total: 3 });
    const teams = await c.team.findMany({ where: { orgId: orgA }, orderBy: { name: "asc" } });
    expect(teams.map((t) => `${t.name}:${t.externalId}`)).toEqual(["Hand Picked:g2", "Platform:g1"]);
    expect(teams.find((t) => t.name === "Hand Picked")!.id).toBe(manualTeam.id);
    expect(await teamsOf(orgA, "bob@acme.test")).toEqual(["Hand Picked:directory", "Platform:directory"]);
    const bu = await c.businessUnit.findFirstOrThrow({ where: { orgId: orgA, externalId: "ou1" }, include: { memberships: true } });
    expect(bu.memberships).toHaveLength(1);

    // The group is renamed and Ann leaves it; the next sync follows, and an import leaves it so.
    adapter.dir.groups[0]!.name = "Platform Engineering";
    adapter.dir.members.g1 = ["u2"];
    const again = await run(ctxA, "team_sync", adapter);
    expect(again.counts).toMatchObject({ teamsRenamed: 1, teamMembershipsRemoved: 1 });
    expect(await teamsOf(orgA, "ann@acme.test")).toEqual([]);
    expect(await teamsOf(orgA, "bob@acme.test")).toEqual(["Hand Picked:directory", "Platform Engineering:directory"]);
    await run(ctxA, "import", adapter);
    expect(await teamsOf(orgA, "bob@acme.test")).toEqual(["Hand Picked:directory", "Platform Engineering:directory"]);
    expect(await teamsOf(orgA, "ann@acme.test")).toEqual([]);
    expect((await auditEvents(orgA, "team.renamed")).length).toBe(1);
    expect(await c.team.count({ where: { orgId: orgB } })).toBe(0);
  });
});

describe("reconcile", () => {
  async function importPeople(n: number, opts: { maxShare?: number; minCount?: number } = {}) {
    if (opts.maxShare !== undefined || opts.minCount !== undefined) {
      await (await db()).provisioningConfig.update({ where: { orgId: orgA }, data: { decommissionMaxShare: opts.maxShare, decommissionMinCount: opts.minCount } });
    }
    const people = Array.from({ length: n }, (_, i) => person(`p${i}`, `p${i}@acme.test`, { attributes: { department: "Sales" } }));
    const adapter = directory(people);
    await run(ctxA, "import", adapter);
    return adapter;
  }

  it("decommissions disabled, unassigned and missing people (sessions, keys, membership, audit) and reactivates", async () => {
    const adapter = await importPeople(10, { maxShare: 0.5, minCount: 5 });
    const c = await db();
    const p1 = await c.user.findUniqueOrThrow({ where: { email: "p1@acme.test" } });
    await c.session.create({ data: { tokenHash: "h1", userId: p1.id, activeOrgId: orgA, refreshTokenEnc: "enc", expiresAt: new Date(Date.now() + 3600_000) } });
    await c.session.create({ data: { tokenHash: "h2", userId: p1.id, activeOrgId: orgB, expiresAt: new Date(Date.now() + 3600_000) } });
    const key = await createApiKey(orgA, ["member:read"]);
    await c.apiKey.update({ where: { id: key.row.id }, data: { createdById: p1.id } });

    adapter.dir.people[1]!.active = false; // disabled
    adapter.dir.people[2]!.attributes = { department: "Legal" }; // unassigned
    adapter.dir.people.splice(3, 1); // p3 missing
    const r = await run(ctxA, "reconcile", adapter);
    expect(r.status).toBe("succeeded");
    expect(r.counts).toMatchObject({ decommissioned: 3, unchanged: 7 });
    expect(await membership(orgA, "p1@acme.test")).toMatchObject({ status: "suspended" });
    expect(await membership(orgA, "p2@acme.test")).toMatchObject({ status: "suspended" });
    expect(await membership(orgA, "p3@acme.test")).toMatchObject({ status: "suspended" });
    expect(await membership(orgA, "p4@acme.test")).toMatchObject({ status: "active" });
    const sessions = await c.session.findMany({ where: { userId: p1.id }, orderBy: { tokenHash: "asc" } });
    expect(sessions[0]).toMatchObject({ tokenHash: "h1", refreshTokenEnc: null });
    expect(sessions[0]!.revokedAt).not.toBeNull();
    expect(sessions[1]!.revokedAt).toBeNull(); // another organization's session
    expect((await c.apiKey.findUniqueOrThrow({ where: { id: key.row.id } })).disabledAt).not.toBeNull();
    const events = await auditEvents(orgA, "user.decommissioned");
    expect(events.map((e) => (e.after as { reason: string }).reason).sort()).toEqual(["disabled", "missing", "unassigned"]);
    const accounts = await c.directoryAccount.findMany({ where: { orgId: orgA, status: "decommissioned" }, orderBy: { email: "asc" } });
    expect(accounts.map((a) => `${a.email}:${a.decommissionReason}`)).toEqual(["p1@acme.test:disabled", "p2@acme.test:unassigned", "p3@acme.test:missing"]);
    expect((await sync.getRun(ctxA, r.id)).drift.length).toBe(3);
    expect(await c.membership.count({ where: { orgId: orgB, status: "suspended" } })).toBe(0);

    // p1 is enabled again: the membership comes back (the directory suspended it), the key stays disabled.
    adapter.dir.people[1]!.active = true;
    const back = await run(ctxA, "reconcile", adapter);
    expect(back.counts).toMatchObject({ reactivated: 1, decommissioned: 0 });
    expect(await membership(orgA, "p1@acme.test")).toMatchObject({ status: "active" });
    expect((await c.apiKey.findUniqueOrThrow({ where: { id: key.row.id } })).disabledAt).not.toBeNull();
  });

  it("an admin's suspension stands when the directory re-enables someone it never suspended", async () => {
    const adapter = await importPeople(3);
    const c = await db();
    await c.membership.updateMany({ where: { orgId: orgA, user: { email: "p0@acme.test" } }, data: { status: "suspended" } });
    const r = await run(ctxA, "reconcile", adapter);
    expect(r.counts.reactivated ?? 0).toBe(0);
    expect(await membership(orgA, "p0@acme.test")).toMatchObject({ status: "suspended" });
    void adapter;
  });

  it("a directory 500 halfway fails the run and decommissions nobody", async () => {
    const adapter = await importPeople(6);
    adapter.dir.people.splice(4, 2);
    let pages = 0;
    adapter.fault = (c) => {
      if (c.method === "listUsers" && ++pages === 2) throw new DirectoryError("server", "HTTP 500", { status: 500 });
    };
    const r = await run(ctxA, "reconcile", adapter);
    expect(r.status).toBe("failed");
    expect(r.error).toMatch(/Nobody was decommissioned/);
    expect(await (await db()).membership.count({ where: { orgId: orgA, status: "suspended" } })).toBe(0);
    expect(await auditEvents(orgA, "user.decommissioned")).toHaveLength(0);
  });

  it("an empty directory or a paging loop is an incomplete read: failed, nobody decommissioned", async () => {
    const adapter = await importPeople(4);
    adapter.dir.people.splice(0);
    const empty = await run(ctxA, "reconcile", adapter);
    expect(empty.status).toBe("failed");
    expect(empty.error).toMatch(/no users/);
    const loop = createMemoryAdapter({ people: [], groups: [], members: {} });
    loop.listUsers = async (_f, o) => ({ items: [person(`x${o?.cursor ?? 0}`, `x${o?.cursor ?? 0}@acme.test`)], next: "same" });
    const looped = await run(ctxA, "reconcile", loop);
    expect(looped.status).toBe("failed");
    expect(looped.error).toMatch(/cursor/);
    expect(await (await db()).membership.count({ where: { orgId: orgA, status: "suspended" } })).toBe(0);
  });

  it("over the threshold waits for approval; approve applies, reject cancels", async () => {
    const adapter = await importPeople(20);
    adapter.dir.people.splice(0, 6); // 6 of 20 = 30% > 10%, and ≥ 5
    const r = await run(ctxA, "reconcile", adapter);
    expect(r.status).toBe("awaiting_approval");
    expect(r.counts.pending).toBe(6);
    const detail = await sync.getRun(ctxA, r.id);
    expect(detail.pending!.map((p) => `${p.email}:${p.reason}`)).toContain("p0@acme.test:missing");
    // The drift names who would go and why, so the run's drift card is not empty while it waits.
    const driftOf = (d: typeof detail) => d.drift.filter((e) => e.decommission).map((e) => `${e.email}:${e.decommission!.reason}:${e.decommission!.outcome}`).sort();
    expect(driftOf(detail)).toEqual(["p0", "p1", "p2", "p3", "p4", "p5"].map((p) => `${p}@acme.test:missing:pending`));
    expect(detail.counts.drifted).toBe(6);
    expect(await (await db()).membership.count({ where: { orgId: orgA, status: "suspended" } })).toBe(0);
    await expect(sync.approveRun(ctxB, r.id)).rejects.toMatchObject({ code: "not_found" });

    const approved = await sync.approveRun(ctxA, r.id);
    expect(approved.status).toBe("succeeded");
    expect(approved.counts.decommissioned).toBe(6);
    expect(approved.counts.drifted).toBe(6);
    const afterApproval = await sync.getRun(ctxA, r.id);
    expect(driftOf(afterApproval)).toEqual(["p0", "p1", "p2", "p3", "p4", "p5"].map((p) => `${p}@acme.test:missing:decommissioned`));
    expect(afterApproval.drift.find((e) => e.email === "p0@acme.test")!.status).toEqual({ before: "active", after: "decommissioned (missing)" });
    expect(approved.approvedAt).not.toBeNull();
    expect(await (await db()).membership.count({ where: { orgId: orgA, status: "suspended" } })).toBe(6);
    await expect(sync.approveRun(ctxA, r.id)).rejects.toMatchObject({ code: "conflict" });

    // Another mass removal, rejected.
    adapter.dir.people.splice(0, 6);
    const second = await run(ctxA, "reconcile", adapter);
    expect(second.status).toBe("awaiting_approval");
    const rejected = await sync.rejectRun(ctxA, second.id);
    expect(rejected.status).toBe("cancelled");
    const rejectedDrift = (await sync.getRun(ctxA, second.id)).drift.filter((e) => e.decommission);
    expect(rejectedDrift).toHaveLength(6);
    expect(rejectedDrift.every((e) => e.decommission!.outcome === "kept" && /rejected/.test(e.decommission!.note ?? ""))).toBe(true);
    expect(await (await db()).membership.count({ where: { orgId: orgA, status: "suspended" } })).toBe(6);
    expect(await auditEvents(orgA, "directory_sync.run_rejected")).toHaveLength(1);
  });

  it("below the minimum count it proceeds even above the share", async () => {
    const adapter = await importPeople(4);
    adapter.dir.people.splice(0, 1); // 25% but 1 < 5
    const r = await run(ctxA, "reconcile", adapter);
    expect(r.status).toBe("succeeded");
    expect(r.counts.decommissioned).toBe(1);
  });

  it("never decommissions an owner", async () => {
    const adapter = await importPeople(2);
    const c = await db();
    await c.membership.updateMany({ where: { orgId: orgA, user: { email: "p0@acme.test" } }, data: { role: "owner" } });
    adapter.dir.people.splice(0, 1);
    const r = await run(ctxA, "reconcile", adapter);
    expect(r.counts.decommissioned ?? 0).toBe(0);
    expect(await membership(orgA, "p0@acme.test")).toMatchObject({ role: "owner", status: "active" });
    expect((await sync.getRun(ctxA, r.id)).skipped.some((s) => /owner/.test(s.reason))).toBe(true);
  });
});

describe("finishRun", () => {
  it("finishes a session-check run created by JOBS", async () => {
    const r = await sync.createRun(ctxA, { kind: "session_check", trigger: "schedule" });
    const f = await sync.finishRun(ctxA, r.id, { status: "succeeded", counts: { checked: 3 } });
    expect(f).toMatchObject({ status: "succeeded", counts: { checked: 3 } });
    expect(f.durationMs).not.toBeNull();
    await expect(sync.finishRun(ctxA, r.id, { status: "failed" })).rejects.toMatchObject({ code: "conflict" });
  });
});
