import { expect, test } from "@playwright/test";
import { decodeProtectedHeader } from "jose";
import { NO_MAPPING_DENIAL_MESSAGE } from "@/lib/mappings/evaluate";
import { decrypt } from "@/lib/crypto";
import { SsoIdp, enforce, seedBreakGlassOwner, seedPasswordMember, seedSsoOrg, signInAtIdp, sso, startSsoLogin, type SsoOrg } from "../fixtures/sso";
import { totpCode } from "../fixtures/seed";
import { LoginPage } from "../pages/login-page";

// Issue #4, signing in through a real OpenID Provider (oidc-provider on loopback) configured three ways.
// Each test seeds its own organizations; the provider is started once for this file.

let idp: SsoIdp;
test.beforeAll(async () => {
  idp = await SsoIdp.start();
});
test.afterAll(async () => {
  await idp?.stop();
});

const orgHome = (orgId: string) => new RegExp(`/orgs/${orgId}$`);

async function expectSignedInTo(page: import("@playwright/test").Page, org: SsoOrg, email: string) {
  await expect(page).toHaveURL(orgHome(org.orgId));
  await page.goto("/account");
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
}

test("Okta-shaped claims: routing by domain, JIT with role, teams and business units", async ({ page }) => {
  const org = await seedSsoOrg(idp, {
    shape: "okta",
    mappings: {
      attributeRoleMappings: [{ attributeType: "group", attributeValue: "Gatehouse Admins", role: "admin" }, { attributeType: "user", attributeValue: "*", role: "member" }],
      attributeTeamMappings: [{ attributeType: "group", attributeValue: "Engineering", team: "Platform" }],
      attributeBusinessUnitMappings: [{ attributeType: "user", attributeName: "department", attributeValue: "research", businessUnit: "R&D" }],
    },
  });
  const email = `ada@${org.domain}`;
  await idp.addUser({ email, name: "Ada Okta", groups: ["Engineering", "Everyone"], department: "Research" });

  await startSsoLogin(page, email);
  await signInAtIdp(page, email);
  await expectSignedInTo(page, org, email);

  const user = (await sso.user(email))!;
  expect(await sso.membership(org.orgId, user.id)).toMatchObject({ role: "member", source: "sso" });
  expect(await sso.assignments(org.orgId, user.id)).toEqual({ teams: ["Platform:sso"], businessUnits: ["R&D:sso"] });
  const [session] = await sso.sessions(user.id);
  expect(session).toMatchObject({ source: "sso", ssoOrgId: org.orgId });
  expect(session!.refreshTokenEnc).toBeTruthy();
});

test("Entra-shaped claims: oid is the identity, app roles give the role, group object ids map to teams", async ({ page }) => {
  const groupId = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
  const org = await seedSsoOrg(idp, {
    shape: "entra",
    mappings: {
      attributeRoleMappings: [{ attributeType: "user", attributeValue: "*", role: "member" }],
      attributeTeamMappings: [{ attributeType: "group", attributeValue: groupId, team: "Security" }],
    },
  });
  const email = `erin@${org.domain}`;
  const oid = "7d793037-a076-4b6d-9a5c-1c2b3d4e5f60";
  await idp.addUser({ email, name: "Erin Entra", oid, roles: ["admin"], groupIds: [groupId] });

  await startSsoLogin(page, email);
  await signInAtIdp(page, email);
  await expect(page).toHaveURL(orgHome(org.orgId));
  const user = (await sso.user(email))!;
  expect(await sso.membership(org.orgId, user.id)).toMatchObject({ role: "admin", source: "sso" });
  expect(await sso.assignments(org.orgId, user.id)).toEqual({ teams: ["Security:sso"], businessUnits: [] });
});

test("Keycloak-shaped claims: realm_access.roles; first SSO user without mappings is admin, the next one the default role", async ({ page, browser }) => {
  const org = await seedSsoOrg(idp, { shape: "keycloak" });
  const first = `kim@${org.domain}`;
  const second = `kai@${org.domain}`;
  await idp.addUser({ email: first, name: "Kim Keycloak", roles: [] });
  await idp.addUser({ email: second, name: "Kai Keycloak", roles: [] });

  await startSsoLogin(page, first);
  await signInAtIdp(page, first);
  await expect(page).toHaveURL(orgHome(org.orgId));
  expect(await sso.membership(org.orgId, (await sso.user(first))!.id)).toMatchObject({ role: "admin" });

  const other = await browser.newContext();
  const page2 = await other.newPage();
  await startSsoLogin(page2, second);
  await signInAtIdp(page2, second);
  await expect(page2).toHaveURL(orgHome(org.orgId));
  expect(await sso.membership(org.orgId, (await sso.user(second))!.id)).toMatchObject({ role: "member" });
  await other.close();
});

test("mappings that match nobody deny access with the issue's message and a trace id the admins can find", async ({ page }) => {
  const org = await seedSsoOrg(idp, {
    shape: "okta",
    mappings: { attributeRoleMappings: [{ attributeType: "group", attributeValue: "Gatehouse Users", role: "member" }] },
  });
  const email = `nobody@${org.domain}`;
  await idp.addUser({ email, groups: ["Sales"] });

  await startSsoLogin(page, email);
  await signInAtIdp(page, email);
  await expect(page).toHaveURL(/\/login\/error\?trace=/);
  await expect(page.getByRole("heading", { name: "Sign-in failed" })).toBeVisible();
  await expect(page.getByText(NO_MAPPING_DENIAL_MESSAGE)).toBeVisible();
  const trace = (await page.getByTestId("trace-id").textContent())!.trim();
  expect(trace).toMatch(/^[2-9A-HJ-NP-Z]{10}$/);

  const failures = await sso.failures(org.orgId);
  expect(failures.map((f) => [f.traceId, f.reason])).toContainEqual([trace, "no-mapping"]);
  expect(await sso.user(email)).toBeNull();
});

test("an email on another organization's domain is refused; nothing is provisioned", async ({ page }) => {
  const org = await seedSsoOrg(idp, { shape: "okta" });
  const other = await seedSsoOrg(idp, { shape: "okta" });
  const intruder = `mallory@${other.domain}`;
  await idp.addUser({ email: intruder });
  // Routed to `org` by the email typed at Gatehouse, but the IdP account is on the other org's domain.
  await startSsoLogin(page, `someone@${org.domain}`);
  await signInAtIdp(page, intruder);
  await expect(page).toHaveURL(/\/login\/error\?trace=/);
  await expect(page.getByText("is not one of this organization's verified domains")).toBeVisible();
  expect(await sso.user(intruder)).toBeNull();
  expect((await sso.failures(org.orgId)).map((f) => f.reason)).toContain("email-domain-not-verified");
});

test("a tampered state is refused with a traced error page", async ({ page }) => {
  const org = await seedSsoOrg(idp, { shape: "okta" });
  await page.goto(`/api/auth/callback/sso-${org.orgId}?code=forged-code&state=tampered-state&iss=${encodeURIComponent("http://127.0.0.1")}`);
  await expect(page).toHaveURL(/\/login\/error\?trace=/);
  await expect(page.getByRole("heading", { name: "Sign-in failed" })).toBeVisible();
  const trace = (await page.getByTestId("trace-id").textContent())!.trim();
  await expect.poll(async () => (await sso.failures(org.orgId)).find((f) => f.traceId === trace)?.reason).toBe("state-invalid");
});

test("key rotation at the provider: the next sign-in is verified with the new key", async ({ page, browser }) => {
  const org = await seedSsoOrg(idp, { shape: "okta" });
  const email = `rota@${org.domain}`;
  await idp.addUser({ email });
  await startSsoLogin(page, email);
  await signInAtIdp(page, email);
  await expect(page).toHaveURL(orgHome(org.orgId));

  const kid = await idp.rotateKeys();
  const other = await browser.newContext();
  const page2 = await other.newPage();
  await startSsoLogin(page2, email);
  await signInAtIdp(page2, email);
  await expect(page2).toHaveURL(orgHome(org.orgId));
  const sessions = await sso.sessions((await sso.user(email))!.id);
  expect(sessions).toHaveLength(2);
  // The second ID token was signed with the key the provider rotated to.
  expect(decodeProtectedHeader(decrypt(sessions[1]!.idTokenEnc!)).kid).toBe(kid);
  expect(decodeProtectedHeader(decrypt(sessions[0]!.idTokenEnc!)).kid).not.toBe(kid);
  await other.close();
});

test("silent refresh: an expired access token is refreshed on the next request", async ({ page }) => {
  const org = await seedSsoOrg(idp, { shape: "okta", atTtl: 2 });
  const email = `fresh@${org.domain}`;
  await idp.addUser({ email });
  await startSsoLogin(page, email);
  await signInAtIdp(page, email);
  await expect(page).toHaveURL(orgHome(org.orgId));
  const userId = (await sso.user(email))!.id;
  const [before] = await sso.sessions(userId);

  await page.waitForTimeout(2500);
  await page.goto("/account");
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  const [after] = await sso.sessions(userId);
  expect(after!.revokedAt).toBeNull();
  expect(after!.accessTokenEnc).not.toBe(before!.accessTokenEnc);
  expect(after!.tokenExpiresAt!.getTime()).toBeGreaterThan(before!.tokenExpiresAt!.getTime());
});

test("a user deactivated at the provider loses access at the next refresh", async ({ page }) => {
  const org = await seedSsoOrg(idp, { shape: "keycloak" });
  const email = `leaver@${org.domain}`;
  await idp.addUser({ email, roles: [] });
  await startSsoLogin(page, email);
  await signInAtIdp(page, email);
  await expect(page).toHaveURL(orgHome(org.orgId));
  const userId = (await sso.user(email))!.id;

  await idp.deactivate(email);
  // Still valid until the access token expires...
  await page.goto("/account");
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  // ...then the refresh is refused and the session ends.
  const [session] = await sso.sessions(userId);
  await sso.expireAccessToken(session!.id);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login$/);
  const [ended] = await sso.sessions(userId);
  expect(ended!.revokedAt).not.toBeNull();
});

test("test sign-in leaves the admin's session alone; require SSO then refuses passwords except break-glass", async ({ page, context }) => {
  test.setTimeout(120_000);
  const org = await seedSsoOrg(idp, {
    shape: "okta",
    mappings: { attributeRoleMappings: [{ attributeType: "group", attributeValue: "Gatehouse Admins", role: "admin" }, { attributeType: "user", attributeValue: "*", role: "member" }] },
  });
  const owner = await seedBreakGlassOwner(org);
  const member = await seedPasswordMember(org);
  const tester = `tess@${org.domain}`;
  await idp.addUser({ email: tester, groups: ["Everyone"] });

  // The break-glass owner signs in with a password + TOTP ("Sign in with a password instead": the domain uses SSO).
  const login = new LoginPage(page);
  await login.goto();
  await page.getByRole("button", { name: "Sign in with a password instead" }).click();
  await login.submitPassword(owner.email, owner.password);
  const firstCode = totpCode(owner.totpSecret);
  await login.submitCode(firstCode);
  await expect(page).toHaveURL(orgHome(org.orgId));

  // Require SSO is refused before a test sign-in.
  await expect(enforce(org, true)).rejects.toThrow(/test sign-in/);

  // Test sign-in in a new window, as someone else at the provider.
  const popup = await context.newPage();
  await popup.goto(`/orgs/${org.orgId}/sso/test`);
  await signInAtIdp(popup, tester);
  await expect(popup).toHaveURL(new RegExp(`/orgs/${org.orgId}/sso\\?test=done$`));
  // The one-time test marker is gone: the next sign-in in this browser is a real one.
  expect((await context.cookies()).map((c) => c.name)).not.toContain("gh_sso_test");
  const conn = (await sso.connection(org.orgId))!;
  expect(conn.testSignInEmail).toBe(tester);
  expect(conn.lastTestResult).toMatchObject({ ok: true, email: tester, role: "member", countsForEnforcement: true });
  expect(await sso.user(tester)).toBeNull();
  // The admin is still themselves.
  await page.goto("/account");
  await expect(page.getByText(`Signed in as ${owner.email}`)).toBeVisible();
  expect(await sso.sessions(owner.userId)).toHaveLength(1);

  // A member already signed in with a password before the switch...
  const before = await context.browser()!.newContext();
  const memberPage = await before.newPage();
  const memberLogin = new LoginPage(memberPage);
  await memberLogin.goto();
  await memberPage.getByRole("button", { name: "Sign in with a password instead" }).click();
  await memberLogin.submitPassword(member.email, member.password);
  await expect(memberPage).toHaveURL(orgHome(org.orgId));

  const status = await enforce(org, true);
  // ...loses that session at once (the break-glass owner keeps theirs).
  expect(status.sessionsEnded).toBe(1);
  await memberPage.goto(`/orgs/${org.orgId}`);
  await expect(memberPage).toHaveURL(/\/login/);
  await before.close();
  await page.goto("/account");
  await expect(page.getByText(`Signed in as ${owner.email}`)).toBeVisible();
  const [memberSession] = await sso.sessions(member.userId);
  expect(memberSession!.revokedAt).not.toBeNull();

  // A member's password sign-in is refused with a pointer to SSO...
  const other = await context.browser()!.newContext();
  const page2 = await other.newPage();
  const login2 = new LoginPage(page2);
  await login2.goto();
  await page2.getByRole("button", { name: "Sign in with a password instead" }).click();
  await login2.submitPassword(member.email, member.password);
  await expect(login2.error).toContainText("requires single sign-on");
  expect((await sso.sessions(member.userId)).filter((s) => !s.revokedAt)).toHaveLength(0);

  // ...while the break-glass owner still gets in with password + TOTP.
  await page2.getByRole("button", { name: "Use a different email" }).click();
  await page2.getByRole("button", { name: "Sign in with a password instead" }).click();
  await login2.submitPassword(owner.email, owner.password);
  // A TOTP code is good once: wait for the authenticator's next one.
  await expect.poll(() => totpCode(owner.totpSecret), { timeout: 35_000, intervals: [1000] }).not.toBe(firstCode);
  await login2.submitCode(totpCode(owner.totpSecret));
  await expect(page2).toHaveURL(orgHome(org.orgId));
  await other.close();
});
