import { restRoute, json, noContent } from "@/lib/http/rest";
import * as roles from "@/lib/roles/service";
import { roleParamsSchema, updateRoleSchema } from "@/lib/roles/schemas";

export const GET = restRoute({ scope: "principal", params: roleParamsSchema }, async ({ principal, params }) =>
  json(await roles.getGlobal(principal, params.roleId)),
);

export const PUT = restRoute({ scope: "principal", params: roleParamsSchema, body: updateRoleSchema }, async ({ principal, params, body }) =>
  json(await roles.updateGlobal(principal, params.roleId, body)),
);
export const PATCH = PUT;

export const DELETE = restRoute({ scope: "principal", params: roleParamsSchema }, async ({ principal, params }) => {
  await roles.removeGlobal(principal, params.roleId);
  return noContent();
});
