import { restRoute, json } from "@/lib/http/rest";
import * as invitations from "@/lib/invitations/service";
import { invitationParamsSchema } from "@/lib/invitations/schemas";

export const GET = restRoute({ permission: "invitation:read", params: invitationParamsSchema }, async ({ ctx, params }) =>
  json(await invitations.get(ctx, params.invitationId)),
);

/** Revokes (the row stays, with status revoked). */
export const DELETE = restRoute({ permission: "invitation:revoke", params: invitationParamsSchema }, async ({ ctx, params }) =>
  json(await invitations.revoke(ctx, params.invitationId)),
);
