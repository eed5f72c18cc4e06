import { z } from "zod";
import { pageQuerySchema } from "@/lib/http/pagination";
import { roleNameRefSchema } from "@/lib/roles/schemas";
import { newPasswordSchema } from "@/lib/auth/schemas";

export const MAX_BULK_INVITATIONS = 50;

export const invitationEmailSchema = z
  .string("Email must be a string")
  .trim()
  .toLowerCase()
  .max(254, "Email is at most 254 characters")
  .pipe(z.email("Enter an email address such as jane@acme.com"));

export const expiresInDaysSchema = z.coerce
  .number("expiresInDays must be a number")
  .int("expiresInDays must be a whole number of days")
  .min(1, "An invitation lasts at least 1 day")
  .max(30, "An invitation lasts at most 30 days");

export const createInvitationSchema = z.strictObject({
  email: invitationEmailSchema,
  /** owner | admin | member or a custom role; defaults to the organization's default role */
  role: roleNameRefSchema.optional(),
  expiresInDays: expiresInDaysSchema.default(7),
});
export type CreateInvitationInput = z.infer<typeof createInvitationSchema>;

// Bulk rows are NOT validated here: the preview reports each malformed row instead of failing the request.
const bulkRowSchema = z.strictObject({
  email: z.string("email must be a string").max(1000, "email is too long"),
  role: z.string("role must be a string").max(100, "role is too long").optional(),
});
export type BulkRowInput = z.infer<typeof bulkRowSchema>;

export const bulkInvitationsSchema = z
  .strictObject({
    /** either rows... */
    rows: z.array(bulkRowSchema, "rows must be a list of { email, role? }").max(10_000, "Too many rows").optional(),
    /** ...or CSV text: one invitation per line, "email" or "email,role"; an optional header line "email,role" */
    csv: z.string("csv must be text").max(200_000, "The CSV is too large").optional(),
    /** role for rows that name none; defaults to the organization's default role */
    defaultRole: roleNameRefSchema.optional(),
    expiresInDays: expiresInDaysSchema.default(7),
    /** true: classify every row and write nothing (the preview) */
    dryRun: z.boolean("dryRun must be true or false").default(false),
  })
  .refine((v) => (v.rows === undefined) !== (v.csv === undefined), { message: "Send either rows or csv (exactly one of them)" });
export type BulkInvitationsInput = z.infer<typeof bulkInvitationsSchema>;

export const INVITATION_STATUSES = ["pending", "accepted", "expired", "revoked"] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export const listInvitationsQuerySchema = pageQuerySchema.extend({
  status: z.enum([...INVITATION_STATUSES, "all"], "status is pending, accepted, expired, revoked or all").default("all"),
  search: z.string().trim().max(254).optional(),
});
export type ListInvitationsQuery = z.infer<typeof listInvitationsQuerySchema>;

export const resendInvitationSchema = z.strictObject({ expiresInDays: expiresInDaysSchema.default(7) });
export type ResendInvitationInput = z.infer<typeof resendInvitationSchema>;

export const invitationParamsSchema = z.object({ invitationId: z.uuid("invitationId must be an invitation id (UUID)") });
/** For actions: the invitation id travels inside the input. */
export const invitationIdSchema = z.strictObject({ invitationId: z.uuid("invitationId must be an invitation id (UUID)") });

const tokenSchema = z.string("The invitation link is missing its token").min(1, "The invitation link is missing its token").max(200);

/** Accept page: create the invited account (the account password policy: at least 12 characters) and join. */
export const acceptWithNewAccountSchema = z
  .strictObject({
    token: tokenSchema,
    name: z.string().trim().max(100, "Use at most 100 characters").optional(),
    password: newPasswordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "The passwords do not match" });
export type AcceptWithNewAccountInput = z.infer<typeof acceptWithNewAccountSchema>;

/** Accept page: sign in as the invited address (the email comes from the invitation, not the form). */
export const acceptWithPasswordSchema = z.strictObject({
  token: tokenSchema,
  password: z.string().min(1, "Enter your password").max(256, "Incorrect email or password."),
});
export const acceptWithMfaSchema = z.strictObject({
  token: tokenSchema,
  challenge: z.string().min(1).max(4096),
  code: z.string().trim().min(1, "Enter the 6-digit code or a recovery code").max(64),
});
export const acceptTokenSchema = z.strictObject({ token: tokenSchema });
