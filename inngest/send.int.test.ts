import { describe, expect, test, vi } from "vitest";

vi.hoisted(() => {
  // Dev mode aimed at a port nobody listens on: the send fails fast and must not throw.
  process.env.INNGEST_DEV = "http://127.0.0.1:9";
});

import { scheduleDomainVerification, NEEDS_INNGEST } from "./send";

describe("scheduleDomainVerification without a reachable Inngest", () => {
  test("reports scheduled: false with the Confirm hint instead of failing", async () => {
    const r = await scheduleDomainVerification({ orgId: "7f1b7f5e-8f7e-4c57-9b8e-2f1f6f7e8a90", domainId: "6d3c0f5e-1a2b-4c3d-8e9f-0a1b2c3d4e5f", startedAt: new Date().toISOString() });
    expect(r.scheduled).toBe(false);
    expect(r.message).toContain(NEEDS_INNGEST);
  }, 15_000);
});
