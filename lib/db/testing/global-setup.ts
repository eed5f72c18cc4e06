import { execSync } from "node:child_process";

// Integration tests need a real PostgreSQL: scripts/test-all.sh starts one and exports DATABASE_URL.
export default function setup() {
  if (!process.env.DATABASE_URL) {
    throw new Error("Integration tests need DATABASE_URL (run `npm run test:all`, which starts PostgreSQL 15)");
  }
  try {
    execSync("npx prisma migrate deploy", { stdio: "pipe", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
  } catch (e) {
    const err = e as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`prisma migrate deploy failed:\n${err.stdout?.toString() ?? ""}\n${err.stderr?.toString() ?? ""}`);
  }
}
