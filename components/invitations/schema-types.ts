import type { z } from "zod";
import type { bulkInvitationsSchema, createInvitationSchema } from "@/lib/invitations/schemas";

export type CreateInvitationSchemaInput = z.input<typeof createInvitationSchema>;
export type BulkInvitationsSchemaInput = z.input<typeof bulkInvitationsSchema>;
