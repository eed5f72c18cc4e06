import { restRoute, json } from "@/lib/http/rest";
import * as roles from "@/lib/roles/service";
import { createRoleSchema } from "@/lib/roles/schemas";

// Global roles: provider administrators only (checked in the service).
export const GET = restRoute({ scope: "principal" }, async ({ principal }) => json(await roles.listGlobal(principal)));

export const POST = restRoute({ scope: "principal", body: createRoleSchema }, async ({ principal, body }) =>
  json(await roles.createGlobal(principal, body), 201),
);
