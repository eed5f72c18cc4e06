import { readFileSync } from "node:fs";
import path from "node:path";
import { orgContextForJob } from "@/lib/auth/org-context";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { toAppError } from "@/lib/errors";
import { provisioningSystemRepo } from "@/lib/db/repos/provisioning-config";
import { applyFileProvisioning } from "./service";
import { fileScimConfigSchema, gatehouseConfigFileSchema, provisioningConfigSchema } from "./schemas";

// gatehouse.config.json (issue #6 "File-based configuration"), read once at start-up by instrumentation.ts.
//   { "scim_config": { "enabled", "provider", "config": { … } },                 -> the provider organization
//     "organizations": { "<slug>": { "scim_config": { … } } } }                  -> that organization
// Each entry is validated with the same schemas as PUT /provisioning. A bad entry is logged with its
// reasons and skipped; start-up never fails because of this file. Rows written here are fileManaged
// (the portal and PUT refuse changes); rows the file no longer names become editable again.

export type FileEntryResult = { entry: string; orgId?: string; status: "applied" | "unchanged" | "skipped"; errors?: string[] };
export type ApplyConfigFileResult = { path: string; found: boolean; entries: FileEntryResult[]; released: string[] };

type Logger = Pick<typeof log, "info" | "warn" | "error">;

const formatIssues = (issues: { path: PropertyKey[]; message: string }[], prefix: string) =>
  issues.map((i) => `${[prefix, ...i.path.map(String)].filter(Boolean).join(".")}: ${i.message}`);

/**
 * Applies the configuration file. Never throws: a missing file releases every file-managed row, an
 * unreadable or malformed file changes nothing, a bad entry is skipped with its reasons logged.
 */
export async function applyConfigFile(opts: { path?: string; logger?: Logger } = {}): Promise<ApplyConfigFileResult> {
  const logger = opts.logger ?? log;
  const file = path.resolve(opts.path ?? env().GATEHOUSE_CONFIG);
  const result: ApplyConfigFileResult = { path: file, found: false, entries: [], released: [] };

  let raw: string;
  try {
    raw = readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") {
      logger.error("gatehouse.config.json cannot be read; provisioning settings left as they are", { path: file, code: (err as NodeJS.ErrnoException).code });
      return result;
    }
    try {
      result.released = await provisioningSystemRepo.releaseFileManaged([]);
    } catch (e) {
      logger.error("gatehouse.config.json: could not release file-managed provisioning settings", { err: e });
    }
    if (result.released.length) logger.info("gatehouse.config.json not found: provisioning settings are editable in the portal again", { path: file, orgIds: result.released });
    return result;
  }
  result.found = true;

  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    logger.error("gatehouse.config.json is not valid JSON; provisioning settings left as they are", { path: file, reason: (err as Error).message });
    return result;
  }
  const top = gatehouseConfigFileSchema.safeParse(parsed);
  if (!top.success) {
    logger.error("gatehouse.config.json has the wrong shape; provisioning settings left as they are", { path: file, errors: formatIssues(top.error.issues, "") });
    return result;
  }

  try {
    const entries: { entry: string; slug: string | null; value: unknown }[] = [];
    if (top.data.scim_config !== undefined) entries.push({ entry: "scim_config", slug: null, value: top.data.scim_config });
    for (const [slug, org] of Object.entries(top.data.organizations ?? {})) {
      if (org.scim_config !== undefined) entries.push({ entry: `organizations.${slug}.scim_config`, slug, value: org.scim_config });
    }
    const slugs = entries.flatMap((e) => (e.slug ? [e.slug] : []));
    const [bySlug, providerId] = await Promise.all([provisioningSystemRepo.orgIdsBySlug(slugs), provisioningSystemRepo.providerOrgId()]);

    // Every organization the file names keeps (or gets) its file-managed state, even when its entry is bad.
    const named = new Set<string>();
    for (const e of entries) {
      const orgId = e.slug ? bySlug.get(e.slug) : providerId;
      if (!orgId) {
        const errors = [e.slug ? `no organization has the slug "${e.slug}"` : "the provider organization does not exist yet"];
        result.entries.push({ entry: e.entry, status: "skipped", errors });
        continue;
      }
      if (named.has(orgId)) {
        result.entries.push({ entry: e.entry, orgId, status: "skipped", errors: ["this organization already has an entry in the file (the provider organization's is the top-level scim_config)"] });
        continue;
      }
      named.add(orgId);
      const shape = fileScimConfigSchema.safeParse(e.value);
      if (!shape.success) {
        result.entries.push({ entry: e.entry, orgId, status: "skipped", errors: formatIssues(shape.error.issues, e.entry) });
        continue;
      }
      const input = provisioningConfigSchema.safeParse({ ...shape.data.config, provider: shape.data.provider, enabled: shape.data.enabled });
      if (!input.success) {
        result.entries.push({ entry: e.entry, orgId, status: "skipped", errors: formatIssues(input.error.issues, `${e.entry}.config`) });
        continue;
      }
      try {
        const ctx = await orgContextForJob(orgId, "gatehouse.config.json");
        const { changed } = await applyFileProvisioning(ctx, input.data);
        result.entries.push({ entry: e.entry, orgId, status: changed ? "applied" : "unchanged" });
      } catch (err) {
        const appErr = toAppError(err);
        const errors = appErr.issues?.length ? appErr.issues.map((i) => `${e.entry}.config.${i.path}: ${i.message}`) : [`${e.entry}: ${appErr.message}`];
        result.entries.push({ entry: e.entry, orgId, status: "skipped", errors });
      }
    }
    result.released = await provisioningSystemRepo.releaseFileManaged([...named]);
  } catch (err) {
    logger.error("gatehouse.config.json could not be applied", { path: file, err });
    return result;
  }

  for (const e of result.entries) {
    if (e.status === "skipped") logger.error(`gatehouse.config.json: ${e.entry} skipped`, { path: file, orgId: e.orgId, errors: e.errors });
    else if (e.status === "applied") logger.info(`gatehouse.config.json: ${e.entry} applied`, { orgId: e.orgId });
  }
  if (result.released.length) logger.info("gatehouse.config.json no longer names these organizations: their provisioning settings are editable again", { orgIds: result.released });
  return result;
}
