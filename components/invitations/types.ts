import type { ActionResult } from "@/lib/http/action-result";
import type { InvitationDto } from "@/lib/invitations/dto";
import type { BulkPreview, BulkResult, CreatedInvitation } from "@/lib/invitations/service";
import type { BulkInvitationsSchemaInput, CreateInvitationSchemaInput } from "./schema-types";

export type InvitationActions = {
  create: (orgId: string, input: CreateInvitationSchemaInput) => Promise<ActionResult<CreatedInvitation>>;
  bulk: (orgId: string, input: BulkInvitationsSchemaInput) => Promise<ActionResult<BulkPreview | BulkResult>>;
  resend: (orgId: string, input: { invitationId: string }) => Promise<ActionResult<CreatedInvitation>>;
  revoke: (orgId: string, input: { invitationId: string }) => Promise<ActionResult<InvitationDto>>;
};
