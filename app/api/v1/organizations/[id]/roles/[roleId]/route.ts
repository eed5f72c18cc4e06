import { restRoute, json, noContent } from "@/lib/http/rest";
import * as roles from "@/lib/roles/service";
import { roleParamsSchema, updateRoleSchema } from "@/lib/roles/schemas";

export const GET = restRoute({ permission: "role:read", params: roleParamsSchema }, async ({ ctx, params }) =>
  json(await roles.get(ctx, params.roleId)),
);

export const PUT = restRoute({ permission: "role:manage", params: roleParamsSchema, body: updateRoleSchema }, async ({ ctx, params, body }) =>
  json(await roles.update(ctx, params.roleId, body)),
);
export const PATCH = PUT;

export const DELETE = restRoute({ permission: "role:manage", params: roleParamsSchema }, async ({ ctx, params }) => {
  await roles.remove(ctx, params.roleId);
  return noContent();
});
