import { restRoute, json } from "@/lib/http/rest";
import * as invitations from "@/lib/invitations/service";
import { invitationParamsSchema, resendInvitationSchema } from "@/lib/invitations/schemas";

export const POST = restRoute(
  { permission: "invitation:create", params: invitationParamsSchema, body: resendInvitationSchema },
  async ({ ctx, params, body }) => json(await invitations.resend(ctx, params.invitationId, body)),
);
