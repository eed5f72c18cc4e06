import { Secret, TOTP } from "otpauth";

// RFC 6238 TOTP with the parameters every authenticator app supports: SHA-1, 6 digits, 30 s.
const ISSUER = "Gatehouse";

function totp(secretBase32: string, label = "account") {
  return new TOTP({ issuer: ISSUER, label, algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(secretBase32) });
}

/** A fresh 160-bit secret (RFC 4226 §4 recommends 160 bits), base32 as apps expect. */
export const newTotpSecret = () => new Secret({ size: 20 }).base32;

export const totpUri = (secretBase32: string, email: string) => totp(secretBase32, email).toString();

/**
 * Accepts the current code and one step either side (clock drift, RFC 6238 §5.2).
 * Spaces are ignored ("123 456" is how some apps show it).
 */
export function verifyTotp(secretBase32: string, code: string, now = Date.now()): boolean {
  const token = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(token)) return false;
  return totp(secretBase32).validate({ token, timestamp: now, window: 1 }) !== null;
}

/** The code an authenticator would show now (tests and the e2e seed). */
export const totpNow = (secretBase32: string, now = Date.now()) => totp(secretBase32).generate({ timestamp: now });

/** Groups a base32 secret in fours so people can type it into an app. */
export const formatSecret = (secretBase32: string) => secretBase32.replace(/(.{4})/g, "$1 ").trim();
