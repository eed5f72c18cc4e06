import { restRoute, json } from "@/lib/http/rest";
import * as sso from "@/lib/sso/service";
import { listFailuresQuerySchema } from "@/lib/sso/schemas";

export const GET = restRoute({ permission: "sso:read", query: listFailuresQuerySchema }, async ({ ctx, query }) =>
  json(await sso.listFailures(ctx, query)),
);
