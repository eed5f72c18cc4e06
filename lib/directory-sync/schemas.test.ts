import { describe, expect, it } from "vitest";
import { listRunsQuerySchema } from "./schemas";

describe("listRunsQuerySchema", () => {
  it("takes one status, a comma-separated list or an array, de-duplicated", () => {
    expect(listRunsQuerySchema.parse({ status: "failed" }).status).toEqual(["failed"]);
    expect(listRunsQuerySchema.parse({ status: "failed, awaiting_approval,failed" }).status).toEqual(["failed", "awaiting_approval"]);
    expect(listRunsQuerySchema.parse({ status: ["running", "queued"], kind: "import" })).toMatchObject({ status: ["running", "queued"], kind: "import" });
    expect(listRunsQuerySchema.parse({}).status).toBeUndefined();
  });

  it("refuses unknown or empty statuses with the accepted values", () => {
    const r = listRunsQuerySchema.safeParse({ status: "failed,bogus" });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toMatch(/one or more of queued, running.*not bogus/);
    expect(listRunsQuerySchema.safeParse({ status: " , " }).success).toBe(false);
  });
});
