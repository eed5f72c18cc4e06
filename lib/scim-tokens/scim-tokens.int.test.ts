// SCIM tokens through /api/v1/organizations/{id}/scim-tokens, and what a token then does at /scim/v2;
// plus the SCIM activity list the portal shows.
import { beforeEach, describe, expect, test } from "vitest";
import { auditEvents, createApiKey, createMember, createOrg, resetDb } from "@/lib/db/testing/fixtures";
import { call } from "@/lib/db/testing/http";
import { insertScimLog, scim, scimLogRows } from "@/lib/db/testing/scim-fixtures";
import { sha256 } from "@/lib/crypto";
import { resetScimRateLimiter } from "@/lib/http/scim";
import { signInAs, userCtx } from "@/lib/members/test-helpers";
import * as tokensRoute from "@/app/api/v1/organizations/[id]/scim-tokens/route";
import * as tokenRoute from "@/app/api/v1/organizations/[id]/scim-tokens/[tokenId]/route";
import * as Users from "@/app/scim/v2/Users/[[...id]]/route";
import * as scimActivity from "@/lib/scim-activity/service";
import { listScimActivityQuerySchema } from "@/lib/scim-activity/schemas";
import { scimTokenResponse, createdScimTokenResponse } from "./openapi";

type Org = Awaited<ReturnType<typeof createOrg>>;
type Member = Awaited<ReturnType<typeof createMember>>;

describe("SCIM tokens", () => {
  let orgA: Org, orgB: Org;
  let adminA: Member, memberA: Member, adminB: Member;

  beforeEach(async () => {
    await resetDb();
    resetScimRateLimiter();
    signInAs(null);
    orgA = await createOrg("Acme");
    orgB = await createOrg("Globex");
    adminA = await createMember(orgA.id, "admin", "admin@acme.test");
    memberA = await createMember(orgA.id, "member", "member@acme.test");
    adminB = await createMember(orgB.id, "admin", "admin@globex.test");
  });

  const create = (orgId: string, body: unknown, key?: string) => call(tokensRoute.POST, { method: "POST", params: { id: orgId }, body, key });
  const list = (orgId: string, query = "", key?: string) => call(tokensRoute.GET, { url: `/api/v1/organizations/${orgId}/scim-tokens${query}`, params: { id: orgId }, key });
  const revoke = (orgId: string, tokenId: string, key?: string) => call(tokenRoute.DELETE, { method: "DELETE", params: { id: orgId, tokenId }, key });
  const scimUsers = (token: string) => scim(Users.GET, { path: "/Users", token });

  test("create shows the secret once with the base URL; lists show the prefix and lastUsedAt; several stay active", async () => {
    signInAs(adminA.user.id);
    const r = await create(orgA.id, { name: "Okta production" });
    expect(r.status).toBe(201);
    const secret: string = r.json.secret;
    expect(secret).toMatch(/^scim_[A-Za-z0-9_-]{43}$/);
    expect(r.json).toMatchObject({
      name: "Okta production",
      prefix: secret.slice(0, 13),
      scopes: ["users:read", "users:write", "groups:read", "groups:write"],
      status: "active",
      createdById: adminA.user.id,
      scimBaseUrl: "http://localhost:3000/scim/v2",
    });
    expect(() => createdScimTokenResponse.parse(r.json)).not.toThrow();

    const second = await create(orgA.id, { name: "Okta rotation", scopes: ["users:read"], expiresAt: "2999-01-31" });
    expect(second.json).toMatchObject({ scopes: ["users:read"], expiresAt: "2999-01-31T23:59:59.999Z" });

    expect((await scimUsers(secret)).status).toBe(200);
    expect((await scimUsers(second.json.secret)).status).toBe(200);
    await new Promise((res) => setTimeout(res, 50));

    const l = await list(orgA.id);
    expect(l.status).toBe(200);
    expect(l.json.pagination.total).toBe(2);
    expect(JSON.stringify(l.json)).not.toContain(secret);
    expect(JSON.stringify(l.json)).not.toContain(sha256(secret));
    const listed = l.json.data.find((t: { id: string }) => t.id === r.json.id);
    expect(listed.lastUsedAt).not.toBeNull();
    expect(listed).not.toHaveProperty("secret");
    expect(listed).not.toHaveProperty("tokenHash");
    for (const t of l.json.data) expect(() => scimTokenResponse.parse(t)).not.toThrow();
    expect((await auditEvents(orgA.id, "scim_token.created")).length).toBe(2);
  });

  test("revoking takes effect on the next SCIM request; the other token keeps working", async () => {
    signInAs(adminA.user.id);
    const a = await create(orgA.id, { name: "old" });
    const b = await create(orgA.id, { name: "new" });
    expect((await scimUsers(a.json.secret)).status).toBe(200);
    const r = await revoke(orgA.id, a.json.id);
    expect(r.status).toBe(200);
    expect(r.json.status).toBe("revoked");
    expect((await scimUsers(a.json.secret)).status).toBe(401);
    expect((await scimUsers(b.json.secret)).status).toBe(200);
    expect((await revoke(orgA.id, a.json.id)).status).toBe(200);
    expect(await auditEvents(orgA.id, "scim_token.revoked")).toHaveLength(1);
    expect((await list(orgA.id, "?status=active")).json.data.map((t: { name: string }) => t.name)).toEqual(["new"]);
  });

  test("members can read but not create or revoke; API keys need the scim scopes", async () => {
    signInAs(adminA.user.id);
    const t = await create(orgA.id, { name: "idp" });
    signInAs(memberA.user.id);
    expect((await list(orgA.id)).status).toBe(200);
    expect((await create(orgA.id, { name: "nope" })).status).toBe(403);
    expect((await revoke(orgA.id, t.json.id)).status).toBe(403);
    signInAs(null);
    const readKey = (await createApiKey(orgA.id, ["scim:read"])).raw;
    expect((await list(orgA.id, "", readKey)).status).toBe(200);
    expect((await create(orgA.id, { name: "nope" }, readKey)).status).toBe(403);
    const manageKey = (await createApiKey(orgA.id, ["scim:read", "scim:manage"])).raw;
    expect((await create(orgA.id, { name: "by key" }, manageKey)).json.createdById).toBeNull();
  });

  test("bad input: unknown scopes, short names, past expiry, unknown fields, bad ids", async () => {
    signInAs(adminA.user.id);
    expect((await create(orgA.id, { name: "x" })).status).toBe(422);
    expect((await create(orgA.id, { name: "ok name", scopes: ["users:delete"] })).status).toBe(422);
    expect((await create(orgA.id, { name: "ok name", expiresAt: "2001-01-01" })).status).toBe(422);
    expect((await create(orgA.id, { name: "ok name", secret: "mine" })).status).toBe(422);
    expect((await revoke(orgA.id, "not-a-uuid")).status).toBe(422);
    expect((await revoke(orgA.id, crypto.randomUUID())).status).toBe(404);
  });

  test("two organizations: a token of one is invisible to the other and cannot be revoked from it", async () => {
    signInAs(adminA.user.id);
    const t = await create(orgA.id, { name: "acme idp" });
    signInAs(adminB.user.id);
    expect((await list(orgA.id)).status).toBe(404);
    expect((await list(orgB.id)).json.pagination.total).toBe(0);
    expect((await revoke(orgB.id, t.json.id)).status).toBe(404);
    expect((await revoke(orgA.id, t.json.id)).status).toBe(404);
    expect((await scimUsers(t.json.secret)).status).toBe(200);
  });

  test("the activity list: newest first, this organization only, outcome filter, redacted bodies", async () => {
    signInAs(adminA.user.id);
    const a = (await create(orgA.id, { name: "acme idp" })).json.secret as string;
    signInAs(adminB.user.id);
    const b = (await create(orgB.id, { name: "globex idp" })).json.secret as string;
    const body = { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "p@acme.test", password: "s3cret!" };
    await scim(Users.POST, { method: "POST", path: "/Users", token: a, body });
    await scim(Users.POST, { method: "POST", path: "/Users", token: a, body });
    await scim(Users.GET, { path: "/Users", token: b });

    const ctx = await userCtx(adminA.user.id, orgA.id);
    const all = await scimActivity.list(ctx, listScimActivityQuerySchema.parse({}));
    expect(all.data.map((r) => [r.operation, r.status, r.outcome])).toEqual([
      ["create User", 409, "error"],
      ["create User", 201, "success"],
    ]);
    expect(JSON.stringify(all.data)).not.toContain("s3cret!");
    expect(all.data[0]!.scimType).toBe("uniqueness");
    const errors = await scimActivity.list(ctx, listScimActivityQuerySchema.parse({ outcome: "error" }));
    expect(errors.pagination.total).toBe(1);
    expect((await scimLogRows(orgB.id)).map((r) => r.method)).toEqual(["GET"]);
  });

  test("activity older than 7 days is pruned on write and never listed", async () => {
    const old = await insertScimLog(orgB.id, new Date(Date.now() - 8 * 24 * 3600 * 1000));
    const recent = await insertScimLog(orgA.id, new Date(Date.now() - 6 * 24 * 3600 * 1000));
    const ctx = await userCtx(adminA.user.id, orgA.id);
    await scimActivity.record(ctx, { method: "GET", path: "/scim/v2/Users", resourceType: "User", resourceId: null, status: 200, scimType: null, detail: null, quirks: [], durationMs: 1, requestBody: null }, () => 0);
    const ids = [...(await scimLogRows(orgA.id)), ...(await scimLogRows(orgB.id))].map((r) => r.id);
    expect(ids).toContain(recent.id);
    expect(ids).not.toContain(old.id);
  });
});
