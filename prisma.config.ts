import { defineConfig } from "prisma/config";
import { pgMigrateAdapter, pgliteMigrateAdapter } from "./prisma/migrate-adapter";

process.env.CHECKPOINT_DISABLE ??= "1"; // no telemetry/update-check request
const realUrl = process.env.DATABASE_URL;
// schema.prisma's `url = env("DATABASE_URL")` must parse, or the CLI falls back to engineType
// "library" and tries to download libquery_engine. Placeholder only: the adapter below wins.
process.env.DATABASE_URL ??= "postgresql://pglite@localhost/pglite";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js", // Wasm schema engine bundled in the CLI: no schema-engine binary download
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  adapter: async () =>
    realUrl ? pgMigrateAdapter(realUrl) : pgliteMigrateAdapter(process.env.PGLITE_DIR ?? ".data/pglite"),
});
