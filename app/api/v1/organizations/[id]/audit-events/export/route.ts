import { restRoute } from "@/lib/http/rest";
import * as audit from "@/lib/audit/service";
import { exportAuditEventsQuerySchema } from "@/lib/audit/schemas";
import { exportResponse } from "@/lib/audit/http";

export const GET = restRoute({ permission: "audit:export", query: exportAuditEventsQuerySchema }, async ({ ctx, query }) =>
  exportResponse(audit.exportEvents(ctx, query)),
);
