import { restRoute, json, noContent } from "@/lib/http/rest";
import * as domains from "@/lib/domains/service";
import { domainParamsSchema, updateDomainSchema } from "@/lib/domains/schemas";

export const GET = restRoute({ permission: "domain:read", params: domainParamsSchema }, async ({ ctx, params }) =>
  json(await domains.get(ctx, params.domainId)),
);

export const PATCH = restRoute({ permission: "domain:manage", params: domainParamsSchema, body: updateDomainSchema }, async ({ ctx, params, body }) =>
  json(await domains.update(ctx, params.domainId, body)),
);

export const DELETE = restRoute({ permission: "domain:manage", params: domainParamsSchema }, async ({ ctx, params }) => {
  await domains.remove(ctx, params.domainId);
  return noContent();
});
