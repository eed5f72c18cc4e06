import { restRoute, json } from "@/lib/http/rest";
import * as audit from "@/lib/audit/service";
import { listAuditEventsQuerySchema } from "@/lib/audit/schemas";

export const GET = restRoute({ permission: "audit:read", query: listAuditEventsQuerySchema }, async ({ ctx, query }) =>
  json(await audit.list(ctx, query)),
);
