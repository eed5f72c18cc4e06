import { Secret, TOTP } from "otpauth";

// RFC 6238 TOTP with the parameters every authenticator app supports: SHA-1, 6 digits, 30 s.
const ISSUER = "Gatehouse";
const PERIOD_S = 30;

function totp(secretBase32: string, label = "account") {
  return new TOTP({ issuer: ISSUER, label, algorithm: "SHA1", digits: 6, period: PERIOD_S, secret: Secret.fromBase32(secretBase32) });
}

/** A fresh 160-bit secret (RFC 4226 §4 recommends 160 bits), base32 as apps expect. */
export const newTotpSecret = () => new Secret({ size: 20 }).base32;

export const totpUri = (secretBase32: string, email: string) => totp(secretBase32, email).toString();

/** The RFC 6238 time step T = floor(unix seconds / 30) at `now`. */
export const totpStep = (now = Date.now()) => Math.floor(now / 1000 / PERIOD_S);

/**
 * The time step of the code if it is the current one or one step either side (clock drift,
 * RFC 6238 §5.2), else null. Spaces are ignored ("123 456" is how some apps show it). The caller
 * must still refuse a step at or below the last one it accepted (§5.2: a code is valid once).
 */
export function matchTotp(secretBase32: string, code: string, now = Date.now()): number | null {
  const token = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totp(secretBase32).validate({ token, timestamp: now, window: 1 });
  return delta === null ? null : totpStep(now) + delta;
}

/** The code an authenticator would show now (tests and the e2e seed). */
export const totpNow = (secretBase32: string, now = Date.now()) => totp(secretBase32).generate({ timestamp: now });

/** Groups a base32 secret in fours so people can type it into an app. */
export const formatSecret = (secretBase32: string) => secretBase32.replace(/(.{4})/g, "$1 ").trim();
