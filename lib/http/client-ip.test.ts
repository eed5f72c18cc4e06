import { describe, expect, test } from "vitest";
import { clientIp } from "./client-ip";

const h = (init: Record<string, string>) => new Headers(init);

describe("clientIp", () => {
  test("without TRUST_PROXY the forwarding headers are ignored: the address is unknown", () => {
    expect(clientIp(h({ "x-forwarded-for": "203.0.113.7", "x-real-ip": "203.0.113.8" }), false)).toBeNull();
    expect(clientIp(h({}), false)).toBeNull();
  });

  test("behind a trusted proxy the left-most X-Forwarded-For entry wins over X-Real-IP", () => {
    expect(clientIp(h({ "x-forwarded-for": " 203.0.113.7 , 10.0.0.2, 10.0.0.1", "x-real-ip": "10.0.0.1" }), true)).toBe("203.0.113.7");
    expect(clientIp(h({ "x-forwarded-for": "2001:db8::1" }), true)).toBe("2001:db8::1");
  });

  test("X-Real-IP is used only when trusted and X-Forwarded-For is absent or empty", () => {
    expect(clientIp(h({ "x-real-ip": "198.51.100.4" }), true)).toBe("198.51.100.4");
    expect(clientIp(h({ "x-forwarded-for": " , 10.0.0.1", "x-real-ip": "198.51.100.4" }), true)).toBe("198.51.100.4");
    expect(clientIp(h({}), true)).toBeNull();
  });

  test("junk is not an address", () => {
    expect(clientIp(h({ "x-forwarded-for": "<script>alert(1)</script>" }), true)).toBeNull();
    expect(clientIp(h({ "x-forwarded-for": "1".repeat(65) }), true)).toBeNull();
  });
});
