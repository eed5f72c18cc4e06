import { sha256 } from "@/lib/crypto";

// Replay protection for ID tokens: a nonce is accepted once per issuer. next-auth already compares the
// nonce with its (one-time) cookie; this also refuses an ID token presented a second time, whatever path
// it takes. The store keeps each key until the token would have expired anyway.

export type ReplayStore = {
  /** True the first time `key` is claimed before `expiresAt`; false when it was already used. */
  claim(key: string, expiresAt: Date): Promise<boolean>;
};

export const replayKey = (issuer: string, nonce: string) => sha256(`${issuer}\u0000${nonce}`);

/** In-process store (unit tests, the bench); production uses the database store (lib/db/repos/sso-failures.ts). */
export function memoryReplayStore(now: () => number = Date.now): ReplayStore {
  const seen = new Map<string, number>();
  return {
    async claim(key, expiresAt) {
      const t = now();
      for (const [k, exp] of seen) if (exp <= t) seen.delete(k);
      if (seen.has(key)) return false;
      seen.set(key, expiresAt.getTime());
      return true;
    },
  };
}
