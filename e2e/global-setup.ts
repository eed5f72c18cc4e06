// The e2e database is migrated by scripts/test-all.sh; each spec seeds its own organizations
// through e2e/fixtures/seed.ts, so specs never depend on order.
export default async function globalSetup() {}
