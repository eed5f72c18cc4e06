import { expect, test } from "@playwright/test";
import { LoginPage } from "../pages/login-page";
import { SecurityPage, SessionsPage, signOutFromMenu } from "../pages/account-page";
import { activeSessions, clearSeededLoginFailures, seedAccount, totpCode } from "../fixtures/seed";

const SHOTS = process.env.E2E_SCREENSHOTS_DIR;
const orgUrl = (orgId: string) => new RegExp(`/orgs/${orgId}$`);

test.beforeEach(async () => {
  await clearSeededLoginFailures();
});

test("a member signs in with a password, lands in their organization and signs out", async ({ page }) => {
  const member = await seedAccount({ role: "member" });
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  const login = new LoginPage(page);
  await expect(login.heading).toBeVisible();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/login.png`, fullPage: true });

  await login.submitPassword(member.email, member.password);
  await expect(page).toHaveURL(orgUrl(member.orgId));
  expect(await activeSessions(member.userId)).toHaveLength(1);

  await page.goto("/account");
  await expect(page.getByText(`Signed in as ${member.email}`)).toBeVisible();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/account.png`, fullPage: true });

  await signOutFromMenu(page);
  expect(await activeSessions(member.userId)).toHaveLength(0);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login$/);
});

test("an owner without MFA must enrol, then signs in with a TOTP code", async ({ page }) => {
  const owner = await seedAccount({ role: "owner" });
  const login = new LoginPage(page);
  await login.goto();
  await login.submitPassword(owner.email, owner.password);

  const security = new SecurityPage(page);
  await expect(page).toHaveURL(/\/account\/security\?enrol=1$/);
  await expect(security.enrolmentRequired).toBeVisible();
  await expect(security.qrCode).toBeVisible();
  // Every other page sends them back here until they enrol.
  await page.goto(`/orgs/${owner.orgId}`);
  await expect(page).toHaveURL(/\/account\/security\?enrol=1$/);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/security-enrol.png`, fullPage: true });

  const secret = await security.secret();
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await security.confirm("000000" === totpCode(secret) ? "111111" : "000000");
  await expect(page.getByText("That code is not valid")).toBeVisible();
  await security.confirm(totpCode(secret));
  await expect(security.recoveryCodes).toHaveCount(10);
  const recovery = (await security.recoveryCodes.allTextContents()).map((c) => c.trim());
  for (const c of recovery) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/security-codes.png`, fullPage: true });
  await security.continueButton.click();
  await expect(page).toHaveURL(orgUrl(owner.orgId));

  await signOutFromMenu(page);

  // Second sign-in: the password alone is not enough.
  await login.goto();
  await login.submitPassword(owner.email, owner.password);
  await expect(login.mfaHeading).toBeVisible();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/login-mfa.png`, fullPage: true });
  await login.submitCode("000000" === totpCode(secret) ? "111111" : "000000");
  await expect(login.error).toContainText("That code is not valid");
  await login.submitCode(totpCode(secret, 1)); // the enrolment code is spent
  await expect(page).toHaveURL(orgUrl(owner.orgId));
  await signOutFromMenu(page);

  // A recovery code works once.
  await login.goto();
  await login.submitPassword(owner.email, owner.password);
  await login.submitCode(recovery[0]!);
  await expect(page).toHaveURL(orgUrl(owner.orgId));
  await page.goto("/account/security");
  await expect(security.heading).toBeVisible();
  await expect(page.getByText("9 left")).toBeVisible();
  await expect(page.getByText("Owners and admins must keep two-factor authentication on.")).toBeVisible();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/security-enrolled.png`, fullPage: true });
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await login.goto();
  await login.submitPassword(owner.email, owner.password);
  await login.submitCode(recovery[0]!);
  await expect(login.error).toContainText("That code is not valid");
});

test("wrong credentials get one clear message; empty fields are explained", async ({ page }) => {
  const member = await seedAccount({ role: "member" });
  const login = new LoginPage(page);
  await login.goto();
  // Email first (SSO routing, issue #4), then the password step.
  await login.continueButton.click();
  await expect(page.getByText("Enter a valid email address")).toBeVisible();
  await login.email.fill(member.email);
  await login.continueButton.click();
  await expect(login.password).toBeVisible();
  await login.signInButton.click();
  await expect(page.getByText("Enter your password")).toBeVisible();

  await login.submitPassword(member.email, "not-the-password");
  await expect(login.error).toHaveText("Incorrect email or password.");
  await expect(login.password).toHaveValue("");
  await login.submitPassword(`nobody-${member.email}`, member.password);
  await expect(login.error).toHaveText("Incorrect email or password.");
  await expect(page).toHaveURL(/\/login$/);
});

test("after five failures even the right password is refused", async ({ page }) => {
  const member = await seedAccount({ role: "member" });
  const login = new LoginPage(page);
  await login.goto();
  for (let i = 1; i <= 5; i++) {
    await login.submitPassword(member.email, `wrong-password-${i}`);
    await expect(login.error).toHaveText("Incorrect email or password.");
    await expect(login.signInButton).toBeEnabled();
  }
  await login.submitPassword(member.email, member.password);
  await expect(login.error).toHaveText("Too many failed sign-in attempts. Try again in 15 minutes.");
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/login-throttled.png`, fullPage: true });
  await expect(page).toHaveURL(/\/login$/);
});

test("revoking a session on the sessions page signs that browser out", async ({ page, browser }) => {
  const member = await seedAccount({ role: "member" });
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  for (const p of [page, otherPage]) {
    const login = new LoginPage(p);
    await login.goto();
    await login.submitPassword(member.email, member.password);
    await expect(p).toHaveURL(orgUrl(member.orgId));
  }

  const sessions = new SessionsPage(page);
  await sessions.goto();
  await expect(sessions.rows).toHaveCount(2);
  await expect(sessions.currentRow()).toHaveCount(1);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/sessions.png`, fullPage: true });
  await sessions.revoke(sessions.otherRows().first());
  await expect(sessions.rows).toHaveCount(1);

  await otherPage.goto("/account");
  await expect(otherPage).toHaveURL(/\/login$/);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/account$/);
  await other.close();
});
