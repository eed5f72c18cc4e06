import { expect, type Locator, type Page } from "@playwright/test";

/** /account/security: TOTP enrolment (QR code + "Secret key"), recovery codes, turning MFA off. */
export class SecurityPage {
  readonly heading: Locator;
  readonly enrolmentRequired: Locator;
  readonly qrCode: Locator;
  readonly secretKey: Locator;
  readonly code: Locator;
  readonly turnOnButton: Locator;
  readonly recoveryCodes: Locator;
  readonly continueButton: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1, name: "Security" });
    this.enrolmentRequired = page.getByText("Set up two-factor authentication to continue");
    this.qrCode = page.getByRole("img", { name: /QR code/ });
    this.secretKey = page.getByLabel("Secret key");
    this.code = page.getByLabel("6-digit code");
    this.turnOnButton = page.getByRole("button", { name: "Turn on two-factor authentication" });
    this.recoveryCodes = page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
    this.continueButton = page.getByRole("link", { name: "I have saved my codes, continue" });
    this.error = page.locator("[role=alert]:not(#__next-route-announcer__)");
  }

  async secret(): Promise<string> {
    return ((await this.secretKey.textContent()) ?? "").replace(/\s/g, "");
  }

  async confirm(code: string) {
    await this.code.fill(code);
    await this.turnOnButton.click();
  }
}

/** /account/sessions: the signed-in devices with revoke buttons. */
export class SessionsPage {
  readonly heading: Locator;
  readonly rows: Locator;
  readonly signOutOthers: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: "Where you're signed in" });
    this.rows = page.getByRole("table", { name: "Your active sessions" }).locator("tbody tr");
    this.signOutOthers = page.getByRole("button", { name: "Sign out all other sessions" });
  }

  async goto() {
    await this.page.goto("/account/sessions");
    await expect(this.heading).toBeVisible();
  }

  currentRow() {
    return this.rows.filter({ hasText: "This device" });
  }
  otherRows() {
    return this.rows.filter({ hasNotText: "This device" });
  }

  async revoke(row: Locator) {
    await row.getByRole("button", { name: /Revoke|Sign out/ }).click();
    const dialog = this.page.getByRole("dialog");
    await dialog.getByRole("button", { name: /Revoke|Sign out/ }).click();
    await expect(dialog).toBeHidden();
  }
}

/** The account menu in the portal header (h4's layout): "Sign out" is a POST server action. */
export async function signOutFromMenu(page: Page) {
  await page.getByRole("button", { name: "Account menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).or(page.getByRole("button", { name: "Sign out" })).first().click();
  await expect(page).toHaveURL(/\/login/);
}
