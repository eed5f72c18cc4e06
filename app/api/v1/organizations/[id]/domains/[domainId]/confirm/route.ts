import { restRoute, json } from "@/lib/http/rest";
import * as domains from "@/lib/domains/service";
import { domainParamsSchema } from "@/lib/domains/schemas";

/** Checks the TXT record now; the returned domain's status (verified or failed) and failureReason tell the outcome. */
export const POST = restRoute({ permission: "domain:manage", params: domainParamsSchema }, async ({ ctx, params }) =>
  json(await domains.confirm(ctx, params.domainId)),
);
