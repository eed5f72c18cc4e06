import { beforeEach, describe, expect, test } from "vitest";
import { resetDb, createOrg, createApiKey, createMember, providerOrg, auditEvents, countRows } from "@/lib/db/testing/fixtures";
import { call } from "@/lib/db/testing/http";
import * as orgsRoute from "@/app/api/v1/organizations/route";
import * as orgRoute from "@/app/api/v1/organizations/[id]/route";
import { PERMISSIONS } from "@/lib/auth/permissions";

const ALL = [...PERMISSIONS];

describe("organizations REST", () => {
  let orgA: Awaited<ReturnType<typeof createOrg>>;
  let orgB: Awaited<ReturnType<typeof createOrg>>;
  let platformKey: string;
  let keyA: string;
  let keyB: string;
  let readOnlyKeyA: string;

  beforeEach(async () => {
    await resetDb();
    orgA = await createOrg("Acme Corporation");
    orgB = await createOrg("Globex");
    platformKey = (await createApiKey(null, ALL)).raw;
    keyA = (await createApiKey(orgA.id, ALL)).raw;
    keyB = (await createApiKey(orgB.id, ALL)).raw;
    readOnlyKeyA = (await createApiKey(orgA.id, ["org:read"])).raw;
  });

  test("the provider organization exists once and cannot be deleted", async () => {
    const provider = await providerOrg();
    const res = await call(orgRoute.DELETE, { method: "DELETE", params: { id: provider.id }, key: platformKey });
    expect(res.status).toBe(409);
    expect(res.json.error.message).toMatch(/provider organization cannot be deleted/);
  });

  test("platform key creates an organization with an audit event", async () => {
    const res = await call(orgsRoute.POST, { method: "POST", body: { name: "Initech", domain: "INITECH.com" }, key: platformKey });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ name: "Initech", slug: "initech", domain: "initech.com", isProvider: false, isActive: true });
    const events = await auditEvents(res.json.id, "organization.created");
    expect(events).toHaveLength(1);
  });

  test("duplicate slug is a 409 and writes nothing", async () => {
    await call(orgsRoute.POST, { method: "POST", body: { name: "Initech", slug: "initech" }, key: platformKey });
    const before = await countRows("organization");
    const res = await call(orgsRoute.POST, { method: "POST", body: { name: "Initech 2", slug: "initech" }, key: platformKey });
    expect(res.status).toBe(409);
    expect(await countRows("organization")).toBe(before);
  });

  test("bad input: malformed JSON, unknown fields, wrong types, oversize", async () => {
    const bad = await call(orgsRoute.POST, { method: "POST", rawBody: "{not json", key: platformKey });
    expect(bad.status).toBe(400);
    const unknown = await call(orgsRoute.POST, { method: "POST", body: { name: "X Corp", colour: "red" }, key: platformKey });
    expect(unknown.status).toBe(422);
    expect(unknown.json.error.issues[0].message).toMatch(/colour|Unrecognized/i);
    const types = await call(orgsRoute.POST, { method: "POST", body: { name: 42 }, key: platformKey });
    expect(types.status).toBe(422);
    expect(types.json.error.issues[0].path).toBe("name");
    const huge = await call(orgsRoute.POST, { method: "POST", body: { name: "x".repeat(1_100_000) }, key: platformKey });
    expect(huge.status).toBe(413);
    const badId = await call(orgRoute.GET, { params: { id: "not-a-uuid" }, key: platformKey });
    expect(badId.status).toBe(404);
  });

  test("a customer key sees only its own organization; the other is 404", async () => {
    const list = await call(orgsRoute.GET, { url: "/api/v1/organizations", key: keyA });
    expect(list.status).toBe(200);
    expect(list.json.data.map((o: { id: string }) => o.id)).toEqual([orgA.id]);
    for (const method of ["GET", "PUT", "DELETE"] as const) {
      const h = orgRoute[method];
      const r = await call(h, { method, params: { id: orgB.id }, key: keyA, body: method === "PUT" ? { name: "Hacked" } : undefined });
      expect(r.status, method).toBe(404);
    }
    const other = await call(orgRoute.GET, { params: { id: orgA.id }, key: keyB });
    expect(other.status).toBe(404);
    // the platform key reaches both
    expect((await call(orgRoute.GET, { params: { id: orgA.id }, key: platformKey })).status).toBe(200);
    expect((await call(orgRoute.GET, { params: { id: orgB.id }, key: platformKey })).status).toBe(200);
  });

  test("a read-only key cannot write (403), nothing changes", async () => {
    const r = await call(orgRoute.PUT, { method: "PUT", params: { id: orgA.id }, key: readOnlyKeyA, body: { name: "Renamed" } });
    expect(r.status).toBe(403);
    const g = await call(orgRoute.GET, { params: { id: orgA.id }, key: readOnlyKeyA });
    expect(g.json.name).toBe("Acme Corporation");
  });

  test("deactivation: data kept, the org's keys refused with 403, reactivation restores", async () => {
    await createMember(orgA.id, "member");
    const d = await call(orgRoute.PUT, { method: "PUT", params: { id: orgA.id }, key: platformKey, body: { isActive: false } });
    expect(d.status).toBe(200);
    expect(d.json.isActive).toBe(false);
    const refused = await call(orgRoute.GET, { params: { id: orgA.id }, key: keyA });
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toMatch(/inactive/);
    expect(await auditEvents(orgA.id, "organization.deactivated")).toHaveLength(1);
    const r = await call(orgRoute.PUT, { method: "PUT", params: { id: orgA.id }, key: platformKey, body: { isActive: true } });
    expect(r.json.isActive).toBe(true);
    expect((await call(orgRoute.GET, { params: { id: orgA.id }, key: keyA })).status).toBe(200);
  });

  test("a customer cannot deactivate itself", async () => {
    const r = await call(orgRoute.PUT, { method: "PUT", params: { id: orgA.id }, key: keyA, body: { isActive: false } });
    expect(r.status).toBe(403);
  });

  test("delete removes the organization but keeps its audit trail", async () => {
    await createMember(orgA.id, "admin");
    const r = await call(orgRoute.DELETE, { method: "DELETE", params: { id: orgA.id }, key: platformKey });
    expect(r.status).toBe(204);
    expect((await call(orgRoute.GET, { params: { id: orgA.id }, key: platformKey })).status).toBe(404);
    const events = await auditEvents(orgA.id);
    expect(events.map((e) => e.action)).toContain("organization.deleted");
  });

  test("search and pagination", async () => {
    for (let i = 0; i < 7; i++) await createOrg(`Search Target ${i}`);
    const p1 = await call(orgsRoute.GET, { url: "/api/v1/organizations?search=target&limit=5&page=1", key: platformKey });
    expect(p1.json.pagination).toMatchObject({ total: 7, totalPages: 2, page: 1, limit: 5 });
    expect(p1.json.data).toHaveLength(5);
    const p2 = await call(orgsRoute.GET, { url: "/api/v1/organizations?search=target&limit=5&page=2", key: platformKey });
    expect(p2.json.data).toHaveLength(2);
    const bad = await call(orgsRoute.GET, { url: "/api/v1/organizations?limit=999", key: platformKey });
    expect(bad.status).toBe(422);
  });

  test("no credentials is 401; a revoked or forged key is 401", async () => {
    expect((await call(orgsRoute.GET, {})).status).toBe(401);
    expect((await call(orgsRoute.GET, { key: "gh_forged" })).status).toBe(401);
    const revoked = await createApiKey(orgA.id, ALL, { revoked: true });
    expect((await call(orgsRoute.GET, { key: revoked.raw })).status).toBe(401);
    const expired = await createApiKey(orgA.id, ALL, { expiresAt: new Date(Date.now() - 1000) });
    const r = await call(orgsRoute.GET, { key: expired.raw });
    expect(r.status).toBe(401);
    expect(r.json.error.message).toMatch(/expired/);
  });
});
