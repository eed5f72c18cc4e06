import { restRoute, json } from "@/lib/http/rest";
import * as sessions from "@/lib/auth/sessions";
import { switchOrganizationSchema } from "@/lib/organizations/schemas";

export const POST = restRoute({ scope: "principal", body: switchOrganizationSchema }, async ({ principal, body }) =>
  json(await sessions.switchActiveOrg(principal, body.orgId)),
);
