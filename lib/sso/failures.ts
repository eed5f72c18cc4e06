import { randomBytes } from "node:crypto";
import { NO_MAPPING_DENIAL_MESSAGE } from "@/lib/mappings/evaluate";
import { PROTOCOL_CLAIMS } from "@/lib/mappings/claims";
import type { IdTokenFailure } from "./id-token";
import type { IdentityFailure } from "@/lib/mappings/claims";

// Why an SSO sign-in failed, what the person is told, and the short trace id that ties the error page to
// the row admins see on the SSO page (and to the audit event).

export type SsoFailureReason =
  | IdTokenFailure
  | IdentityFailure
  | "no-connection"
  | "org-inactive"
  | "configuration-error"
  | "discovery-failed"
  | "provider-error"
  | "state-invalid"
  | "replayed"
  | "userinfo-failed"
  | "hosted-domain-mismatch"
  | "tenant-not-allowed"
  | "email-unverified"
  | "email-domain-not-verified"
  | "account-disabled"
  | "membership-suspended"
  | "no-mapping"
  | "test-expired";

const ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/** 10 characters from an unambiguous alphabet (no 0/O, 1/I): easy to read out to a help desk. */
export function newTraceId(): string {
  const bytes = randomBytes(10);
  let out = "";
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}
export const TRACE_ID = /^[2-9A-HJ-NP-Z]{10}$/;

const TOKEN_MESSAGE = "Your identity provider's response could not be verified, so you were not signed in.";

export function failureMessage(reason: SsoFailureReason): string {
  switch (reason) {
    case "no-connection":
      return "Single sign-on is not set up for this organization.";
    case "org-inactive":
      return "This organization is inactive. Contact your administrator.";
    case "configuration-error":
    case "discovery-failed":
      return "Single sign-on for your organization is not configured correctly. Your administrator can see the details.";
    case "provider-error":
      return "Your identity provider did not complete the sign-in.";
    case "state-invalid":
      return "This sign-in link is no longer valid (it expired or was changed). Start again from the sign-in page.";
    case "replayed":
      return "This sign-in response was already used. Start again from the sign-in page.";
    case "missing-email":
    case "invalid-email":
      return "Your identity provider did not send a usable email address for your account.";
    case "missing-subject":
    case "userinfo-subject-mismatch":
    case "userinfo-failed":
      return "Your identity provider did not send a usable identity for your account.";
    case "hosted-domain-mismatch":
    case "email-domain-not-verified":
      return "Your email address's domain is not one of this organization's verified domains, so you cannot sign in to it this way.";
    case "tenant-not-allowed":
      return "Your Microsoft Entra directory (tenant) is not allowed to sign in to this organization. Sign in with an account of your organization's directory, or ask its administrator.";
    case "email-unverified":
      return "Your identity provider says your email address is not verified.";
    case "account-disabled":
      return "This account is disabled. Contact your administrator.";
    case "membership-suspended":
      return "Your access to this organization is suspended. Contact your administrator.";
    case "no-mapping":
      return NO_MAPPING_DENIAL_MESSAGE;
    case "test-expired":
      return "The test sign-in expired. Start it again from the SSO page.";
    default:
      return TOKEN_MESSAGE;
  }
}

const MAX_CLAIM_CHARS = 8000;

/**
 * Claims as stored with a failure or a test result: protocol values that can replay or correlate a
 * token (nonce, hashes, session ids) are dropped; iss/aud/exp/iat stay because they explain failures.
 */
export function redactClaims(claims: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (!claims) return null;
  const keep = new Set(["iss", "aud", "exp", "iat", "nbf", "azp"]);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(claims)) {
    if (PROTOCOL_CLAIMS.has(k) && !keep.has(k)) continue;
    out[k] = v;
  }
  const text = JSON.stringify(out);
  if (text.length <= MAX_CLAIM_CHARS) return out;
  return { _truncated: true, ...Object.fromEntries(Object.entries(out).filter(([, v]) => JSON.stringify(v).length < 500)) };
}
