// The per-node SCIM token cache (lib/db/repos/scim-tokens.ts) and its LISTEN/NOTIFY invalidation
// (lib/db/cache-bus.ts): a revoke or an organization deactivation is effective on the very next request,
// on this node and on any other node, because the response waits until every node dropped the entry.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createApiKey, createMember, createOrg, resetDb } from "@/lib/db/testing/fixtures";
import { call } from "@/lib/db/testing/http";
import { scim } from "@/lib/db/testing/scim-fixtures";
import { sha256 } from "@/lib/crypto";
import { env } from "@/lib/env";
import { cacheBus, CacheBus } from "@/lib/db/cache-bus";
import { createScimTokenCache, processScimTokenCache, type ScimTokenCache } from "@/lib/db/repos/scim-tokens";
import { resetScimRateLimiter } from "@/lib/http/scim";
import { signInAs } from "@/lib/members/test-helpers";
import { PERMISSIONS } from "@/lib/auth/permissions";
import * as tokensRoute from "@/app/api/v1/organizations/[id]/scim-tokens/route";
import * as tokenRoute from "@/app/api/v1/organizations/[id]/scim-tokens/[tokenId]/route";
import * as orgRoute from "@/app/api/v1/organizations/[id]/route";
import * as Users from "@/app/scim/v2/Users/[[...id]]/route";

type Org = Awaited<ReturnType<typeof createOrg>>;

describe("SCIM token cache", () => {
  let orgA: Org, orgB: Org;
  let adminA: string;
  let nodeB: { bus: CacheBus; cache: ScimTokenCache };

  beforeEach(async () => {
    await resetDb();
    resetScimRateLimiter();
    orgA = await createOrg("Acme");
    orgB = await createOrg("Globex");
    adminA = (await createMember(orgA.id, "admin", "admin@acme.test")).user.id;
    await createMember(orgB.id, "admin", "admin@globex.test");
    // This process is node A; node B is a second listener with its own cache, as another server would have.
    await cacheBus()!.start();
    const bus = new CacheBus(env().DATABASE_URL!);
    await bus.start();
    nodeB = { bus, cache: createScimTokenCache(bus) };
    expect(cacheBus()!.enabled && bus.enabled).toBe(true);
  });
  afterEach(async () => {
    await nodeB.bus.close();
    signInAs(null);
  });

  const newToken = async (orgId: string, adminId: string) => {
    signInAs(adminId);
    const r = await call(tokensRoute.POST, { method: "POST", params: { id: orgId }, body: { name: "idp" } });
    expect(r.status).toBe(201);
    return { id: r.json.id as string, secret: r.json.secret as string, hash: sha256(r.json.secret) };
  };
  const usersWith = (token: string) => scim(Users.GET, { path: "/Users", token });

  test("a revoked token is refused on the very next request, on this node and on another", async () => {
    const t = await newToken(orgA.id, adminA);
    const other = await newToken(orgA.id, adminA);
    expect((await usersWith(t.secret)).status).toBe(200);
    // Both nodes now answer from memory.
    expect(processScimTokenCache()!.has(t.hash)).toBe(true);
    expect((await nodeB.cache.find(t.hash))?.revokedAt).toBeNull();
    expect(nodeB.cache.has(t.hash)).toBe(true);

    const r = await call(tokenRoute.DELETE, { method: "DELETE", params: { id: orgA.id, tokenId: t.id } });
    expect(r.status).toBe(200);
    // Nothing awaited after the revoke response: every node has already dropped the token.
    expect(processScimTokenCache()!.has(t.hash)).toBe(false);
    expect(nodeB.cache.has(t.hash)).toBe(false);
    const next = await usersWith(t.secret);
    expect(next.status).toBe(401);
    expect(next.headers.get("www-authenticate")).toContain("Bearer");
    expect((await nodeB.cache.find(t.hash))?.revokedAt).toBeInstanceOf(Date);
    // Revoked tokens are never cached; the other token of the rotation still works from the cache.
    expect(nodeB.cache.has(t.hash)).toBe(false);
    expect((await usersWith(other.secret)).status).toBe(200);
    expect(processScimTokenCache()!.has(other.hash)).toBe(true);
  });

  test("deactivating the organization: the next request is 403 on every node; another organization's token is untouched", async () => {
    const a = await newToken(orgA.id, adminA);
    const globexAdmin = (await createMember(orgB.id, "admin", "second@globex.test")).user.id;
    const b = await newToken(orgB.id, globexAdmin);
    expect((await usersWith(a.secret)).status).toBe(200);
    expect((await usersWith(b.secret)).status).toBe(200);
    await nodeB.cache.find(a.hash);
    await nodeB.cache.find(b.hash);

    const platformKey = (await createApiKey(null, [...PERMISSIONS])).raw;
    signInAs(null);
    const d = await call(orgRoute.PUT, { method: "PUT", params: { id: orgA.id }, key: platformKey, body: { isActive: false } });
    expect(d.status).toBe(200);
    expect(processScimTokenCache()!.has(a.hash)).toBe(false);
    expect(nodeB.cache.has(a.hash)).toBe(false);
    expect((await usersWith(a.secret)).status).toBe(403);
    expect((await nodeB.cache.find(a.hash))?.org.isActive).toBe(false);
    // Globex's entry stays cached and valid.
    expect(nodeB.cache.has(b.hash)).toBe(true);
    expect((await usersWith(b.secret)).status).toBe(200);

    const back = await call(orgRoute.PUT, { method: "PUT", params: { id: orgA.id }, key: platformKey, body: { isActive: true } });
    expect(back.status).toBe(200);
    expect((await usersWith(a.secret)).status).toBe(200);
  });

  test("a node whose listener is down serves nothing from memory", async () => {
    const t = await newToken(orgA.id, adminA);
    await nodeB.cache.find(t.hash);
    expect(nodeB.cache.has(t.hash)).toBe(true);
    await nodeB.bus.close();
    expect(nodeB.bus.enabled).toBe(false);
    expect(nodeB.cache.has(t.hash)).toBe(false);
    await call(tokenRoute.DELETE, { method: "DELETE", params: { id: orgA.id, tokenId: t.id } });
    expect((await nodeB.cache.find(t.hash))?.revokedAt).toBeInstanceOf(Date);
    expect(nodeB.cache.has(t.hash)).toBe(false);
  });
});
