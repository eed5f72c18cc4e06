import { restRoute, json, noContent } from "@/lib/http/rest";
import * as configs from "@/lib/configs/service";
import { configNameParamsSchema, putConfigSchema } from "@/lib/configs/schemas";

export const GET = restRoute({ scope: "principal", params: configNameParamsSchema }, async ({ principal, params }) =>
  json(await configs.getGlobal(principal, params.name)),
);

export const PUT = restRoute({ scope: "principal", params: configNameParamsSchema, body: putConfigSchema }, async ({ principal, params, body }) => {
  const { config, created } = await configs.putGlobal(principal, params.name, body);
  return json(config, created ? 201 : 200);
});

export const DELETE = restRoute({ scope: "principal", params: configNameParamsSchema }, async ({ principal, params }) => {
  await configs.removeGlobal(principal, params.name);
  return noContent();
});
