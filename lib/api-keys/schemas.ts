import { z } from "zod";
import { PERMISSIONS } from "@/lib/auth/permissions";
import { pageQuerySchema } from "@/lib/http/pagination";

const ISO = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** A date-only value (from a date picker) means the end of that day, UTC. */
export function parseExpiry(v: string): Date {
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T23:59:59.999Z` : v);
}

export const expiresAtSchema = z
  .string("expiresAt must be an ISO 8601 date or date-time string")
  .trim()
  .regex(ISO, "Use an ISO 8601 date or date-time, e.g. 2027-01-31 or 2027-01-31T12:00:00Z")
  .refine((v) => !Number.isNaN(parseExpiry(v).getTime()), "This is not a real date")
  .refine((v) => parseExpiry(v).getTime() > Date.now(), "The expiry must be in the future");

export const createApiKeySchema = z.strictObject({
  name: z.string("Name must be a string").trim().min(2, "Name must be at least 2 characters").max(100, "Name is at most 100 characters"),
  /** defaults to every permission the creator holds */
  scopes: z
    .array(z.enum(PERMISSIONS, { error: (i) => `Unknown scope "${String(i.input)}"` }), "Scopes must be a list of permissions")
    .min(1, "Pick at least one scope")
    .optional(),
  expiresAt: expiresAtSchema.nullable().optional(),
});
export type CreateApiKeyInput = z.infer<typeof createApiKeySchema>;

export const listApiKeysQuerySchema = pageQuerySchema.extend({
  search: z.string().trim().max(100).optional(),
  status: z.enum(["active", "expired", "revoked", "all"]).default("all"),
});
export type ListApiKeysQuery = z.infer<typeof listApiKeysQuerySchema>;

export const apiKeyParamsSchema = z.object({ keyId: z.uuid("keyId must be an API key id (UUID)") });
