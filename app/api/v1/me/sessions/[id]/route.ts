import { restRoute, noContent } from "@/lib/http/rest";
import * as sessions from "@/lib/auth/sessions";
import { sessionIdParams } from "@/lib/auth/schemas";

export const DELETE = restRoute({ scope: "principal", params: sessionIdParams }, async ({ principal, params }) => {
  await sessions.revokeSession(principal, params.id);
  return noContent();
});
