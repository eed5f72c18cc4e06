import { describe, expect, test } from "vitest";
import { laterOf, minutesUntil, throttleMessage, throttleState } from "./throttle";

const now = new Date("2026-01-01T12:00:00Z");
const ago = (min: number) => new Date(now.getTime() - min * 60_000);
const WINDOW = 15 * 60_000;

describe("throttleState", () => {
  test("under the limit is not throttled", () => {
    expect(throttleState([ago(1), ago(2), ago(3), ago(4)], 5, WINDOW, now)).toEqual({ throttled: false });
  });

  test("the limit inside the window throttles until the oldest of the newest `max` leaves it", () => {
    const s = throttleState([ago(1), ago(2), ago(3), ago(4), ago(10)], 5, WINDOW, now);
    expect(s).toEqual({ throttled: true, retryAt: new Date(ago(10).getTime() + WINDOW) });
    expect(minutesUntil((s as { retryAt: Date }).retryAt, now)).toBe(5);
  });

  test("failures outside the window do not count", () => {
    expect(throttleState([ago(1), ago(2), ago(3), ago(4), ago(15), ago(16)], 5, WINDOW, now)).toEqual({ throttled: false });
  });

  test("more failures than the limit: the lock lifts when the count drops below it", () => {
    const s = throttleState([ago(14), ago(1), ago(2), ago(3), ago(4), ago(5)], 5, WINDOW, now);
    // newest five are 1..5 minutes old: lifts 10 minutes from now, not 1
    expect(s.throttled && minutesUntil(s.retryAt, now)).toBe(10);
  });
});

describe("minutesUntil and the message", () => {
  test("rounds up and never says 0", () => {
    expect(minutesUntil(new Date(now.getTime() + 61_000), now)).toBe(2);
    expect(minutesUntil(new Date(now.getTime() + 1_000), now)).toBe(1);
    expect(minutesUntil(ago(1), now)).toBe(1);
  });
  test("reads naturally", () => {
    expect(throttleMessage(15)).toBe("Too many failed sign-in attempts. Try again in 15 minutes.");
    expect(throttleMessage(1)).toBe("Too many failed sign-in attempts. Try again in 1 minute.");
  });
});

test("laterOf picks the lock that lifts last", () => {
  const a = { throttled: true as const, retryAt: ago(-5) };
  const b = { throttled: true as const, retryAt: ago(-9) };
  expect(laterOf(a, b)).toBe(b);
  expect(laterOf({ throttled: false }, a)).toBe(a);
  expect(laterOf(a, { throttled: false })).toBe(a);
  expect(laterOf({ throttled: false }, { throttled: false })).toEqual({ throttled: false });
});
