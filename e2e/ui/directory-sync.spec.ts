import { expect, test, type Page } from "@playwright/test";
import { seedAccount, uniqueTag, type SeededAccount } from "../fixtures/seed";
import { signIn } from "../pages/organizations-page";
import { orgContextForJob } from "@/lib/auth/org-context";
import { putProvisioning } from "@/lib/provisioning/service";
import { provisioningConfigSchema } from "@/lib/provisioning/schemas";
import { contractUser } from "@/lib/directory/testing/contract/common";
import { createOktaContract, type OktaContract } from "@/lib/directory/testing/contract/okta";

// Governance → User Provisioning (issue #6): preview and import from an Okta directory (the loopback
// contract server, started in this test process), team/business-unit sync, the sync history, and
// another organization's admin seeing none of it.

const SHOTS = process.env.E2E_SCREENSHOTS_DIR;
const API_TOKEN = "e2e-okta-api-token";
let okta: OktaContract;

const GROUPS = [
  { id: "00gENG000000000000001", name: "Engineering" },
  { id: "00gSAL000000000000001", name: "Sales" },
  { id: "00gADM000000000000001", name: "Gatehouse Admins" },
];
const [ENG, SALES, ADMINS] = GROUPS.map((g) => g.id) as [string, string, string];

test.beforeAll(async () => {
  const tag = uniqueTag();
  const person = (n: number, p: Partial<Parameters<typeof contractUser>[0]>) =>
    contractUser({ id: `00u${tag}${String(n).padStart(4, "0")}`.slice(0, 20), email: `person${n}-${tag}@dir.e2e.test`, ...p });
  okta = await createOktaContract({
    apiToken: API_TOKEN,
    groups: GROUPS,
    users: [
      person(1, { givenName: "Ada", familyName: "Admin", department: "Engineering", groupIds: [ENG, ADMINS] }),
      person(2, { givenName: "Ben", familyName: "Builder", department: "Engineering", groupIds: [ENG] }),
      person(3, { givenName: "Cleo", familyName: "Closer", department: "Sales", groupIds: [SALES] }),
      person(4, { givenName: "Dev", familyName: "Dealer", department: "Sales", groupIds: [SALES] }),
      // Malformed: no email. The import skips it with a reason.
      person(5, { givenName: "Nomail", familyName: "Person", email: null, userName: `nomail-${tag}`, department: "Sales", groupIds: [SALES] }),
    ],
  });
});
test.afterAll(async () => {
  await okta?.close();
});

async function seedDirectoryOrg(): Promise<SeededAccount> {
  const owner = await seedAccount({ role: "owner", mfa: true });
  await putProvisioning(
    await orgContextForJob(owner.orgId),
    provisioningConfigSchema.parse({
      provider: "okta",
      enabled: true,
      issuerUrl: okta.issuerUrl,
      apiToken: API_TOKEN,
      attributeRoleMappings: [
        { attributeType: "group", attributeValue: "Gatehouse Admins", role: "admin" },
        { attributeType: "user", attributeValue: "*", role: "member" },
      ],
      attributeTeamMappings: [{ attributeType: "group", attributeValue: "Engineering", team: "Platform" }],
      attributeBusinessUnitMappings: [{ attributeType: "user", attributeName: "department", attributeValue: "Sales", businessUnit: "Revenue" }],
    }),
  );
  return owner;
}

async function openDirectory(page: Page, orgId: string) {
  await page.goto(`/orgs/${orgId}/provisioning/directory`);
  await expect(page.getByRole("heading", { name: "Import people" })).toBeVisible();
}

// The first request of each page compiles it under `next dev`; the built server is much faster.
test.setTimeout(180_000);

test("an owner previews, imports with live progress, syncs teams and reads the history; another organization sees none of it", async ({ page, browser }) => {
  const owner = await seedDirectoryOrg();
  await signIn(page, owner);
  await openDirectory(page, owner.orgId);

  // Scheduling needs Inngest: the dev server runs without it.
  await expect(page.getByText("Scheduling needs Inngest")).toBeVisible();

  // Preview: every directory user with the role, teams and business units an import would give.
  await page.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByRole("region", { name: "Import preview" });
  await expect(preview.getByText(/Showing 5 matching users: 4 to create, 0 to update, 0 unchanged, 1 skipped/)).toBeVisible();
  const ada = preview.getByRole("row", { name: /Ada Admin/ });
  await expect(ada).toContainText("admin");
  await expect(ada).toContainText("Platform");
  await expect(ada).toContainText("Create");
  await expect(preview.getByRole("row", { name: /Cleo Closer/ })).toContainText("Revenue");
  await expect(preview.getByRole("row", { name: /Nomail Person/ })).toContainText("Skip");
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/directory-preview.png`, fullPage: true });

  // Filtered preview: members of one group only.
  await page.getByLabel("Who to import").selectOption("groups");
  await page.getByRole("group", { name: /Groups/ }).getByLabel("Engineering").check();
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(preview.getByText(/Showing 2 matching users/)).toBeVisible();
  await page.getByLabel("Who to import").selectOption("all");

  // Import: the progress bar runs to the end, then the result.
  await page.getByRole("button", { name: "Import", exact: true }).click();
  const importRun = page.getByRole("region", { name: "Import run" });
  await expect(importRun.getByRole("progressbar", { name: "Import progress" })).toBeVisible();
  await expect(importRun.getByText("Succeeded")).toBeVisible({ timeout: 30_000 });
  const result = importRun.getByRole("list", { name: "Import result" });
  await expect(result.getByRole("listitem").filter({ hasText: "Created" })).toContainText("4");
  await expect(result.getByRole("listitem").filter({ hasText: "Updated" })).toContainText("0");
  await expect(result.getByRole("listitem").filter({ hasText: "Skipped" })).toContainText("1");
  await expect(importRun.getByRole("list", { name: "Skipped users" })).toContainText(/email/i);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/directory-imported.png`, fullPage: true });

  // Re-running reconciles: nothing changed in the directory, so nothing is written.
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(preview.getByText(/0 to create, 0 to update, 4 unchanged, 1 skipped/)).toBeVisible();

  // Team and business-unit sync: groups become teams, departments business units.
  await page.getByRole("button", { name: "Sync teams & business units" }).click();
  const teamRun = page.getByRole("region", { name: "Team & business-unit sync run" });
  await expect(teamRun.getByText("Succeeded")).toBeVisible({ timeout: 30_000 });
  const teamResult = teamRun.getByRole("list", { name: "Team & business-unit sync result" });
  await expect(teamResult.getByRole("listitem").filter({ hasText: "Teams created" })).not.toContainText(/\b0\b/);

  // Sync history: both runs, newest first, and the import's details.
  await page.goto(`/orgs/${owner.orgId}/provisioning/history`);
  const runs = page.getByRole("table", { name: "Sync runs" });
  await expect(runs.locator("tbody tr")).toHaveCount(2);
  await expect(runs.locator("tbody tr").first()).toContainText("Team & business-unit sync");
  await expect(runs.getByRole("row", { name: /^Import/ })).toContainText("4 created");
  await page.getByLabel("Filter by kind").selectOption("import");
  await expect(page).toHaveURL(/[?&]kind=import/);
  await expect(runs.locator("tbody tr")).toHaveCount(1);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/directory-history.png`, fullPage: true });
  await runs.getByRole("link", { name: "Import" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Import/ })).toBeVisible();
  await expect(page.getByRole("table", { name: "Skipped users" })).toContainText(/email/i);
  const runUrl = page.url();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/directory-run.png`, fullPage: true });

  // Organization B's owner: no runs of its own, and A's pages are not found.
  const other = await seedAccount({ role: "owner", mfa: true });
  const ctxB = await browser.newContext();
  const pageB = await ctxB.newPage();
  await signIn(pageB, other);
  await pageB.goto(`/orgs/${other.orgId}/provisioning/history`);
  await expect(pageB.getByText("No directory runs yet")).toBeVisible();
  await pageB.goto(`/orgs/${other.orgId}/provisioning/directory`);
  await expect(pageB.getByText("Directory sync is not configured")).toBeVisible();
  const runId = runUrl.split("/").pop()!;
  const foreign = await pageB.goto(`/orgs/${other.orgId}/provisioning/history/${runId}`);
  expect(foreign?.status()).toBe(404);
  const direct = await pageB.goto(new URL(runUrl).pathname);
  expect(direct?.status()).toBe(404);
  await ctxB.close();
});
