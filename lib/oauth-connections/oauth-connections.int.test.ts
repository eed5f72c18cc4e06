import { afterAll, afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { resetDb, createOrg, createApiKey, createMember, providerOrg, auditEvents, countRows } from "@/lib/db/testing/fixtures";
import { call } from "@/lib/db/testing/http";
import { PERMISSIONS, BUILTIN_ROLES } from "@/lib/auth/permissions";
import { orgContext, userPrincipal } from "@/lib/auth/org-context";
import { decrypt } from "@/lib/crypto";
import * as oauthConnections from "@/lib/oauth-connections/service";
import { oauthConnectionsRepo, globalOAuthConnectionsRepo } from "@/lib/db/repos/oauth-connections";
import * as orgList from "@/app/api/v1/organizations/[id]/oauth-connections/route";
import * as orgItem from "@/app/api/v1/organizations/[id]/oauth-connections/[name]/route";
import * as globalList from "@/app/api/v1/oauth-connections/route";
import * as globalItem from "@/app/api/v1/oauth-connections/[name]/route";

// Lets one test run the schemas under the production URL rule.
const prod = vi.hoisted(() => ({ on: false }));
vi.mock("@/lib/env", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/env")>();
  return { ...actual, isProduction: () => prod.on };
});

const ALL = [...PERMISSIONS];
const MEMBER_SCOPES = [...BUILTIN_ROLES.member.permissions];
const RAW_SECRET = "okta-client-secret-RAW-91b2e";

const okta = (over: Record<string, unknown> = {}) => ({
  provider: "okta",
  clientId: "0oa1acme",
  clientSecret: RAW_SECRET,
  scopes: ["openid", "email", "profile"],
  issuer: "https://acme.okta.com",
  authorizationUrl: "https://acme.okta.com/oauth2/v1/authorize",
  tokenUrl: "https://acme.okta.com/oauth2/v1/token",
  userinfoUrl: "https://acme.okta.com/oauth2/v1/userinfo",
  jwksUrl: "https://acme.okta.com/oauth2/v1/keys",
  ...over,
});

describe("OAuth connections: cascade, write-only secret, isolation", () => {
  let orgA: Awaited<ReturnType<typeof createOrg>>;
  let orgB: Awaited<ReturnType<typeof createOrg>>;
  let platformKey: string;
  let keyA: string;
  let keyB: string;
  let memberKeyA: string;

  const orgUrl = (orgId: string, name?: string) => `/api/v1/organizations/${orgId}/oauth-connections${name ? `/${name}` : ""}`;
  const putGlobal = (name: string, body: unknown) =>
    call(globalItem.PUT, { method: "PUT", url: `/api/v1/oauth-connections/${name}`, params: { name }, body, key: platformKey });
  const putOrg = (orgId: string, name: string, body: unknown, key = keyA) =>
    call(orgItem.PUT, { method: "PUT", url: orgUrl(orgId, name), params: { id: orgId, name }, body, key });
  const getOrg = (orgId: string, name: string, key = keyA) => call(orgItem.GET, { url: orgUrl(orgId, name), params: { id: orgId, name }, key });
  const post = (orgId: string, body: unknown, key = keyA) => call(orgList.POST, { method: "POST", url: orgUrl(orgId), params: { id: orgId }, body, key });

  async function providerCtx(orgId: string) {
    const admin = await createMember((await providerOrg()).id, "admin");
    return orgContext(await userPrincipal(admin.user.id, {}), orgId);
  }

  // The API-key lookup records lastUsedAt without awaiting it; let the last one finish before the
  // shared afterAll disconnects, or the pool waits forever on its half-open transaction.
  afterAll(() => new Promise((r) => setTimeout(r, 300)));

  beforeEach(async () => {
    await resetDb();
    orgA = await createOrg("Acme Corporation");
    orgB = await createOrg("Globex");
    platformKey = (await createApiKey(null, ALL)).raw;
    keyA = (await createApiKey(orgA.id, ALL)).raw;
    keyB = (await createApiKey(orgB.id, ALL)).raw;
    memberKeyA = (await createApiKey(orgA.id, MEMBER_SCOPES)).raw;
  });
  afterEach(() => {
    prod.on = false;
  });

  test("resolution: org connection overrides global, else global, else a clear 404", async () => {
    const g = await putGlobal("google", { provider: "google", clientId: "global-client", clientSecret: "g-secret", scopes: ["openid"] });
    expect(g.status).toBe(201);
    const own = await putOrg(orgA.id, "google", { provider: "google", clientId: "acme-client", scopes: ["openid", "email"] });
    expect(own.status).toBe(201);
    expect(own.json).toMatchObject({ clientId: "acme-client", source: "organization", overridesGlobal: true, hasClientSecret: false });

    expect((await getOrg(orgA.id, "google")).json).toMatchObject({ clientId: "acme-client", source: "organization" });
    expect((await getOrg(orgB.id, "google", keyB)).json).toMatchObject({ clientId: "global-client", source: "global", hasClientSecret: true });
    const missing = await getOrg(orgA.id, "entra");
    expect(missing.status).toBe(404);
    expect(missing.json.error.message).toBe("No OAuth connection named entra in this organization or globally");

    await post(orgA.id, { name: "okta-main", ...okta() });
    const list = await call(orgList.GET, { url: orgUrl(orgA.id), params: { id: orgA.id }, key: keyA });
    expect(list.json.data.map((c: { name: string; source: string; overridesGlobal: boolean }) => [c.name, c.source, c.overridesGlobal])).toEqual([
      ["google", "organization", true],
      ["okta-main", "organization", false],
    ]);
    const listB = await call(orgList.GET, { url: orgUrl(orgB.id), params: { id: orgB.id }, key: keyB });
    expect(listB.json.data.map((c: { name: string }) => c.name)).toEqual(["google"]);

    const del = await call(orgItem.DELETE, { method: "DELETE", url: orgUrl(orgA.id, "google"), params: { id: orgA.id, name: "google" }, key: keyA });
    expect(del.status).toBe(204);
    expect((await getOrg(orgA.id, "google")).json).toMatchObject({ clientId: "global-client", source: "global" });
    const again = await call(orgItem.DELETE, { method: "DELETE", url: orgUrl(orgA.id, "google"), params: { id: orgA.id, name: "google" }, key: keyA });
    expect(again.status).toBe(404);
  });

  test("the client secret is write-only, encrypted at rest, kept when a PUT omits it, and never audited", async () => {
    const created = await post(orgA.id, { name: "okta-main", ...okta() });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ name: "okta-main", provider: "okta", hasClientSecret: true, scopes: ["openid", "email", "profile"] });
    expect(created.json).not.toHaveProperty("clientSecret");

    const { clientSecret: _omit, ...withoutSecret } = okta({ clientId: "0oa1acme-v2" });
    const replaced = await putOrg(orgA.id, "okta-main", withoutSecret);
    expect(replaced.status).toBe(200);
    expect(replaced.json).toMatchObject({ clientId: "0oa1acme-v2", hasClientSecret: true });
    const ctx = await providerCtx(orgA.id);
    expect(await oauthConnections.resolveClientSecret(ctx, "okta-main")).toBe(RAW_SECRET);

    // A PUT replaces every other field: omitted endpoints become null.
    const minimal = await putOrg(orgA.id, "okta-main", { provider: "okta", clientId: "0oa1acme-v3" });
    expect(minimal.json).toMatchObject({ tokenUrl: null, scopes: [], hasClientSecret: true });
    // null removes the secret.
    const cleared = await putOrg(orgA.id, "okta-main", { provider: "okta", clientId: "0oa1acme-v3", clientSecret: null });
    expect(cleared.json.hasClientSecret).toBe(false);
    await putOrg(orgA.id, "okta-main", { ...okta(), clientSecret: `${RAW_SECRET}-rotated` });

    await putGlobal("shared", { provider: "generic-oidc", clientId: "shared", clientSecret: RAW_SECRET });
    const bodies = [
      created.json, replaced.json, minimal.json, cleared.json,
      (await getOrg(orgA.id, "okta-main")).json,
      (await getOrg(orgB.id, "shared", keyB)).json,
      (await call(orgList.GET, { url: orgUrl(orgA.id), params: { id: orgA.id }, key: keyA })).json,
      (await call(globalList.GET, { url: "/api/v1/oauth-connections", key: platformKey })).json,
    ];
    for (const b of bodies) expect(JSON.stringify(b)).not.toContain(RAW_SECRET);

    const events = [...(await auditEvents(orgA.id)), ...(await auditEvents(null))].filter((e) => e.action.startsWith("oauth_connection."));
    expect(events.map((e) => e.action)).toEqual([
      "oauth_connection.created", "oauth_connection.updated", "oauth_connection.updated", "oauth_connection.updated", "oauth_connection.updated",
      "oauth_connection.created",
    ]);
    expect(JSON.stringify(events)).not.toContain(RAW_SECRET);
    expect(events[3]!.after).toMatchObject({ hasClientSecret: false, clientSecretChanged: "removed" });
    expect(events[4]!.after).toMatchObject({ hasClientSecret: true, clientSecretChanged: "set" });
    expect(events[1]!.after).not.toHaveProperty("clientSecretChanged");

    const { own } = await oauthConnectionsRepo(ctx).findBoth("okta-main");
    expect(own!.clientSecretEnc).toMatch(/^v1\./);
    expect(JSON.stringify(own)).not.toContain(RAW_SECRET);
    expect(decrypt(own!.clientSecretEnc!)).toBe(`${RAW_SECRET}-rotated`);
    const g = await globalOAuthConnectionsRepo().find("shared");
    expect(JSON.stringify(g)).not.toContain(RAW_SECRET);
  });

  test("global connections: provider admins and platform keys only", async () => {
    const body = { name: "github", provider: "github" as const, clientId: "Iv1.abc" };
    const attempts = [
      await call(globalList.GET, { url: "/api/v1/oauth-connections", key: keyA }),
      await call(globalList.POST, { method: "POST", url: "/api/v1/oauth-connections", body, key: keyA }),
      await call(globalItem.GET, { url: "/api/v1/oauth-connections/github", params: { name: "github" }, key: keyA }),
      await call(globalItem.PUT, { method: "PUT", url: "/api/v1/oauth-connections/github", params: { name: "github" }, body: { provider: "github", clientId: "x" }, key: keyA }),
      await call(globalItem.DELETE, { method: "DELETE", url: "/api/v1/oauth-connections/github", params: { name: "github" }, key: keyA }),
    ];
    for (const r of attempts) {
      expect(r.status).toBe(403);
      expect(r.json.error.message).toBe("Global OAuth connections are managed by provider administrators");
    }
    const admin = await createMember(orgA.id, "admin");
    await expect(oauthConnections.createGlobal(await userPrincipal(admin.user.id, {}), { ...body, scopes: [] })).rejects.toMatchObject({ code: "forbidden" });
    expect(await countRows("oAuthConnection")).toBe(0);

    const created = await call(globalList.POST, { method: "POST", url: "/api/v1/oauth-connections", body, key: platformKey });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ source: "global", orgId: null, hasClientSecret: false });
    const got = await call(globalItem.GET, { url: "/api/v1/oauth-connections/github", params: { name: "github" }, key: platformKey });
    expect(got.json.clientId).toBe("Iv1.abc");
    const del = await call(globalItem.DELETE, { method: "DELETE", url: "/api/v1/oauth-connections/github", params: { name: "github" }, key: platformKey });
    expect(del.status).toBe(204);
    expect((await auditEvents(null)).map((e) => e.action)).toEqual(["oauth_connection.created", "oauth_connection.deleted"]);
  });

  test("organization A's key on organization B's routes is 404 and changes nothing", async () => {
    await post(orgB.id, { name: "globex-sso", ...okta() }, keyB);
    const before = await countRows("oAuthConnection");
    const p = { id: orgB.id, name: "globex-sso" };
    const results = [
      await call(orgList.GET, { url: orgUrl(orgB.id), params: { id: orgB.id }, key: keyA }),
      await post(orgB.id, { name: "intruder", provider: "other", clientId: "x" }),
      await call(orgItem.GET, { url: orgUrl(orgB.id, "globex-sso"), params: p, key: keyA }),
      await call(orgItem.PUT, { method: "PUT", url: orgUrl(orgB.id, "globex-sso"), params: p, body: { provider: "other", clientId: "hacked" }, key: keyA }),
      await call(orgItem.DELETE, { method: "DELETE", url: orgUrl(orgB.id, "globex-sso"), params: p, key: keyA }),
    ];
    for (const r of results) expect(r.status).toBe(404);
    expect(await countRows("oAuthConnection")).toBe(before);
    expect((await getOrg(orgB.id, "globex-sso", keyB)).json.clientId).toBe("0oa1acme");
    expect((await getOrg(orgA.id, "globex-sso")).status).toBe(404);
    expect((await getOrg(orgB.id, "globex-sso", platformKey)).status).toBe(200);
  });

  test("a member reads but gets 403 on every write", async () => {
    await post(orgA.id, { name: "okta-main", ...okta() });
    const before = await countRows("oAuthConnection");
    expect((await getOrg(orgA.id, "okta-main", memberKeyA)).status).toBe(200);
    const p = { id: orgA.id, name: "okta-main" };
    const writes = [
      await post(orgA.id, { name: "new", provider: "other", clientId: "x" }, memberKeyA),
      await call(orgItem.PUT, { method: "PUT", url: orgUrl(orgA.id, "okta-main"), params: p, body: { provider: "other", clientId: "x" }, key: memberKeyA }),
      await call(orgItem.DELETE, { method: "DELETE", url: orgUrl(orgA.id, "okta-main"), params: p, key: memberKeyA }),
    ];
    for (const r of writes) {
      expect(r.status).toBe(403);
      expect(r.json.error.message).toMatch(/connection:manage/);
    }
    const member = await createMember(orgA.id, "member");
    const ctx = await orgContext(await userPrincipal(member.user.id, {}), orgA.id);
    await expect(oauthConnections.remove(ctx, "okta-main")).rejects.toMatchObject({ code: "forbidden" });
    expect(await countRows("oAuthConnection")).toBe(before);
  });

  test("bad input: names, providers, unknown fields, non-https URLs -> 422 with field issues, nothing written", async () => {
    const rows = await countRows("oAuthConnection");
    const audits = await countRows("auditEvent");
    const cases: [Record<string, unknown>, string][] = [
      [{ name: "Okta Main", ...okta() }, "name"],
      [{ name: "okta", ...okta({ provider: "myspace" }) }, "provider"],
      [{ name: "okta", ...okta(), colour: "red" }, ""],
      [{ name: "okta", ...okta({ clientId: "" }) }, "clientId"],
      [{ name: "okta", ...okta({ scopes: "openid email" }) }, "scopes"],
      [{ name: "okta", ...okta({ scopes: ["openid email"] }) }, "scopes.0"],
      [{ name: "okta", ...okta({ tokenUrl: "ftp://acme.okta.com/token" }) }, "tokenUrl"],
      [{ name: "okta", ...okta({ jwksUrl: "javascript:alert(1)" }) }, "jwksUrl"],
      [{ name: "okta", ...okta({ issuer: "acme.okta.com" }) }, "issuer"],
      [{ name: "okta", ...okta({ clientSecret: 42 }) }, "clientSecret"],
    ];
    for (const [body, path] of cases) {
      const r = await post(orgA.id, body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      if (path) expect(r.json.error.issues.map((i: { path: string }) => i.path)).toContain(path);
      else expect(JSON.stringify(r.json.error.issues)).toMatch(/colour/);
    }
    // Under the production rule plain http is refused except for loopback hosts.
    prod.on = true;
    const http = await post(orgA.id, { name: "okta", ...okta({ tokenUrl: "http://acme.okta.com/token" }) });
    expect(http.status).toBe(422);
    expect(http.json.error.issues[0]).toMatchObject({ path: "tokenUrl", message: expect.stringMatching(/https/) });
    const httpPut = await putOrg(orgA.id, "okta", okta({ userinfoUrl: "http://idp.example.com/userinfo" }));
    expect(httpPut.status).toBe(422);
    expect(await countRows("oAuthConnection")).toBe(rows);
    expect(await countRows("auditEvent")).toBe(audits);
    const loopback = await post(orgA.id, { name: "local-idp", ...okta({ issuer: "http://localhost:9000", tokenUrl: "http://127.0.0.1:9000/token" }) });
    expect(loopback.status).toBe(201);
    prod.on = false;
    // Outside production a plain-http development IdP is fine.
    const dev = await post(orgA.id, { name: "dev-idp", ...okta({ tokenUrl: "http://keycloak.internal/token" }) });
    expect(dev.status).toBe(201);
  });
});
