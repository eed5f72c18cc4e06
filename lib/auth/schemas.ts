import { z } from "zod";

// Shared by the sign-in and account forms (client) and the services (server): zod only here.

export const PASSWORD_MIN = 12;
// Argon2 cost grows with input length: cap it so a huge "password" cannot tie up the server.
export const PASSWORD_MAX = 256;

export const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters`);

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address").max(254));

export const loginSchema = z.strictObject({
  email: emailSchema,
  // Only a presence check here: the password policy applies when a password is set, not at sign-in.
  password: z.string().min(1, "Enter your password").max(PASSWORD_MAX, "Incorrect email or password."),
});
export type LoginInput = z.infer<typeof loginSchema>;

export const mfaCodeSchema = z.strictObject({
  code: z.string().trim().min(1, "Enter the 6-digit code or a recovery code").max(32, "That code is too long"),
});
export type MfaCodeInput = z.infer<typeof mfaCodeSchema>;

export const mfaStepSchema = mfaCodeSchema.extend({ challenge: z.string().min(1).max(4096) });
export type MfaStepInput = z.infer<typeof mfaStepSchema>;

export const totpCodeSchema = z.strictObject({
  code: z.string().trim().regex(/^\d{3}\s?\d{3}$/, "Enter the 6-digit code from your authenticator app"),
});
export type TotpCodeInput = z.infer<typeof totpCodeSchema>;

export const sessionIdParams = z.object({ id: z.uuid("Session id must be a UUID") });
