import { expect, test } from "@playwright/test";
import { addMember, createUser } from "@/lib/db/testing/fixtures";
import { seedAccount, E2E_PASSWORD } from "../fixtures/seed";
import { signIn } from "../pages/organizations-page";
import { orgContextForJob } from "@/lib/auth/org-context";
import { applyFileProvisioning } from "@/lib/provisioning/service";
import { provisioningConfigSchema } from "@/lib/provisioning/schemas";
import { contractUser } from "@/lib/directory/testing/contract/common";
import { createZitadelContract, type ZitadelContract } from "@/lib/directory/testing/contract/zitadel";

// Governance → User Provisioning → Directory (issue #6): the connection form (provider fields, validation
// as you type, write-only secrets), Verify against a loopback directory, read-only for members and for
// settings managed by gatehouse.config.json.

const SHOTS = process.env.E2E_SCREENSHOTS_DIR;
const SECRET = "zitadel-e2e-secret";
let zitadel: ZitadelContract;

test.beforeAll(async () => {
  zitadel = await createZitadelContract({ clientSecret: SECRET, users: [contractUser({ id: "301", email: "ada@dir.e2e.test" })] });
});
test.afterAll(async () => {
  await zitadel?.close();
});

test("an owner connects a directory, sees secrets only as stored, and verifies it", async ({ page }) => {
  const owner = await seedAccount({ role: "owner", mfa: true });
  await signIn(page, owner);
  await page.goto(`/orgs/${owner.orgId}/provisioning`);
  await expect(page).toHaveURL(new RegExp(`/orgs/${owner.orgId}/provisioning/directory$`));
  const tabs = page.getByRole("navigation", { name: "User provisioning sections" });
  await expect(tabs.getByRole("link", { name: "Directory" })).toHaveAttribute("aria-current", "page");
  await expect(tabs.getByRole("link", { name: "SCIM" })).toBeVisible();

  const form = page.getByRole("form", { name: "Directory connection" });
  await expect(form.getByText("Not configured")).toBeVisible();
  await form.getByLabel("Provider").selectOption("zitadel");
  const domain = form.getByLabel("Instance domain");
  await domain.fill("https://zitadel.example.com/path");
  await expect(form.getByText(/domain must be a host name/)).toBeVisible();
  await domain.fill(zitadel.domain);
  await expect(form.getByText(/domain must be a host name/)).toHaveCount(0);
  await form.getByLabel("Service account client ID").fill(zitadel.clientId);
  await form.getByLabel("Service account client secret").fill(SECRET);
  await form.getByLabel("Directory sync enabled").check();
  await form.getByLabel("Approval above this share").fill("2");
  await expect(form.getByText("decommissionMaxShare must be at most 1 (100%)")).toBeVisible();
  await form.getByLabel("Approval above this share").fill("0.2");
  await expect(form.getByText(/more than 20% of imported users/)).toBeVisible();
  await form.getByRole("button", { name: "Save connection" }).click();
  await expect(form.getByText("The directory connection was saved")).toBeVisible();
  await expect(form.getByText("Enabled", { exact: true })).toBeVisible();
  await expect(form.getByText("Stored", { exact: true })).toBeVisible();
  await expect(form.getByLabel("Service account client secret")).toHaveValue("");
  expect(await page.content()).not.toContain(SECRET);

  const verify = page.getByRole("region", { name: "Verify the directory connection" });
  await verify.getByRole("button", { name: "Verify" }).click();
  const checks = verify.getByRole("list", { name: "Verification checks" });
  await expect(checks.getByText("Zitadel users")).toBeVisible();
  await expect(verify.getByText("Verified", { exact: true })).toBeVisible();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/provisioning-directory.png`, fullPage: true });

  // A wrong secret: Verify fails and says why.
  await form.getByLabel("Service account client secret").fill("wrong-secret");
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(form.getByText("The directory connection was saved")).toBeVisible();
  await verify.getByRole("button", { name: "Verify" }).click();
  await expect(verify.getByText("Failed", { exact: true })).toBeVisible();
  await expect(checks.locator("li").filter({ hasText: "Zitadel token" })).toContainText(/invalid_client|401|credentials/i);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/provisioning-directory-failed.png`, fullPage: true });
});

test("members see the settings read-only; file-managed settings say so and cannot be saved", async ({ page }) => {
  const owner = await seedAccount({ role: "owner", mfa: true });
  await applyFileProvisioning(
    await orgContextForJob(owner.orgId, "gatehouse.config.json"),
    provisioningConfigSchema.parse({ provider: "okta", enabled: true, issuerUrl: "https://acme.okta.com", apiToken: "file-token" }),
  );
  const memberUser = await createUser({ email: `member-${Date.now().toString(36)}@dir.e2e.test`, password: E2E_PASSWORD });
  await addMember(owner.orgId, memberUser.id, "member");

  await signIn(page, owner);
  await page.goto(`/orgs/${owner.orgId}/provisioning/directory`);
  const form = page.getByRole("form", { name: "Directory connection" });
  await expect(form.getByText("Managed by gatehouse.config.json — restart to change")).toBeVisible();
  await expect(form.getByLabel("Okta URL")).toHaveAttribute("readonly", "");
  await expect(form.getByRole("button", { name: /Save/ })).toHaveCount(0);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/provisioning-directory-file-managed.png`, fullPage: true });

  await page.context().clearCookies();
  await signIn(page, { email: memberUser.email, password: E2E_PASSWORD, totpSecret: null });
  await page.goto(`/orgs/${owner.orgId}/provisioning/directory`);
  await expect(form.getByLabel("Okta URL")).toHaveValue("https://acme.okta.com");
  await expect(form.getByLabel("Okta URL")).toHaveAttribute("readonly", "");
  await expect(page.getByRole("button", { name: "Verify" })).toHaveCount(0);
});
