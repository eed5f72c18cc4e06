// The SCIM transport (lib/http/scim.ts) end to end through the real route handlers: authentication,
// errors in SCIM shape, body limits, rate limiting, discovery documents and the activity log.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { verify } from "@node-rs/argon2";
import { createOrg, resetDb } from "@/lib/db/testing/fixtures";
import { countDirectoryUsers, createScimToken, directoryUserRow, revokeScimToken, scim, scimLogRows, scimTokenRow, setOrgActive } from "@/lib/db/testing/scim-fixtures";
import { resetScimRateLimiter } from "@/lib/http/scim";
import { TokenBuckets } from "@/lib/scim-common/rate-limit";
import * as Users from "@/app/scim/v2/Users/[[...id]]/route";
import * as Groups from "@/app/scim/v2/Groups/[[...id]]/route";
import * as SPC from "@/app/scim/v2/ServiceProviderConfig/route";
import * as Schemas from "@/app/scim/v2/Schemas/[[...id]]/route";
import * as ResourceTypes from "@/app/scim/v2/ResourceTypes/[[...id]]/route";
import { oktaCreateUser } from "@/lib/scim/fixtures/okta";

const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";

let orgA: { id: string };
let orgB: { id: string };
let tokenA: string;
let tokenB: string;

beforeEach(async () => {
  await resetDb();
  resetScimRateLimiter();
  orgA = await createOrg("Acme");
  orgB = await createOrg("Globex");
  tokenA = (await createScimToken(orgA.id)).raw;
  tokenB = (await createScimToken(orgB.id)).raw;
});

afterEach(() => resetScimRateLimiter());

const createUser = (token: string, userName: string, extra: Record<string, unknown> = {}) =>
  scim(Users.POST, { method: "POST", path: "/Users", token, body: { schemas: [USER], userName, ...extra } });

function expectScimError(r: { status: number; json: any; headers: Headers }, status: number, scimType?: string) {
  expect(r.status).toBe(status);
  expect(r.headers.get("content-type")).toMatch(/^application\/scim\+json/);
  expect(r.json.schemas).toEqual([ERROR]);
  expect(r.json.status).toBe(String(status));
  expect(typeof r.json.detail).toBe("string");
  if (scimType) expect(r.json.scimType).toBe(scimType);
}

describe("authentication", () => {
  test("missing, malformed and unknown tokens are 401 with WWW-Authenticate and a SCIM error", async () => {
    for (const token of [null, "not-a-scim-token", `scim_${"x".repeat(43)}`]) {
      const r = await scim(Users.GET, { path: "/Users", token });
      expectScimError(r, 401);
      expect(r.headers.get("www-authenticate")).toBe('Bearer realm="gatehouse-scim"');
    }
    const junk = await scim(Users.GET, { path: "/Users", headers: { authorization: "non-token" } });
    expectScimError(junk, 401);
  });

  test("a revoked token is refused on the very next request; another active token keeps working", async () => {
    const second = await createScimToken(orgA.id);
    expect((await scim(Users.GET, { path: "/Users", token: second.raw })).status).toBe(200);
    await revokeScimToken(second.row.id);
    expectScimError(await scim(Users.GET, { path: "/Users", token: second.raw }), 401);
    expect((await scim(Users.GET, { path: "/Users", token: tokenA })).status).toBe(200);
  });

  test("an expired token is 401", async () => {
    const t = await createScimToken(orgA.id, { expiresAt: new Date(Date.now() - 1000) });
    expectScimError(await scim(Users.GET, { path: "/Users", token: t.raw }), 401);
  });

  test("an inactive organization is 403, and nothing is written", async () => {
    await setOrgActive(orgA.id, false);
    expectScimError(await createUser(tokenA, "someone@acme.test"), 403);
    expect(await countDirectoryUsers()).toBe(0);
  });

  test("a token without the write scope cannot create (403) but can read", async () => {
    const ro = await createScimToken(orgA.id, { scopes: ["users:read", "groups:read"] });
    expectScimError(await createUser(ro.raw, "x@acme.test"), 403);
    expect((await scim(Users.GET, { path: "/Users", token: ro.raw })).status).toBe(200);
  });

  test("lastUsedAt is recorded", async () => {
    const t = await createScimToken(orgA.id);
    await scim(Users.GET, { path: "/Users", token: t.raw });
    await new Promise((r) => setTimeout(r, 50));
    const row = await scimTokenRow(t.row.id);
    expect(row.lastUsedAt).not.toBeNull();
  });
});

describe("bad input: each gets its SCIM error and nothing is half-applied", () => {
  test("malformed JSON is 400 invalidSyntax", async () => {
    expectScimError(await scim(Users.POST, { method: "POST", path: "/Users", token: tokenA, rawBody: '{ "acve": tre, ' }), 400, "invalidSyntax");
  });

  test("a body that is not JSON content is 415", async () => {
    const r = await scim(Users.POST, { method: "POST", path: "/Users", token: tokenA, rawBody: "userName=x", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expectScimError(r, 415);
  });

  test("application/json is accepted as well as application/scim+json", async () => {
    const r = await scim(Users.POST, { method: "POST", path: "/Users", token: tokenA, body: { schemas: [USER], userName: "json@acme.test" }, headers: { "content-type": "application/json; charset=utf-8" } });
    expect(r.status).toBe(201);
  });

  test("wrong schemas, a missing userName and a wrong type are 400", async () => {
    expectScimError(await scim(Users.POST, { method: "POST", path: "/Users", token: tokenA, body: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], userName: "x" } }), 400, "invalidSyntax");
    expectScimError(await scim(Users.POST, { method: "POST", path: "/Users", token: tokenA, body: { schemas: [USER], active: true } }), 400, "invalidValue");
    expectScimError(await createUser(tokenA, "x@acme.test", { active: "maybe" }), 400, "invalidValue");
    expect(await countDirectoryUsers()).toBe(0);
  });

  test("bodies over 1 MB are 413", async () => {
    const big = JSON.stringify({ schemas: [USER], userName: "big@acme.test", title: "x".repeat(1_100_000) });
    expectScimError(await scim(Users.POST, { method: "POST", path: "/Users", token: tokenA, rawBody: big }), 413);
    expect(await countDirectoryUsers()).toBe(0);
  });

  test("10,000 operations in one PATCH are 400 tooMany and the user is unchanged", async () => {
    const u = await createUser(tokenA, "ops@acme.test", { displayName: "Before" });
    const ops = Array.from({ length: 10_000 }, (_, i) => ({ op: "replace", path: "displayName", value: `After ${i}` }));
    const r = await scim(Users.PATCH, { method: "PATCH", path: `/Users/${u.json.id}`, token: tokenA, body: { schemas: [PATCH_OP], Operations: ops } });
    expectScimError(r, 400, "tooMany");
    const row = await directoryUserRow(u.json.id);
    expect(row!.displayName).toBe("Before");
    expect(row!.version).toBe(1);
  });

  test("a failing operation after good ones rolls the whole PATCH back", async () => {
    const u = await createUser(tokenA, "atomic@acme.test", { displayName: "Before" });
    const r = await scim(Users.PATCH, {
      method: "PATCH",
      path: `/Users/${u.json.id}`,
      token: tokenA,
      body: { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "displayName", value: "After" }, { op: "replace", path: "nonsense", value: 1 }] },
    });
    expectScimError(r, 400, "invalidPath");
    expect((await directoryUserRow(u.json.id))!.displayName).toBe("Before");
  });

  test("unknown attributes, bad paths and filters map to their scimType", async () => {
    const u = await createUser(tokenA, "paths@acme.test");
    const patch = (Operations: unknown[]) => scim(Users.PATCH, { method: "PATCH", path: `/Users/${u.json.id}`, token: tokenA, body: { schemas: [PATCH_OP], Operations } });
    expectScimError(await patch([{ op: "replace", path: "emails[type eq", value: "x" }]), 400, "invalidPath");
    expectScimError(await patch([{ op: "remove" }]), 400, "noTarget");
    expectScimError(await patch([{ op: "replace", path: 'emails[type eq "home"].value', value: "x@y.z" }]), 400, "noTarget");
    expectScimError(await patch([{ op: "replace", path: "id", value: "x" }]), 400, "mutability");
    expectScimError(await patch([{ op: "replace", path: "active", value: "perhaps" }]), 400, "invalidValue");
    expectScimError(await patch([{ op: "jump", path: "active", value: true }]), 400, "invalidSyntax");
    expectScimError(await scim(Users.PATCH, { method: "PATCH", path: `/Users/${u.json.id}`, token: tokenA, body: { Operations: [] } }), 400, "invalidSyntax");
    expectScimError(await scim(Users.GET, { path: `/Users?filter=${encodeURIComponent('userName eq "x" and (')}`, token: tokenA }), 400, "invalidFilter");
    expectScimError(await scim(Users.GET, { path: `/Users?filter=${encodeURIComponent('shoeSize gt 3')}`, token: tokenA }), 400, "invalidFilter");
    expectScimError(await scim(Users.GET, { path: `/Users?filter=${encodeURIComponent('active gt true')}`, token: tokenA }), 400, "invalidFilter");
    expectScimError(await scim(Users.GET, { path: "/Users?count=lots", token: tokenA }), 400, "invalidValue");
  });

  test("unknown ids, non-UUID ids and deeper paths are 404 in SCIM shape", async () => {
    expectScimError(await scim(Users.GET, { path: "/Users/010101001010101011001010101011", token: tokenA }), 404);
    expectScimError(await scim(Users.GET, { path: "/Users/00919288221112222", token: tokenA }), 404);
    expectScimError(await scim(Users.GET, { path: `/Users/${crypto.randomUUID()}`, token: tokenA }), 404);
    expectScimError(await scim(Groups.DELETE, { method: "DELETE", path: `/Groups/${crypto.randomUUID()}`, token: tokenA }), 404);
    expectScimError(await scim(Users.GET, { path: `/Users/${crypto.randomUUID()}/x`, token: tokenA }), 404);
  });
});

describe("rate limit", () => {
  test("over the token's budget: 429 with Retry-After; another token is unaffected", async () => {
    resetScimRateLimiter(new TokenBuckets(1, 2));
    expect((await scim(Users.GET, { path: "/Users", token: tokenA })).status).toBe(200);
    expect((await scim(Users.GET, { path: "/Users", token: tokenA })).status).toBe(200);
    const r = await scim(Users.GET, { path: "/Users", token: tokenA });
    expectScimError(r, 429);
    expect(Number(r.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await scim(Users.GET, { path: "/Users", token: tokenB })).status).toBe(200);
  });
});

describe("discovery documents tell the truth", () => {
  test("ServiceProviderConfig", async () => {
    const r = await scim(SPC.GET, { path: "/ServiceProviderConfig", token: tokenA });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
      patch: { supported: true },
      bulk: { supported: false },
      filter: { supported: true, maxResults: 100 },
      changePassword: { supported: false },
      sort: { supported: false },
      etag: { supported: true },
      authenticationSchemes: [expect.objectContaining({ type: "oauthbearertoken" })],
    });
  });

  test("Schemas and ResourceTypes, listed and by id", async () => {
    const all = await scim(Schemas.GET, { path: "/Schemas", token: tokenA });
    expect(all.json.Resources.map((s: { id: string }) => s.id)).toEqual([
      "urn:ietf:params:scim:schemas:core:2.0:User",
      "urn:ietf:params:scim:schemas:core:2.0:Group",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
    ]);
    expect(all.text).toContain("User Account");
    const one = await scim(Schemas.GET, { path: "/Schemas/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", token: tokenA });
    expect(one.json.attributes.map((a: { name: string }) => a.name)).toContain("manager");
    expectScimError(await scim(Schemas.GET, { path: "/Schemas/urn:nope", token: tokenA }), 404);
    const rts = await scim(ResourceTypes.GET, { path: "/ResourceTypes", token: tokenA });
    expect(rts.json.Resources[0]).toMatchObject({ id: "User", endpoint: "/Users", schemaExtensions: [{ schema: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", required: false }] });
    expect((await scim(ResourceTypes.GET, { path: "/ResourceTypes/Group", token: tokenA })).json.endpoint).toBe("/Groups");
  });

  test("discovery needs a valid token too", async () => {
    expectScimError(await scim(SPC.GET, { path: "/ServiceProviderConfig", token: null }), 401);
  });
});

describe("activity log", () => {
  test("records each request with outcome and quirks; the password never reaches the log or the response", async () => {
    const created = await scim(Users.POST, { method: "POST", path: "/Users", token: tokenA, body: oktaCreateUser });
    expect(created.status).toBe(201);
    expect(created.text).not.toContain(oktaCreateUser.password);
    const row = await directoryUserRow(created.json.id);
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verify(row!.passwordHash!, oktaCreateUser.password)).toBe(true);

    await scim(Users.PATCH, {
      method: "PATCH",
      path: `/Users/${created.json.id}`,
      token: tokenA,
      body: { schemas: [PATCH_OP], Operations: [{ op: "Replace", path: "active", value: "False" }, { op: "replace", value: { password: "n3w-Secret!" } }] },
    });
    await createUser(tokenA, oktaCreateUser.userName.toUpperCase());

    const logs = await scimLogRows(orgA.id);
    expect(logs.map((l) => [l.method, l.status, l.resourceType])).toEqual([
      ["POST", 201, "User"],
      ["PATCH", 204, "User"],
      ["POST", 409, "User"],
    ]);
    expect(logs[1]!.quirks).toEqual(["entra.capitalised-op", "entra.string-boolean"]);
    expect(logs[1]!.resourceId).toBe(created.json.id);
    expect(logs[2]!.scimType).toBe("uniqueness");
    const stored = JSON.stringify(logs.map((l) => l.requestBody));
    expect(stored).not.toContain(oktaCreateUser.password);
    expect(stored).not.toContain("n3w-Secret!");
    expect(stored).toContain("[redacted]");
    expect(await scimLogRows(orgB.id)).toEqual([]);
  });
});
