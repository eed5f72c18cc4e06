import { expect, test, type Browser, type Page } from "@playwright/test";
import { LoginPage } from "../pages/login-page";
import { clearSeededLoginFailures, seedAccount, totpCode, uniqueTag, type SeededAccount } from "../fixtures/seed";
import { listOutbox } from "@/lib/mail/outbox";
import { startSmtpServer, type TestSmtpServer } from "@/lib/db/testing/smtp-server";
import { startDnsServer, type TestDnsServer } from "@/lib/db/testing/dns-server";

// Invitations end to end: an admin invites through the portal, the invitee follows the emailed link
// in a fresh browser, creates an account and lands in the organization. The link is read from a real
// SMTP server on loopback when the app runs with SMTP_URL=smtp://127.0.0.1:$E2E_SMTP_PORT, else from
// the development outbox (the app's default without SMTP_URL outside production). Likewise, with
// DNS_SERVERS=127.0.0.1:$E2E_DNS_PORT the domain test publishes the TXT record on a loopback DNS
// server and verifies the domain for real.

const SHOTS = process.env.E2E_SCREENSHOTS_DIR;
const SMTP_PORT = process.env.E2E_SMTP_PORT ? Number(process.env.E2E_SMTP_PORT) : null;
const DNS_PORT = process.env.E2E_DNS_PORT ? Number(process.env.E2E_DNS_PORT) : null;
let smtp: TestSmtpServer | null = null;
let dns: TestDnsServer | null = null;

test.beforeAll(async () => {
  if (SMTP_PORT) smtp = await startSmtpServer(SMTP_PORT);
  if (DNS_PORT) dns = await startDnsServer(DNS_PORT);
});
test.afterAll(async () => {
  await smtp?.close();
  await dns?.close();
});
test.beforeEach(async () => {
  await clearSeededLoginFailures();
});

const LINK = /https?:\/\/[^\s"<>]+\/invitations\/accept\?token=[A-Za-z0-9_-]+/;

/** The newest accept link mailed to `to`. */
async function acceptLinkFor(to: string): Promise<string> {
  let text: string | undefined;
  if (smtp) {
    text = (await smtp.waitFor((m) => m.to.includes(to), 10_000)).text;
  } else {
    await expect.poll(async () => (await listOutbox({ to }))[0]?.text ?? "", { timeout: 10_000 }).toMatch(LINK);
    text = (await listOutbox({ to }))[0]?.text;
  }
  const m = LINK.exec(text ?? "");
  if (!m) throw new Error(`no accept link in the mail to ${to}`);
  return new URL(m[0]).pathname + new URL(m[0]).search;
}

async function signInAdmin(page: Page): Promise<SeededAccount> {
  const admin = await seedAccount({ role: "admin", mfa: true });
  const login = new LoginPage(page);
  await login.goto();
  await login.submitPassword(admin.email, admin.password);
  await login.submitCode(totpCode(admin.totpSecret!));
  await expect(page).toHaveURL(new RegExp(`/orgs/${admin.orgId}$`), { timeout: 30_000 });
  return admin;
}

async function freshPage(browser: Browser) {
  const context = await browser.newContext();
  return { page: await context.newPage(), close: () => context.close() };
}

test("an admin invites by email; the invitee follows the link, creates an account and joins", async ({ page, browser }) => {
  const admin = await signInAdmin(page);
  const invitee = `new-${uniqueTag()}@invitee.e2e.test`;

  await page.goto(`/orgs/${admin.orgId}/invitations`);
  await expect(page.getByRole("heading", { name: "Invitations", exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Invite someone" });
  await dialog.getByLabel("Email").fill("not-an-email");
  await dialog.getByLabel("Email").blur();
  await expect(dialog.getByText("Enter an email address such as jane@acme.com")).toBeVisible();
  await dialog.getByLabel("Email").fill(invitee);
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(new RegExp(`Invitation (sent to|for) ${invitee}`))).toBeVisible();
  const row = page.getByRole("table", { name: "Invitations" }).getByRole("row").filter({ hasText: invitee });
  await expect(row.getByText("Pending", { exact: true })).toBeVisible();

  // Inviting the same address again is refused with a clear message.
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  await dialog.getByLabel("Email").fill(invitee);
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  await expect(dialog.getByText(/already has a pending invitation/)).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();

  const link = await acceptLinkFor(invitee);
  const guest = await freshPage(browser);
  try {
    await guest.page.goto(link);
    await expect(guest.page.getByRole("heading", { name: `Join ${admin.orgName}` })).toBeVisible();
    if (SHOTS) await guest.page.screenshot({ path: `${SHOTS}/invitation-accept.png`, fullPage: true });
    await expect(guest.page.getByText(invitee).first()).toBeVisible();
    await guest.page.getByLabel("Your name").fill("New Person");
    await guest.page.getByLabel("Password", { exact: true }).fill("short");
    await guest.page.getByLabel("Confirm password").fill("short");
    await guest.page.getByRole("button", { name: "Create account and accept" }).click();
    await expect(guest.page.getByText("Use at least 12 characters")).toBeVisible();
    await guest.page.getByLabel("Password", { exact: true }).fill("a long enough password");
    await guest.page.getByLabel("Confirm password").fill("a long enough password");
    await guest.page.getByRole("button", { name: "Create account and accept" }).click();
    await expect(guest.page).toHaveURL(new RegExp(`/orgs/${admin.orgId}$`));
    await expect(guest.page.getByRole("heading", { name: admin.orgName })).toBeVisible();

    // The link is single-use: a second visit gets a clear page, not an error.
    await guest.page.goto(link);
    await expect(guest.page.getByRole("heading", { name: "This invitation has already been used" })).toBeVisible();
  } finally {
    await guest.close();
  }

  await page.goto(`/orgs/${admin.orgId}/invitations?status=accepted`);
  await expect(page.getByRole("table", { name: "Invitations" }).getByRole("row").filter({ hasText: invitee }).getByText("Accepted", { exact: true })).toBeVisible();
});

test("bulk invite previews every row, then invites only the valid ones; revoked and forged links get clear pages", async ({ page, browser }) => {
  const admin = await signInAdmin(page);
  const tag = uniqueTag();
  const a = `a-${tag}@bulk.e2e.test`;
  const b = `b-${tag}@bulk.e2e.test`;

  await page.goto(`/orgs/${admin.orgId}/invitations`);
  await page.getByRole("button", { name: "Bulk invite" }).click();
  const dialog = page.getByRole("dialog", { name: "Bulk invite" });
  await dialog.getByLabel("Addresses").fill([a, `${b},member`, "not-an-email", a.toUpperCase()].join("\n"));
  await dialog.getByRole("button", { name: "Preview" }).click();
  await expect(dialog.getByText("4 rows: 2 will be invited, 2 invalid.")).toBeVisible();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/invitations-bulk-preview.png` });
  const rows = dialog.getByRole("table", { name: "Rows" }).getByRole("row");
  await expect(rows.filter({ hasText: "not-an-email" }).getByText("Invalid")).toBeVisible();
  await expect(rows.filter({ hasText: "Duplicate of row 1" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "Will invite" })).toHaveCount(2);
  await dialog.getByRole("button", { name: "Invite 2 people" }).click();
  await expect(dialog.getByText("4 rows: 2 invited.")).toBeVisible();
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("table", { name: "Invitations" }).getByRole("row").filter({ hasText: a })).toBeVisible({ timeout: 20_000 });

  // Revoke b's invitation; its link then says so.
  const link = await acceptLinkFor(b);
  await page.getByRole("table", { name: "Invitations" }).getByRole("row").filter({ hasText: b }).getByRole("button", { name: `Actions for the invitation to ${b}` }).click();
  await page.getByRole("menuitem", { name: "Revoke…" }).or(page.getByRole("button", { name: "Revoke…" })).first().click();
  await page.getByRole("button", { name: "Revoke invitation" }).click();
  await expect(page.getByRole("table", { name: "Invitations" }).getByRole("row").filter({ hasText: b }).getByText("Revoked", { exact: true })).toBeVisible();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/invitations.png`, fullPage: true });

  const guest = await freshPage(browser);
  try {
    await guest.page.goto(link);
    await expect(guest.page.getByRole("heading", { name: "This invitation was withdrawn" })).toBeVisible();
    await guest.page.goto("/invitations/accept?token=forged-forged-forged-forged-forged");
    await expect(guest.page.getByRole("heading", { name: "This invitation link is not valid" })).toBeVisible();
  } finally {
    await guest.close();
  }
});

test("domains: add, see the TXT record, background verification says it needs Inngest, Confirm explains the miss", async ({ page }) => {
  const admin = await signInAdmin(page);
  const domain = `d${uniqueTag()}.e2e.test`;
  await page.goto(`/orgs/${admin.orgId}/domains`);
  await page.getByRole("button", { name: "Add domain" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a domain" });
  await dialog.getByLabel("Domain").fill("gmail.com");
  await dialog.getByRole("button", { name: "Add domain" }).click();
  await expect(dialog.getByText(/public mailbox domain/)).toBeVisible();
  await dialog.getByLabel("Domain").fill(domain.toUpperCase());
  await dialog.getByRole("button", { name: "Add domain" }).click();
  await expect(dialog).toBeHidden();

  const card = page.getByRole("region", { name: `Domain ${domain}` });
  await expect(card.getByText("Pending")).toBeVisible();
  await expect(card.getByText(`_gatehouse-challenge.${domain}`)).toBeVisible();
  await expect(card.getByText(/^gatehouse-verification=[0-9a-f]{32}$/)).toBeVisible();
  await expect(card.getByRole("button", { name: "Copy value" })).toBeVisible();
  await expect(card.getByRole("switch", { name: /Auto-join/ })).toBeDisabled();

  await card.getByRole("button", { name: "Start verification" }).click();
  await expect(card.getByText(/Background verification needs Inngest; use Confirm to check now|check it in the background/)).toBeVisible();
  await card.getByRole("button", { name: "Confirm" }).click();
  await expect(card.getByText("Failed", { exact: true })).toBeVisible({ timeout: 20_000 });
  if (!dns) return;

  // Publish the record on the loopback DNS server, Confirm, and use the settings.
  const value = (await card.getByText(/^gatehouse-verification=/).textContent())!.trim();
  dns.setTxt(`_gatehouse-challenge.${domain}`, value);
  await card.getByRole("button", { name: "Confirm" }).click();
  await expect(card.getByText("Verified", { exact: true })).toBeVisible();
  await expect(card.getByText(`${domain} is verified.`)).toBeVisible();
  const autoJoin = card.getByRole("switch", { name: /Auto-join/ });
  await expect(autoJoin).toBeEnabled();
  await autoJoin.check();
  await expect(autoJoin).toBeChecked();
  // The settings are disabled while the update is in flight.
  await expect(autoJoin).toBeEnabled();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/domains.png`, fullPage: true });
  await page.reload();
  await expect(page.getByRole("region", { name: `Domain ${domain}` }).getByRole("switch", { name: /Auto-join/ })).toBeChecked();
});

test("an existing account signs in on the invitation page and joins; someone else signed in is told to switch", async ({ page, browser }) => {
  const admin = await signInAdmin(page);
  const existing = await seedAccount({ role: "member" });

  await page.goto(`/orgs/${admin.orgId}/invitations`);
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Invite someone" });
  await dialog.getByLabel("Email").fill(existing.email);
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  await expect(dialog).toBeHidden();
  const link = await acceptLinkFor(existing.email);

  // The admin opening the invitee's link is not the invitee.
  await page.goto(link);
  await expect(page.getByText(`This invitation is for ${existing.email}, but you are signed in as ${admin.email}.`)).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out and continue" })).toBeVisible();

  const guest = await freshPage(browser);
  try {
    await guest.page.goto(link);
    await expect(guest.page.getByText(`Sign in as ${existing.email} to accept.`)).toBeVisible();
    await guest.page.getByLabel("Password", { exact: true }).fill("wrong password");
    await guest.page.getByRole("button", { name: "Sign in and accept" }).click();
    await expect(guest.page.getByText("Incorrect email or password.")).toBeVisible();
    await guest.page.getByLabel("Password", { exact: true }).fill(existing.password);
    await guest.page.getByRole("button", { name: "Sign in and accept" }).click();
    await expect(guest.page).toHaveURL(new RegExp(`/orgs/${admin.orgId}$`), { timeout: 30_000 });
  } finally {
    await guest.close();
  }
});
