import { z } from "zod";
import { emailSchema, newPasswordSchema, PASSWORD_MAX } from "@/lib/auth/schemas";

export const userNameSchema = z.string().trim().min(1, "Enter your name").max(100, "Use at most 100 characters");

export const createProviderOwnerSchema = z.strictObject({
  email: emailSchema,
  password: newPasswordSchema,
  name: userNameSchema.optional(),
});
export type CreateProviderOwnerInput = z.input<typeof createProviderOwnerSchema>;

export const updateProfileSchema = z.strictObject({ name: userNameSchema });
export type UpdateProfileInput = z.infer<typeof updateProfileSchema>;

export const changePasswordSchema = z
  .strictObject({
    currentPassword: z.string().min(1, "Enter your current password").max(PASSWORD_MAX),
    newPassword: newPasswordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "The passwords do not match" })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ["newPassword"], message: "Choose a password different from the current one" });
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;
