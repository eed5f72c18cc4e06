import { describe, expect, test } from "vitest";
import { generateRecoveryCodes, hashRecoveryCode, isTotpFormat, normalizeRecoveryCode } from "./recovery-codes";

describe("recovery codes", () => {
  test("ten distinct codes in the xxxxx-xxxxx format without look-alike characters", () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-hj-km-np-z2-9]{5}-[a-hj-km-np-z2-9]{5}$/);
  });

  test("normalization accepts what people type", () => {
    expect(normalizeRecoveryCode("ABCDE-FGHJK")).toBe("abcde-fghjk");
    expect(normalizeRecoveryCode(" abcde fghjk ")).toBe("abcde-fghjk");
    expect(normalizeRecoveryCode("abcdefghjk")).toBe("abcde-fghjk");
  });

  test("normalization rejects what cannot be a code", () => {
    expect(normalizeRecoveryCode("123456")).toBeNull();
    expect(normalizeRecoveryCode("abcde-fghj")).toBeNull();
    expect(normalizeRecoveryCode("abcde-fghi1")).toBeNull(); // i and 1 are not in the alphabet
    expect(normalizeRecoveryCode("")).toBeNull();
  });

  test("the stored hash depends on the normalized code only", () => {
    expect(hashRecoveryCode("abcde-fghjk")).toBe(hashRecoveryCode(normalizeRecoveryCode("ABCDEFGHJK")!));
    expect(hashRecoveryCode("abcde-fghjk")).not.toBe(hashRecoveryCode("abcde-fghjm"));
    expect(hashRecoveryCode("abcde-fghjk")).toMatch(/^[0-9a-f]{64}$/);
  });

  test("TOTP format is six digits (spaces allowed)", () => {
    expect(isTotpFormat("123456")).toBe(true);
    expect(isTotpFormat("123 456")).toBe(true);
    expect(isTotpFormat("12345")).toBe(false);
    expect(isTotpFormat("abcde-fghjk")).toBe(false);
  });
});
