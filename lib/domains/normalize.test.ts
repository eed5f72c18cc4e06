import { describe, expect, test } from "vitest";
import { emailDomain, normalizeDomain } from "./normalize";
import { isPublicMailboxDomain } from "./public-mailbox";
import { createDomainSchema } from "./schemas";

const ok = (s: string) => normalizeDomain(s);

describe("normalizeDomain", () => {
  test.each([
    ["acme.com", "acme.com"],
    ["  ACME.Com  ", "acme.com"],
    ["acme.com.", "acme.com"],
    ["sub.eu.acme.co.uk", "sub.eu.acme.co.uk"],
    ["bücher.de", "xn--bcher-kva.de"],
    ["МОСКВА.рф", "xn--80adxhks.xn--p1ai"],
    ["xn--bcher-kva.de", "xn--bcher-kva.de"],
    ["a-b.io", "a-b.io"],
  ])("%s -> %s", (input, want) => {
    expect(ok(input)).toEqual({ ok: true, domain: want });
  });

  test.each([
    ["", /Enter a domain/],
    ["https://acme.com", /without https/],
    ["acme.com/path", /without https/],
    ["jane@acme.com", /an @/],
    ["acme.com:8443", /port/],
    ["10.0.0.1", /IP addresses/],
    ["[::1]", /IP addresses/],
    ["localhost", /single labels/],
    ["*.acme.com", /Wildcards/],
    ["-acme.com", /not a valid domain/],
    ["acme-.com", /not a valid domain/],
    ["acme..com", /not a valid domain/],
    ["ac me.com", /spaces/],
    ["acme.123", /not a valid domain/],
    [`${"a".repeat(64)}.com`, /1-63/],
    ["acme_corp.com", /not a valid domain/],
  ])("refuses %j", (input, reason) => {
    const r = ok(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  test("emailDomain takes the part after the last @", () => {
    expect(emailDomain("Jane@Bücher.de")).toBe("xn--bcher-kva.de");
    expect(emailDomain("no-at-sign")).toBeNull();
    expect(emailDomain("@acme.com")).toBeNull();
  });

  test("public mailbox domains are data and refused by the create schema", () => {
    expect(isPublicMailboxDomain("Gmail.com")).toBe(true);
    expect(isPublicMailboxDomain("acme.com")).toBe(false);
    const r = createDomainSchema.safeParse({ domain: "GMAIL.COM" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/public mailbox/);
    expect(createDomainSchema.parse({ domain: " Acme.COM " })).toEqual({ domain: "acme.com" });
  });
});
