import { describe, expect, test, vi } from "vitest";

vi.hoisted(() => {
  // Dev mode aimed at a port nobody listens on: the send fails fast and the run goes to the server.
  process.env.INNGEST_DEV = "http://127.0.0.1:9";
});

import { dispatchJob, INNGEST_UNREACHABLE } from "./send-jobs";

describe("dispatchJob without a reachable Inngest", () => {
  test("reports scheduled: false (the caller then works the run itself) instead of failing", async () => {
    const r = await dispatchJob({ kind: "reconcile", orgId: "7f1b7f5e-8f7e-4c57-9b8e-2f1f6f7e8a90", runId: "6d3c0f5e-1a2b-4c3d-8e9f-0a1b2c3d4e5f" });
    expect(r).toEqual({ scheduled: false, message: INNGEST_UNREACHABLE });
  }, 15_000);
});
