import { restRoute, json } from "@/lib/http/rest";
import * as apiKeys from "@/lib/api-keys/service";
import { apiKeyParamsSchema } from "@/lib/api-keys/schemas";

export const DELETE = restRoute({ scope: "principal", params: apiKeyParamsSchema }, async ({ principal, params }) =>
  json(await apiKeys.revokePlatform(principal, params.keyId)),
);
