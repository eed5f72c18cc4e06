#!/usr/bin/env node
// `npm run dev`: the portal on the embedded database (PGlite in .data/pglite) with demo data.
// Migrates, seeds (idempotent), then starts Next.js. No PostgreSQL or Inngest server needed.
import { execSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";

const port = process.env.PORT ?? "3000";
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1", INNGEST_DEV: process.env.INNGEST_DEV ?? "1" };
env.APP_URL ??= `http://localhost:${port}`;
env.AUTH_URL ??= env.APP_URL;
if (!env.AUTH_SECRET) {
  // A per-checkout secret so sessions survive restarts; never used in production (set AUTH_SECRET there).
  mkdirSync(".data", { recursive: true });
  const f = ".data/auth-secret";
  if (!existsSync(f)) writeFileSync(f, randomBytes(32).toString("base64url"));
  env.AUTH_SECRET = readFileSync(f, "utf8").trim();
}
const run = (cmd) => execSync(cmd, { stdio: "inherit", env });
run("npx prisma generate");
run("npx prisma migrate deploy");
run("npx tsx prisma/seed.ts");
console.log(`Starting the portal at ${env.APP_URL} …`);
const child = spawn("npx", ["next", "dev", "-H", "127.0.0.1", "-p", port], { stdio: "inherit", env });
child.on("exit", (code) => process.exit(code ?? 0));
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
