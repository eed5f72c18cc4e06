import { restRoute, json } from "@/lib/http/rest";
import * as oauthConnections from "@/lib/oauth-connections/service";
import { createOAuthConnectionSchema, listOAuthConnectionsQuerySchema } from "@/lib/oauth-connections/schemas";

export const GET = restRoute({ permission: "connection:read", query: listOAuthConnectionsQuerySchema }, async ({ ctx, query }) =>
  json(await oauthConnections.listEffective(ctx, query)),
);

export const POST = restRoute({ permission: "connection:manage", body: createOAuthConnectionSchema }, async ({ ctx, body }) =>
  json(await oauthConnections.create(ctx, body), 201),
);
