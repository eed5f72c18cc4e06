import { describe, expect, test } from "vitest";
import { configFormSchema, configNameSchema, createConfigSchema, putConfigSchema } from "./schemas";
import { toConfigDto } from "./dto";

describe("config schemas", () => {
  test("names", () => {
    for (const ok of ["a", "billing.plan", "smtp_password", "feature-flags.v2", "0day", "x".repeat(100)]) expect(configNameSchema.safeParse(ok).success, ok).toBe(true);
    for (const bad of ["", "Billing", ".hidden", "-x", "_x", "a b", "a/b", "x".repeat(101)]) expect(configNameSchema.safeParse(bad).success, bad).toBe(false);
  });
  test("values are any JSON but null, up to 64 KB; unknown fields are rejected", () => {
    for (const value of ["s", 0, false, [1, "a"], { nested: { ok: true } }]) expect(putConfigSchema.safeParse({ value }).success).toBe(true);
    expect(putConfigSchema.safeParse({ value: null }).success).toBe(false);
    expect(putConfigSchema.safeParse({}).success).toBe(false);
    expect(putConfigSchema.safeParse({ value: "x".repeat(70_000) }).success).toBe(false);
    expect(createConfigSchema.safeParse({ name: "a", value: 1, extra: 1 }).success).toBe(false);
  });
  test("the form schema parses the JSON text into the API value", () => {
    expect(configFormSchema.parse({ name: "a", value: '{"seats": 5}', isSecret: true })).toEqual({ name: "a", value: { seats: 5 }, isSecret: true });
    const bad = configFormSchema.safeParse({ name: "a", value: "hello" });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path).toEqual(["value"]);
    expect(configFormSchema.safeParse({ name: "a", value: "null" }).success).toBe(false);
  });
});

describe("toConfigDto", () => {
  const row = { id: "1", orgId: "o", scopeKey: "o", name: "k", value: null, valueEnc: "v1.x.y.z", isSecret: true, createdAt: new Date(0), updatedAt: new Date(0) };
  test("masks secrets and never exposes the ciphertext", () => {
    const dto = toConfigDto(row, { overridesGlobal: true });
    expect(dto).toMatchObject({ value: "********", isSecret: true, source: "organization", overridesGlobal: true });
    expect(JSON.stringify(dto)).not.toContain("v1.x.y.z");
  });
  test("a global row never claims to override", () => {
    expect(toConfigDto({ ...row, orgId: null, scopeKey: "global", isSecret: false, value: 3 }, { overridesGlobal: true })).toMatchObject({ value: 3, source: "global", overridesGlobal: false });
  });
});
