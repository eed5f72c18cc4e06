import { restRoute, json } from "@/lib/http/rest";
import * as roles from "@/lib/roles/service";
import { createRoleSchema, listRolesQuerySchema } from "@/lib/roles/schemas";

export const GET = restRoute({ permission: "role:read", query: listRolesQuerySchema }, async ({ ctx, query }) =>
  json(await roles.listEffective(ctx, query)),
);

export const POST = restRoute({ permission: "role:manage", body: createRoleSchema }, async ({ ctx, body }) =>
  json(await roles.create(ctx, body), 201),
);
