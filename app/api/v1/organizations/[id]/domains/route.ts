import { restRoute, json } from "@/lib/http/rest";
import * as domains from "@/lib/domains/service";
import { createDomainSchema, listDomainsQuerySchema } from "@/lib/domains/schemas";

export const GET = restRoute({ permission: "domain:read", query: listDomainsQuerySchema }, async ({ ctx, query }) =>
  json(await domains.list(ctx, query)),
);

export const POST = restRoute({ permission: "domain:manage", body: createDomainSchema }, async ({ ctx, body }) =>
  json(await domains.add(ctx, body), 201),
);
