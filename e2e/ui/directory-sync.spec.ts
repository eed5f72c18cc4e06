import { expect, test, type Page } from "@playwright/test";
import { E2E_PASSWORD, seedAccount, uniqueTag, type SeededAccount } from "../fixtures/seed";
import { signIn } from "../pages/organizations-page";
import { orgContextForJob } from "@/lib/auth/org-context";
import { putProvisioning } from "@/lib/provisioning/service";
import { createRun, executeRun } from "@/lib/directory-sync/service";
import { addMember, createUser } from "@/lib/db/testing/fixtures";
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

/**
 * Clicks a start button until its run shows up. Under `next dev`, another engineer's file save can
 * reload the page and swallow the click; a started run always shows its region at once.
 */
async function startRun(page: Page, button: string, region: string) {
  const run = page.getByRole("region", { name: region });
  await expect(async () => {
    if (!(await run.isVisible())) await page.getByRole("button", { name: button, exact: true }).click();
    await expect(run).toBeVisible({ timeout: 3000 });
  }).toPass({ timeout: 30_000 });
  return run;
}

// The first request of each page compiles it under `next dev`; the built server is much faster.
test.setTimeout(180_000);

test("an owner previews, imports with live progress, syncs teams and reads the history; another organization sees none of it", async ({ page, browser }) => {
  const owner = await seedDirectoryOrg();
  await signIn(page, owner);
  await openDirectory(page, owner.orgId);

  // The panel says whether scheduling works: a `next dev` without Inngest says it needs Inngest; the
  // suite's built server runs with INNGEST_DEV=1 (scheduled, though runs fall back to the server).
  await expect(page.getByText(/^Scheduling needs Inngest$|^Scheduled through Inngest/)).toBeVisible();

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
  const importRun = await startRun(page, "Import", "Import run");
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
  const teamRun = await startRun(page, "Sync teams & business units", "Team & business-unit sync run");
  await expect(teamRun.getByText("Succeeded")).toBeVisible({ timeout: 30_000 });
  const teamResult = teamRun.getByRole("list", { name: "Team & business-unit sync result" });
  await expect(teamResult.getByRole("listitem").filter({ hasText: "Teams created" })).not.toContainText(/\b0\b/);
  if (SHOTS) await teamRun.screenshot({ path: `${SHOTS}/directory-team-sync.png` });

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
  if (SHOTS) await pageB.getByRole("region", { name: "Directory sync" }).screenshot({ path: `${SHOTS}/directory-not-configured.png` });
  const runId = runUrl.split("/").pop()!;
  const foreign = await pageB.goto(`/orgs/${other.orgId}/provisioning/history/${runId}`);
  expect(foreign?.status()).toBe(404);
  const direct = await pageB.goto(new URL(runUrl).pathname);
  expect(direct?.status()).toBe(404);
  await ctxB.close();
});

test("a reconciliation over the safety limit waits: members see it read-only, an owner rejects one run and approves the next", async ({ page, browser }) => {
  const tag = uniqueTag();
  const people = Array.from({ length: 6 }, (_, i) =>
    contractUser({ id: `00u${tag}${String(i).padStart(4, "0")}`.slice(0, 20), email: `leaver${i}-${tag}@dir.e2e.test`, givenName: `Leaver${i}`, familyName: "Person" }),
  );
  const dir = await createOktaContract({ apiToken: API_TOKEN, users: people });
  try {
    const owner = await seedAccount({ role: "owner", mfa: true });
    const ctx = await orgContextForJob(owner.orgId);
    await putProvisioning(ctx, provisioningConfigSchema.parse({ provider: "okta", enabled: true, issuerUrl: dir.issuerUrl, apiToken: API_TOKEN }));
    const imported = await executeRun(ctx, (await createRun(ctx, { kind: "import", trigger: "api" })).id);
    expect(imported.counts.created).toBe(6);
    const viewer = await createUser({ email: `viewer-${tag}@auth.e2e.test`, password: E2E_PASSWORD });
    await addMember(owner.orgId, viewer.id, "member");
    // Five of six leave: far more than 10% of the imported people.
    for (const p of people.slice(0, 5)) p.active = false;

    await signIn(page, owner);
    await openDirectory(page, owner.orgId);
    const recRun = await startRun(page, "Run reconciliation now", "Reconciliation run");
    await expect(recRun.getByText("Waiting for an administrator's approval")).toBeVisible({ timeout: 30_000 });
    await recRun.getByRole("link", { name: "Review who and why" }).click();
    const pending = page.getByRole("region", { name: "Pending decommissions" });
    await expect(pending.getByText("5 people would be decommissioned")).toBeVisible();
    await expect(pending.getByRole("row", { name: new RegExp(`leaver0-${tag}`) })).toContainText("Disabled in the directory");
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/directory-approval.png`, fullPage: true });
    const firstRun = page.url();

    // A member reads the same page without the decision buttons, and the Directory page without actions.
    const memberCtx = await browser.newContext();
    const memberPage = await memberCtx.newPage();
    await signIn(memberPage, { email: viewer.email, password: E2E_PASSWORD, totpSecret: null });
    await memberPage.goto(new URL(firstRun).pathname);
    await expect(memberPage.getByText("5 people would be decommissioned")).toBeVisible();
    await expect(memberPage.getByText("An owner or admin decides.")).toBeVisible();
    await expect(memberPage.getByRole("button", { name: "Approve" })).toHaveCount(0);
    await memberPage.goto(`/orgs/${owner.orgId}/provisioning/directory`);
    await expect(memberPage.getByText("An owner or admin of this organization can preview and run imports.")).toBeVisible();
    await expect(memberPage.getByRole("button", { name: "Import", exact: true })).toHaveCount(0);
    await expect(memberPage.getByRole("button", { name: "Run reconciliation now" })).toHaveCount(0);
    await memberCtx.close();

    // Reject: the run is cancelled and nobody loses access.
    await page.getByRole("button", { name: "Reject" }).click();
    await page.getByRole("dialog", { name: "Reject this run?" }).getByRole("button", { name: "Reject run" }).click();
    await expect(page.getByRole("heading", { level: 1, name: /Cancelled/ })).toBeVisible();
    await expect(page.getByText("Nobody was decommissioned", { exact: false })).toBeVisible();

    // The next reconciliation stops again; this time the owner approves.
    await openDirectory(page, owner.orgId);
    // The page shows the latest (cancelled) run until a new one starts.
    await page.getByRole("button", { name: "Run reconciliation now" }).click();
    await expect(recRun.getByText("Cancelled", { exact: true })).toHaveCount(0);
    await expect(recRun.getByText("Waiting for an administrator's approval")).toBeVisible({ timeout: 30_000 });
    await recRun.getByRole("link", { name: "Review who and why" }).click();
    await page.getByRole("button", { name: "Approve" }).click();
    await page.getByRole("dialog", { name: "Decommission 5 people?" }).getByRole("button", { name: "Decommission 5 people" }).click();
    await expect(page.getByRole("heading", { level: 1, name: /Succeeded/ })).toBeVisible();
    await expect(page.getByRole("list", { name: "Reconciliation result" }).getByRole("listitem").filter({ hasText: "Decommissioned" })).toContainText("5");

    await page.goto(`/orgs/${owner.orgId}/provisioning/history?kind=reconcile`);
    const runs = page.getByRole("table", { name: "Sync runs" });
    await expect(runs.locator("tbody tr")).toHaveCount(2);
    await expect(runs.locator("tbody tr").first()).toContainText("Succeeded");
    await expect(runs.locator("tbody tr").nth(1)).toContainText("Cancelled");
  } finally {
    await dir.close();
  }
});

test("a directory that fails halfway: the import is marked failed with the reason, in the panel and the history", async ({ page }) => {
  const tag = uniqueTag();
  const users = Array.from({ length: 3 }, (_, i) => contractUser({ id: `00u${tag}${String(i).padStart(4, "0")}`.slice(0, 20), email: `flaky${i}-${tag}@dir.e2e.test` }));
  const dir = await createOktaContract({ apiToken: API_TOKEN, users, faults: { failUsersPage: 1 } });
  try {
    const owner = await seedAccount({ role: "owner", mfa: true });
    await putProvisioning(await orgContextForJob(owner.orgId), provisioningConfigSchema.parse({ provider: "okta", enabled: true, issuerUrl: dir.issuerUrl, apiToken: API_TOKEN }));
    await signIn(page, owner);
    await openDirectory(page, owner.orgId);

    // Preview says why instead of showing an empty table.
    await page.getByRole("button", { name: "Preview" }).click();
    await expect(page.getByRole("alert").filter({ hasText: /500|Internal Server Error|server/i })).toBeVisible({ timeout: 20_000 });

    const importRun = await startRun(page, "Import", "Import run");
    await expect(importRun.getByText("Import failed")).toBeVisible({ timeout: 30_000 });
    await expect(importRun.getByText("Nobody was decommissioned by a failed run", { exact: false })).toBeVisible();
    if (SHOTS) await importRun.screenshot({ path: `${SHOTS}/directory-import-failed.png` });

    await page.goto(`/orgs/${owner.orgId}/provisioning/history?status=failed`);
    const runs = page.getByRole("table", { name: "Sync runs" });
    await expect(runs.locator("tbody tr")).toHaveCount(1);
    await runs.getByRole("link", { name: "Import" }).click();
    await expect(page.getByRole("heading", { level: 1, name: /Failed/ })).toBeVisible();
    await expect(page.getByRole("table", { name: "Run errors" })).toContainText(/500|server/i);
  } finally {
    await dir.close();
  }
});
