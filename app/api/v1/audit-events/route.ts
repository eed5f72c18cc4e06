import { restRoute, json } from "@/lib/http/rest";
import * as audit from "@/lib/audit/service";
import { listAllAuditEventsQuerySchema } from "@/lib/audit/schemas";

// Every organization's events: provider administrators only, checked by the service.
export const GET = restRoute({ scope: "principal", query: listAllAuditEventsQuerySchema }, async ({ principal, query }) =>
  json(await audit.listAll(principal, query)),
);
