import { z } from "zod";
import { BUILTIN_ROLES, PERMISSIONS } from "@/lib/auth/permissions";

const RESERVED = new Set<string>([...Object.keys(BUILTIN_ROLES), "api_key"]);

/** Any role a membership may carry: a built-in key or a custom role's name (same alphabet). */
export const roleNameRefSchema = z
  .string("Role must be a string")
  .trim()
  .toLowerCase()
  .min(1, "Choose a role")
  .max(48, "Role names are at most 48 characters")
  .regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, "Role names use lower-case letters, digits and single hyphens");

export const customRoleNameSchema = z
  .string("Name must be a string")
  .trim()
  .toLowerCase()
  .min(2, "Name must be at least 2 characters")
  .max(48, "Name must be at most 48 characters")
  .regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, "Use a lower-case slug such as support-agent (letters, digits, single hyphens)")
  .refine((n) => !RESERVED.has(n), "owner, admin and member are built-in roles; choose another name");

export const permissionsSchema = z
  .array(z.enum(PERMISSIONS, { error: (i) => `Unknown permission "${String(i.input)}"` }), "Permissions must be a list")
  .min(1, "Pick at least one permission")
  .max(PERMISSIONS.length);

export const rankSchema = z
  .number("Rank must be a number")
  .int("Rank must be a whole number")
  .min(1, "Rank is between 1 and 99")
  .max(99, "Rank is between 1 and 99 (owner is 100, admin 80)");

const descriptionSchema = z.string("Description must be a string").trim().max(200, "Description is at most 200 characters");

export const createRoleSchema = z.strictObject({
  name: customRoleNameSchema,
  description: descriptionSchema.nullable().optional(),
  permissions: permissionsSchema,
  rank: rankSchema,
});
export type CreateRoleInput = z.infer<typeof createRoleSchema>;

export const updateRoleSchema = z
  .strictObject({
    name: customRoleNameSchema.optional(),
    description: descriptionSchema.nullable().optional(),
    permissions: permissionsSchema.optional(),
    rank: rankSchema.optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), "Send at least one field to change");
export type UpdateRoleInput = z.infer<typeof updateRoleSchema>;

export const listRolesQuerySchema = z.object({
  source: z.enum(["builtin", "global", "org", "all"]).default("all"),
});
export type ListRolesQuery = z.infer<typeof listRolesQuerySchema>;

export const roleParamsSchema = z.object({ roleId: z.uuid("roleId must be a role id (UUID)") });
