import { restRoute, json, noContent } from "@/lib/http/rest";
import * as oauthConnections from "@/lib/oauth-connections/service";
import { oauthConnectionNameParamsSchema, putOAuthConnectionSchema } from "@/lib/oauth-connections/schemas";

export const GET = restRoute({ permission: "connection:read", params: oauthConnectionNameParamsSchema }, async ({ ctx, params }) =>
  json(await oauthConnections.resolve(ctx, params.name)),
);

export const PUT = restRoute(
  { permission: "connection:manage", params: oauthConnectionNameParamsSchema, body: putOAuthConnectionSchema },
  async ({ ctx, params, body }) => {
    const { connection, created } = await oauthConnections.put(ctx, params.name, body);
    return json(connection, created ? 201 : 200);
  },
);

export const DELETE = restRoute({ permission: "connection:manage", params: oauthConnectionNameParamsSchema }, async ({ ctx, params }) => {
  await oauthConnections.remove(ctx, params.name);
  return noContent();
});
