import { restRoute, json } from "@/lib/http/rest";
import * as organizations from "@/lib/organizations/service";
import { createOrganizationSchema, listOrganizationsQuerySchema } from "@/lib/organizations/schemas";

export const GET = restRoute({ scope: "principal", query: listOrganizationsQuerySchema }, async ({ principal, query }) =>
  json(await organizations.list(principal, query)),
);

export const POST = restRoute({ scope: "principal", body: createOrganizationSchema }, async ({ principal, body }) =>
  json(await organizations.create(principal, body), 201),
);
