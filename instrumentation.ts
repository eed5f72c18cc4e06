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
}
