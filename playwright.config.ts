import { defineConfig } from "@playwright/test";

// Debian's chromium (apt-get install chromium): `npx playwright install` cannot download browsers here.
const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];
const PORT = Number(process.env.E2E_PORT ?? 3000);
// E2E_BASE_URL: run specs against a server you started yourself (e.g. `next dev`); only the IdP is started.
const EXTERNAL = process.env.E2E_BASE_URL;
const APP_URL = EXTERNAL ?? `http://localhost:${PORT}`;
const IDP_PORT = Number(process.env.E2E_IDP_PORT ?? 4000);
const DATABASE_URL = process.env.E2E_DATABASE_URL ?? process.env.DATABASE_URL ?? "";
// Real mail and DNS in e2e: the invitations spec runs an SMTP and a DNS server on these loopback ports,
// and the app is started with SMTP_URL / DNS_SERVERS pointing at them.
process.env.E2E_SMTP_PORT ??= "2508";
process.env.E2E_DNS_PORT ??= "5308";
// Specs seed through lib/db (e2e/fixtures/seed.ts): point them at the e2e database.
if (DATABASE_URL) process.env.DATABASE_URL = DATABASE_URL;

export default defineConfig({
  testDir: "./e2e",
  testMatch: /.*\.spec\.ts/,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  retries: 0,
  reporter: "list",
  globalSetup: "./e2e/global-setup.ts",
  use: {
    // Next rewrites 127.0.0.1 to localhost in req.url: localhost is THE app origin (AUTH_URL too).
    baseURL: APP_URL,
    browserName: "chromium",
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS },
    trace: "off",
    screenshot: "only-on-failure",
  },
  webServer: [
    {
      command: `node e2e/fixtures/idp.mjs`,
      url: `http://127.0.0.1:${IDP_PORT}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 30_000,
      env: { IDP_PORT: String(IDP_PORT), APP_URL },
    },
    ...(EXTERNAL ? [] : [{
      // The production server (npm start): Next, with /scim/v2 served by lib/http/scim-node.ts.
      command: `node --import tsx scripts/server.ts -H 127.0.0.1 -p ${PORT}`,
      url: `http://127.0.0.1:${PORT}/login`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: {
        NEXT_TELEMETRY_DISABLED: "1",
        DATABASE_URL,
        APP_URL,
        AUTH_URL: APP_URL,
        AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-0123456789",
        GATEHOUSE_DEV_INSECURE: "1",
        INNGEST_DEV: "1",
        E2E_IDP_ISSUER: `http://127.0.0.1:${IDP_PORT}`,
        SMTP_URL: `smtp://127.0.0.1:${process.env.E2E_SMTP_PORT}`,
        DNS_SERVERS: `127.0.0.1:${process.env.E2E_DNS_PORT}`,
      },
    }]),
  ],
});
