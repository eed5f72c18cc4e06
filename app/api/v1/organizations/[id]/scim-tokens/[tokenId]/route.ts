import { restRoute, json } from "@/lib/http/rest";
import * as scimTokens from "@/lib/scim-tokens/service";
import { scimTokenParamsSchema } from "@/lib/scim-tokens/schemas";

export const DELETE = restRoute({ permission: "scim:manage", params: scimTokenParamsSchema }, async ({ ctx, params }) =>
  json(await scimTokens.revoke(ctx, params.tokenId)),
);
