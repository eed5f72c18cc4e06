import { beforeAll, beforeEach, describe, expect, test } from "vitest";
import { randomUUID } from "node:crypto";
import { addMember, auditEvents, createOrg, createUser, resetDb } from "@/lib/db/testing/fixtures";
import { ssoRows } from "@/lib/db/testing/sso-fixtures";
import { orgContextForJob } from "@/lib/auth/org-context";
import { decrypt } from "@/lib/crypto";
import { NO_MAPPING_DENIAL_MESSAGE } from "@/lib/mappings/evaluate";
import { oktaIdToken } from "@/lib/mappings/testing/idp-claims";
import { putProvider } from "./service";
import { completeSsoSignIn, type SsoCallbackOutcome } from "./sign-in";
import { routeEmail } from "./routing";
import { ssoConfigSchema } from "./schemas";
import { TestIdp } from "./testing/test-idp";
import { TRACE_ID } from "./failures";

let idp: TestIdp;
let idpB: TestIdp;
let orgA: { id: string; name: string };
let orgB: { id: string; name: string };

beforeAll(async () => {
  idp = await TestIdp.create("https://idp-a.test.example");
  idpB = await TestIdp.create("https://idp-b.test.example");
});

async function configure(orgId: string, issuer: string, extra: Record<string, unknown> = {}) {
  const ctx = await orgContextForJob(orgId);
  await putProvider(ctx, ssoConfigSchema.parse({ provider: "oidc", issuer, clientId: `client-${orgId.slice(0, 8)}`, clientSecret: "s3cret", ...extra }));
  await ssoRows.setEndpoints(orgId, { ...(issuer === idp.issuer ? idp.endpoints : idpB.endpoints) });
}

beforeEach(async () => {
  await resetDb();
  orgA = await createOrg("Acme");
  orgB = await createOrg("Beta");
  await ssoRows.verifiedDomain(orgA.id, "acme.test");
  await ssoRows.verifiedDomain(orgB.id, "beta.test");
  await configure(orgA.id, idp.issuer);
  await configure(orgB.id, idpB.issuer);
});

const clientOf = (orgId: string) => `client-${orgId.slice(0, 8)}`;

type SignInOpts = { org?: { id: string }; provider?: TestIdp; nonce?: string; expectedNonce?: string | null; userinfo?: Record<string, unknown>; test?: boolean; tokenOverride?: string; iat?: number };

async function signIn(claims: Record<string, unknown>, o: SignInOpts = {}): Promise<SsoCallbackOutcome> {
  const org = o.org ?? orgA;
  const p = o.provider ?? (org.id === orgB.id ? idpB : idp);
  const nonce = o.nonce ?? randomUUID();
  const idToken = o.tokenOverride ?? (await p.idToken({ aud: clientOf(org.id), nonce, ...claims }, { iat: o.iat }));
  return completeSsoSignIn(
    {
      orgId: org.id,
      tokens: { idToken, accessToken: "access-1", refreshToken: "refresh-1", expiresAt: Math.floor(Date.now() / 1000) + 60 },
      expectedNonce: o.expectedNonce === undefined ? nonce : o.expectedNonce,
      test: o.test ? { adminUserId: randomUUID(), adminEmail: "admin@acme.test" } : null,
      meta: { ip: "203.0.113.9", userAgent: "vitest" },
    },
    { jwks: p.cache(), userinfo: async () => o.userinfo ?? {} },
  );
}

const signedIn = (r: SsoCallbackOutcome) => {
  if (r.status !== "signed_in") throw new Error(`expected signed_in, got ${JSON.stringify(r)}`);
  return r;
};
const failed = (r: SsoCallbackOutcome) => {
  if (r.status !== "failed") throw new Error(`expected failed, got ${JSON.stringify(r)}`);
  return r;
};

async function expectNothingProvisioned(email: string, usersBefore: number) {
  expect(await ssoRows.userByEmail(email)).toBeNull();
  expect(await ssoRows.userCount()).toBe(usersBefore);
}

describe("JIT provisioning", () => {
  test("Okta-shaped claims: creates the user, membership, teams and business units from the mappings", async () => {
    await ssoRows.setMappings(orgA.id, {
      attributeRoleMappings: [{ attributeType: "group", attributeValue: "Gatehouse Admins", role: "admin" }, { attributeType: "user", attributeValue: "*", role: "member" }],
      attributeTeamMappings: [{ attributeType: "group", attributeValue: "Engineering", team: "Platform" }, { attributeType: "user", attributeName: "department", attributeValue: "engineering", team: "Builders" }],
      attributeBusinessUnitMappings: [{ attributeType: "user", attributeName: "department", attributeValue: "Engineering", businessUnit: "R&D" }],
    });
    const r = signedIn(await signIn({ sub: "00u1", email: "Jane@Acme.test", name: "Jane Doe", groups: ["Engineering", "Gatehouse Admins"], department: "Engineering" }));
    expect(r.jit).toBe(true);
    expect(r.role).toBe("admin");
    const user = (await ssoRows.userByEmail("jane@acme.test"))!;
    expect(user).toMatchObject({ name: "Jane Doe", passwordHash: null });
    expect(await ssoRows.membership(orgA.id, user.id)).toMatchObject({ role: "admin", source: "sso", status: "active" });
    expect(await ssoRows.assignments(orgA.id, user.id)).toEqual({ teams: ["Builders:sso", "Platform:sso"], businessUnits: ["R&D:sso"] });
    const [identity] = await ssoRows.identities(orgA.id);
    expect(identity).toMatchObject({ subject: "00u1", userId: user.id, email: "jane@acme.test" });

    const session = await ssoRows.session(r.sessionId);
    expect(session).toMatchObject({ source: "sso", ssoOrgId: orgA.id, activeOrgId: orgA.id, userId: user.id });
    expect(decrypt(session.accessTokenEnc!)).toBe("access-1");
    expect(decrypt(session.refreshTokenEnc!)).toBe("refresh-1");
    expect(session.tokenExpiresAt).toBeInstanceOf(Date);

    const actions = (await auditEvents(orgA.id)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["member.added", "sso.identity_linked", "member.assignments_changed", "auth.sso_login_succeeded"]));
    expect(await auditEvents(orgB.id, "member.added")).toHaveLength(0);
  });

  test("the recorded Okta ID-token shape (lib/mappings fixtures) maps through the whole sign-in", async () => {
    await ssoRows.setMappings(orgA.id, {
      attributeRoleMappings: [{ attributeType: "group", attributeValue: "admins", role: "admin" }],
      attributeBusinessUnitMappings: [{ attributeType: "user", attributeName: "department", attributeValue: "r&d", businessUnit: "Research" }],
    });
    const { iss: _i, aud: _a, exp: _e, iat: _t, nonce: _n, ...person } = oktaIdToken;
    const r = signedIn(await signIn({ ...person, email: "Ada.Lovelace@Acme.test" }));
    expect(r.role).toBe("admin");
    expect(await ssoRows.assignments(orgA.id, r.userId)).toEqual({ teams: [], businessUnits: ["Research:sso"] });
    expect((await ssoRows.identities(orgA.id))[0]!.subject).toBe(oktaIdToken.sub);
  });

  test("mappings exist but none matches: denied with the issue's message, audited, traced, nothing provisioned", async () => {
    await ssoRows.setMappings(orgA.id, { attributeRoleMappings: [{ attributeType: "group", attributeValue: "Gatehouse Users", role: "member" }] });
    const users = await ssoRows.userCount();
    const r = failed(await signIn({ sub: "00u2", email: "nobody@acme.test", groups: ["Sales"] }));
    expect(r.reason).toBe("no-mapping");
    expect(r.message).toBe(NO_MAPPING_DENIAL_MESSAGE);
    expect(r.traceId).toMatch(TRACE_ID);
    await expectNothingProvisioned("nobody@acme.test", users);
    expect(await ssoRows.identities(orgA.id)).toHaveLength(0);
    const [f] = await ssoRows.failures(orgA.id);
    expect(f).toMatchObject({ traceId: r.traceId, reason: "no-mapping", email: "nobody@acme.test" });
    expect((f!.claims as Record<string, unknown>).groups).toEqual(["Sales"]);
    expect((f!.claims as Record<string, unknown>).nonce).toBeUndefined();
    const [audit] = await auditEvents(orgA.id, "auth.sso_failed");
    expect(audit!.after).toMatchObject({ traceId: r.traceId, reason: "no-mapping" });
  });

  test("no mappings: the organization's first SSO user becomes admin, later ones get the default role", async () => {
    const first = signedIn(await signIn({ sub: "u-1", email: "first@acme.test" }));
    expect(first.role).toBe("admin");
    const second = signedIn(await signIn({ sub: "u-2", email: "second@acme.test" }));
    expect(second.role).toBe("member");
    // Org B is independent: its first user is admin too.
    const b = signedIn(await signIn({ sub: "u-1", email: "first@beta.test" }, { org: orgB }));
    expect(b.role).toBe("admin");
  });

  test("roles are re-evaluated at every sign-in; only SSO-sourced assignments change", async () => {
    await ssoRows.setMappings(orgA.id, {
      attributeRoleMappings: [{ attributeType: "group", attributeValue: "Admins", role: "admin" }, { attributeType: "user", attributeValue: "*", role: "member" }],
      attributeTeamMappings: [{ attributeType: "group", attributeValue: "Engineering", team: "Platform" }, { attributeType: "group", attributeValue: "Design", team: "Studio" }],
    });
    const r1 = signedIn(await signIn({ sub: "u-9", email: "sam@acme.test", groups: ["Admins", "Engineering"] }));
    expect(r1.role).toBe("admin");
    await ssoRows.addManualTeam(orgA.id, r1.userId, "Platform");
    await ssoRows.addManualTeam(orgA.id, r1.userId, "Hand-picked");

    const r2 = signedIn(await signIn({ sub: "u-9", email: "sam@acme.test", groups: ["Design"] }));
    expect(r2.jit).toBe(false);
    expect(r2.role).toBe("member");
    expect(await ssoRows.membership(orgA.id, r1.userId)).toMatchObject({ role: "member", source: "sso" });
    expect(await ssoRows.assignments(orgA.id, r1.userId)).toEqual({ teams: ["Hand-picked:manual", "Platform:manual", "Studio:sso"], businessUnits: [] });
  });

  test("a manually added member keeps their role; SSO only links them and manages SSO teams", async () => {
    const u = await createUser({ email: "owner@acme.test" });
    await addMember(orgA.id, u.id, "owner");
    await ssoRows.setMappings(orgA.id, { attributeRoleMappings: [{ attributeType: "user", attributeValue: "*", role: "member" }] });
    const r = signedIn(await signIn({ sub: "o-1", email: "owner@acme.test" }));
    expect(r).toMatchObject({ userId: u.id, jit: false, role: "owner" });
    expect(await ssoRows.membership(orgA.id, u.id)).toMatchObject({ role: "owner", source: "manual" });
  });

  test("SSO never grants owner, even when a rule or the roles claim names it", async () => {
    await configure(orgA.id, idp.issuer, { rolesField: "roles" });
    await ssoRows.setMappings(orgA.id, { attributeRoleMappings: [{ attributeType: "user", attributeName: "title", attributeValue: "CEO", role: "owner" }, { attributeType: "user", attributeValue: "*", role: "member" }] });
    const r = signedIn(await signIn({ sub: "c-1", email: "ceo@acme.test", title: "CEO", roles: ["owner"] }));
    expect(r.role).toBe("member");
  });
});

describe("who is this person", () => {
  test("a returning user is matched by subject, even after their email changed at the provider", async () => {
    const r1 = signedIn(await signIn({ sub: "stable-1", email: "old.name@acme.test" }));
    const r2 = signedIn(await signIn({ sub: "stable-1", email: "new.name@acme.test" }));
    expect(r2.userId).toBe(r1.userId);
    expect(r2.jit).toBe(false);
    expect(await ssoRows.userByEmail("new.name@acme.test")).toBeNull();
    expect((await ssoRows.identities(orgA.id))[0]!.email).toBe("new.name@acme.test");
  });

  test("a SCIM-provisioned user who later signs in is the same person (by externalId)", async () => {
    const scimUser = await createUser({ email: "pat@acme.test" });
    await addMember(orgA.id, scimUser.id, "member");
    await ssoRows.directoryUser(orgA.id, { userName: "pat@acme.test", externalId: "okta-00u77", userId: scimUser.id });
    const users = await ssoRows.userCount();
    const r = signedIn(await signIn({ sub: "okta-00u77", email: "pat.alias@acme.test" }));
    expect(r.userId).toBe(scimUser.id);
    expect(await ssoRows.userCount()).toBe(users);
  });

  test("a deactivated SCIM directory user is refused", async () => {
    const u = await createUser({ email: "gone@acme.test" });
    await addMember(orgA.id, u.id, "member");
    await ssoRows.directoryUser(orgA.id, { userName: "gone@acme.test", externalId: "x-1", userId: u.id, active: false });
    // Matched by subject first only when linked; here the SCIM row decides.
    const r = failed(await signIn({ sub: "x-1", email: "gone@acme.test" }));
    expect(r.reason).toBe("account-disabled");
  });

  test("an email on another organization's verified domain is refused; nothing is linked or created", async () => {
    const bob = await createUser({ email: "bob@beta.test" });
    await addMember(orgB.id, bob.id, "admin");
    const users = await ssoRows.userCount();
    const r = failed(await signIn({ sub: "evil-1", email: "bob@beta.test" }));
    expect(r.reason).toBe("email-domain-not-verified");
    expect(await ssoRows.userCount()).toBe(users);
    expect(await ssoRows.membership(orgA.id, bob.id)).toBeNull();
    expect(await ssoRows.identities()).toHaveLength(0);
    expect(await ssoRows.sessions(bob.id)).toHaveLength(0);
    expect((await ssoRows.failures(orgA.id))[0]).toMatchObject({ reason: "email-domain-not-verified", email: "bob@beta.test" });
    expect(await ssoRows.failures(orgB.id)).toHaveLength(0);
  });

  test("a pending (unverified) domain does not count", async () => {
    await ssoRows.verifiedDomain(orgA.id, "pending.test", { status: "pending" });
    expect(failed(await signIn({ sub: "p-1", email: "x@pending.test" })).reason).toBe("email-domain-not-verified");
  });

  test("an existing account on the organization's verified domain is linked (not duplicated)", async () => {
    const u = await createUser({ email: "lee@acme.test", password: "irrelevant-pass-123" });
    const r = signedIn(await signIn({ sub: "l-1", email: "lee@acme.test" }));
    expect(r.userId).toBe(u.id);
    expect(r.jit).toBe(false);
    expect(await ssoRows.membership(orgA.id, u.id)).toMatchObject({ source: "sso" });
  });
});

describe("bad input", () => {
  const claims = { sub: "b-1", email: "b@acme.test" };
  let users: number;
  beforeEach(async () => {
    users = await ssoRows.userCount();
  });
  const refusedWith = async (reason: string, r: SsoCallbackOutcome) => {
    const f = failed(r);
    expect(f.reason).toBe(reason);
    expect(f.traceId).toMatch(TRACE_ID);
    await expectNothingProvisioned("b@acme.test", users);
    expect((await ssoRows.failures(orgA.id)).map((x) => x.traceId)).toContain(f.traceId);
    expect((await auditEvents(orgA.id, "auth.sso_failed")).some((e) => (e.after as { traceId: string }).traceId === f.traceId)).toBe(true);
  };

  test("wrong issuer", async () => refusedWith("wrong-issuer", await signIn({ ...claims, iss: "https://evil.example" })));
  test("wrong audience", async () => refusedWith("wrong-audience", await signIn({ ...claims, aud: "another-client" })));
  test("expired", async () => refusedWith("expired", await signIn(claims, { iat: Math.floor(Date.now() / 1000) - 3600 })));
  test("signed by the other organization's provider", async () => refusedWith("bad-signature", await signIn(claims, { tokenOverride: await idpB.idToken({ ...claims, iss: idp.issuer, aud: clientOf(orgA.id), kid: "k1" }) })));
  test("nonce mismatch", async () => refusedWith("nonce-mismatch", await signIn(claims, { expectedNonce: "something-else" })));
  test("missing email (and none from userinfo)", async () => refusedWith("missing-email", await signIn({ sub: "b-1" })));
  test("email_verified false", async () => refusedWith("email-unverified", await signIn({ ...claims, email_verified: false })));

  test("a replayed ID token is refused the second time", async () => {
    const nonce = randomUUID();
    const token = await idp.idToken({ ...claims, aud: clientOf(orgA.id), nonce });
    signedIn(await signIn(claims, { tokenOverride: token, nonce }));
    const again = failed(await signIn(claims, { tokenOverride: token, nonce }));
    expect(again.reason).toBe("replayed");
    expect(await ssoRows.sessions((await ssoRows.userByEmail("b@acme.test"))!.id)).toHaveLength(1);
  });

  test("userinfo fills a missing email claim", async () => {
    const r = signedIn(await signIn({ sub: "ui-1" }, { userinfo: { sub: "ui-1", email: "from.userinfo@acme.test" } }));
    expect((await ssoRows.userByEmail("from.userinfo@acme.test"))!.id).toBe(r.userId);
  });

  test("an organization without SSO is refused", async () => {
    const orgC = await createOrg("Gamma");
    const r = failed(await signIn(claims, { org: orgC }));
    expect(r.reason).toBe("no-connection");
  });
});

describe("claim shapes", () => {
  test("Entra-shaped: oid as the user id, app roles as direct roles, group object ids for teams", async () => {
    await configure(orgA.id, idp.issuer, { userIdField: "oid", rolesField: "roles" });
    await ssoRows.setMappings(orgA.id, {
      attributeRoleMappings: [{ attributeType: "user", attributeValue: "*", role: "member" }],
      attributeTeamMappings: [{ attributeType: "group", attributeValue: "0e9f8a6c-1111-4c2d-9d3e-7b6a5c4d3e2f", team: "Security" }],
    });
    const tid = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    const r = signedIn(await signIn({ sub: "pairwise-sub", oid: "9a8b7c6d-0000-4e5f-8a9b-0c1d2e3f4a5b", tid, email: "erin@acme.test", roles: ["admin"], groups: ["0e9f8a6c-1111-4c2d-9d3e-7b6a5c4d3e2f"] }));
    expect(r.role).toBe("admin");
    expect((await ssoRows.identities(orgA.id))[0]!.subject).toBe("9a8b7c6d-0000-4e5f-8a9b-0c1d2e3f4a5b");
    expect(await ssoRows.assignments(orgA.id, r.userId)).toEqual({ teams: ["Security:sso"], businessUnits: [] });
  });

  test("Keycloak-shaped: realm_access.roles as the roles field", async () => {
    await configure(orgA.id, idp.issuer, { rolesField: "realm_access.roles" });
    await ssoRows.setMappings(orgA.id, { attributeRoleMappings: [{ attributeType: "group", attributeValue: "never", role: "member" }] });
    const r = signedIn(await signIn({ sub: "kc-1", email: "kim@acme.test", realm_access: { roles: ["offline_access", "Admin"] } }));
    expect(r.role).toBe("admin");
  });
});

describe("provider specifics", () => {
  test("Google: the hosted domain (hd) must be the configured Workspace domain", async () => {
    const google = await TestIdp.create("https://accounts.google.com");
    const ctx = await orgContextForJob(orgA.id);
    await putProvider(ctx, ssoConfigSchema.parse({ provider: "google", domain: "acme.test", clientId: clientOf(orgA.id), clientSecret: "s" }));
    await ssoRows.setEndpoints(orgA.id, google.endpoints);
    const refused = failed(await signIn({ sub: "g-1", email: "gail@acme.test", hd: "gmail.com" }, { provider: google }));
    expect(refused.reason).toBe("hosted-domain-mismatch");
    expect(failed(await signIn({ sub: "g-1", email: "gail@acme.test" }, { provider: google })).reason).toBe("hosted-domain-mismatch");
    expect(signedIn(await signIn({ sub: "g-1", email: "gail@acme.test", hd: "acme.test" }, { provider: google })).jit).toBe(true);
  });

  test("ZITADEL: project roles are read from the project's role claim without a rolesField", async () => {
    const zitadel = await TestIdp.create("https://acme.zitadel.example");
    const ctx = await orgContextForJob(orgA.id);
    await putProvider(ctx, ssoConfigSchema.parse({ provider: "zitadel", domain: "acme.zitadel.example", projectId: "241856781328426253", clientId: clientOf(orgA.id), clientSecret: "s", attributeRoleMappings: [{ attributeType: "group", attributeValue: "nobody", role: "member" }] }));
    await ssoRows.setEndpoints(orgA.id, zitadel.endpoints);
    const r = signedIn(await signIn({ sub: "z-1", email: "zoe@acme.test", "urn:zitadel:iam:org:project:241856781328426253:roles": { admin: { "2418": "acme.zitadel.example" } } }, { provider: zitadel }));
    expect(r.role).toBe("admin");
  });
});

describe("test sign-in", () => {
  test("stores what the mappings produce, creates no user, membership or session", async () => {
    await ssoRows.setMappings(orgA.id, {
      attributeRoleMappings: [{ attributeType: "user", attributeValue: "*", role: "member" }],
      attributeTeamMappings: [{ attributeType: "group", attributeValue: "Engineering", team: "Platform" }],
    });
    const users = await ssoRows.userCount();
    const r = await signIn({ sub: "t-1", email: "tess@acme.test", groups: ["Engineering"] }, { test: true });
    expect(r.status).toBe("tested");
    if (r.status !== "tested") return;
    expect(r.result).toMatchObject({ ok: true, email: "tess@acme.test", role: "member", teams: ["Platform"], countsForEnforcement: true, existingUser: false });
    expect(r.result.claims).toMatchObject({ groups: ["Engineering"] });
    expect(await ssoRows.userCount()).toBe(users);
    expect(await ssoRows.identities(orgA.id)).toHaveLength(0);
    const conn = (await ssoRows.connection(orgA.id))!;
    expect(conn.testSignInEmail).toBe("tess@acme.test");
    expect(conn.testSignInAt).toBeInstanceOf(Date);
    expect((await auditEvents(orgA.id, "sso.test_completed"))).toHaveLength(1);
  });

  test("an admin-mapped test does not count for enforcement; a failed one shows why", async () => {
    const r = await signIn({ sub: "t-2", email: "boss@acme.test" }, { test: true });
    expect(r.status === "tested" && r.result).toMatchObject({ role: "admin", countsForEnforcement: false });
    const bad = await signIn({ sub: "t-3", email: "x@beta.test" }, { test: true });
    expect(bad.status === "tested" && bad.result).toMatchObject({ ok: false, failure: { reason: "email-domain-not-verified" } });
    expect((await ssoRows.connection(orgA.id))!.testSignInAt).toBeNull();
  });
});

describe("routing by domain", () => {
  test("a verified routing domain of an organization with SSO routes there; anything else goes to the password step", async () => {
    expect(await routeEmail("Someone@ACME.test")).toMatchObject({ kind: "sso", orgId: orgA.id });
    expect(await routeEmail("x@beta.test")).toMatchObject({ kind: "sso", orgId: orgB.id });
    expect(await routeEmail("x@unknown.test")).toEqual({ kind: "password" });
    await ssoRows.verifiedDomain(orgA.id, "norouting.test", { routing: false });
    expect(await routeEmail("x@norouting.test")).toEqual({ kind: "password" });
    const orgC = await createOrg("NoSso");
    await ssoRows.verifiedDomain(orgC.id, "nosso.test");
    expect(await routeEmail("x@nosso.test")).toEqual({ kind: "password" });
    expect(await routeEmail("not-an-email")).toEqual({ kind: "password" });
  });
});
