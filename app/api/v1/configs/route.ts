import { restRoute, json } from "@/lib/http/rest";
import * as configs from "@/lib/configs/service";
import { createConfigSchema, listConfigsQuerySchema } from "@/lib/configs/schemas";

// Global items (organization id null): provider administrators only, checked by the service.
export const GET = restRoute({ scope: "principal", query: listConfigsQuerySchema }, async ({ principal, query }) =>
  json(await configs.listGlobal(principal, query)),
);

export const POST = restRoute({ scope: "principal", body: createConfigSchema }, async ({ principal, body }) =>
  json(await configs.createGlobal(principal, body), 201),
);
