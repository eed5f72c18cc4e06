import { test, expect } from "@playwright/test";

test("the sign-in page renders", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "Sign in to Gatehouse" })).toBeVisible();
});
