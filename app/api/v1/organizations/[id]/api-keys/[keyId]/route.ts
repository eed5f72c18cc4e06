import { restRoute, json } from "@/lib/http/rest";
import * as apiKeys from "@/lib/api-keys/service";
import { apiKeyParamsSchema } from "@/lib/api-keys/schemas";

export const DELETE = restRoute({ permission: "apikey:manage", params: apiKeyParamsSchema }, async ({ ctx, params }) =>
  json(await apiKeys.revoke(ctx, params.keyId)),
);
