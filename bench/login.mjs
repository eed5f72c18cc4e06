// Signs in through the real sign-in page in Chromium and prints the session cookie header.
// Usage: node bench/login.mjs '<json from setup-auth>'   (BASE_URL set)
import { chromium } from "@playwright/test";
import { TOTP } from "otpauth";

const { email, password, totpSecret } = JSON.parse(process.argv[2]);
const base = process.env.BASE_URL;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage();
  await page.goto(`${base}/login`);
  // Email first (SSO routing), then password, then the TOTP step.
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  const code = page.getByLabel("Authentication code");
  await code.waitFor({ timeout: 15_000 });
  await code.fill(new TOTP({ secret: totpSecret }).generate());
  await page.getByRole("button", { name: "Verify" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"), { timeout: 20_000 });
  const cookies = await page.context().cookies();
  console.log(cookies.map((c) => `${c.name}=${c.value}`).join("; "));
} finally {
  await browser.close();
}
