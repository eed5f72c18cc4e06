import { z } from "zod";
import { pageQuerySchema } from "@/lib/http/pagination";
import { roleNameRefSchema } from "@/lib/roles/schemas";
import { normalizeDomain } from "./normalize";
import { isPublicMailboxDomain } from "./public-mailbox";

/** A domain as typed by a person: normalised to lower-case punycode, or an issue explaining why not. */
export const domainNameSchema = z
  .string("Domain must be a string")
  .max(300, "A domain is at most 253 characters")
  .transform((raw, ctx) => {
    const r = normalizeDomain(raw);
    if (!r.ok) {
      ctx.addIssue({ code: "custom", message: r.reason });
      return z.NEVER;
    }
    return r.domain;
  })
  .refine((d) => !isPublicMailboxDomain(d), {
    message: "This is a public mailbox domain (anyone can get an address there), so no organization can verify it",
  });

export const createDomainSchema = z.strictObject({ domain: domainNameSchema });
export type CreateDomainInput = z.infer<typeof createDomainSchema>;

export const updateDomainSchema = z
  .strictObject({
    routingEnabled: z.boolean("routingEnabled must be true or false").optional(),
    autoJoinEnabled: z.boolean("autoJoinEnabled must be true or false").optional(),
    autoJoinRole: roleNameRefSchema.optional(),
  })
  .refine((v) => v.routingEnabled !== undefined || v.autoJoinEnabled !== undefined || v.autoJoinRole !== undefined, {
    message: "Send at least one of routingEnabled, autoJoinEnabled, autoJoinRole",
  });
export type UpdateDomainInput = z.infer<typeof updateDomainSchema>;

export const DOMAIN_STATUSES = ["pending", "verified", "failed", "expired"] as const;

export const listDomainsQuerySchema = pageQuerySchema.extend({
  status: z.enum(DOMAIN_STATUSES, "status is pending, verified, failed or expired").optional(),
});
export type ListDomainsQuery = z.infer<typeof listDomainsQuerySchema>;

export const domainParamsSchema = z.object({ domainId: z.uuid("domainId must be a domain id (UUID)") });
/** For actions: the domain id travels inside the input. */
export const domainIdSchema = z.strictObject({ domainId: z.uuid("domainId must be a domain id (UUID)") });
export const updateDomainActionSchema = z.strictObject({
  domainId: z.uuid("domainId must be a domain id (UUID)"),
  routingEnabled: z.boolean().optional(),
  autoJoinEnabled: z.boolean().optional(),
  autoJoinRole: roleNameRefSchema.optional(),
});
