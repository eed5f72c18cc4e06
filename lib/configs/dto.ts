import type { ConfigRow } from "@/lib/db/repos/configs";
import { SECRET_MASK } from "./schemas";

export type ConfigSource = "organization" | "global";

/** A secret's value is never returned: reads get the mask, whatever the caller's permissions. */
export function toConfigDto(row: ConfigRow, opts: { overridesGlobal?: boolean } = {}) {
  const source: ConfigSource = row.orgId === null ? "global" : "organization";
  return {
    id: row.id,
    name: row.name,
    value: row.isSecret ? SECRET_MASK : (row.value as unknown),
    isSecret: row.isSecret,
    source,
    orgId: row.orgId,
    overridesGlobal: source === "organization" && !!opts.overridesGlobal,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
export type ConfigDto = ReturnType<typeof toConfigDto>;

/** The before/after snapshot written to the audit log: secrets redacted like every other read. */
export function toConfigAudit(row: ConfigRow) {
  return { name: row.name, scope: row.orgId === null ? "global" : "organization", isSecret: row.isSecret, value: row.isSecret ? SECRET_MASK : (row.value as unknown) };
}
