// Failed sign-in throttling: pure window arithmetic (the counts come from LoginAttempt rows).

export type ThrottleState = { throttled: false } | { throttled: true; retryAt: Date };

/**
 * Given the newest failures (any order; at most `max` are needed) inside the window, decides whether
 * the next attempt is refused. Throttled once `max` failures fall inside the window; the lock lifts
 * when the oldest of the newest `max` failures leaves it.
 */
export function throttleState(failures: readonly Date[], max: number, windowMs: number, now: Date): ThrottleState {
  const since = now.getTime() - windowMs;
  const recent = failures.map((d) => d.getTime()).filter((t) => t > since).sort((a, b) => b - a);
  if (recent.length < max) return { throttled: false };
  return { throttled: true, retryAt: new Date(recent[max - 1]! + windowMs) };
}

/** Whole minutes until retryAt, at least 1 (a message saying "0 minutes" reads as a bug). */
export function minutesUntil(retryAt: Date, now: Date): number {
  return Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 60_000));
}

export const throttleMessage = (minutes: number) =>
  `Too many failed sign-in attempts. Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;

/** The later of two throttle states (account and IP): the caller waits for both to lift. */
export function laterOf(a: ThrottleState, b: ThrottleState): ThrottleState {
  if (!a.throttled) return b;
  if (!b.throttled) return a;
  return a.retryAt >= b.retryAt ? a : b;
}
