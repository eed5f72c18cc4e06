import { restRoute, json } from "@/lib/http/rest";
import * as apiKeys from "@/lib/api-keys/service";
import { createApiKeySchema, listApiKeysQuerySchema } from "@/lib/api-keys/schemas";

// Platform-wide keys: provider administrators only (checked in the service).
export const GET = restRoute({ scope: "principal", query: listApiKeysQuerySchema }, async ({ principal, query }) =>
  json(await apiKeys.listPlatform(principal, query)),
);

export const POST = restRoute({ scope: "principal", body: createApiKeySchema }, async ({ principal, body }) =>
  json(await apiKeys.createPlatform(principal, body), 201),
);
