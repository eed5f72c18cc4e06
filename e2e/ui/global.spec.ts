import { expect, test } from "@playwright/test";
import { signIn } from "../pages/organizations-page";
import { GlobalPage } from "../pages/global-page";
import { seedAccount, uniqueTag } from "../fixtures/seed";

const SHOTS = process.env.E2E_SCREENSHOTS_DIR;

test("a provider owner manages global roles and creates a platform key whose secret is shown once", async ({ page }) => {
  const tag = uniqueTag();
  const owner = await seedAccount({ role: "owner", mfa: true, provider: true, tag });
  await signIn(page, owner);

  const global = new GlobalPage(page);
  await global.goto();
  // The system roles are there out of the box and cannot be deleted.
  for (const name of ["developer", "viewer"]) {
    const row = global.roleRow(name);
    await expect(row.getByText("System")).toBeVisible();
    await expect(row.getByRole("button", { name: `Edit ${name}` })).toBeVisible();
    await expect(row.getByRole("button", { name: `Delete ${name}` })).toHaveCount(0);
  }

  // Create a global role.
  const roleName = `auditor-${tag}`;
  await global.newRoleButton.click();
  const create = global.roleDialog("New role");
  await create.getByLabel("Name").fill(roleName);
  await create.getByLabel("Rank").fill("15");
  await create.getByLabel("Description").fill("Reads everything");
  await create.getByRole("button", { name: "Read-only" }).click();
  await create.getByRole("button", { name: "Create role" }).click();
  await expect(create).toBeHidden();
  const row = global.roleRow(roleName);
  await expect(row.getByText("Custom")).toBeVisible();
  await expect(row.getByText("Reads everything")).toBeVisible();
  await expect(row.getByText("15", { exact: true })).toBeVisible();

  // The same name again is refused on the name field.
  await global.newRoleButton.click();
  await create.getByLabel("Name").fill(roleName);
  await create.getByRole("button", { name: "Read-only" }).click();
  await create.getByRole("button", { name: "Create role" }).click();
  await expect(create.getByText(`A global role named "${roleName}" already exists`)).toBeVisible();
  await create.getByRole("button", { name: "Cancel" }).click();

  // Edit it.
  await row.getByRole("button", { name: `Edit ${roleName}` }).click();
  const edit = global.roleDialog(`Edit role “${roleName}”`);
  await edit.getByLabel("Rank").fill("20");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit).toBeHidden();
  await expect(row.getByText("20", { exact: true })).toBeVisible();

  // Create a platform key: the secret is shown once.
  const keyName = `Billing sync ${tag}`;
  await global.newKeyButton.first().click();
  const keyDialog = global.keyDialog();
  await keyDialog.getByLabel("Name").fill(keyName);
  await keyDialog.getByRole("button", { name: "Read-only" }).click();
  await keyDialog.getByRole("button", { name: "Create key" }).click();
  const secretDialog = global.secretDialog();
  await expect(secretDialog).toBeVisible();
  const secret = (await secretDialog.getByTestId("api-key-secret").textContent())!.trim();
  expect(secret).toMatch(/^gh_[A-Za-z0-9_-]{20,}$/);
  await expect(secretDialog.getByRole("button", { name: "Copy key" })).toBeVisible();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/global-key-secret.png`, fullPage: true });
  await secretDialog.getByRole("button", { name: "Done" }).click();
  await expect(secretDialog).toBeHidden();

  const keyRow = global.keyRow(keyName);
  await expect(keyRow.getByText(`${secret.slice(0, 11)}…`)).toBeVisible();
  await expect(keyRow.getByText("Active")).toBeVisible();
  await page.reload();
  await expect(global.heading).toBeVisible();
  expect(await page.content()).not.toContain(secret);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/global.png`, fullPage: true });

  // Revoke the key, delete the role.
  await global.keyRow(keyName).getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog", { name: `Revoke “${keyName}”?` }).getByRole("button", { name: "Revoke key" }).click();
  await expect(global.keyRow(keyName).getByText("Revoked")).toBeVisible();

  await global.roleRow(roleName).getByRole("button", { name: `Delete ${roleName}` }).click();
  await page.getByRole("dialog", { name: `Delete the global role “${roleName}”?` }).getByRole("button", { name: "Delete role" }).click();
  await expect(global.roleRow(roleName)).toHaveCount(0);
});

test("a customer admin gets a 404 on /global and no link to it", async ({ page }) => {
  const admin = await seedAccount({ role: "admin", mfa: true });
  await signIn(page, admin);
  await expect(page.getByRole("link", { name: "Global settings" })).toHaveCount(0);

  const res = await page.goto("/global");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Global settings" })).toHaveCount(0);
  await expect(page.getByRole("table", { name: "Global roles" })).toHaveCount(0);
});
