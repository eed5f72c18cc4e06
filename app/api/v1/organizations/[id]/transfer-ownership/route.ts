import { restRoute, json } from "@/lib/http/rest";
import * as members from "@/lib/members/service";
import { transferOwnershipSchema } from "@/lib/members/schemas";

export const POST = restRoute({ permission: "ownership:transfer", body: transferOwnershipSchema }, async ({ ctx, body }) =>
  json(await members.transferOwnership(ctx, body)),
);
