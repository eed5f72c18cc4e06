import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { randomUUID } from "node:crypto";
import { addMember, auditEvents, createApiKey, createMember, createOrg, createUser, resetDb } from "@/lib/db/testing/fixtures";
import { ssoRows } from "@/lib/db/testing/sso-fixtures";
import { call } from "@/lib/db/testing/http";
import { orgContext, orgContextForJob, userPrincipal } from "@/lib/auth/org-context";
import { signInWithPassword } from "@/lib/auth/login-service";
import * as provider from "@/app/api/v1/organizations/[id]/sso-provider/route";
import * as verify from "@/app/api/v1/organizations/[id]/sso-provider/verify/route";
import * as failures from "@/app/api/v1/organizations/[id]/sso-provider/failures/route";
import { recordSsoFailure } from "./sign-in";
import { enforcementStatus, previewMappings, putProvider, setEnforcement } from "./service";
import { ssoConfigSchema } from "./schemas";
import { TestIdp } from "./testing/test-idp";
import { SSO_REQUIRED_MESSAGE } from "./enforcement";

const MANAGE = ["sso:read", "sso:manage"];
let idp: TestIdp;
let orgA: { id: string };
let orgB: { id: string };
let keyA: string;
let keyB: string;
let readOnlyA: string;

beforeAll(async () => {
  idp = await (await TestIdp.create()).listen();
});
afterAll(async () => {
  await idp.close();
});

beforeEach(async () => {
  await resetDb();
  orgA = await createOrg("Acme");
  orgB = await createOrg("Beta");
  keyA = (await createApiKey(orgA.id, MANAGE)).raw;
  keyB = (await createApiKey(orgB.id, MANAGE)).raw;
  readOnlyA = (await createApiKey(orgA.id, ["sso:read"])).raw;
  idp.discoveryOverride = null;
});

const oidcBody = (over: Record<string, unknown> = {}) => ({ provider: "oidc", issuer: idp.issuer, clientId: "gatehouse", clientSecret: "top-secret-value", ...over });
const put = (orgId: string, key: string, body: unknown) => call(provider.PUT, { method: "PUT", params: { id: orgId }, key, body });
const get = (orgId: string, key: string) => call(provider.GET, { params: { id: orgId }, key });

describe("PUT/GET/DELETE /sso-provider", () => {
  test("creates (201), then replaces (200); secrets are write-only and never returned or audited", async () => {
    const created = await put(orgA.id, keyA, oidcBody({ attributeRoleMappings: [{ attributeType: "group", attributeValue: "Admins", role: "admin" }] }));
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ provider: "oidc", issuer: idp.issuer, hasClientSecret: true, clientId: "gatehouse", scopes: ["openid", "profile", "email", "offline_access"], userIdField: "sub" });
    expect(created.json.redirectUri).toMatch(new RegExp(`/api/auth/callback/sso-${orgA.id}$`));
    expect(JSON.stringify(created.json)).not.toContain("top-secret-value");

    const again = await put(orgA.id, keyA, oidcBody({ clientSecret: undefined, scopes: "openid email" }));
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ hasClientSecret: true, scopes: ["openid", "email"], attributeRoleMappings: [] });
    const row = (await ssoRows.connection(orgA.id))!;
    expect(row.secretsEnc).toBeTruthy();
    expect(row.secretsEnc).not.toContain("top-secret");

    const read = await get(orgA.id, readOnlyA);
    expect(read.status).toBe(200);
    expect(read.json.clientSecret).toBeUndefined();

    const events = await auditEvents(orgA.id);
    expect(events.map((e) => e.action)).toEqual(["sso.configured", "sso.updated"]);
    expect(JSON.stringify(events)).not.toContain("top-secret-value");
  });

  test("validation: unknown provider, provider-specific required fields, '*' not last, secret on create", async () => {
    expect((await put(orgA.id, keyA, { provider: "saml", clientId: "x" })).status).toBe(422);
    const okta = await put(orgA.id, keyA, { provider: "okta", clientId: "x", clientSecret: "y" });
    expect(okta.status).toBe(422);
    expect(okta.json.error.issues.map((i: { path: string }) => i.path)).toContain("issuerUrl");
    const kc = await put(orgA.id, keyA, { provider: "keycloak", serverUrl: "https://kc.example/realms/acme", realm: "acme", clientId: "x", clientSecret: "y" });
    expect(kc.status).toBe(422);
    expect(kc.json.error.issues[0].path).toBe("serverUrl");
    const star = await put(orgA.id, keyA, oidcBody({ attributeRoleMappings: [{ attributeType: "user", attributeValue: "*", role: "member" }, { attributeType: "group", attributeValue: "A", role: "admin" }] }));
    expect(star.status).toBe(422);
    expect((await put(orgA.id, keyA, oidcBody({ clientSecret: undefined }))).status).toBe(422);
    expect((await put(orgA.id, keyA, oidcBody({ unknownField: 1 }))).status).toBe(422);
    expect(await ssoRows.connection(orgA.id)).toBeNull();
  });

  test("issuer per provider: entra clouds, keycloak realm, zitadel, google; env references are kept as written", async () => {
    const entra = await put(orgA.id, keyA, { provider: "entra", tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47", cloud: "gcc-high", clientId: "app", clientSecret: "s" });
    expect(entra.json.issuer).toBe("https://login.microsoftonline.us/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0");
    const com = await put(orgA.id, keyA, { provider: "entra", tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47", clientId: "app", clientSecret: "s" });
    expect(com.json.issuer).toBe("https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0");
    const kc = await put(orgA.id, keyA, { provider: "keycloak", serverUrl: "https://kc.example/", realm: "acme", clientId: "app", clientSecret: "s" });
    expect(kc.json.issuer).toBe("https://kc.example/realms/acme");
    const zt = await put(orgA.id, keyA, { provider: "zitadel", domain: "acme.zitadel.cloud", projectId: "241856781328426253", clientId: "app", clientSecret: "s" });
    expect(zt.json.issuer).toBe("https://acme.zitadel.cloud");
    const g = await put(orgA.id, keyA, { provider: "google", domain: "acme.com", clientId: "app", clientSecret: "s" });
    expect(g.json).toMatchObject({ issuer: "https://accounts.google.com", domain: "acme.com" });
    const env = await put(orgA.id, keyA, { provider: "okta", issuerUrl: "env.GH_TEST_OKTA_ISSUER", clientId: "env.GH_TEST_OKTA_CLIENT", clientSecret: "env.GH_TEST_OKTA_SECRET" });
    expect(env.status).toBe(200);
    expect(env.json).toMatchObject({ issuerUrl: "env.GH_TEST_OKTA_ISSUER", clientId: "env.GH_TEST_OKTA_CLIENT", issuer: null, hasClientSecret: true });
  });

  test("two organizations: B cannot see or change A's provider (404), A's read-only key cannot write (403)", async () => {
    await put(orgA.id, keyA, oidcBody());
    expect((await get(orgA.id, keyB)).status).toBe(404);
    expect((await put(orgA.id, keyB, oidcBody({ clientId: "hijack" }))).status).toBe(404);
    expect((await call(provider.DELETE, { method: "DELETE", params: { id: orgA.id }, key: keyB })).status).toBe(404);
    expect((await call(verify.POST, { method: "POST", params: { id: orgA.id }, key: keyB })).status).toBe(404);
    expect((await call(failures.GET, { params: { id: orgA.id }, key: keyB })).status).toBe(404);
    expect((await get(orgB.id, keyB)).status).toBe(404); // B has none
    expect((await put(orgA.id, readOnlyA, oidcBody())).status).toBe(403);
    expect((await call(provider.DELETE, { method: "DELETE", params: { id: orgA.id }, key: readOnlyA })).status).toBe(403);
    expect((await get("not-a-uuid", keyA)).status).toBe(404);
    expect((await ssoRows.connection(orgA.id))!.config).toMatchObject({ clientId: "gatehouse" });
    expect(await auditEvents(orgB.id)).toHaveLength(0);
  });

  test("DELETE removes it (audited); a second DELETE is 404", async () => {
    await put(orgA.id, keyA, oidcBody());
    expect((await call(provider.DELETE, { method: "DELETE", params: { id: orgA.id }, key: keyA })).status).toBe(204);
    expect((await get(orgA.id, keyA)).status).toBe(404);
    expect((await call(provider.DELETE, { method: "DELETE", params: { id: orgA.id }, key: keyA })).status).toBe(404);
    expect((await auditEvents(orgA.id, "sso.deleted"))).toHaveLength(1);
  });
});

describe("POST /sso-provider/verify", () => {
  test("fetches discovery and JWKS, reports each check and caches the endpoints", async () => {
    await put(orgA.id, keyA, oidcBody());
    const r = await call(verify.POST, { method: "POST", params: { id: orgA.id }, key: keyA });
    expect(r.status).toBe(200);
    expect(r.json.ok).toBe(true);
    expect(r.json.checks.map((c: { check: string; ok: boolean }) => `${c.check}:${c.ok}`)).toEqual(["configuration:true", "discovery:true", "issuer:true", "jwks:true", "algorithms:true"]);
    const row = (await ssoRows.connection(orgA.id))!;
    expect(row.verifiedAt).toBeInstanceOf(Date);
    expect((row.endpoints as { jwks_uri: string }).jwks_uri).toBe(`${idp.issuer}/jwks`);
    expect((await get(orgA.id, keyA)).json.lastVerifyChecks).toHaveLength(5);
  });

  test("an issuer mismatch is reported with its reason", async () => {
    await put(orgA.id, keyA, oidcBody());
    idp.discoveryOverride = { ...idp.endpoints, issuer: "https://someone-else.example" };
    const r = await call(verify.POST, { method: "POST", params: { id: orgA.id }, key: keyA });
    expect(r.json.ok).toBe(false);
    const issuer = r.json.checks.find((c: { check: string }) => c.check === "issuer");
    expect(issuer).toMatchObject({ ok: false });
    expect(issuer.reason).toContain("https://someone-else.example");
    expect((await ssoRows.connection(orgA.id))!.verifiedAt).toBeNull();
  });

  test("a missing environment variable is a clear configuration error; unreachable discovery too", async () => {
    await put(orgA.id, keyA, oidcBody({ clientSecret: "env.GH_TEST_MISSING_SECRET_VAR" }));
    const r = await call(verify.POST, { method: "POST", params: { id: orgA.id }, key: keyA });
    expect(r.json.checks[0]).toMatchObject({ check: "configuration", ok: false });
    expect(r.json.checks[0].reason).toContain("GH_TEST_MISSING_SECRET_VAR");
    expect(r.json.checks.slice(1).every((c: { ok: boolean; reason: string }) => !c.ok && c.reason.startsWith("Skipped"))).toBe(true);

    await put(orgA.id, keyA, oidcBody({ issuer: "http://127.0.0.1:9/nothing-listens" }));
    const down = await call(verify.POST, { method: "POST", params: { id: orgA.id }, key: keyA });
    expect(down.json.checks[1]).toMatchObject({ check: "discovery", ok: false });
  });
});

describe("GET /sso-provider/failures", () => {
  test("lists this organization's failures, newest first; the other organization sees none", async () => {
    await put(orgA.id, keyA, oidcBody());
    await put(orgB.id, keyB, oidcBody());
    await recordSsoFailure(orgA.id, { reason: "wrong-issuer", detail: "x", claims: { sub: "1", email: "a@acme.test", nonce: "secret-nonce" } }, {});
    const second = await recordSsoFailure(orgA.id, { reason: "no-mapping", detail: "y", email: "b@acme.test" }, {});
    const r = await call(failures.GET, { params: { id: orgA.id }, key: readOnlyA, url: "/x?limit=1" });
    expect(r.status).toBe(200);
    expect(r.json.pagination).toMatchObject({ total: 2, limit: 1 });
    expect(r.json.data[0]).toMatchObject({ traceId: second.traceId, reason: "no-mapping", email: "b@acme.test" });
    const all = await call(failures.GET, { params: { id: orgA.id }, key: keyA });
    expect(JSON.stringify(all.json)).not.toContain("secret-nonce");
    expect((await call(failures.GET, { params: { id: orgB.id }, key: keyB })).json.data).toEqual([]);
  });
});

describe("enforcement (require SSO)", () => {
  test("needs a non-admin test sign-in and a break-glass owner; then members' password sign-in is refused", async () => {
    await put(orgA.id, keyA, oidcBody());
    const denied = await put(orgA.id, keyA, oidcBody({ clientSecret: undefined, requireSso: true }));
    expect(denied.status).toBe(412);
    expect(denied.json.error.message).toContain("test sign-in");
    expect(denied.json.error.message).toContain("break-glass");

    await ssoRows.updateConnection(orgA.id, { testSignInAt: new Date(), testSignInEmail: "tess@acme.test" });
    const stillDenied = await put(orgA.id, keyA, oidcBody({ clientSecret: undefined, requireSso: true }));
    expect(stillDenied.status).toBe(412);
    expect(stillDenied.json.error.message).not.toContain("test sign-in");

    const { hash } = await import("@node-rs/argon2");
    const pw = "Break-Glass-Pass-1!";
    const owner = await createMember(orgA.id, "owner", "breakglass@acme.test");
    const member = await createMember(orgA.id, "member", "member@acme.test");
    await ssoRows.setUserPasswordMfa(owner.user.id, await hash(pw), true);
    await ssoRows.setUserPasswordMfa(member.user.id, await hash(pw), false);
    const outsider = await createMember(orgB.id, "member", "outsider@beta.test");
    await ssoRows.setUserPasswordMfa(outsider.user.id, await hash(pw), false);

    // Before enforcement, the member signs in with a password.
    expect((await signInWithPassword({ email: "member@acme.test", password: pw }, { ip: `198.51.100.${Math.floor(Math.random() * 200)}` })).status).toBe("signed_in");

    const ok = await put(orgA.id, keyA, oidcBody({ clientSecret: undefined, requireSso: true }));
    expect(ok.status).toBe(200);
    expect(ok.json.requireSso).toBe(true);
    expect(await auditEvents(orgA.id, "sso.enforcement_changed")).toHaveLength(1);

    const refused = await signInWithPassword({ email: "member@acme.test", password: pw }, { ip: "198.51.100.7" });
    expect(refused).toMatchObject({ status: "failed", reason: "sso_required", message: SSO_REQUIRED_MESSAGE });
    // A wrong password is still just a wrong password (policy is told only after a correct one).
    expect(await signInWithPassword({ email: "member@acme.test", password: "wrong-password-1" }, { ip: "198.51.100.7" })).toMatchObject({ reason: "wrong_password" });
    // The break-glass owner continues to the second factor; the other organization is unaffected.
    expect((await signInWithPassword({ email: "breakglass@acme.test", password: pw }, { ip: "198.51.100.7" })).status).toBe("mfa_required");
    expect((await signInWithPassword({ email: "outsider@beta.test", password: pw }, { ip: "198.51.100.8" })).status).toBe("signed_in");

    // Turning it off again is always allowed.
    const off = await put(orgA.id, keyA, oidcBody({ clientSecret: undefined, requireSso: false }));
    expect(off.json.requireSso).toBe(false);
    expect((await signInWithPassword({ email: "member@acme.test", password: pw }, { ip: "198.51.100.9" })).status).toBe("signed_in");
  });

  test("turning it on ends members' non-SSO sessions in the same transaction (break-glass and this org's SSO kept), audited with the count", async () => {
    await put(orgA.id, keyA, oidcBody());
    await put(orgB.id, keyB, oidcBody());
    await ssoRows.updateConnection(orgA.id, { testSignInAt: new Date(), testSignInEmail: "tess@acme.test" });
    const owner = await createMember(orgA.id, "owner", "breakglass@acme.test");
    await ssoRows.setUserPasswordMfa(owner.user.id, "hash", true);
    const member = await createMember(orgA.id, "member", "member@acme.test");
    const admin = await createMember(orgA.id, "admin", "admin@acme.test");
    await ssoRows.setUserPasswordMfa(admin.user.id, "hash", false);
    const both = await createMember(orgA.id, "member", "both@acme.test");
    await addMember(orgB.id, both.user.id, "member");
    const suspended = { user: await createUser({ email: "gone@acme.test" }) };
    await addMember(orgA.id, suspended.user.id, "member", "suspended");
    const outsider = await createMember(orgB.id, "member", "outsider@beta.test");

    const kept = [
      await ssoRows.createSession(owner.user.id), // break-glass
      await ssoRows.createSession(member.user.id, { source: "sso", ssoOrgId: orgA.id }), // this org's SSO
      await ssoRows.createSession(suspended.user.id), // cannot act here anyway
      await ssoRows.createSession(outsider.user.id), // org B only
    ];
    const ended = [
      await ssoRows.createSession(member.user.id),
      await ssoRows.createSession(admin.user.id),
      await ssoRows.createSession(both.user.id, { source: "sso", ssoOrgId: orgB.id }), // another organization's SSO
    ];
    await ssoRows.createSession(member.user.id, { expiresAt: new Date(Date.now() - 1000) }); // already over: not counted
    await ssoRows.createSession(member.user.id, { revokedAt: new Date(Date.now() - 1000) });

    const ctxA = await orgContextForJob(orgA.id);
    expect((await enforcementStatus(ctxA)).sessionsToEnd).toBe(3);
    const on = await setEnforcement(ctxA, true);
    expect(on).toMatchObject({ requireSso: true, sessionsEnded: 3, sessionsToEnd: 0 });
    for (const s of ended) expect((await ssoRows.session(s.id)).revokedAt).toBeInstanceOf(Date);
    for (const s of kept) expect((await ssoRows.session(s.id)).revokedAt).toBeNull();
    const [event] = await auditEvents(orgA.id, "sso.enforcement_changed");
    expect(event!.after).toEqual({ requireSso: true, sessionsEnded: 3 });

    // Org B's policy is untouched: its own switch would end just the outsider's password session (the SSO
    // session through B stays, A's ended ones are gone). Turning A off and on again finds nothing left.
    expect(await auditEvents(orgB.id, "sso.enforcement_changed")).toHaveLength(0);
    expect((await enforcementStatus(await orgContextForJob(orgB.id))).sessionsToEnd).toBe(1);
    expect(await setEnforcement(ctxA, false)).not.toHaveProperty("sessionsEnded");
    expect((await setEnforcement(ctxA, true)).sessionsEnded).toBe(0);
  });

  test("while enforced, a member acts here only through a session this organization's SSO started (break-glass owners excepted)", async () => {
    await put(orgA.id, keyA, oidcBody());
    await ssoRows.updateConnection(orgA.id, { testSignInAt: new Date(), testSignInEmail: "tess@acme.test" });
    const owner = await createMember(orgA.id, "owner", "breakglass@acme.test");
    await ssoRows.setUserPasswordMfa(owner.user.id, "hash", true);
    const both = await createMember(orgA.id, "member", "both@acme.test");
    await addMember(orgB.id, both.user.id, "member");
    expect((await setEnforcement(await orgContextForJob(orgA.id), true)).requireSso).toBe(true);

    // Sessions started after the switch (so none was ended by it).
    const viaB = await ssoRows.createSession(both.user.id, { source: "sso", ssoOrgId: orgB.id });
    const viaA = await ssoRows.createSession(both.user.id, { source: "sso", ssoOrgId: orgA.id });
    const ownerPw = await ssoRows.createSession(owner.user.id);
    const as = async (userId: string, sessionId: string, orgId: string) => orgContext(await userPrincipal(userId, {}, sessionId), orgId);

    const refused = await as(both.user.id, viaB.id, orgA.id).catch((e) => e);
    expect(refused).toMatchObject({ code: "forbidden" });
    expect(refused.message).toContain("requires single sign-on");
    expect((await as(both.user.id, viaB.id, orgB.id)).orgId).toBe(orgB.id); // B does not require SSO
    expect((await as(both.user.id, viaA.id, orgA.id)).orgId).toBe(orgA.id);
    expect((await as(owner.user.id, ownerPw.id, orgA.id)).role).toBe("owner"); // break-glass

    await setEnforcement(await orgContextForJob(orgA.id), false);
    expect((await as(both.user.id, viaB.id, orgA.id)).orgId).toBe(orgA.id);
  });

  test("turning it on through PUT /sso-provider ends the sessions too", async () => {
    await put(orgA.id, keyA, oidcBody());
    await ssoRows.updateConnection(orgA.id, { testSignInAt: new Date(), testSignInEmail: "tess@acme.test" });
    const owner = await createMember(orgA.id, "owner", "breakglass@acme.test");
    await ssoRows.setUserPasswordMfa(owner.user.id, "hash", true);
    const member = await createMember(orgA.id, "member", "member@acme.test");
    const s = await ssoRows.createSession(member.user.id);
    expect((await put(orgA.id, keyA, oidcBody({ clientSecret: undefined, requireSso: true }))).status).toBe(200);
    expect((await ssoRows.session(s.id)).revokedAt).toBeInstanceOf(Date);
    expect((await auditEvents(orgA.id, "sso.enforcement_changed"))[0]!.after).toEqual({ requireSso: true, sessionsEnded: 1 });
  });

  test("changing the provider's client resets the test sign-in evidence", async () => {
    await put(orgA.id, keyA, oidcBody());
    await ssoRows.updateConnection(orgA.id, { testSignInAt: new Date(), testSignInEmail: "tess@acme.test" });
    await put(orgA.id, keyA, oidcBody({ clientSecret: undefined, scopes: "openid email profile" }));
    expect((await ssoRows.connection(orgA.id))!.testSignInAt).toBeInstanceOf(Date);
    await put(orgA.id, keyA, oidcBody({ clientSecret: undefined, clientId: "another-client" }));
    expect((await ssoRows.connection(orgA.id))!.testSignInAt).toBeNull();
  });
});

describe("mapping preview", () => {
  test("shows which SSO members would gain or lose a role, team or business unit; writes nothing", async () => {
    const ctx = await orgContextForJob(orgA.id);
    await putProvider(ctx, ssoConfigSchema.parse(oidcBody()));
    await ssoRows.verifiedDomain(orgA.id, "acme.test");
    // Two SSO members with recorded claims.
    const { completeSsoSignIn } = await import("./sign-in");
    await ssoRows.setEndpoints(orgA.id, idp.endpoints);
    await ssoRows.setMappings(orgA.id, {
      attributeRoleMappings: [{ attributeType: "user", attributeValue: "*", role: "member" }],
      attributeTeamMappings: [{ attributeType: "group", attributeValue: "Engineering", team: "Platform" }],
    });
    for (const [sub, email, groups] of [["p1", "eng@acme.test", ["Engineering"]], ["p2", "ops@acme.test", ["Ops"]]] as const) {
      const nonce = randomUUID();
      const r = await completeSsoSignIn(
        { orgId: orgA.id, tokens: { idToken: await idp.idToken({ sub, email, groups, aud: "gatehouse", nonce }), accessToken: null, refreshToken: null, expiresAt: null }, expectedNonce: nonce, test: null, meta: {} },
        { jwks: idp.cache() },
      );
      expect(r.status).toBe("signed_in");
    }
    const preview = await previewMappings(ctx, {
      attributeRoleMappings: [{ attributeType: "group", attributeValue: "Ops", role: "admin" }, { attributeType: "user", attributeValue: "*", role: "member" }],
      attributeTeamMappings: [{ attributeType: "group", attributeValue: "Ops", team: "Operations" }],
      attributeBusinessUnitMappings: [],
    });
    expect(preview.evaluated).toBe(2);
    const byEmail = Object.fromEntries(preview.changes.map((c) => [c.email, c]));
    expect(byEmail["ops@acme.test"]).toMatchObject({ role: { before: "member", after: "admin" }, teams: { gained: ["Operations"], lost: [] } });
    expect(byEmail["eng@acme.test"]).toMatchObject({ role: null, teams: { gained: [], lost: ["Platform"] } });
    // Nothing was written.
    const ops = (await ssoRows.userByEmail("ops@acme.test"))!;
    expect((await ssoRows.membership(orgA.id, ops.id))!.role).toBe("member");

    const ctxB = await orgContextForJob(orgB.id);
    await putProvider(ctxB, ssoConfigSchema.parse(oidcBody()));
    expect((await previewMappings(ctxB, { attributeRoleMappings: [], attributeTeamMappings: [], attributeBusinessUnitMappings: [] })).evaluated).toBe(0);
  });
});
