import { expect, type Locator, type Page } from "@playwright/test";

/** /global: provider-wide settings (configs, OAuth connections, global roles, platform API keys). */
export class GlobalPage {
  readonly heading: Locator;
  readonly rolesTable: Locator;
  readonly newRoleButton: Locator;
  readonly keysTable: Locator;
  readonly newKeyButton: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1, name: "Global settings" });
    this.rolesTable = page.getByRole("table", { name: "Global roles" });
    this.newRoleButton = page.getByRole("button", { name: "New global role" });
    this.keysTable = page.getByRole("table", { name: "API keys" });
    this.newKeyButton = page.getByRole("button", { name: "New platform key" });
  }

  async goto() {
    await this.page.goto("/global");
    await expect(this.heading).toBeVisible();
  }

  roleRow(name: string) {
    return this.rolesTable.getByRole("row").filter({ has: this.page.getByText(name, { exact: true }) });
  }

  keyRow(name: string) {
    return this.keysTable.getByRole("row").filter({ has: this.page.getByText(name, { exact: true }) });
  }

  roleDialog(title: string | RegExp = "New role") {
    return this.page.getByRole("dialog", { name: title });
  }

  keyDialog() {
    return this.page.getByRole("dialog", { name: "New platform key" });
  }

  secretDialog() {
    return this.page.getByRole("dialog", { name: "Copy your API key now" });
  }
}
