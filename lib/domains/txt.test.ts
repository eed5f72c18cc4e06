import { describe, expect, test } from "vitest";
import { challengeRecordName, challengeRecordValue, matchChallenge } from "./txt";
import { parseDnsServers } from "./dns";
import { backoffMs } from "./service";

describe("TXT challenge", () => {
  test("record name and value", () => {
    expect(challengeRecordName("acme.com")).toBe("_gatehouse-challenge.acme.com");
    expect(challengeRecordValue("abc123")).toBe("gatehouse-verification=abc123");
  });

  test("matches among other TXT records, joining character-strings", () => {
    expect(matchChallenge([["v=spf1 -all"], ["gatehouse-verification=abc123"]], "abc123")).toEqual({ match: true });
    expect(matchChallenge([["gatehouse-verification=", "abc123"]], "abc123")).toEqual({ match: true });
    expect(matchChallenge([['"gatehouse-verification=abc123"']], "abc123")).toEqual({ match: true });
    expect(matchChallenge([[" gatehouse-verification=abc123 "]], "abc123")).toEqual({ match: true });
  });

  test("explains a miss", () => {
    expect(matchChallenge([], "abc")).toEqual({ match: false, reason: "No TXT record was found" });
    const wrong = matchChallenge([["gatehouse-verification=old"]], "abc");
    expect(wrong.match).toBe(false);
    if (!wrong.match) expect(wrong.reason).toMatch(/does not match: expected gatehouse-verification=abc/);
    const other = matchChallenge([["v=spf1 -all"]], "abc");
    if (!other.match) expect(other.reason).toMatch(/none is gatehouse-verification=abc/);
    // a prefix of the token is not the token
    expect(matchChallenge([["gatehouse-verification=ab"]], "abc").match).toBe(false);
    expect(matchChallenge([["gatehouse-verification=abcd"]], "abc").match).toBe(false);
  });

  test("DNS_SERVERS parsing", () => {
    expect(parseDnsServers(undefined)).toEqual([]);
    expect(parseDnsServers(" 1.1.1.1 , 127.0.0.1:5308,[::1]:53 ,")).toEqual(["1.1.1.1", "127.0.0.1:5308", "[::1]:53"]);
  });

  test("backoff grows to 12 h and covers 72 h in about a dozen attempts", () => {
    expect(backoffMs(0)).toBe(60_000);
    expect(backoffMs(7)).toBe(8 * 3_600_000);
    expect(backoffMs(30)).toBe(12 * 3_600_000);
    let total = 0;
    let n = 0;
    while (total < 72 * 3_600_000) total += backoffMs(n++);
    expect(n).toBeLessThan(16);
  });
});
