import { expect, test } from "@playwright/test";
import { signIn } from "../pages/organizations-page";
import { seedAccount, uniqueTag } from "../fixtures/seed";

// The first key of an organization replaces the empty state with the table: the dialog that shows the
// secret once must survive that, and the list shows only the prefix afterwards.
test("an owner creates the organization's first API key and sees its secret once", async ({ page }) => {
  const owner = await seedAccount({ role: "owner", mfa: true, tag: uniqueTag() });
  await signIn(page, owner);
  await page.goto(`/orgs/${owner.orgId}/api-keys`);
  await page.getByRole("button", { name: "New API key" }).first().click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill("CI deploys");
  await dialog.getByRole("button", { name: "Create key" }).click();

  await expect(page.getByRole("heading", { name: "Copy your API key now" })).toBeVisible();
  const secret = (await page.getByTestId("api-key-secret").textContent()) ?? "";
  expect(secret).toMatch(/^gh_[A-Za-z0-9_-]{20,}$/);
  await page.getByRole("button", { name: "Done" }).click();

  await expect(page.getByRole("table").getByText("CI deploys")).toBeVisible();
  await expect(page.getByText(secret)).toHaveCount(0);
  // The key works once, as a bearer token, and sees its own organization.
  const res = await page.request.get(`/api/v1/organizations/${owner.orgId}`, { headers: { authorization: `Bearer ${secret}` } });
  expect(res.status()).toBe(200);
});
