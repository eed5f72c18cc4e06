import { expect, test, type Page } from "@playwright/test";
import { APP_URL, SsoIdp, SSO_ISSUER, seedBreakGlassOwner, seedSsoOrg, signInAtIdp, sso, startSsoLogin, type SsoOrg } from "../fixtures/sso";
import { E2E_PASSWORD, E2E_TOTP_SECRET, totpCode, uniqueTag } from "../fixtures/seed";
import { LoginPage } from "../pages/login-page";
import { ensureBootstrap } from "@/lib/bootstrap/service";
import { addMember, createOrg, createUser } from "@/lib/db/testing/fixtures";
import { ssoRows } from "@/lib/db/testing/sso-fixtures";
import { redirectUriFor } from "@/lib/sso/runtime";

// Governance → SSO (issue #4, phase 2): configure, verify, map, preview, test, enforce, read failures.

const SHOTS = process.env.E2E_SCREENSHOTS_DIR;
let idp: SsoIdp;
test.beforeAll(async () => {
  idp = await SsoIdp.start();
});
test.afterAll(async () => {
  await idp?.stop();
});

async function signInAsOwner(page: Page, owner: { email: string; password: string; totpSecret: string }) {
  const login = new LoginPage(page);
  await login.goto();
  await page.getByRole("button", { name: "Sign in with a password instead" }).click();
  await login.submitPassword(owner.email, owner.password);
  await login.submitCode(totpCode(owner.totpSecret));
  await expect(page).toHaveURL(/\/orgs\/[0-9a-f-]{36}$/);
}

test("an owner configures SSO from scratch: provider-specific fields validated as you type, Verify reports each check", async ({ page }) => {
  await ensureBootstrap();
  const tag = uniqueTag();
  const org = await createOrg(`Portal SSO ${tag}`);
  const domain = `portal-${tag}.sso.test`;
  await ssoRows.verifiedDomain(org.id, domain);
  const owner = await createUser({ email: `owner@${domain}`, password: E2E_PASSWORD, mfaSecret: E2E_TOTP_SECRET });
  await addMember(org.id, owner.id, "owner");
  const clientId = `okta-${org.id.slice(0, 8)}`;
  await idp.registerClient({ client_id: clientId, client_secret: "portal-secret", redirect_uri: redirectUriFor(APP_URL, org.id), shape: "okta" });

  await signInAsOwner(page, { email: `owner@${domain}`, password: E2E_PASSWORD, totpSecret: E2E_TOTP_SECRET });
  await page.goto(`/orgs/${org.id}/sso`);
  const form = page.getByRole("form", { name: "SSO provider" });
  await expect(form.getByLabel("Provider")).toHaveValue("okta");

  // Provider-specific fields follow the dropdown; errors show while typing.
  await form.getByLabel("Provider").selectOption("keycloak");
  await expect(form.getByLabel("Realm")).toBeVisible();
  await form.getByLabel("Server URL").fill("https://kc.example/realms/acme");
  await expect(form.getByText("serverUrl is the server's base URL without /realms")).toBeVisible();
  await form.getByLabel("Provider").selectOption("entra");
  await expect(form.getByLabel("Cloud")).toBeVisible();
  await form.getByLabel("Provider").selectOption("okta");

  await form.getByLabel("Issuer URL").fill(SSO_ISSUER);
  await form.getByLabel("Client ID").fill(clientId);
  await form.getByLabel("Client secret").fill("portal-secret");
  await form.getByRole("button", { name: "Add role rule" }).click();
  await form.getByLabel("Role rule 1: match").selectOption("user");
  await form.getByLabel("Role rule 1: value").fill("*");
  await form.getByLabel("Role rule 1: role").fill("member");
  await form.getByRole("button", { name: "Save provider" }).click();
  await expect(page.getByText("The provider configuration was saved")).toBeVisible();
  const conn = (await ssoRows.connection(org.id))!;
  expect(conn.provider).toBe("okta");
  expect(JSON.stringify(conn)).not.toContain("portal-secret");

  await page.getByRole("button", { name: "Verify", exact: true }).click();
  const checks = page.getByRole("list", { name: "Verification checks" });
  await expect(checks.getByRole("listitem")).toHaveCount(5);
  await expect(checks.getByTitle("failed")).toHaveCount(0);
  await expect(page.getByText("Verified", { exact: true })).toBeVisible();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/sso-configured.png`, fullPage: true });
});

test("mapping editor: reorder role rules, preview who would change before saving, then confirm", async ({ page, browser }) => {
  const org = await seedSsoOrg(idp, {
    shape: "okta",
    mappings: {
      attributeRoleMappings: [{ attributeType: "user", attributeValue: "*", role: "member" }],
      attributeTeamMappings: [{ attributeType: "group", attributeValue: "Engineering", team: "Platform" }],
    },
  });
  const owner = await seedBreakGlassOwner(org);
  // Two people have signed in through SSO (their claims are what the preview re-evaluates).
  for (const [email, groups] of [[`eve@${org.domain}`, ["Engineering"]], [`oli@${org.domain}`, ["Ops"]]] as const) {
    await idp.addUser({ email, groups: [...groups] });
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    await startSsoLogin(p, email);
    await signInAtIdp(p, email);
    await expect(p).toHaveURL(new RegExp(`/orgs/${org.orgId}$`));
    await ctx.close();
  }

  await signInAsOwner(page, owner);
  await page.goto(`/orgs/${org.orgId}/sso`);
  const form = page.getByRole("form", { name: "SSO provider" });
  // Suggestions from the sign-ins: the groups claim values are offered.
  await expect(page.locator("datalist#sso-groups option[value=Ops]")).toHaveCount(1);

  await form.getByRole("button", { name: "Add role rule" }).click();
  await form.getByLabel("Role rule 2: match").selectOption("group");
  await form.getByLabel("Role rule 2: value").fill("Ops");
  await form.getByLabel("Role rule 2: role").fill("admin");
  // "*" must be last: the schema says so while typing...
  await expect(form.getByText('"*" is the fallback and must be the last role rule')).toBeVisible();
  // ...and moving the new rule up fixes it.
  await form.getByRole("button", { name: "Move Role rule 2 up" }).click();
  await expect(form.getByText('"*" is the fallback and must be the last role rule')).toHaveCount(0);
  await expect(form.getByLabel("Role rule 1: value")).toHaveValue("Ops");

  await form.getByRole("button", { name: "Save changes" }).click();
  const preview = page.getByRole("region", { name: "Mapping preview" });
  await expect(preview.getByText("1 of 2 SSO members would change")).toBeVisible();
  await expect(preview.getByRole("row", { name: new RegExp(`oli@${org.domain}`) })).toContainText("member → admin");
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/sso-preview.png`, fullPage: true });
  // Nothing saved yet: the stored rules are still the old ones.
  expect((await ssoRows.mappings(org.orgId))!.attributeRoleMappings).toHaveLength(1);
  await form.getByRole("button", { name: "Confirm and save" }).click();
  await expect(page.getByText("The provider configuration was saved")).toBeVisible();
  await expect(form.getByLabel("Role rule 1: value")).toHaveValue("Ops");
  expect((await ssoRows.mappings(org.orgId))!.attributeRoleMappings).toEqual([
    { attributeType: "group", attributeValue: "Ops", role: "admin" },
    { attributeType: "user", attributeValue: "*", role: "member" },
  ]);
});

test("test sign-in result, require SSO with its preconditions, and the failures table", async ({ page, context }) => {
  const org: SsoOrg = await seedSsoOrg(idp, {
    shape: "okta",
    mappings: {
      attributeRoleMappings: [{ attributeType: "group", attributeValue: "Gatehouse Admins", role: "admin" }],
      attributeTeamMappings: [{ attributeType: "group", attributeValue: "Engineering", team: "Platform" }],
    },
  });
  const owner = await seedBreakGlassOwner(org);
  const tester = `tina@${org.domain}`;
  const denied = `dan@${org.domain}`;
  await idp.addUser({ email: tester, groups: ["Gatehouse Admins", "Engineering"] });
  await idp.addUser({ email: denied, groups: ["Sales"] });

  await signInAsOwner(page, owner);
  await page.goto(`/orgs/${org.orgId}/sso`);
  await expect(page.getByRole("button", { name: "Require SSO" })).toBeDisabled();

  // An admin-mapped test does not count...
  const [popup] = await Promise.all([context.waitForEvent("page"), page.getByRole("link", { name: "Test sign-in" }).click()]);
  await signInAtIdp(popup, tester);
  await expect(popup.getByText("Test sign-in finished")).toBeVisible();
  await expect(popup.getByTestId("test-role")).toHaveText("admin");
  await expect(popup.getByTestId("test-teams")).toHaveText("Platform");
  await popup.close();
  await page.getByRole("button", { name: "Refresh result" }).click();
  await expect(page.getByTestId("test-role")).toHaveText("admin");
  await expect(page.getByRole("button", { name: "Require SSO" })).toBeDisabled();

  // ...a denied one shows why (and lands in the failures table with its trace id).
  const [popup2] = await Promise.all([context.waitForEvent("page"), page.getByRole("link", { name: "Test sign-in" }).click()]);
  await signInAtIdp(popup2, denied);
  await expect(popup2.getByText("Would be refused")).toBeVisible();
  await popup2.close();

  // A non-admin test: add a fallback rule through the API-equivalent service, then test again.
  await ssoRows.setMappings(org.orgId, {
    attributeRoleMappings: [{ attributeType: "group", attributeValue: "Gatehouse Admins", role: "admin" }, { attributeType: "user", attributeValue: "*", role: "member" }],
  });
  const [popup3] = await Promise.all([context.waitForEvent("page"), page.getByRole("link", { name: "Test sign-in" }).click()]);
  await signInAtIdp(popup3, denied);
  await expect(popup3.getByTestId("test-role")).toHaveText("member");
  await popup3.close();

  await page.reload();
  await expect(page.getByText("Counts for “require SSO”")).toBeVisible();
  // The owner is a break-glass account: their password session is not among those the switch ends.
  await expect(page.getByText("Turning this on ends 0 sessions of members")).toBeVisible();
  await page.getByRole("button", { name: "Require SSO" }).click();
  await expect(page.getByText("Required", { exact: true })).toBeVisible();
  await expect(page.getByRole("status")).toHaveText("Single sign-on is now required. 0 sessions ended.");
  expect((await sso.connection(org.orgId))!.requireSso).toBe(true);

  const failures = page.getByRole("table", { name: "Recent SSO failures" });
  await expect(failures.getByRole("row")).toHaveCount(2); // header + the denied test
  await expect(failures).toContainText("no-mapping");
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/sso-enforced.png`, fullPage: true });
  await page.getByRole("button", { name: "Stop requiring SSO" }).click();
  await expect(page.getByText("Optional", { exact: true })).toBeVisible();
});
