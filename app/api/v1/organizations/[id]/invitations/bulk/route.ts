import { restRoute, json } from "@/lib/http/rest";
import * as invitations from "@/lib/invitations/service";
import { bulkInvitationsSchema } from "@/lib/invitations/schemas";

export const POST = restRoute({ permission: "invitation:create", body: bulkInvitationsSchema }, async ({ ctx, body }) => {
  const r = await invitations.bulk(ctx, body);
  return json(r, !r.dryRun && r.summary.invited > 0 ? 201 : 200);
});
