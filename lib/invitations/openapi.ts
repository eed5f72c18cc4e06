import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { INVITATION_STATUSES } from "./schemas";

// Response shapes of the invitation routes for the OpenAPI document (mirrors ./dto.ts and the
// service's bulk result; openapi.test.ts parses real output with them).
extendZodWithOpenApi(z);

const timestamp = z.iso.datetime();
const fields = {
  id: z.uuid(),
  orgId: z.uuid(),
  email: z.string(),
  role: z.string(),
  status: z.enum(INVITATION_STATUSES).meta({ description: "expired is derived: a pending invitation past expiresAt" }),
  expiresAt: timestamp,
  invitedBy: z.string().nullable().meta({ description: "Who invited: a user's email or an API key's label" }),
  invitedById: z.uuid().nullable(),
  acceptedAt: timestamp.nullable(),
  acceptedUserId: z.uuid().nullable(),
  revokedAt: timestamp.nullable(),
  lastSentAt: timestamp.nullable(),
  sendCount: z.int().min(0),
  createdAt: timestamp,
};
const deliverySchema = z.strictObject({
  status: z.enum(["sent", "outbox", "failed"]).meta({ description: "sent: handed to SMTP; outbox: development outbox (no SMTP_URL); failed: the invitation exists, resend it" }),
  error: z.string().optional(),
}).openapi("InvitationDelivery");

export const invitationResponse = z.strictObject(fields).openapi("Invitation");
export const createdInvitationResponse = z.strictObject({ ...fields, delivery: deliverySchema }).openapi("CreatedInvitation");

const summary = z.strictObject({
  total: z.int(), "will-invite": z.int(), "already-member": z.int(), "already-invited": z.int(), invalid: z.int(), invited: z.int(),
});
const rowBase = { row: z.int().meta({ description: "1-based position in rows, or the CSV line number" }), email: z.string(), role: z.string().nullable(), reason: z.string().optional() };
export const bulkInvitationsResponse = z.union([
  z.strictObject({
    dryRun: z.literal(true),
    summary,
    rows: z.array(z.strictObject({ ...rowBase, status: z.enum(["will-invite", "already-member", "already-invited", "invalid"]) })),
  }).openapi("BulkInvitationPreview"),
  z.strictObject({
    dryRun: z.literal(false),
    summary,
    rows: z.array(z.strictObject({ ...rowBase, status: z.enum(["invited", "already-member", "already-invited"]), invitationId: z.uuid().optional(), delivery: deliverySchema.optional() })),
  }).openapi("BulkInvitationResult"),
]);
