import { z } from "zod";
import { pageQuerySchema } from "@/lib/http/pagination";

export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, "Slug must be at least 2 characters")
  .max(48, "Slug must be at most 48 characters")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use lower-case letters, digits and single hyphens (e.g. acme-corp)");

export const domainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^(?=.{1,253}$)(?!-)([a-z0-9-]{1,63}(?<!-)\.)+[a-z]{2,63}$/, "Enter a domain such as acme.com (no scheme or path)");

export const orgNameSchema = z.string().trim().min(2, "Name must be at least 2 characters").max(100, "Name must be at most 100 characters");

export const createOrganizationSchema = z.strictObject({
  name: orgNameSchema,
  slug: slugSchema.optional(),
  domain: domainSchema.optional().nullable(),
});
export type CreateOrganizationInput = z.infer<typeof createOrganizationSchema>;

export const updateOrganizationSchema = z
  .strictObject({
    name: orgNameSchema.optional(),
    slug: slugSchema.optional(),
    domain: domainSchema.nullable().optional(),
    isActive: z.boolean().optional(),
    defaultRole: z.string().trim().min(1).max(64).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, "Send at least one field to change");
export type UpdateOrganizationInput = z.infer<typeof updateOrganizationSchema>;

export const listOrganizationsQuerySchema = pageQuerySchema.extend({
  search: z.string().trim().max(100).optional(),
  status: z.enum(["active", "inactive", "all"]).default("all"),
});
export type ListOrganizationsQuery = z.infer<typeof listOrganizationsQuerySchema>;

export const switchOrganizationSchema = z.strictObject({ orgId: z.uuid("orgId must be an organization id (UUID)") });

export function slugify(name: string): string {
  const s = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
  return s.length >= 2 ? s : `org-${s || "x"}`;
}
