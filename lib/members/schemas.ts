import { z } from "zod";
import { pageQuerySchema } from "@/lib/http/pagination";
import { roleNameRefSchema } from "@/lib/roles/schemas";

export const memberEmailSchema = z
  .string("Email must be a string")
  .trim()
  .toLowerCase()
  .max(254, "Email is at most 254 characters")
  .pipe(z.email("Enter an email address such as jane@acme.com"));

export const createMemberSchema = z.strictObject({
  email: memberEmailSchema,
  /** owner | admin | member or a custom role effective in the organization; defaults to the organization's default role */
  role: roleNameRefSchema.optional(),
  /** used only when the email has no account yet */
  name: z.string("Name must be a string").trim().min(1, "Name cannot be empty").max(100, "Name is at most 100 characters").optional(),
});
export type CreateMemberInput = z.infer<typeof createMemberSchema>;

export const updateMemberRoleSchema = z.strictObject({ role: roleNameRefSchema });
export type UpdateMemberRoleInput = z.infer<typeof updateMemberRoleSchema>;

export const listMembersQuerySchema = pageQuerySchema.extend({
  search: z.string().trim().max(100).optional(),
  role: z.string().trim().toLowerCase().max(48).optional(),
  status: z.enum(["active", "suspended", "all"]).default("all"),
});
export type ListMembersQuery = z.infer<typeof listMembersQuerySchema>;

export const transferOwnershipSchema = z.strictObject({ userId: z.uuid("userId must be a user id (UUID)") });
export type TransferOwnershipInput = z.infer<typeof transferOwnershipSchema>;

export const memberParamsSchema = z.object({ userId: z.uuid("user_id must be a user id (UUID)") });
