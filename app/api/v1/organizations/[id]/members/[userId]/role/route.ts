import { restRoute, json } from "@/lib/http/rest";
import * as members from "@/lib/members/service";
import { memberParamsSchema, updateMemberRoleSchema } from "@/lib/members/schemas";

export const PATCH = restRoute({ permission: "member:update", params: memberParamsSchema, body: updateMemberRoleSchema }, async ({ ctx, params, body }) =>
  json(await members.changeRole(ctx, params.userId, body)),
);
export const PUT = PATCH;
