import { z } from "zod";
import { expiresAtSchema } from "@/lib/api-keys/schemas";
import { pageQuerySchema } from "@/lib/http/pagination";

export const SCIM_TOKEN_SCOPES = ["users:read", "users:write", "groups:read", "groups:write"] as const;
export type ScimTokenScope = (typeof SCIM_TOKEN_SCOPES)[number];

export const createScimTokenSchema = z.strictObject({
  name: z.string("Name must be a string").trim().min(2, "Name must be at least 2 characters").max(100, "Name is at most 100 characters"),
  /** Defaults to all four: what an identity provider needs to provision users and push groups. */
  scopes: z
    .array(z.enum(SCIM_TOKEN_SCOPES, { error: (i) => `Unknown scope "${String(i.input)}": use users:read, users:write, groups:read or groups:write` }), "Scopes must be a list")
    .min(1, "Pick at least one scope")
    .optional(),
  expiresAt: expiresAtSchema.nullable().optional(),
});
export type CreateScimTokenInput = z.infer<typeof createScimTokenSchema>;

export const listScimTokensQuerySchema = pageQuerySchema.extend({
  status: z.enum(["active", "revoked", "all"]).default("all"),
});
export type ListScimTokensQuery = z.infer<typeof listScimTokensQuerySchema>;

export const scimTokenParamsSchema = z.object({ tokenId: z.uuid("tokenId must be a SCIM token id (UUID)") });
