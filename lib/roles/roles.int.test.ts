import { beforeEach, describe, expect, test } from "vitest";
import { auditEvents, countRows, createApiKey, createMember, createOrg, providerOrg, resetDb } from "@/lib/db/testing/fixtures";
import { call } from "@/lib/db/testing/http";
import { PERMISSIONS } from "@/lib/auth/permissions";
import * as rolesRoute from "@/app/api/v1/organizations/[id]/roles/route";
import * as roleRoute from "@/app/api/v1/organizations/[id]/roles/[roleId]/route";
import * as globalRolesRoute from "@/app/api/v1/roles/route";
import * as globalRoleRoute from "@/app/api/v1/roles/[roleId]/route";
import * as memberRoleRoute from "@/app/api/v1/organizations/[id]/members/[userId]/role/route";
import { signInAs, userCtx } from "@/lib/members/test-helpers";
import * as roles from "./service";

const ALL = [...PERMISSIONS];
const READS = PERMISSIONS.filter((p) => p.endsWith(":read"));
type Org = Awaited<ReturnType<typeof createOrg>>;
type Member = Awaited<ReturnType<typeof createMember>>;
type RoleJson = { id: string | null; name: string; source: string; overridesGlobal: boolean; rank: number; permissions: string[]; memberCount?: number };

describe("custom roles: organization and global", () => {
  let orgA: Org, orgB: Org;
  let ownerA: Member, adminA: Member, memberA: Member, ownerB: Member;
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
    keyA = (await createApiKey(orgA.id, ALL.filter((p) => p !== "ownership:transfer" && p !== "org:delete"))).raw;
    platformKey = (await createApiKey(null, ALL)).raw;
  });

  const effective = async (orgId: string, key?: string) => {
    const r = await call(rolesRoute.GET, { url: `/api/v1/organizations/${orgId}/roles`, params: { id: orgId }, key });
    expect(r.status).toBe(200);
    return r.json.data as RoleJson[];
  };
  const create = (orgId: string, body: unknown, key?: string) => call(rolesRoute.POST, { method: "POST", params: { id: orgId }, body, key });
  const globalId = async (name: string) => {
    const r = await call(globalRolesRoute.GET, { key: platformKey });
    return (r.json.data as RoleJson[]).find((x) => x.name === name)!.id!;
  };

  test("the effective list has built-ins and the seeded global developer/viewer, marked by source", async () => {
    const list = await effective(orgA.id, keyA);
    expect(list.map((r) => `${r.name}:${r.source}`)).toEqual(["owner:builtin", "admin:builtin", "developer:global", "member:builtin", "viewer:global"]);
    expect(list.find((r) => r.name === "owner")).toMatchObject({ id: null, rank: 100, memberCount: 1 });
    expect(list.find((r) => r.name === "developer")!.permissions).toContain("config:manage");
  });

  test("an org role of the same name overrides the global one here only; members get the override's permissions", async () => {
    signInAs(adminA.user.id);
    const r = await create(orgA.id, { name: "developer", description: "Acme developers", permissions: ["config:read", "config:manage"], rank: 20 });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ source: "org", overridesGlobal: true });
    const a = await effective(orgA.id);
    expect(a.filter((x) => x.name === "developer")).toEqual([expect.objectContaining({ source: "org", overridesGlobal: true, rank: 20 })]);
    const b = await effective(orgB.id, platformKey);
    expect(b.find((x) => x.name === "developer")).toMatchObject({ source: "global", overridesGlobal: false, rank: 30 });
    // a developer in A acts with A's definition, in B with the global one
    const dev = await createMember(orgA.id, "developer");
    const ctx = await userCtx(dev.user.id, orgA.id);
    expect([...ctx.permissions].sort()).toEqual(["config:manage", "config:read"]);
    const devB = await createMember(orgB.id, "developer");
    expect((await userCtx(devB.user.id, orgB.id)).permissions.has("apikey:manage")).toBe(true);
    expect((await auditEvents(orgA.id, "role.created"))[0]).toMatchObject({ targetLabel: "developer", after: { overridesGlobal: true, rank: 20 } });
  });

  test("create, read, update and delete an org role, each audited", async () => {
    signInAs(adminA.user.id);
    const c = await create(orgA.id, { name: "Support-Agent", permissions: ["member:read", "member:read", "audit:read"], rank: 15 });
    expect(c.status).toBe(201);
    expect(c.json).toMatchObject({ name: "support-agent", permissions: ["member:read", "audit:read"], rank: 15, description: null });
    const id = c.json.id as string;
    const g = await call(roleRoute.GET, { params: { id: orgA.id, roleId: id } });
    expect(g.json).toMatchObject({ id, name: "support-agent", memberCount: 0 });
    const u = await call(roleRoute.PUT, { method: "PUT", params: { id: orgA.id, roleId: id }, body: { rank: 25, description: "Helps customers" } });
    expect(u.status).toBe(200);
    expect(u.json).toMatchObject({ rank: 25, description: "Helps customers" });
    const upd = await auditEvents(orgA.id, "role.updated");
    expect(upd[0]).toMatchObject({ before: { rank: 15, description: null }, after: { rank: 25, description: "Helps customers" } });
    const d = await call(roleRoute.DELETE, { method: "DELETE", params: { id: orgA.id, roleId: id } });
    expect(d.status).toBe(204);
    expect((await call(roleRoute.GET, { params: { id: orgA.id, roleId: id } })).status).toBe(404);
    expect((await auditEvents(orgA.id)).map((e) => e.action)).toEqual(["role.created", "role.updated", "role.deleted"]);
  });

  test("deleting or renaming a role members hold is 409 naming how many", async () => {
    signInAs(ownerA.user.id);
    const c = await create(orgA.id, { name: "auditor", permissions: ["audit:read"], rank: 5 });
    await createMember(orgA.id, "auditor");
    await call(memberRoleRoute.PATCH, { method: "PATCH", params: { id: orgA.id, userId: memberA.user.id }, body: { role: "auditor" } });
    const d = await call(roleRoute.DELETE, { method: "DELETE", params: { id: orgA.id, roleId: c.json.id } });
    expect(d.status).toBe(409);
    expect(d.json.error.message).toMatch(/^2 members still hold the role "auditor"/);
    const rn = await call(roleRoute.PUT, { method: "PUT", params: { id: orgA.id, roleId: c.json.id }, body: { name: "auditors" } });
    expect(rn.status).toBe(409);
    expect(await countRows("role")).toBe(3);
    expect((await effective(orgA.id)).find((r) => r.name === "auditor")!.memberCount).toBe(2);
  });

  test("bad input is 422 with field issues and writes nothing", async () => {
    signInAs(ownerA.user.id);
    const before = { roles: await countRows("role"), audit: await countRows("auditEvent") };
    const cases: [unknown, string][] = [
      [{ name: "admin", permissions: ["member:read"], rank: 5 }, "name"],
      [{ name: "ok-name", permissions: ["member:fly"], rank: 5 }, "permissions.0"],
      [{ name: "ok-name", permissions: [], rank: 5 }, "permissions"],
      [{ name: "ok-name", permissions: ["member:read"], rank: 100 }, "rank"],
      [{ name: "ok-name", permissions: ["member:read"], rank: "5" }, "rank"],
      [{ name: "Has Spaces", permissions: ["member:read"], rank: 5 }, "name"],
      [{ name: "ok-name", permissions: ["member:read"], rank: 5, isSystem: true }, "body"],
    ];
    for (const [body, path] of cases) {
      const r = await create(orgA.id, body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.json.error.issues.map((i: { path: string }) => i.path), JSON.stringify(body)).toContain(path);
    }
    expect((await call(roleRoute.GET, { params: { id: orgA.id, roleId: "123" } })).status).toBe(422);
    expect((await call(roleRoute.PUT, { method: "PUT", params: { id: orgA.id, roleId: crypto.randomUUID() }, body: {} })).status).toBe(422);
    expect((await call(roleRoute.PUT, { method: "PUT", params: { id: orgA.id, roleId: crypto.randomUUID() }, body: { rank: 3 } })).status).toBe(404);
    expect((await create(orgA.id, { name: "dupe", permissions: ["member:read"], rank: 5 })).status).toBe(201);
    expect((await create(orgA.id, { name: "dupe", permissions: ["member:read"], rank: 5 })).status).toBe(409);
    expect({ roles: await countRows("role"), audit: await countRows("auditEvent") }).toEqual({ roles: before.roles + 1, audit: before.audit + 1 });
  });

  test("no escalation: rank above own or permissions not held are 403", async () => {
    signInAs(adminA.user.id);
    const rank = await create(orgA.id, { name: "boss", permissions: ["member:read"], rank: 90 });
    expect(rank.status).toBe(403);
    expect(rank.json.error.message).toMatch(/above your own rank \(80\)/);
    const perms = await create(orgA.id, { name: "deleter", permissions: ["org:delete"], rank: 10 });
    expect(perms.status).toBe(403);
    expect(perms.json.error.message).toMatch(/org:delete/);
    signInAs(ownerA.user.id);
    const high = await create(orgA.id, { name: "deputy", permissions: [...READS], rank: 90 });
    expect(high.status).toBe(201);
    signInAs(adminA.user.id);
    expect((await call(roleRoute.PUT, { method: "PUT", params: { id: orgA.id, roleId: high.json.id }, body: { rank: 10 } })).status).toBe(403);
    expect((await call(roleRoute.DELETE, { method: "DELETE", params: { id: orgA.id, roleId: high.json.id } })).status).toBe(403);
    expect(await auditEvents(orgA.id, "role.updated")).toHaveLength(0);
  });

  test("a read-only member gets 403 on every write", async () => {
    signInAs(ownerA.user.id);
    const c = await create(orgA.id, { name: "auditor", permissions: ["audit:read"], rank: 5 });
    signInAs(memberA.user.id);
    expect((await effective(orgA.id)).length).toBe(6);
    const statuses = [
      (await create(orgA.id, { name: "mine", permissions: ["member:read"], rank: 5 })).status,
      (await call(roleRoute.PUT, { method: "PUT", params: { id: orgA.id, roleId: c.json.id }, body: { rank: 6 } })).status,
      (await call(roleRoute.DELETE, { method: "DELETE", params: { id: orgA.id, roleId: c.json.id } })).status,
      (await call(globalRolesRoute.POST, { method: "POST", body: { name: "mine", permissions: ["member:read"], rank: 5 } })).status,
    ];
    expect(statuses).toEqual([403, 403, 403, 403]);
  });

  test("organization A (session or key) gets 404 for B's roles and B's organization", async () => {
    signInAs(ownerB.user.id);
    const b = await create(orgB.id, { name: "globex-ops", permissions: ["member:read"], rank: 5 });
    for (const key of [keyA, undefined]) {
      signInAs(ownerA.user.id);
      const statuses = [
        (await call(rolesRoute.GET, { params: { id: orgB.id }, key })).status,
        (await create(orgB.id, { name: "spy", permissions: ["member:read"], rank: 5 }, key)).status,
        (await call(roleRoute.GET, { params: { id: orgB.id, roleId: b.json.id }, key })).status,
        (await call(roleRoute.PUT, { method: "PUT", params: { id: orgB.id, roleId: b.json.id }, body: { rank: 9 }, key })).status,
        (await call(roleRoute.DELETE, { method: "DELETE", params: { id: orgB.id, roleId: b.json.id }, key })).status,
        // B's role id through A's own URL
        (await call(roleRoute.GET, { params: { id: orgA.id, roleId: b.json.id }, key })).status,
        (await call(roleRoute.PUT, { method: "PUT", params: { id: orgA.id, roleId: b.json.id }, body: { rank: 9 }, key })).status,
        (await call(roleRoute.DELETE, { method: "DELETE", params: { id: orgA.id, roleId: b.json.id }, key })).status,
      ];
      expect(statuses).toEqual([404, 404, 404, 404, 404, 404, 404, 404]);
    }
    expect((await effective(orgA.id)).some((r) => r.name === "globex-ops")).toBe(false);
    expect(await auditEvents(orgB.id, "role.updated")).toHaveLength(0);
  });

  test("global roles are provider-admin only; the org route refuses to change them", async () => {
    const devId = await globalId("developer");
    signInAs(adminA.user.id);
    expect((await call(roleRoute.GET, { params: { id: orgA.id, roleId: devId } })).json).toMatchObject({ name: "developer", source: "global" });
    const put = await call(roleRoute.PUT, { method: "PUT", params: { id: orgA.id, roleId: devId }, body: { rank: 5 } });
    expect(put.status).toBe(403);
    expect(put.json.error.message).toMatch(/override/);
    expect((await call(roleRoute.DELETE, { method: "DELETE", params: { id: orgA.id, roleId: devId } })).status).toBe(403);
    // customer admins and customer keys: 403 on every global route
    for (const key of [undefined, keyA]) {
      expect((await call(globalRolesRoute.GET, { key })).status).toBe(403);
      expect((await call(globalRolesRoute.POST, { method: "POST", body: { name: "x-role", permissions: ["member:read"], rank: 5 }, key })).status).toBe(403);
      expect((await call(globalRoleRoute.PUT, { method: "PUT", params: { roleId: devId }, body: { rank: 5 }, key })).status).toBe(403);
      expect((await call(globalRoleRoute.DELETE, { method: "DELETE", params: { roleId: devId }, key })).status).toBe(403);
    }
    signInAs(null);
    expect((await call(globalRolesRoute.GET, {})).status).toBe(401);
  });

  test("a provider admin manages global roles, reaches both orgs, and system roles cannot be deleted", async () => {
    const provider = await providerOrg();
    const pAdmin = await createMember(provider.id, "admin", "padmin@provider.test");
    signInAs(pAdmin.user.id);
    const c = await call(globalRolesRoute.POST, { method: "POST", body: { name: "support", description: "Provider support staff", permissions: [...READS], rank: 20 } });
    expect(c.status).toBe(201);
    expect(c.json).toMatchObject({ source: "global", name: "support" });
    expect((await effective(orgA.id)).find((r) => r.name === "support")).toMatchObject({ source: "global" });
    expect((await effective(orgB.id)).find((r) => r.name === "support")).toMatchObject({ source: "global" });
    // the global role is now grantable in both organizations
    await call(memberRoleRoute.PATCH, { method: "PATCH", params: { id: orgB.id, userId: ownerB.user.id }, body: { role: "owner" } });
    const m = await createMember(orgB.id, "member");
    expect((await call(memberRoleRoute.PATCH, { method: "PATCH", params: { id: orgB.id, userId: m.user.id }, body: { role: "support" } })).status).toBe(200);
    const del = await call(globalRoleRoute.DELETE, { method: "DELETE", params: { roleId: c.json.id } });
    expect(del.status).toBe(409);
    expect(del.json.error.message).toMatch(/1 member still holds the global role "support"/);
    const upd = await call(globalRoleRoute.PUT, { method: "PUT", params: { roleId: c.json.id }, body: { permissions: ["member:read"] } });
    expect(upd.json.permissions).toEqual(["member:read"]);
    const sys = await call(globalRoleRoute.DELETE, { method: "DELETE", params: { roleId: await globalId("viewer") } });
    expect(sys.status).toBe(409);
    expect(sys.json.error.message).toMatch(/system role/);
    expect((await call(globalRoleRoute.PUT, { method: "PUT", params: { roleId: await globalId("viewer") }, body: { name: "watcher" } })).status).toBe(409);
    // platform-wide events are recorded without an organization
    expect((await auditEvents(null)).map((e) => e.action)).toEqual(["role.created", "role.updated"]);
    // the platform key works too, and a role only members of an overriding org hold can be deleted
    const t = await call(globalRolesRoute.POST, { method: "POST", body: { name: "temp", permissions: ["member:read"], rank: 3 }, key: platformKey });
    signInAs(ownerA.user.id);
    await create(orgA.id, { name: "temp", permissions: ["member:read"], rank: 3 });
    await createMember(orgA.id, "temp");
    expect((await call(globalRoleRoute.DELETE, { method: "DELETE", params: { roleId: t.json.id }, key: platformKey })).status).toBe(204);
    // services, with the principal a provider admin gets
    const ctx = await userCtx(pAdmin.user.id, orgB.id);
    expect((await roles.listEffective(ctx)).data.some((r) => r.name === "temp")).toBe(false);
  });
});
