import { restRoute, json } from "@/lib/http/rest";
import * as configs from "@/lib/configs/service";
import { createConfigSchema, listConfigsQuerySchema } from "@/lib/configs/schemas";

export const GET = restRoute({ permission: "config:read", query: listConfigsQuerySchema }, async ({ ctx, query }) =>
  json(await configs.listEffective(ctx, query)),
);

export const POST = restRoute({ permission: "config:manage", body: createConfigSchema }, async ({ ctx, body }) =>
  json(await configs.create(ctx, body), 201),
);
