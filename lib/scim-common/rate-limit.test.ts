import { expect, test } from "vitest";
import { TokenBuckets } from "./rate-limit";

test("a burst, then the sustained rate, per key", () => {
  let now = 0;
  const b = new TokenBuckets(50, 100, () => now);
  for (let i = 0; i < 100; i++) expect(b.take("t").ok).toBe(true);
  const denied = b.take("t");
  expect(denied).toEqual({ ok: false, retryAfterSeconds: 1 });
  expect(b.take("other").ok).toBe(true);
  now += 100; // 0.1 s at 50/s refills 5
  for (let i = 0; i < 5; i++) expect(b.take("t").ok).toBe(true);
  expect(b.take("t").ok).toBe(false);
});

test("Retry-After rounds up for slow rates", () => {
  const b = new TokenBuckets(0.2, 1, () => 0);
  expect(b.take("t").ok).toBe(true);
  expect(b.take("t")).toEqual({ ok: false, retryAfterSeconds: 5 });
});
