import { beforeEach, describe, expect, test } from "vitest";
import { addMember, auditEvents, countRows, createApiKey, createMember, createOrg, createUser, providerOrg, resetDb } from "@/lib/db/testing/fixtures";
import { call } from "@/lib/db/testing/http";
import { PERMISSIONS } from "@/lib/auth/permissions";
import * as membersRoute from "@/app/api/v1/organizations/[id]/members/route";
import * as memberRoute from "@/app/api/v1/organizations/[id]/members/[userId]/route";
import * as roleRoute from "@/app/api/v1/organizations/[id]/members/[userId]/role/route";
import * as transferRoute from "@/app/api/v1/organizations/[id]/transfer-ownership/route";
import * as rolesRoute from "@/app/api/v1/organizations/[id]/roles/route";
import * as members from "./service";
import { signInAs, userCtx } from "./test-helpers";

const ALL = [...PERMISSIONS];
type Org = Awaited<ReturnType<typeof createOrg>>;
type Member = Awaited<ReturnType<typeof createMember>>;

describe("members, roles of members and ownership transfer", () => {
  let orgA: Org, orgB: Org;
  let ownerA: Member, adminA: Member, memberA: Member, ownerB: Member, memberB: Member;
  let keyA: string, platformKey: string;

  beforeEach(async () => {
    await resetDb();
    signInAs(null);
    orgA = await createOrg("Acme Corporation");
    orgB = await createOrg("Globex");
    ownerA = await createMember(orgA.id, "owner", "owner@acme.test");
    adminA = await createMember(orgA.id, "admin", "admin@acme.test");
    memberA = await createMember(orgA.id, "member", "member@acme.test");
    ownerB = await createMember(orgB.id, "owner", "owner@globex.test");
    memberB = await createMember(orgB.id, "member", "member@globex.test");
    keyA = (await createApiKey(orgA.id, ALL.filter((p) => p !== "ownership:transfer" && p !== "org:delete"))).raw;
    platformKey = (await createApiKey(null, ALL)).raw;
  });

  const list = (orgId: string, query = "", key?: string) =>
    call(membersRoute.GET, { url: `/api/v1/organizations/${orgId}/members${query}`, params: { id: orgId }, key });
  const setRole = (orgId: string, userId: string, role: unknown, key?: string) =>
    call(roleRoute.PATCH, { method: "PATCH", params: { id: orgId, userId }, body: { role }, key });

  test("lists members with search, role/status filters and pagination", async () => {
    const suspended = await createUser({ email: "zed@acme.test", name: "Zed Suspended" });
    await addMember(orgA.id, suspended.id, "member", "suspended");
    signInAs(adminA.user.id);
    const all = await list(orgA.id);
    expect(all.status).toBe(200);
    expect(all.json.pagination).toMatchObject({ total: 4, page: 1 });
    expect(all.json.data.map((m: { email: string }) => m.email)).toEqual(["admin@acme.test", "member@acme.test", "owner@acme.test", "zed@acme.test"]);
    expect(all.json.data[0]).toMatchObject({ userId: adminA.user.id, role: "admin", status: "active", source: "manual" });
    expect(all.json.data[0]).not.toHaveProperty("passwordHash");

    expect((await list(orgA.id, "?search=ZED")).json.data.map((m: { name: string }) => m.name)).toEqual(["Zed Suspended"]);
    expect((await list(orgA.id, "?role=owner")).json.data.map((m: { email: string }) => m.email)).toEqual(["owner@acme.test"]);
    expect((await list(orgA.id, "?status=suspended")).json.pagination.total).toBe(1);
    const p2 = await list(orgA.id, "?limit=3&page=2");
    expect(p2.json.data).toHaveLength(1);
    expect(p2.json.pagination).toMatchObject({ total: 4, totalPages: 2 });
    expect((await list(orgA.id, "?status=gone")).status).toBe(422);
    expect((await list(orgA.id, "?limit=0")).status).toBe(422);
  });

  test("adds an existing user by email, and creates a passwordless user for a new email", async () => {
    const existing = await createUser({ email: "carol@example.test" });
    const r = await call(membersRoute.POST, { method: "POST", params: { id: orgA.id }, body: { email: " Carol@Example.TEST ", role: "admin" }, key: keyA });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ userId: existing.id, email: "carol@example.test", role: "admin", source: "manual", status: "active" });

    const usersBefore = await countRows("user");
    const n = await call(membersRoute.POST, { method: "POST", params: { id: orgA.id }, body: { email: "new.person@example.test", name: "New Person" }, key: keyA });
    expect(n.status).toBe(201);
    expect(n.json).toMatchObject({ email: "new.person@example.test", name: "New Person", role: "member" }); // the org's default role
    expect(await countRows("user")).toBe(usersBefore + 1);

    const events = await auditEvents(orgA.id, "member.added");
    expect(events.map((e) => e.targetLabel)).toEqual(["carol@example.test", "new.person@example.test"]);
    expect(events[0]!.after).toMatchObject({ role: "admin", source: "manual", userCreated: false });
    expect(events[1]!.after).toMatchObject({ userCreated: true });
    expect(events[0]!.actorType).toBe("api_key");

    const again = await call(membersRoute.POST, { method: "POST", params: { id: orgA.id }, body: { email: "carol@example.test" }, key: keyA });
    expect(again.status).toBe(409);
    expect(again.json.error.message).toMatch(/already a member/);
  });

  test("a custom role is accepted when effective in the org (org first, then global); unknown roles are 422", async () => {
    signInAs(adminA.user.id);
    const dev = await call(membersRoute.POST, { method: "POST", params: { id: orgA.id }, body: { email: "dev@acme.test", role: "developer" } });
    expect(dev.status).toBe(201);
    // B's own role is not effective in A
    signInAs(ownerB.user.id);
    expect((await call(rolesRoute.POST, { method: "POST", params: { id: orgB.id }, body: { name: "globex-only", permissions: ["member:read"], rank: 5 } })).status).toBe(201);
    signInAs(adminA.user.id);
    const before = await countRows("membership");
    const bad = await call(membersRoute.POST, { method: "POST", params: { id: orgA.id }, body: { email: "x@acme.test", role: "globex-only" } });
    expect(bad.status).toBe(422);
    expect(bad.json.error.issues).toEqual([expect.objectContaining({ path: "role" })]);
    const bad2 = await setRole(orgA.id, memberA.user.id, "superuser");
    expect(bad2.status).toBe(422);
    expect(await countRows("membership")).toBe(before);
    expect(await auditEvents(orgA.id, "member.role_changed")).toHaveLength(0);
  });

  test("bad input: unknown fields, wrong types, bad email, bad uuid -> 4xx with field issues, nothing written", async () => {
    signInAs(adminA.user.id);
    const before = { m: await countRows("membership"), u: await countRows("user"), a: await countRows("auditEvent") };
    const post = (body: unknown) => call(membersRoute.POST, { method: "POST", params: { id: orgA.id }, body });
    const unknown = await post({ email: "a@acme.test", isOwner: true });
    expect(unknown.status).toBe(422);
    expect(unknown.json.error.issues[0].message).toMatch(/isOwner|Unrecognized/i);
    const types = await post({ email: 42, role: ["admin"] });
    expect(types.status).toBe(422);
    expect(types.json.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(["email", "role"]);
    expect((await post({ email: "not-an-email" })).json.error.issues[0]).toMatchObject({ path: "email" });
    expect((await call(membersRoute.POST, { method: "POST", params: { id: orgA.id }, rawBody: "{oops" })).status).toBe(400);
    const badId = await call(memberRoute.DELETE, { method: "DELETE", params: { id: orgA.id, userId: "not-a-uuid" } });
    expect(badId.status).toBe(422);
    expect(badId.json.error.issues[0].path).toBe("params.userId");
    expect((await setRole(orgA.id, "nope", "admin")).status).toBe(422);
    expect((await setRole(orgA.id, memberA.user.id, 7)).json.error.issues[0]).toMatchObject({ path: "role" });
    expect((await call(roleRoute.PATCH, { method: "PATCH", params: { id: orgA.id, userId: memberA.user.id }, body: { role: "admin", extra: 1 } })).status).toBe(422);
    expect((await call(transferRoute.POST, { method: "POST", params: { id: orgA.id }, body: { userId: "x" }, key: platformKey })).json.error.issues[0].path).toBe("userId");
    const unknownMember = await setRole(orgA.id, crypto.randomUUID(), "admin");
    expect(unknownMember.status).toBe(404);
    expect({ m: await countRows("membership"), u: await countRows("user"), a: await countRows("auditEvent") }).toEqual(before);
  });

  test("role change is audited with before/after; the same role again is a no-op", async () => {
    signInAs(adminA.user.id);
    const r = await setRole(orgA.id, memberA.user.id, "developer");
    expect(r.status).toBe(200);
    expect(r.json.role).toBe("developer");
    const events = await auditEvents(orgA.id, "member.role_changed");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ targetId: memberA.user.id, actorId: adminA.user.id, before: { role: "member" }, after: { role: "developer" } });
    expect((await setRole(orgA.id, memberA.user.id, "developer")).status).toBe(200);
    expect(await auditEvents(orgA.id, "member.role_changed")).toHaveLength(1);
  });

  test("the last active owner cannot be demoted or removed; with a second owner both work", async () => {
    signInAs(ownerA.user.id);
    const demote = await setRole(orgA.id, ownerA.user.id, "admin");
    expect(demote.status).toBe(409);
    expect(demote.json.error.message).toMatch(/last owner/);
    const remove = await call(memberRoute.DELETE, { method: "DELETE", params: { id: orgA.id, userId: ownerA.user.id } });
    expect(remove.status).toBe(409);
    // A suspended owner does not count.
    const dormant = await createUser();
    await addMember(orgA.id, dormant.id, "owner", "suspended");
    expect((await setRole(orgA.id, ownerA.user.id, "admin")).status).toBe(409);

    expect((await setRole(orgA.id, adminA.user.id, "owner")).status).toBe(200);
    expect((await setRole(orgA.id, ownerA.user.id, "admin")).status).toBe(200);
    signInAs(adminA.user.id); // now the only active owner
    expect((await call(memberRoute.DELETE, { method: "DELETE", params: { id: orgA.id, userId: adminA.user.id } })).status).toBe(409);
    expect((await call(memberRoute.DELETE, { method: "DELETE", params: { id: orgA.id, userId: ownerA.user.id } })).status).toBe(204);
    const removed = await auditEvents(orgA.id, "member.removed");
    expect(removed).toHaveLength(1);
    expect(removed[0]).toMatchObject({ targetLabel: "owner@acme.test", before: { role: "admin" } });
    expect((await list(orgA.id, "?role=owner&status=active")).json.data.map((m: { email: string }) => m.email)).toEqual(["admin@acme.test"]);
  });

  test("only owners grant or remove the owner role", async () => {
    signInAs(adminA.user.id);
    const grant = await setRole(orgA.id, memberA.user.id, "owner");
    expect(grant.status).toBe(403);
    expect(grant.json.error.message).toMatch(/Only an owner/);
    expect((await call(membersRoute.POST, { method: "POST", params: { id: orgA.id }, body: { email: "boss@acme.test", role: "owner" } })).status).toBe(403);
    const second = await createMember(orgA.id, "owner");
    expect((await setRole(orgA.id, second.user.id, "member")).status).toBe(403);
    expect((await call(memberRoute.DELETE, { method: "DELETE", params: { id: orgA.id, userId: second.user.id } })).status).toBe(403);
    // an org key without ownership:transfer is at most an admin
    expect((await setRole(orgA.id, memberA.user.id, "owner", keyA)).status).toBe(403);
    signInAs(ownerA.user.id);
    expect((await setRole(orgA.id, memberA.user.id, "owner")).status).toBe(200);
    expect((await setRole(orgA.id, memberA.user.id, "member")).status).toBe(200);
  });

  test("rank rule: nobody grants a role ranked above their own or changes someone ranked above them", async () => {
    signInAs(ownerA.user.id);
    const mk = (body: object) => call(rolesRoute.POST, { method: "POST", params: { id: orgA.id }, body });
    const reads = PERMISSIONS.filter((p) => p.endsWith(":read"));
    expect((await mk({ name: "lead", permissions: [...reads, "member:create", "member:update"], rank: 50 })).status).toBe(201);
    expect((await mk({ name: "senior", permissions: ["member:read"], rank: 90 })).status).toBe(201);
    const lead = await createMember(orgA.id, "lead");

    signInAs(adminA.user.id); // rank 80
    const above = await setRole(orgA.id, memberA.user.id, "senior");
    expect(above.status).toBe(403);
    expect(above.json.error.message).toMatch(/ranked 90, above your own rank \(80\)/);

    signInAs(lead.user.id); // rank 50
    expect((await setRole(orgA.id, memberA.user.id, "admin")).status).toBe(403);
    expect((await setRole(orgA.id, adminA.user.id, "member")).status).toBe(403);
    expect((await call(membersRoute.POST, { method: "POST", params: { id: orgA.id }, body: { email: "x@acme.test", role: "admin" } })).status).toBe(403);
    // equal or lower, with permissions the lead holds: fine
    expect((await setRole(orgA.id, memberA.user.id, "viewer")).status).toBe(200);
    expect((await setRole(orgA.id, memberA.user.id, "lead")).status).toBe(200);
    // developer (rank 30) carries config:manage, which the lead does not hold
    const perms = await setRole(orgA.id, memberA.user.id, "developer");
    expect(perms.status).toBe(403);
    expect(perms.json.error.message).toMatch(/config:manage/);
    expect((await list(orgA.id, "?role=lead")).json.pagination.total).toBe(2);
  });

  test("a read-only member gets 403 on every write and nothing changes", async () => {
    signInAs(memberA.user.id);
    expect((await list(orgA.id)).status).toBe(200);
    const writes = [
      await call(membersRoute.POST, { method: "POST", params: { id: orgA.id }, body: { email: "x@acme.test" } }),
      await setRole(orgA.id, adminA.user.id, "member"),
      await call(memberRoute.DELETE, { method: "DELETE", params: { id: orgA.id, userId: adminA.user.id } }),
      await call(transferRoute.POST, { method: "POST", params: { id: orgA.id }, body: { userId: memberA.user.id } }),
    ];
    expect(writes.map((w) => w.status)).toEqual([403, 403, 403, 403]);
    expect(writes[0]!.json.error.message).toMatch(/member:create/);
    expect((await list(orgA.id, "?role=admin")).json.pagination.total).toBe(1);
  });

  test("organization A's admin, session or key, gets 404 on every route for B's ids", async () => {
    const tryAll = async (key?: string) => [
      (await list(orgB.id, "", key)).status,
      (await call(membersRoute.POST, { method: "POST", params: { id: orgB.id }, body: { email: "spy@acme.test" }, key })).status,
      (await setRole(orgB.id, memberB.user.id, "admin", key)).status,
      (await call(memberRoute.DELETE, { method: "DELETE", params: { id: orgB.id, userId: memberB.user.id }, key })).status,
      (await call(transferRoute.POST, { method: "POST", params: { id: orgB.id }, body: { userId: memberB.user.id }, key })).status,
    ];
    expect(await tryAll(keyA)).toEqual([404, 404, 404, 404, 404]);
    signInAs(ownerA.user.id);
    expect(await tryAll()).toEqual([404, 404, 404, 404, 404]);
    // B's member ids through A's URL are simply not members of A
    expect((await setRole(orgA.id, memberB.user.id, "admin")).status).toBe(404);
    expect((await call(memberRoute.DELETE, { method: "DELETE", params: { id: orgA.id, userId: memberB.user.id } })).status).toBe(404);
    expect((await call(transferRoute.POST, { method: "POST", params: { id: orgA.id }, body: { userId: ownerB.user.id } })).status).toBe(404);
    const bMembers = await (async () => { signInAs(ownerB.user.id); return list(orgB.id); })();
    expect(bMembers.json.data.map((m: { email: string; role: string }) => `${m.email}:${m.role}`).sort()).toEqual(["member@globex.test:member", "owner@globex.test:owner"]);
    expect(await auditEvents(orgB.id)).toHaveLength(0);
  });

  test("a provider admin (user or platform key) reaches both organizations and seats a first owner", async () => {
    const provider = await providerOrg();
    const pAdmin = await createMember(provider.id, "admin", "padmin@provider.test");
    signInAs(pAdmin.user.id);
    expect((await list(orgA.id)).json.pagination.total).toBe(3);
    expect((await list(orgB.id)).json.pagination.total).toBe(2);
    expect((await setRole(orgB.id, memberB.user.id, "developer")).status).toBe(200);
    // A provider admin is not an owner: it cannot make owners where one exists...
    expect((await setRole(orgB.id, memberB.user.id, "owner")).status).toBe(403);
    // ...but seats the first owner of an organization that has none.
    const fresh = await createOrg("Initech");
    const seated = await call(membersRoute.POST, { method: "POST", params: { id: fresh.id }, body: { email: "boss@initech.test", role: "owner" } });
    expect(seated.status).toBe(201);
    const second = await call(membersRoute.POST, { method: "POST", params: { id: fresh.id }, body: { email: "boss2@initech.test", role: "owner" } });
    expect(second.status).toBe(403);
    expect((await auditEvents(fresh.id, "member.added"))[0]).toMatchObject({ actorId: pAdmin.user.id, after: { role: "owner" } });

    const viaKey = await call(membersRoute.POST, { method: "POST", params: { id: orgB.id }, body: { email: "ops@globex.test", role: "admin" }, key: platformKey });
    expect(viaKey.status).toBe(201);
    // services, with the principal a provider admin gets
    const ctxA = await userCtx(pAdmin.user.id, orgA.id);
    expect(ctxA.viaProvider).toBe(true);
    expect((await members.list(ctxA, { page: 1, limit: 50, status: "all" })).data.map((m) => m.email)).toContain("owner@acme.test");
  });

  test("ownership transfer: target becomes owner, acting owner becomes admin, in one audited step", async () => {
    signInAs(ownerA.user.id);
    const r = await call(transferRoute.POST, { method: "POST", params: { id: orgA.id }, body: { userId: memberA.user.id } });
    expect(r.status).toBe(200);
    expect(r.json.owner).toMatchObject({ userId: memberA.user.id, role: "owner" });
    expect(r.json.previousOwner).toMatchObject({ userId: ownerA.user.id, role: "admin" });
    const roles = (await list(orgA.id)).json.data.map((m: { email: string; role: string }) => `${m.email}:${m.role}`);
    expect(roles).toEqual(["admin@acme.test:admin", "member@acme.test:owner", "owner@acme.test:admin"]);
    const ev = await auditEvents(orgA.id, "ownership.transferred");
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({
      targetId: memberA.user.id,
      before: { newOwner: { role: "member" }, previousOwner: { email: "owner@acme.test", role: "owner" } },
      after: { newOwner: { role: "owner" }, previousOwner: { role: "admin" } },
    });
    // the former owner is now an admin and may not transfer again
    expect((await call(transferRoute.POST, { method: "POST", params: { id: orgA.id }, body: { userId: adminA.user.id } })).status).toBe(403);
  });

  test("ownership transfer refuses non-members, suspended members and existing owners; admins lack the permission", async () => {
    signInAs(ownerA.user.id);
    const post = (userId: string) => call(transferRoute.POST, { method: "POST", params: { id: orgA.id }, body: { userId } });
    expect((await post(crypto.randomUUID())).status).toBe(404);
    const s = await createUser();
    await addMember(orgA.id, s.id, "member", "suspended");
    const sus = await post(s.id);
    expect(sus.status).toBe(409);
    expect(sus.json.error.message).toMatch(/suspended/);
    expect((await post(ownerA.user.id)).status).toBe(409);
    signInAs(adminA.user.id);
    const denied = await post(memberA.user.id);
    expect(denied.status).toBe(403);
    expect(denied.json.error.message).toMatch(/ownership:transfer/);
    expect(await auditEvents(orgA.id, "ownership.transferred")).toHaveLength(0);
  });

  test("a provider owner acting via the provider role transfers without anyone being demoted", async () => {
    const provider = await providerOrg();
    const pOwner = await createMember(provider.id, "owner", "powner@provider.test");
    const ctx = await userCtx(pOwner.user.id, orgA.id);
    const r = await members.transferOwnership(ctx, { userId: adminA.user.id });
    expect(r.previousOwner).toBeNull();
    signInAs(ownerA.user.id);
    expect((await list(orgA.id, "?role=owner")).json.data.map((m: { email: string }) => m.email)).toEqual(["admin@acme.test", "owner@acme.test"]);
    expect((await auditEvents(orgA.id, "ownership.transferred"))[0]).toMatchObject({ actorId: pOwner.user.id });
    // a provider admin (not owner) lacks ownership:transfer
    const pAdmin = await createMember(provider.id, "admin");
    signInAs(pAdmin.user.id);
    expect((await call(transferRoute.POST, { method: "POST", params: { id: orgB.id }, body: { userId: memberB.user.id } })).status).toBe(403);
  });

  test("grantableRoles offers what the rules allow (the forms' role lists)", async () => {
    signInAs(ownerA.user.id);
    await call(rolesRoute.POST, { method: "POST", params: { id: orgA.id }, body: { name: "senior", permissions: ["member:read"], rank: 90 } });
    const names = async (userId: string, orgId: string) => (await members.grantableRoles(await userCtx(userId, orgId))).map((r) => r.name);
    expect(await names(ownerA.user.id, orgA.id)).toEqual(["owner", "senior", "admin", "developer", "member", "viewer"]);
    expect(await names(adminA.user.id, orgA.id)).toEqual(["admin", "developer", "member", "viewer"]);
    const pAdmin = await createMember((await providerOrg()).id, "admin");
    const fresh = await createOrg("Initech");
    expect(await names(pAdmin.user.id, fresh.id)).toContain("owner");
    expect(await names(pAdmin.user.id, orgB.id)).not.toContain("owner");
  });
});
