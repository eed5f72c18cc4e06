import { describe, expect, test } from "vitest";
import { formatSecret, matchTotp, newTotpSecret, totpNow, totpStep, totpUri } from "./totp";

// RFC 6238 appendix B: the SHA-1 secret "12345678901234567890" is GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ in base32.
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

describe("TOTP", () => {
  test("matches the RFC 6238 test vector (last 6 digits of 94287082 at T=59)", () => {
    expect(totpNow(RFC_SECRET, 59_000)).toBe("287082");
    expect(matchTotp(RFC_SECRET, "287082", 59_000)).toBe(1); // T = floor(59 / 30)
  });

  test("accepts one step of clock drift either way, not two, and names the code's own step", () => {
    const t = 1_000_000_000_000;
    const code = totpNow(RFC_SECRET, t);
    const step = totpStep(t);
    expect(matchTotp(RFC_SECRET, code, t)).toBe(step);
    expect(matchTotp(RFC_SECRET, code, t + 30_000)).toBe(step);
    expect(matchTotp(RFC_SECRET, code, t - 30_000)).toBe(step);
    expect(matchTotp(RFC_SECRET, code, t + 90_000)).toBeNull();
  });

  test("rejects malformed codes and tolerates a space", () => {
    const t = 1_700_000_000_000;
    const code = totpNow(RFC_SECRET, t);
    expect(matchTotp(RFC_SECRET, `${code.slice(0, 3)} ${code.slice(3)}`, t)).toBe(totpStep(t));
    expect(matchTotp(RFC_SECRET, "abcdef", t)).toBeNull();
    expect(matchTotp(RFC_SECRET, code.slice(0, 5), t)).toBeNull();
  });

  test("new secrets are 160-bit base32 and the URI names issuer and account", () => {
    const s = newTotpSecret();
    expect(s).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(s);
    const uri = totpUri(s, "ada@example.com");
    expect(uri).toMatch(/^otpauth:\/\/totp\/Gatehouse:ada%40example\.com\?/);
    expect(uri).toContain(`secret=${s}`);
    expect(formatSecret("ABCDEFGH12")).toBe("ABCD EFGH 12");
  });
});
