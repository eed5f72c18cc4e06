import { expect, type Locator, type Page } from "@playwright/test";

/** /login: the email-first step (SSO routing), the email + password step, then the two-factor step for TOTP users. */
export class LoginPage {
  readonly heading: Locator;
  readonly email: Locator;
  readonly password: Locator;
  readonly signInButton: Locator;
  readonly continueButton: Locator;
  readonly code: Locator;
  readonly verifyButton: Locator;
  readonly mfaHeading: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: "Sign in to Gatehouse" });
    this.email = page.getByLabel("Email", { exact: true });
    this.password = page.getByLabel("Password", { exact: true });
    this.signInButton = page.getByRole("button", { name: "Sign in", exact: true });
    this.continueButton = page.getByRole("button", { name: "Continue" });
    this.code = page.getByLabel("Authentication code");
    this.verifyButton = page.getByRole("button", { name: "Verify" });
    this.mfaHeading = page.getByRole("heading", { name: "Two-factor authentication" });
    // Next.js renders an empty role="alert" route announcer on every page: skip it.
    this.error = page.locator("[role=alert]:not(#__next-route-announcer__)");
  }

  async goto() {
    await this.page.goto("/login");
    await expect(this.heading).toBeVisible();
  }

  async submitPassword(email: string, password: string) {
    await this.email.fill(email);
    // Email first: a domain without SSO continues to the password step.
    if (!(await this.password.isVisible())) {
      await this.continueButton.click();
      await expect(this.password).toBeVisible();
      await this.email.fill(email);
    }
    await this.password.fill(password);
    await this.signInButton.click();
  }

  async submitCode(code: string) {
    await this.code.fill(code);
    await this.verifyButton.click();
  }
}
