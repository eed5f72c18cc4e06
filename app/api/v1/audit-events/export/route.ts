import { restRoute } from "@/lib/http/rest";
import * as audit from "@/lib/audit/service";
import { exportAllAuditEventsQuerySchema } from "@/lib/audit/schemas";
import { exportResponse } from "@/lib/audit/http";

export const GET = restRoute({ scope: "principal", query: exportAllAuditEventsQuerySchema }, async ({ principal, query }) =>
  exportResponse(audit.exportAll(principal, query)),
);
