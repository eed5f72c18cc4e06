import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { PROVISIONING_PROVIDERS } from "./schemas";

// Response shapes of the provisioning routes for the OpenAPI document (mirrors lib/provisioning/dto.ts).
extendZodWithOpenApi(z);

const timestamp = z.iso.datetime();
const check = z.strictObject({ name: z.string(), ok: z.boolean(), detail: z.string().optional() });

export const provisioningVerifyResponse = z.strictObject({ ok: z.boolean(), checks: z.array(check) }).openapi("ProvisioningVerifyResult");

export const provisioningResponse = z.looseObject({
  id: z.uuid(),
  orgId: z.uuid(),
  enabled: z.boolean(),
  provider: z.enum(PROVISIONING_PROVIDERS as unknown as [string, ...string[]]),
  hasClientSecret: z.boolean().meta({ description: "Secrets are write-only: only whether one is stored" }),
  hasApiToken: z.boolean(),
  hasServiceAccountClientSecret: z.boolean(),
  hasServiceAccountJson: z.boolean(),
  hasPassword: z.boolean(),
  teamIdsField: z.string().nullable(),
  attributeRoleMappings: z.array(z.unknown()),
  attributeTeamMappings: z.array(z.unknown()),
  attributeBusinessUnitMappings: z.array(z.unknown()),
  decommissionMaxShare: z.number(),
  decommissionMinCount: z.number().int(),
  fileManaged: z.boolean().meta({ description: "Set by gatehouse.config.json: PUT is refused (409) until the file changes and the server restarts" }),
  verifiedAt: timestamp.nullable(),
  lastVerify: z.strictObject({ ok: z.boolean(), checks: z.array(check), at: timestamp.nullable() }).nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
}).openapi("ProvisioningConfig");
