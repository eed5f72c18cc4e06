import { hash, verify } from "@node-rs/argon2";
import { PASSWORD_MAX } from "@/lib/auth/schemas";

/** Argon2id with the library defaults (OWASP's recommended minimums). */
export const hashPassword = (plain: string) => hash(plain);

export async function verifyPassword(passwordHash: string, plain: string): Promise<boolean> {
  if (plain.length > PASSWORD_MAX) return false;
  try {
    return await verify(passwordHash, plain);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/**
 * Verifies against a throwaway hash so an unknown email takes as long as a wrong password
 * (otherwise response time tells which accounts exist).
 */
export async function burnPasswordCheck(plain: string): Promise<void> {
  dummy ??= hash("gatehouse-timing-equaliser");
  await verifyPassword(await dummy, plain);
}
