import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { SCIM_TOKEN_SCOPES } from "./schemas";

// Response shapes of the scim-tokens routes for the OpenAPI document (mirrors lib/scim-tokens/dto.ts).
extendZodWithOpenApi(z);

const timestamp = z.iso.datetime();
const fields = {
  id: z.uuid(),
  orgId: z.uuid(),
  name: z.string(),
  prefix: z.string().meta({ description: "The first characters of the token, to recognise it", example: "scim_Ab12Cd34" }),
  scopes: z.array(z.enum(SCIM_TOKEN_SCOPES)),
  status: z.enum(["active", "expired", "revoked"]),
  createdById: z.uuid().nullable(),
  expiresAt: timestamp.nullable(),
  lastUsedAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
  createdAt: timestamp,
};
export const scimTokenResponse = z.strictObject(fields).openapi("ScimToken");
export const createdScimTokenResponse = z.strictObject({
  ...fields,
  secret: z.string().meta({ description: "The full token (scim_…). Returned once, here only: give it to the identity provider now" }),
  scimBaseUrl: z.string().meta({ description: "The SCIM 2.0 base URL to give the identity provider", example: "https://gatehouse.example.com/scim/v2" }),
}).openapi("CreatedScimToken");
