import { randomInt } from "node:crypto";
import { sha256 } from "@/lib/crypto";

// Recovery codes: 10 single-use codes, shown once, stored as SHA-256. 10 characters from a
// 31-symbol alphabet without look-alikes (0/o, 1/l/i) is ~49 bits each: too many to guess
// inside the sign-in throttle.
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
export const RECOVERY_CODE_COUNT = 10;
const FORMAT = /^[a-hj-km-np-z2-9]{5}-[a-hj-km-np-z2-9]{5}$/;

export function generateRecoveryCode(): string {
  let s = "";
  for (let i = 0; i < 10; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}

export function generateRecoveryCodes(n = RECOVERY_CODE_COUNT): string[] {
  const codes = new Set<string>();
  while (codes.size < n) codes.add(generateRecoveryCode());
  return [...codes];
}

/** Accepts what people type: any case, spaces, with or without the hyphen. Null if it cannot be a code. */
export function normalizeRecoveryCode(input: string): string | null {
  const compact = input.toLowerCase().replace(/[\s-]/g, "");
  if (compact.length !== 10) return null;
  const code = `${compact.slice(0, 5)}-${compact.slice(5)}`;
  return FORMAT.test(code) ? code : null;
}

export const hashRecoveryCode = (normalized: string) => sha256(`gatehouse-recovery:${normalized}`);

export const isTotpFormat = (input: string) => /^\d{6}$/.test(input.replace(/\s/g, ""));
