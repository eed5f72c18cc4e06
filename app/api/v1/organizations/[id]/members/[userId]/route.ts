import { restRoute, noContent } from "@/lib/http/rest";
import * as members from "@/lib/members/service";
import { memberParamsSchema } from "@/lib/members/schemas";

export const DELETE = restRoute({ permission: "member:delete", params: memberParamsSchema }, async ({ ctx, params }) => {
  await members.remove(ctx, params.userId);
  return noContent();
});
