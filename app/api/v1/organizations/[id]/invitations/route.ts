import { restRoute, json } from "@/lib/http/rest";
import * as invitations from "@/lib/invitations/service";
import { createInvitationSchema, listInvitationsQuerySchema } from "@/lib/invitations/schemas";

export const GET = restRoute({ permission: "invitation:read", query: listInvitationsQuerySchema }, async ({ ctx, query }) =>
  json(await invitations.list(ctx, query)),
);

export const POST = restRoute({ permission: "invitation:create", body: createInvitationSchema }, async ({ ctx, body }) =>
  json(await invitations.create(ctx, body), 201),
);
