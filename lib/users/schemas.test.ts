import { describe, expect, test } from "vitest";
import { changePasswordSchema, createProviderOwnerSchema } from "./schemas";
import { loginSchema } from "@/lib/auth/schemas";

describe("password policy", () => {
  test("new passwords need at least 12 characters; sign-in only needs one", () => {
    expect(createProviderOwnerSchema.safeParse({ email: "a@b.co", password: "x".repeat(11) }).success).toBe(false);
    expect(createProviderOwnerSchema.safeParse({ email: "a@b.co", password: "x".repeat(12) }).success).toBe(true);
    expect(loginSchema.safeParse({ email: "a@b.co", password: "short" }).success).toBe(true);
    expect(loginSchema.safeParse({ email: "a@b.co", password: "" }).success).toBe(false);
  });

  test("emails are trimmed and lower-cased", () => {
    expect(loginSchema.parse({ email: "  Ada@Example.COM ", password: "p" }).email).toBe("ada@example.com");
  });

  test("the confirmation must match and the new password must differ", () => {
    const base = { currentPassword: "old password 123", newPassword: "new password 456", confirmPassword: "new password 456" };
    expect(changePasswordSchema.safeParse(base).success).toBe(true);
    const mismatch = changePasswordSchema.safeParse({ ...base, confirmPassword: "new password 457" });
    expect(mismatch.success || mismatch.error.issues[0]?.path).toEqual(["confirmPassword"]);
    const same = changePasswordSchema.safeParse({ ...base, newPassword: base.currentPassword, confirmPassword: base.currentPassword });
    expect(same.success || same.error.issues[0]?.path).toEqual(["newPassword"]);
  });
});
