import { restRoute, json } from "@/lib/http/rest";
import * as sso from "@/lib/sso/service";

/** Fetches discovery and the JWKS and checks the issuer: `{ ok, issuer, checks: [{ check, ok, reason }] }`. */
export const POST = restRoute({ permission: "sso:manage" }, async ({ ctx }) => json(await sso.verifyProvider(ctx)));
