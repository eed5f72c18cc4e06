import { decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload } from "jose";
import { issuerMatches } from "./config";
import type { JwksCache } from "./jwks";

// ID-token validation (OIDC Core §3.1.3.7). next-auth (oauth4webapi) checks the claims of a code-flow
// ID token but not its signature, so every SSO sign-in is verified here against the provider's JWKS.

/** Asymmetric algorithms only: `none` and HS* (a shared secret the client also knows) are never accepted. */
export const ALLOWED_ALGS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"] as const;
const ALLOWED: ReadonlySet<string> = new Set(ALLOWED_ALGS);

export const DEFAULT_CLOCK_SKEW_SECONDS = 60;

export type IdTokenFailure =
  | "malformed"
  | "alg-not-allowed"
  | "unknown-key"
  | "jwks-unavailable"
  | "bad-signature"
  | "wrong-issuer"
  | "wrong-audience"
  | "azp-mismatch"
  | "expired"
  | "not-yet-valid"
  | "issued-in-future"
  | "missing-nonce"
  | "nonce-mismatch";

export type IdTokenResult =
  | { ok: true; claims: JWTPayload & Record<string, unknown>; alg: string; kid: string | undefined }
  | { ok: false; reason: IdTokenFailure; detail: string; unverifiedClaims: Record<string, unknown> | null };

export type IdTokenExpectations = {
  jwksUri: string;
  /** Exact issuer, or an Entra `{tenantid}` template matched against the token's `tid`. */
  issuer: string;
  /** Accepted `aud` values (the audience override, else the client id). */
  audiences: readonly string[];
  clientId: string;
  /** The nonce sent in the authorization request; null skips the check (refresh responses carry none). */
  nonce: string | null;
  clockSkewSeconds?: number;
  /** Seconds since the epoch; default now. */
  now?: number;
};

function unverified(token: string): Record<string, unknown> | null {
  try {
    return decodeJwt(token) as Record<string, unknown>;
  } catch {
    return null;
  }
}

const fail = (reason: IdTokenFailure, detail: string, token: string): IdTokenResult => ({ ok: false, reason, detail, unverifiedClaims: unverified(token) });

/** Validates signature, issuer, audience, azp, exp/nbf/iat (with clock skew) and nonce. Never throws. */
export async function validateIdToken(token: string, jwks: JwksCache, x: IdTokenExpectations): Promise<IdTokenResult> {
  if (typeof token !== "string" || token.split(".").length !== 3) return fail("malformed", "The ID token is not a signed JWT (JWS compact form)", String(token));
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    return fail("malformed", "The ID token's header cannot be decoded", token);
  }
  const alg = typeof header.alg === "string" ? header.alg : "";
  if (!ALLOWED.has(alg)) {
    return fail("alg-not-allowed", `The ID token is signed with "${alg || "(none)"}"; accepted: ${ALLOWED_ALGS.join(", ")}`, token);
  }
  const kid = typeof header.kid === "string" ? header.kid : undefined;
  const key = await jwks.getKey(x.jwksUri, kid, alg);
  if (!key.ok) return fail(key.reason, key.detail, token);

  const skew = x.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
  const now = x.now ?? Math.floor(Date.now() / 1000);
  let claims: JWTPayload & Record<string, unknown>;
  try {
    const r = await jwtVerify(token, key.key, {
      algorithms: [alg],
      clockTolerance: skew,
      currentDate: new Date(now * 1000),
      requiredClaims: ["iss", "sub", "aud", "exp", "iat"],
    });
    claims = r.payload as JWTPayload & Record<string, unknown>;
  } catch (e) {
    if (e instanceof joseErrors.JWSSignatureVerificationFailed) return fail("bad-signature", "The ID token's signature does not verify with the provider's key", token);
    if (e instanceof joseErrors.JWTExpired) return fail("expired", "The ID token has expired", token);
    if (e instanceof joseErrors.JWTClaimValidationFailed) {
      if (e.claim === "nbf") return fail("not-yet-valid", "The ID token is not valid yet (nbf)", token);
      return fail("malformed", `The ID token's "${e.claim}" claim is missing or invalid`, token);
    }
    return fail("malformed", `The ID token is invalid: ${(e as Error).message}`, token);
  }

  if (!issuerMatches(x.issuer, claims.iss, claims.tid)) {
    return fail("wrong-issuer", `The ID token was issued by "${String(claims.iss)}", expected "${x.issuer}"`, token);
  }
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.some((a) => typeof a === "string" && x.audiences.includes(a))) {
    return fail("wrong-audience", `The ID token is for audience ${JSON.stringify(claims.aud)}, expected ${x.audiences.map((a) => `"${a}"`).join(" or ")}`, token);
  }
  // §3.1.3.7 (4-5): with several audiences the authorized party must be us.
  if ((aud.length > 1 || claims.azp !== undefined) && claims.azp !== undefined && claims.azp !== x.clientId) {
    return fail("azp-mismatch", `The ID token's authorized party "${String(claims.azp)}" is not this client`, token);
  }
  if (typeof claims.iat === "number" && claims.iat > now + skew) {
    return fail("issued-in-future", "The ID token's issue time is in the future (check the clocks)", token);
  }
  if (x.nonce !== null) {
    if (typeof claims.nonce !== "string") return fail("missing-nonce", "The ID token carries no nonce", token);
    if (claims.nonce !== x.nonce) return fail("nonce-mismatch", "The ID token's nonce does not match this sign-in", token);
  }
  return { ok: true, claims, alg, kid };
}
