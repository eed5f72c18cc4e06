import { restRoute, json } from "@/lib/http/rest";
import * as domains from "@/lib/domains/service";
import { domainParamsSchema } from "@/lib/domains/schemas";
import { scheduleDomainVerification } from "@/inngest/send";

/** Start verification: 202 with { domain, scheduled, message }; scheduled is false without Inngest. */
export const POST = restRoute({ permission: "domain:manage", params: domainParamsSchema }, async ({ ctx, params }) =>
  json(await domains.startVerification(ctx, params.domainId, scheduleDomainVerification), 202),
);
