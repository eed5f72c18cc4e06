import { restRoute, json, noContent } from "@/lib/http/rest";
import * as oauthConnections from "@/lib/oauth-connections/service";
import { oauthConnectionNameParamsSchema, putOAuthConnectionSchema } from "@/lib/oauth-connections/schemas";

export const GET = restRoute({ scope: "principal", params: oauthConnectionNameParamsSchema }, async ({ principal, params }) =>
  json(await oauthConnections.getGlobal(principal, params.name)),
);

export const PUT = restRoute({ scope: "principal", params: oauthConnectionNameParamsSchema, body: putOAuthConnectionSchema }, async ({ principal, params, body }) => {
  const { connection, created } = await oauthConnections.putGlobal(principal, params.name, body);
  return json(connection, created ? 201 : 200);
});

export const DELETE = restRoute({ scope: "principal", params: oauthConnectionNameParamsSchema }, async ({ principal, params }) => {
  await oauthConnections.removeGlobal(principal, params.name);
  return noContent();
});
