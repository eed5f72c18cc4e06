import { expect, test } from "@playwright/test";
import { ENTRA_TENANTS, SsoIdp, seedEntraCommonOrg, signInAtIdp, sso, startSsoLogin } from "../fixtures/sso";

// Issue #4, Microsoft Entra multi-tenant: a connection with tenantId "common" against oidc-provider shaped
// like Entra's common endpoint (e2e/fixtures/idp-orgs.mjs): each tenant is its own issuer
// https://login.microsoftonline.com/<tid>/v2.0, tokens carry `tid`, and the authorization response's
// RFC 9207 `iss` names the user's tenant, not the {tenantid} template Auth.js is configured with.

let idp: SsoIdp;
test.beforeAll(async () => {
  idp = await SsoIdp.start();
});
test.afterAll(async () => {
  await idp?.stop();
});

const [TENANT_A, TENANT_B] = ENTRA_TENANTS;
const tenantIssuer = (tid: string) => `https://login.microsoftonline.com/${tid}/v2.0`;

test("tenantId common: a user of an allowed tenant signs in; a user of another tenant is refused with a clear, traced page", async ({ page, browser }) => {
  const org = await seedEntraCommonOrg(idp, {
    allowedTenants: [TENANT_A],
    mappings: { attributeRoleMappings: [{ attributeType: "user", attributeValue: "*", role: "member" }] },
  });
  const erin = `erin@${org.domain}`;
  await idp.addUser({ email: erin, name: "Erin Entra", tenant: TENANT_A, roles: ["admin"] }); // an Entra app role naming a Gatehouse role

  // The authorization response comes back with iss=<tenant A's issuer> (oidc-provider sends RFC 9207 iss).
  const callbacks: string[] = [];
  page.on("request", (r) => r.url().includes("/api/auth/callback/") && callbacks.push(r.url()));
  await startSsoLogin(page, erin);
  await signInAtIdp(page, erin, { under: `/entra/${TENANT_A}` });
  await expect(page).toHaveURL(new RegExp(`/orgs/${org.orgId}$`));
  expect(new URL(callbacks[0]!).searchParams.get("iss")).toBe(tenantIssuer(TENANT_A));
  await page.goto("/account");
  await expect(page.getByText(`Signed in as ${erin}`)).toBeVisible();

  const user = (await sso.user(erin))!;
  expect(await sso.membership(org.orgId, user.id)).toMatchObject({ role: "admin", source: "sso" });
  const [session] = await sso.sessions(user.id);
  expect(session).toMatchObject({ source: "sso", ssoOrgId: org.orgId, revokedAt: null });
  expect(await sso.failures(org.orgId)).toHaveLength(0);

  // Someone whose directory is tenant B (with an email on this organization's domain) is turned away.
  const yves = `yves@${org.domain}`;
  await idp.addUser({ email: yves, tenant: TENANT_B });
  const other = await browser.newContext();
  const page2 = await other.newPage();
  await startSsoLogin(page2, yves);
  await signInAtIdp(page2, yves, { under: `/entra/${TENANT_B}` });
  await expect(page2).toHaveURL(/\/login\/error\?trace=/);
  await expect(page2.getByRole("heading", { name: "Sign-in failed" })).toBeVisible();
  await expect(page2.getByRole("main").getByRole("alert")).toContainText("Microsoft Entra directory (tenant) is not allowed");
  const trace = await page2.getByTestId("trace-id").textContent();
  await other.close();

  const failures = await sso.failures(org.orgId);
  expect(failures.map((f) => [f.reason, f.traceId])).toEqual([["tenant-not-allowed", trace]]);
  expect(failures[0]!.detail).toContain(TENANT_B);
  expect(await sso.user(yves)).toBeNull();
});

test("tenantId common without an allow-list: users of either tenant sign in, each with their own tenant's issuer", async ({ browser }) => {
  const org = await seedEntraCommonOrg(idp, { mappings: { attributeRoleMappings: [{ attributeType: "user", attributeValue: "*", role: "member" }] } });
  for (const tid of ENTRA_TENANTS) {
    const email = `user-${tid.slice(0, 4)}@${org.domain}`;
    await idp.addUser({ email, tenant: tid });
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await startSsoLogin(page, email);
    await signInAtIdp(page, email, { under: `/entra/${tid}` });
    await expect(page).toHaveURL(new RegExp(`/orgs/${org.orgId}$`));
    await ctx.close();
    const user = (await sso.user(email))!;
    expect(await sso.membership(org.orgId, user.id)).toMatchObject({ role: "member", source: "sso" });
  }
  expect(await sso.failures(org.orgId)).toHaveLength(0);
});
