import { expect, test } from "@playwright/test";
import { OrganizationPage, OrganizationsPage, signIn } from "../pages/organizations-page";
import { createOrg, providerOrg } from "@/lib/db/testing/fixtures";
import { seedAccount, uniqueTag } from "../fixtures/seed";

// Owners and admins are seeded with TOTP enrolled (they must have it to act); sign-in computes the code.
async function seedOrganizations(prefix: string, count: number) {
  for (let i = 1; i <= count; i++) await createOrg(`${prefix} ${String(i).padStart(2, "0")}`);
}

test("a provider owner creates, finds, edits, deactivates, reactivates and deletes an organization", async ({ page }) => {
  const tag = uniqueTag();
  const owner = await seedAccount({ role: "owner", mfa: true, provider: true, tag });
  const batch = `Zeta ${tag}`;
  await seedOrganizations(batch, 22);
  await signIn(page, owner);

  const orgs = new OrganizationsPage(page);
  await orgs.goto();

  // Create through the dialog; the slug is validated as it is typed.
  const name = `Wayne ${tag}`;
  const dialog = await orgs.openCreateDialog();
  await dialog.name.fill(name);
  await dialog.slug.pressSequentially("Wayne Ent!");
  await expect(dialog.root.getByText("Use lower-case letters, digits and single hyphens")).toBeVisible();
  await expect(dialog.slug).toHaveAttribute("aria-invalid", "true");
  await dialog.slug.fill(`wayne-${tag}`);
  await expect(dialog.root.getByText("Use lower-case letters, digits and single hyphens")).toBeHidden();
  await dialog.domain.fill(`wayne-${tag}.example.test`);
  await dialog.submit.click();
  const org = new OrganizationPage(page);
  await expect(org.heading(name)).toBeVisible();
  await expect(page).toHaveURL(/\/orgs\/[0-9a-f-]{36}$/);
  await expect(page.getByText(`wayne-${tag}`, { exact: true }).first()).toBeVisible();

  // Search and paginate (20 a page).
  await orgs.goto();
  await orgs.searchFor(batch);
  await expect(orgs.rows()).toHaveCount(20);
  await expect(orgs.summary).toHaveText("Showing 1–20 of 22");
  await orgs.gotoPage(2);
  await expect(orgs.rows()).toHaveCount(2);
  await expect(orgs.link(`${batch} 22`)).toBeVisible();
  await expect(page).toHaveURL(/page=2/);

  // A search with no match says what to do next.
  await orgs.searchFor(`nothing-${tag}`);
  await expect(page.getByText(`No organizations match “nothing-${tag}”`)).toBeVisible();

  // Open it and edit it.
  await orgs.searchFor(name);
  await expect(orgs.rows()).toHaveCount(1);
  await expect(orgs.row(name).getByText("Active")).toBeVisible();
  await orgs.open(name);
  await org.openTab("Settings");
  await org.editButton.click();
  const edit = org.editDialog();
  const renamed = `${name} Renamed`;
  await edit.getByLabel("Name").fill(renamed);
  await edit.getByLabel("Email domain").fill("");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit).toBeHidden();
  await expect(org.heading(renamed)).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: "Not set" })).toBeVisible();

  // Deactivate: the badge turns Inactive and the banner appears; reactivate restores it.
  await org.deactivateButton.click();
  await org.confirmDialog(`Deactivate ${renamed}?`).getByRole("button", { name: "Deactivate organization" }).click();
  await expect(org.statusBadge()).toHaveText("Inactive");
  await expect(org.inactiveBanner).toBeVisible();
  await org.reactivateButton.click();
  await org.confirmDialog(`Reactivate ${renamed}?`).getByRole("button", { name: "Reactivate organization" }).click();
  await expect(org.statusBadge()).toHaveText("Active");
  await expect(org.inactiveBanner).toBeHidden();

  // Delete needs the exact name typed.
  await org.deleteButton.click();
  const confirm = org.confirmDialog(`Delete ${renamed}?`);
  const deleteForever = confirm.getByRole("button", { name: "Delete permanently" });
  await expect(deleteForever).toBeDisabled();
  await confirm.getByLabel(/to confirm/).fill(renamed.toLowerCase());
  await expect(deleteForever).toBeDisabled();
  await confirm.getByLabel(/to confirm/).fill(renamed);
  await expect(deleteForever).toBeEnabled();
  await deleteForever.click();
  await expect(page).toHaveURL(/\/orgs$/);
  await orgs.searchFor(renamed);
  await expect(page.getByText(`No organizations match “${renamed}”`)).toBeVisible();
});

test("a customer admin sees only their organization and cannot create, deactivate or delete", async ({ page }) => {
  const tag = uniqueTag();
  const admin = await seedAccount({ role: "admin", mfa: true, tag });
  const other = await createOrg(`Globex ${tag}`);
  await signIn(page, admin);

  const orgs = new OrganizationsPage(page);
  await orgs.goto();
  await expect(orgs.newOrganizationButton).toHaveCount(0);
  await expect(orgs.rows()).toHaveCount(1);
  await expect(orgs.link(admin.orgName)).toBeVisible();
  await orgs.searchFor(`Globex ${tag}`);
  await expect(orgs.link(`Globex ${tag}`)).toHaveCount(0);

  // Another organization's pages do not exist for them.
  const res = await page.goto(`/orgs/${other.id}`);
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: `Globex ${tag}` })).toHaveCount(0);

  // Their own settings: they may edit, but status and deletion are not theirs.
  await page.goto(`/orgs/${admin.orgId}/settings`);
  const org = new OrganizationPage(page);
  await expect(org.heading(admin.orgName)).toBeVisible();
  await expect(org.editButton).toBeVisible();
  await expect(org.deactivateButton).toHaveCount(0);
  await expect(org.deleteButton).toHaveCount(0);
});

test("the provider organization is starred and offers no delete", async ({ page }) => {
  const tag = uniqueTag();
  const owner = await seedAccount({ role: "owner", mfa: true, provider: true, tag });
  const provider = await providerOrg();
  await signIn(page, owner);

  const orgs = new OrganizationsPage(page);
  await orgs.goto();
  await orgs.searchFor(provider.slug);
  await expect(orgs.row(provider.name).getByRole("img", { name: "Provider organization" })).toBeVisible();

  await page.goto(`/orgs/${provider.id}/settings`);
  const org = new OrganizationPage(page);
  await expect(org.heading(provider.name)).toBeVisible();
  await expect(page.getByText("The provider organization is always active and cannot be deleted.")).toBeVisible();
  await expect(org.deleteButton).toHaveCount(0);
  await expect(org.deactivateButton).toHaveCount(0);
});
