import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual, hkdfSync } from "node:crypto";
import { env, isProduction } from "@/lib/env";

// AES-256-GCM for secrets at rest (client secrets, refresh tokens, TOTP seeds, secret configs).
// Format: v1.<iv>.<tag>.<ciphertext>, base64url parts.
let key: Buffer | undefined;
function encryptionKey(): Buffer {
  if (key) return key;
  const raw = env().ENCRYPTION_KEY;
  if (raw) {
    const decoded = Buffer.from(raw, "base64");
    key = decoded.length === 32 ? decoded : Buffer.from(hkdfSync("sha256", raw, "gatehouse", "encryption-key", 32));
  } else {
    if (isProduction()) throw new Error("ENCRYPTION_KEY must be set in production (32 random bytes, base64)");
    // SECURITY: development-only fixed key so the embedded demo works without configuration.
    key = Buffer.from(hkdfSync("sha256", "gatehouse-development-key", "gatehouse", "encryption-key", 32));
  }
  return key;
}

export function encrypt(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey(), iv);
  const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ct.toString("base64url")].join(".");
}

export function decrypt(sealed: string): string {
  const [v, iv, tag, ct] = sealed.split(".");
  if (v !== "v1" || !iv || !tag || ct === undefined) throw new Error("Unrecognised ciphertext format");
  const decipher = createDecipheriv("aes-256-gcm", encryptionKey(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
}

/** SHA-256 hex of a high-entropy token (API keys, session ids, SCIM tokens): fast lookup by hash. */
export const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

export function safeEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  if (ba.length !== bb.length) {
    timingSafeEqual(ba, ba);
    return false;
  }
  return timingSafeEqual(ba, bb);
}

export const randomToken = (bytes = 32) => randomBytes(bytes).toString("base64url");
