import { restRoute, json } from "@/lib/http/rest";
import * as oauthConnections from "@/lib/oauth-connections/service";
import { createOAuthConnectionSchema, listOAuthConnectionsQuerySchema } from "@/lib/oauth-connections/schemas";

// Global connections (organization id null): provider administrators only, checked by the service.
export const GET = restRoute({ scope: "principal", query: listOAuthConnectionsQuerySchema }, async ({ principal, query }) =>
  json(await oauthConnections.listGlobal(principal, query)),
);

export const POST = restRoute({ scope: "principal", body: createOAuthConnectionSchema }, async ({ principal, body }) =>
  json(await oauthConnections.createGlobal(principal, body), 201),
);
