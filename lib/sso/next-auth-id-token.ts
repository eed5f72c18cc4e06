import type { ResolvedConfig } from "./config";

// Auth.js (oauth4webapi) compares the ID token's `iss` with the provider's issuer literally and requires
// the client id in `aud` before our signIn callback runs. Two kinds of connection would be refused there
// although lib/sso/id-token.ts accepts them:
//  - Entra multi-tenant (`common`/`organizations`): the issuer is the template
//    `https://<authority>/{tenantid}/v2.0`, and each token names its own tenant (`tid`);
//  - an audience override (or Entra's App ID URI) that the token carries instead of the client id.
// For those, the token response is conformed before Auth.js reads it: Auth.js gets a *shadow* of the ID
// token (same header, same claims except `iss`/`aud` set to what it compares, the original signature) so
// its own checks (alg, exp/iat, nonce) still run, and our signIn callback swaps the original back in and
// validates it in full (signature, issuer with the `tid` substitution, audience). The shadow never
// verifies (its signature belongs to other claims), so if it were ever handed to our validator instead
// of the original it would be refused.

/** True when Auth.js's literal iss/aud comparison would refuse tokens our validator accepts. */
export function needsIdTokenShadow(resolved: Pick<ResolvedConfig, "issuer" | "audiences" | "clientId">): boolean {
  return resolved.issuer.includes("{tenantid}") || resolved.audiences.some((a) => a !== resolved.clientId);
}

const b64url = (s: string) => Buffer.from(s, "utf8").toString("base64url");

function payloadOf(jwt: string): Record<string, unknown> | null {
  const parts = jwt.split(".");
  if (parts.length !== 3) return null;
  try {
    const p = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8")) as unknown;
    return p && typeof p === "object" && !Array.isArray(p) ? (p as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The token Auth.js compares: the original header and signature, the claims with `iss` = the issuer
 * Auth.js expects and `aud` = the client id. Null when the token is not a decodable JWS (Auth.js then
 * refuses the original on its own).
 */
export function shadowIdToken(idToken: string, expected: { issuer: string; clientId: string }): string | null {
  const claims = payloadOf(idToken);
  if (!claims) return null;
  const [header, , signature] = idToken.split(".");
  return `${header}.${b64url(JSON.stringify({ ...claims, iss: expected.issuer, aud: expected.clientId }))}.${signature}`;
}

/**
 * `token.conform` for Auth.js: replaces the response's `id_token` with its shadow and reports the pair,
 * so the signIn callback can validate the original. Anything else (errors, no ID token, non-JSON) passes
 * through untouched.
 */
export async function conformTokenResponse(
  res: Response,
  expected: { issuer: string; clientId: string },
  remember: (shadow: string, original: string) => void,
): Promise<Response> {
  let body: unknown;
  try {
    body = await res.clone().json();
  } catch {
    return res;
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) return res;
  const original = (body as { id_token?: unknown }).id_token;
  if (typeof original !== "string") return res;
  const shadow = shadowIdToken(original, expected);
  if (!shadow) return res;
  remember(shadow, original);
  const headers = new Headers(res.headers);
  headers.delete("content-length");
  headers.delete("content-encoding");
  headers.set("content-type", "application/json");
  return new Response(JSON.stringify({ ...body, id_token: shadow }), { status: res.status, statusText: res.statusText, headers });
}
