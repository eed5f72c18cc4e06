import { restRoute, json } from "@/lib/http/rest";
import { pageQuerySchema } from "@/lib/http/pagination";
import * as sessions from "@/lib/auth/sessions";

export const GET = restRoute({ scope: "principal", query: pageQuerySchema }, async ({ principal, query }) =>
  json(await sessions.listSessionsPage(principal, query)),
);
