import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { directoryFetch, errorSummary, nextLink, parseRetryAfter } from "./http";
import { DirectoryError } from "./types";

describe("parseRetryAfter", () => {
  test("delta seconds and HTTP dates", () => {
    expect(parseRetryAfter("3")).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe("errorSummary", () => {
  test("reads each provider's error shape", () => {
    expect(errorSummary({ error: "invalid_client", error_description: "bad secret" })).toBe("bad secret");
    expect(errorSummary({ errorSummary: "Invalid token provided" })).toBe("Invalid token provided");
    expect(errorSummary({ error: { code: "Authorization_RequestDenied", message: "Insufficient privileges" } })).toBe("Insufficient privileges");
    expect(errorSummary({ detailCode: "400.1 Bad Request Content", messages: [{ locale: "en-US", text: "query is invalid" }] })).toBe("query is invalid");
    expect(errorSummary({ detailCode: "500.0 Internal Fault" })).toBe("500.0 Internal Fault");
    expect(errorSummary({ unrelated: 1 })).toBeUndefined();
  });
});

test("nextLink finds rel=next among several links", () => {
  expect(nextLink('<https://x/api/v1/users?limit=2>; rel="self", <https://x/api/v1/users?after=abc&limit=2>; rel="next"')).toBe("https://x/api/v1/users?after=abc&limit=2");
  expect(nextLink('<https://x/a>; rel="self"')).toBeNull();
});

describe("directoryFetch", () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));
  const serve = (handler: (n: number, res: import("node:http").ServerResponse) => void) =>
    new Promise<string>((resolve) => {
      let n = 0;
      server = createServer((_req, res) => handler(++n, res)).listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server!.address() as AddressInfo).port}/`));
    });

  test("waits Retry-After on 429 and then succeeds", async () => {
    const url = await serve((n, res) => {
      if (n === 1) {
        res.writeHead(429, { "retry-after": "2", "content-type": "application/json" }).end("{}");
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
    const waits: number[] = [];
    const r = await directoryFetch<{ ok: boolean }>(url, { what: "test", sleep: async (ms) => void waits.push(ms) });
    expect(r.body.ok).toBe(true);
    expect(waits).toEqual([2000]);
  });

  test("Okta's 429 without Retry-After waits until X-Rate-Limit-Reset", async () => {
    const reset = Math.floor(Date.now() / 1000) + 3;
    const url = await serve((n, res) => {
      if (n === 1) {
        res.writeHead(429, { "x-rate-limit-reset": String(reset), "content-type": "application/json" }).end('{"errorCode":"E0000047"}');
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end("[]");
    });
    const waits: number[] = [];
    await directoryFetch(url, { what: "Okta users", sleep: async (ms) => void waits.push(ms) });
    expect(waits[0]).toBeGreaterThan(1500);
    expect(waits[0]).toBeLessThanOrEqual(3250);
  });

  test("a Retry-After longer than allowed fails as rate_limited", async () => {
    const url = await serve((_n, res) => res.writeHead(429, { "retry-after": "120" }).end());
    const err = await directoryFetch(url, { what: "Okta users", sleep: async () => {} }).catch((e) => e);
    expect(err).toBeInstanceOf(DirectoryError);
    expect(err.kind).toBe("rate_limited");
    expect(err.message).toMatch(/Okta users: rate-limited.*120 s/);
  });

  test("401 is an auth error with the provider's summary, never retried", async () => {
    let calls = 0;
    const url = await serve((_n, res) => {
      calls++;
      res.writeHead(401, { "content-type": "application/json" }).end('{"errorSummary":"Invalid token provided"}');
    });
    const err = await directoryFetch(url, { what: "Okta users", sleep: async () => {} }).catch((e) => e);
    expect(err.kind).toBe("auth");
    expect(err.message).toContain("Invalid token provided");
    expect(calls).toBe(1);
  });

  test("a 500 is retried a bounded number of times, then a server error", async () => {
    let calls = 0;
    const url = await serve((_n, res) => {
      calls++;
      res.writeHead(500).end();
    });
    const err = await directoryFetch(url, { what: "Graph users", retries: 2, sleep: async () => {} }).catch((e) => e);
    expect(err.kind).toBe("server");
    expect(calls).toBe(3);
  });

  test("no answer in time is a timeout", async () => {
    const url = await serve(() => {});
    const err = await directoryFetch(url, { what: "Keycloak users", timeoutMs: 100, retries: 0 }).catch((e) => e);
    expect(err.kind).toBe("timeout");
    expect(err.message).toContain("no answer within");
  });

  test("an unreachable host is unreachable", async () => {
    const err = await directoryFetch("http://127.0.0.1:9/", { what: "Okta users", retries: 0 }).catch((e) => e);
    expect(err.kind).toBe("unreachable");
  });
});
