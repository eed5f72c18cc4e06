import { restRoute, json, noContent } from "@/lib/http/rest";
import * as configs from "@/lib/configs/service";
import { configNameParamsSchema, putConfigSchema } from "@/lib/configs/schemas";

export const GET = restRoute({ permission: "config:read", params: configNameParamsSchema }, async ({ ctx, params }) =>
  json(await configs.resolve(ctx, params.name)),
);

export const PUT = restRoute({ permission: "config:manage", params: configNameParamsSchema, body: putConfigSchema }, async ({ ctx, params, body }) => {
  const { config, created } = await configs.put(ctx, params.name, body);
  return json(config, created ? 201 : 200);
});

export const DELETE = restRoute({ permission: "config:manage", params: configNameParamsSchema }, async ({ ctx, params }) => {
  await configs.remove(ctx, params.name);
  return noContent();
});
