import { restRoute, json } from "@/lib/http/rest";
import * as scimTokens from "@/lib/scim-tokens/service";
import { createScimTokenSchema, listScimTokensQuerySchema } from "@/lib/scim-tokens/schemas";

export const GET = restRoute({ permission: "scim:read", query: listScimTokensQuerySchema }, async ({ ctx, query }) =>
  json(await scimTokens.list(ctx, query)),
);

// The secret is in this response only.
export const POST = restRoute({ permission: "scim:manage", body: createScimTokenSchema }, async ({ ctx, body }) =>
  json(await scimTokens.create(ctx, body), 201),
);
