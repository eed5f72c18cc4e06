import { restRoute, json } from "@/lib/http/rest";
import * as apiKeys from "@/lib/api-keys/service";
import { createApiKeySchema, listApiKeysQuerySchema } from "@/lib/api-keys/schemas";

export const GET = restRoute({ permission: "apikey:read", query: listApiKeysQuerySchema }, async ({ ctx, query }) =>
  json(await apiKeys.list(ctx, query)),
);

// The secret is in this response only.
export const POST = restRoute({ permission: "apikey:manage", body: createApiKeySchema }, async ({ ctx, body }) =>
  json(await apiKeys.create(ctx, body), 201),
);
