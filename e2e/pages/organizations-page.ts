import { expect, type Locator, type Page } from "@playwright/test";
import { totpCode, type SeededAccount } from "../fixtures/seed";
import { LoginPage } from "./login-page";

/** Signs in through /login (email + password, then the TOTP step when the account has MFA). */
export async function signIn(page: Page, account: Pick<SeededAccount, "email" | "password" | "totpSecret">) {
  const login = new LoginPage(page);
  await login.goto();
  await login.submitPassword(account.email, account.password);
  if (account.totpSecret) {
    await expect(login.mfaHeading).toBeVisible();
    await login.submitCode(totpCode(account.totpSecret));
  }
  await expect(page).not.toHaveURL(/\/login/);
}

/** /orgs: the organizations table, search, status filter, pagination and the create dialog. */
export class OrganizationsPage {
  readonly heading: Locator;
  readonly newOrganizationButton: Locator;
  readonly search: Locator;
  readonly table: Locator;
  readonly pagination: Locator;
  readonly summary: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1, name: "Organizations" });
    this.newOrganizationButton = page.getByRole("button", { name: "New organization" });
    this.search = page.getByRole("searchbox", { name: "Search organizations" });
    this.table = page.getByRole("table", { name: "Organizations" });
    this.pagination = page.getByRole("navigation", { name: "Pagination" });
    this.summary = page.getByText(/^Showing \d+–\d+ of \d+$|^No results$/);
  }

  async goto() {
    await this.page.goto("/orgs");
    await expect(this.heading).toBeVisible();
  }

  /** Body rows (the header row excluded). */
  rows(): Locator {
    return this.table.locator("tbody tr");
  }

  link(name: string): Locator {
    return this.table.getByRole("link", { name, exact: true });
  }

  row(name: string): Locator {
    // `has` is evaluated inside each row, so the inner locator must not start from the table.
    return this.rows().filter({ has: this.page.getByRole("link", { name, exact: true }) });
  }

  async searchFor(text: string) {
    await this.search.fill(text);
    await expect(this.page).toHaveURL(text ? new RegExp(`[?&]search=${encodeURIComponent(text).replace(/%20/g, "(\\+|%20)")}`) : /\/orgs$/);
  }

  async gotoPage(n: number) {
    await this.pagination.getByRole("link", { name: `Page ${n}` }).click();
    await expect(this.pagination.locator('[aria-current="page"]')).toHaveText(String(n));
  }

  async openCreateDialog(): Promise<CreateOrganizationDialog> {
    await this.newOrganizationButton.click();
    const dialog = new CreateOrganizationDialog(this.page);
    await expect(dialog.root).toBeVisible();
    return dialog;
  }

  async open(name: string): Promise<OrganizationPage> {
    await this.link(name).click();
    const org = new OrganizationPage(this.page);
    await expect(org.heading(name)).toBeVisible();
    return org;
  }
}

export class CreateOrganizationDialog {
  readonly root: Locator;
  readonly name: Locator;
  readonly slug: Locator;
  readonly domain: Locator;
  readonly submit: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByRole("dialog", { name: "New organization" });
    this.name = this.root.getByLabel("Name");
    this.slug = this.root.getByLabel("Slug");
    this.domain = this.root.getByLabel("Email domain");
    this.submit = this.root.getByRole("button", { name: "Create organization" });
  }
}

/** /orgs/<id> and its Settings tab. */
export class OrganizationPage {
  readonly tabs: Locator;
  readonly inactiveBanner: Locator;

  constructor(readonly page: Page) {
    this.tabs = page.getByRole("navigation", { name: "Organization sections" });
    this.inactiveBanner = page.getByText("This organization is inactive");
  }

  heading(name: string): Locator {
    return this.page.getByRole("heading", { level: 1, name });
  }

  /** The status badge next to the organization's name (the first Active/Inactive on the page). */
  statusBadge(): Locator {
    return this.page.getByRole("main").getByText(/^(Active|Inactive)$/).first();
  }

  async openTab(label: string) {
    await this.tabs.getByRole("link", { name: label, exact: true }).click();
    await expect(this.tabs.getByRole("link", { name: label, exact: true })).toHaveAttribute("aria-current", "page");
  }

  get editButton() {
    return this.page.getByRole("button", { name: "Edit details" });
  }
  get deactivateButton() {
    return this.page.getByRole("button", { name: "Deactivate", exact: true });
  }
  get reactivateButton() {
    return this.page.getByRole("button", { name: "Reactivate", exact: true });
  }
  get deleteButton() {
    return this.page.getByRole("button", { name: "Delete organization" });
  }

  editDialog(): Locator {
    return this.page.getByRole("dialog", { name: "Edit organization" });
  }

  confirmDialog(title: RegExp | string): Locator {
    return this.page.getByRole("dialog", { name: title });
  }
}
