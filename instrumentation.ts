// Next.js start-up hook: creates the provider organization and system roles on first start.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { ensureBootstrap } = await import("@/lib/bootstrap/service");
  const { log } = await import("@/lib/log");
  try {
    const r = await ensureBootstrap();
    if (r.created) log.info("created the provider organization", { orgId: r.providerOrgId });
  } catch (err) {
    log.error("bootstrap failed (is the database migrated? run npm run db:deploy)", { err });
  }
  // Directory-sync settings from gatehouse.config.json (never throws: bad entries are logged and skipped).
  try {
    const { applyConfigFile } = await import("@/lib/provisioning/file-config");
    await applyConfigFile();
  } catch (err) {
    log.error("gatehouse.config.json could not be applied", { err });
  }
}
