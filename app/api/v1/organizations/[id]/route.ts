import { restRoute, json, noContent } from "@/lib/http/rest";
import * as organizations from "@/lib/organizations/service";
import { updateOrganizationSchema } from "@/lib/organizations/schemas";

export const GET = restRoute({ permission: "org:read" }, async ({ ctx }) => json(await organizations.get(ctx)));

export const PUT = restRoute({ permission: "org:update", body: updateOrganizationSchema }, async ({ ctx, body }) =>
  json(await organizations.update(ctx, body)),
);
export const PATCH = PUT;

export const DELETE = restRoute({ permission: null }, async ({ ctx }) => {
  await organizations.remove(ctx);
  return noContent();
});
