import { beforeEach, describe, expect, test, vi } from "vitest";
import { auditEvents, countRows, createApiKey, createMember, createOrg, providerOrg, resetDb } from "@/lib/db/testing/fixtures";
import { call } from "@/lib/db/testing/http";
import { BUILTIN_ROLES, PERMISSIONS } from "@/lib/auth/permissions";
import { sha256 } from "@/lib/crypto";
import * as keysRoute from "@/app/api/v1/organizations/[id]/api-keys/route";
import * as keyRoute from "@/app/api/v1/organizations/[id]/api-keys/[keyId]/route";
import * as platformKeysRoute from "@/app/api/v1/api-keys/route";
import * as platformKeyRoute from "@/app/api/v1/api-keys/[keyId]/route";
import * as membersRoute from "@/app/api/v1/organizations/[id]/members/route";
import { signInAs, userCtx } from "@/lib/members/test-helpers";
import * as apiKeys from "./service";

const ALL = [...PERMISSIONS];
type Org = Awaited<ReturnType<typeof createOrg>>;
type Member = Awaited<ReturnType<typeof createMember>>;

describe("API keys: organization and platform-wide", () => {
  let orgA: Org, orgB: Org;
  let adminA: Member, memberA: Member, ownerB: Member;
  let keyA: string, platformKey: string;

  beforeEach(async () => {
    await resetDb();
    signInAs(null);
    orgA = await createOrg("Acme Corporation");
    orgB = await createOrg("Globex");
    await createMember(orgA.id, "owner", "owner@acme.test");
    adminA = await createMember(orgA.id, "admin", "admin@acme.test");
    memberA = await createMember(orgA.id, "member", "member@acme.test");
    ownerB = await createMember(orgB.id, "owner", "owner@globex.test");
    keyA = (await createApiKey(orgA.id, ["apikey:read", "apikey:manage", "member:read"])).raw;
    platformKey = (await createApiKey(null, ALL)).raw;
  });

  const create = (orgId: string, body: unknown, key?: string) => call(keysRoute.POST, { method: "POST", params: { id: orgId }, body, key });
  const list = (orgId: string, query = "", key?: string) =>
    call(keysRoute.GET, { url: `/api/v1/organizations/${orgId}/api-keys${query}`, params: { id: orgId }, key });
  const membersOf = (orgId: string, key: string) => call(membersRoute.GET, { url: `/api/v1/organizations/${orgId}/members`, params: { id: orgId }, key });

  test("create returns the secret once; it is stored hashed, listed by prefix and works at once", async () => {
    signInAs(adminA.user.id);
    const r = await create(orgA.id, { name: "CI deploys", scopes: ["member:read", "apikey:read"] });
    expect(r.status).toBe(201);
    const secret: string = r.json.secret;
    expect(secret).toMatch(/^gh_[A-Za-z0-9_-]{40,}$/);
    expect(r.json).toMatchObject({ name: "CI deploys", prefix: secret.slice(0, 11), scopes: ["member:read", "apikey:read"], status: "active", orgId: orgA.id, createdById: adminA.user.id, expiresAt: null, lastUsedAt: null });

    const l = await list(orgA.id);
    const listed = l.json.data.find((k: { id: string }) => k.id === r.json.id);
    expect(listed).toMatchObject({ prefix: secret.slice(0, 11), status: "active" });
    expect(JSON.stringify(l.json)).not.toContain(secret);
    expect(JSON.stringify(l.json)).not.toContain(sha256(secret));
    expect(listed).not.toHaveProperty("secret");
    expect(listed).not.toHaveProperty("keyHash");

    const used = await membersOf(orgA.id, secret);
    expect(used.status).toBe(200);
    expect(used.json.pagination.total).toBe(3);
    expect((await create(orgA.id, { name: "nope" }, secret)).status).toBe(403); // no apikey:manage scope
    // lastUsedAt is written off the request path
    await vi.waitFor(async () => {
      const after = (await list(orgA.id)).json.data.find((k: { id: string }) => k.id === r.json.id);
      expect(after.lastUsedAt).not.toBeNull();
    });

    const ev = await auditEvents(orgA.id, "api_key.created");
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ targetId: r.json.id, actorId: adminA.user.id, after: { name: "CI deploys", prefix: secret.slice(0, 11) } });
    expect(JSON.stringify(ev[0])).not.toContain(secret.slice(11));
  });

  test("scopes default to the creator's permissions and may not exceed them", async () => {
    signInAs(adminA.user.id);
    const d = await create(orgA.id, { name: "Default scopes" });
    expect(d.json.scopes).toEqual(PERMISSIONS.filter((p) => (BUILTIN_ROLES.admin.permissions as readonly string[]).includes(p)));
    const over = await create(orgA.id, { name: "Too much", scopes: ["member:read", "org:delete", "ownership:transfer"] });
    expect(over.status).toBe(403);
    expect(over.json.error.message).toMatch(/org:delete, ownership:transfer/);
    // a key creating keys is bounded by its own scopes
    const k = await create(orgA.id, { name: "From key" }, keyA);
    expect(k.json.scopes).toEqual(["member:read", "apikey:read", "apikey:manage"]);
    expect((await create(orgA.id, { name: "From key", scopes: ["config:manage"] }, keyA)).status).toBe(403);
    expect(await countRows("apiKey")).toBe(4);
  });

  test("bad input: unknown fields, wrong types, unknown scopes, past expiry -> 422 with field issues, nothing written", async () => {
    signInAs(adminA.user.id);
    const before = { keys: await countRows("apiKey"), audit: await countRows("auditEvent") };
    const cases: [unknown, string][] = [
      [{ name: "x" }, "name"],
      [{ name: 12 }, "name"],
      [{ name: "ok key", scopes: ["member:fly"] }, "scopes.0"],
      [{ name: "ok key", scopes: "member:read" }, "scopes"],
      [{ name: "ok key", scopes: [] }, "scopes"],
      [{ name: "ok key", expiresAt: "2001-01-01" }, "expiresAt"],
      [{ name: "ok key", expiresAt: "next tuesday" }, "expiresAt"],
      [{ name: "ok key", expiresAt: 1893456000 }, "expiresAt"],
      [{ name: "ok key", secret: "gh_mine" }, "body"],
    ];
    for (const [body, path] of cases) {
      const r = await create(orgA.id, body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.json.error.issues.map((i: { path: string }) => i.path), JSON.stringify(body)).toContain(path);
    }
    const bad = await call(keyRoute.DELETE, { method: "DELETE", params: { id: orgA.id, keyId: "k1" } });
    expect(bad.status).toBe(422);
    expect(bad.json.error.issues[0].path).toBe("params.keyId");
    expect((await call(keyRoute.DELETE, { method: "DELETE", params: { id: orgA.id, keyId: crypto.randomUUID() } })).status).toBe(404);
    expect({ keys: await countRows("apiKey"), audit: await countRows("auditEvent") }).toEqual(before);
  });

  test("expiry: a future date is kept; the list shows expired keys and filters by status", async () => {
    signInAs(adminA.user.id);
    const future = await create(orgA.id, { name: "Quarterly", expiresAt: "2099-03-31" });
    expect(future.json.expiresAt).toBe("2099-03-31T23:59:59.999Z");
    const exact = await create(orgA.id, { name: "Exact", expiresAt: "2099-01-01T10:00:00+02:00" });
    expect(exact.json.expiresAt).toBe("2099-01-01T08:00:00.000Z");
    await createApiKey(orgA.id, ["member:read"], { expiresAt: new Date(Date.now() - 1000) });
    await createApiKey(orgA.id, ["member:read"], { revoked: true });
    const statuses = (await list(orgA.id)).json.data.map((k: { status: string }) => k.status).sort();
    expect(statuses).toEqual(["active", "active", "active", "expired", "revoked"]);
    expect((await list(orgA.id, "?status=expired")).json.pagination.total).toBe(1);
    expect((await list(orgA.id, "?status=active&search=quarter")).json.data.map((k: { name: string }) => k.name)).toEqual(["Quarterly"]);
    expect((await list(orgA.id, "?status=active&limit=2")).json.pagination).toMatchObject({ total: 3, totalPages: 2 });
  });

  test("revoke: the key stops working at once, audited once, revoking again changes nothing", async () => {
    signInAs(adminA.user.id);
    const c = await create(orgA.id, { name: "Short lived", scopes: ["member:read"] });
    expect((await membersOf(orgA.id, c.json.secret)).status).toBe(200);
    const r = await call(keyRoute.DELETE, { method: "DELETE", params: { id: orgA.id, keyId: c.json.id } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ status: "revoked" });
    expect(r.json.revokedAt).not.toBeNull();
    const refused = await membersOf(orgA.id, c.json.secret);
    expect(refused.status).toBe(401);
    expect(refused.json.error.message).toMatch(/revoked/);
    expect((await call(keyRoute.DELETE, { method: "DELETE", params: { id: orgA.id, keyId: c.json.id } })).json.revokedAt).toBe(r.json.revokedAt);
    const ev = await auditEvents(orgA.id, "api_key.revoked");
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ targetId: c.json.id, before: { revokedAt: null }, after: { revokedAt: r.json.revokedAt } });
  });

  test("a read-only member can list keys but gets 403 on every write", async () => {
    signInAs(adminA.user.id);
    const c = await create(orgA.id, { name: "Kept" });
    signInAs(memberA.user.id);
    expect((await list(orgA.id)).json.data).toHaveLength(2);
    expect((await create(orgA.id, { name: "Mine" })).status).toBe(403);
    expect((await call(keyRoute.DELETE, { method: "DELETE", params: { id: orgA.id, keyId: c.json.id } })).status).toBe(403);
    expect((await call(platformKeysRoute.POST, { method: "POST", body: { name: "Mine" } })).status).toBe(403);
    expect((await membersOf(orgA.id, c.json.secret)).status).toBe(200);
  });

  test("organization A (session or key) gets 404 for B's keys and routes", async () => {
    signInAs(ownerB.user.id);
    const b = await create(orgB.id, { name: "Globex CI" });
    for (const key of [keyA, undefined]) {
      signInAs(adminA.user.id);
      const statuses = [
        (await list(orgB.id, "", key)).status,
        (await create(orgB.id, { name: "Spy" }, key)).status,
        (await call(keyRoute.DELETE, { method: "DELETE", params: { id: orgB.id, keyId: b.json.id }, key })).status,
        (await call(keyRoute.DELETE, { method: "DELETE", params: { id: orgA.id, keyId: b.json.id }, key })).status,
      ];
      expect(statuses).toEqual([404, 404, 404, 404]);
    }
    // B's key does not open A either
    expect((await membersOf(orgA.id, b.json.secret)).status).toBe(404);
    expect((await membersOf(orgB.id, b.json.secret)).status).toBe(200);
    expect(await auditEvents(orgB.id, "api_key.revoked")).toHaveLength(0);
  });

  test("platform-wide keys: provider admins only; they reach every organization", async () => {
    const provider = await providerOrg();
    const pAdmin = await createMember(provider.id, "admin", "padmin@provider.test");
    // customer admins and org keys: 403
    signInAs(adminA.user.id);
    expect((await call(platformKeysRoute.GET, {})).status).toBe(403);
    expect((await call(platformKeysRoute.POST, { method: "POST", body: { name: "Nope" } })).status).toBe(403);
    expect((await call(platformKeysRoute.GET, { key: keyA })).status).toBe(403);

    signInAs(pAdmin.user.id);
    const c = await call(platformKeysRoute.POST, { method: "POST", body: { name: "Ops automation", scopes: ["member:read", "apikey:read"] } });
    expect(c.status).toBe(201);
    expect(c.json).toMatchObject({ orgId: null, status: "active" });
    expect((await call(platformKeysRoute.POST, { method: "POST", body: { name: "Owner powers", scopes: ["ownership:transfer"] } })).status).toBe(403);
    const l = await call(platformKeysRoute.GET, { url: "/api/v1/api-keys?status=active" });
    expect(l.json.data.map((k: { name: string }) => k.name)).toContain("Ops automation");
    expect(l.json.data.every((k: { orgId: string | null }) => k.orgId === null)).toBe(true);
    // org keys are not listed or revocable through the platform route
    expect((await call(platformKeyRoute.DELETE, { method: "DELETE", params: { keyId: (await createApiKey(orgA.id, ["member:read"])).row.id } })).status).toBe(404);

    expect((await membersOf(orgA.id, c.json.secret)).status).toBe(200);
    expect((await membersOf(orgB.id, c.json.secret)).status).toBe(200);
    // a provider admin sees and revokes organization keys through the org route too
    signInAs(ownerB.user.id);
    const b = await create(orgB.id, { name: "Globex CI" });
    signInAs(pAdmin.user.id);
    expect((await list(orgB.id)).json.data.map((k: { name: string }) => k.name)).toEqual(["Globex CI"]);
    expect((await call(keyRoute.DELETE, { method: "DELETE", params: { id: orgB.id, keyId: b.json.id } })).status).toBe(200);
    expect((await auditEvents(orgB.id, "api_key.revoked"))[0]!.actorId).toBe(pAdmin.user.id);

    const rv = await call(platformKeyRoute.DELETE, { method: "DELETE", params: { keyId: c.json.id }, key: platformKey });
    expect(rv.json.status).toBe("revoked");
    expect((await membersOf(orgA.id, c.json.secret)).status).toBe(401);
    expect((await auditEvents(null)).map((e) => e.action)).toEqual(["api_key.created", "api_key.revoked"]);
    // services, with the principal a provider admin gets
    const ctx = await userCtx(pAdmin.user.id, orgA.id);
    const made = await apiKeys.create(ctx, { name: "Made via service" });
    expect(made.scopes).not.toContain("ownership:transfer");
  });
});
