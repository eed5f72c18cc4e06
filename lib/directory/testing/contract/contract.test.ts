import { afterEach, describe, expect, it } from "vitest";
import { createOktaContract, parseOktaSearch, type OktaContract } from "./okta";
import { createPopulation, prefixedIds, uuidIds } from "./common";
import { parseGraphFilter } from "./entra";
import { parseKeycloakQ } from "./keycloak";

let okta: OktaContract | null = null;
afterEach(async () => {
  await okta?.close();
  okta = null;
});

const auth = { authorization: "SSWS t" };

describe("contract servers", () => {
  it("generate 100k users lazily: a deep page of 200 in a few ms, little memory, same seed = same people", async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    okta = await createOktaContract({ apiToken: "t", generate: { users: 100_000, groups: 20, seed: 9, changedShare: 0.01 } });
    const deep = okta.population.at(99_000)!.id;
    await fetch(`${okta.url}/api/v1/users?limit=200&after=${deep}`, { headers: auth }).then((r) => r.text()); // warm up
    const t0 = performance.now();
    const res = await fetch(`${okta.url}/api/v1/users?limit=200&after=${deep}`, { headers: auth });
    const body = (await res.json()) as { id: string; profile: { email: string } }[];
    expect(performance.now() - t0).toBeLessThan(100);
    expect(body).toHaveLength(200);
    expect(res.headers.get("link")).toContain('rel="next"');
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(50_000_000);
    const again = createPopulation({ generate: { users: 100_000, groups: 20, seed: 9 } }, prefixedIds("00u", "00g", 9), { everyoneGroup: true });
    expect(again.at(99_001)!.email).toBe(body[0]!.profile.email);
    expect(again.at(99_001)!.id).toBe(body[0]!.id);
  });

  it("changes about changedShare of the users at generation 1, and nothing at generation 0", () => {
    const pop = createPopulation({ generate: { users: 20_000, seed: 4, changedShare: 0.01 } }, uuidIds(4));
    const count = () => Array.from({ length: pop.size }, (_, i) => pop.changeOf(i)).filter(Boolean).length;
    expect(count()).toBe(0);
    pop.setGeneration(1);
    expect(count()).toBeGreaterThan(150);
    expect(count()).toBeLessThan(250);
    const removed = Array.from({ length: pop.size }, (_, i) => i).find((i) => pop.changeOf(i) === "removed")!;
    expect(pop.at(removed)).toBeNull();
    const deactivated = Array.from({ length: pop.size }, (_, i) => i).find((i) => pop.changeOf(i) === "deactivated")!;
    expect(pop.at(deactivated)!.active).toBe(false);
  });

  it("reshapes generated users through override (malformed records for integration tests)", () => {
    const pop = createPopulation({ generate: { users: 10, override: (i, u) => (i === 2 ? { ...u, email: null } : i === 3 ? null : u) } }, uuidIds());
    expect(pop.at(2)!.email).toBeNull();
    expect(pop.at(3)).toBeNull();
    expect(pop.at(4)!.email).toMatch(/@example\.com$/);
  });

  it("answers 429 with Okta's headers on the Nth request and 401/403 bodies for bad auth", async () => {
    okta = await createOktaContract({ apiToken: "t", users: [], faults: { rateLimitOn: [2], retryAfterSeconds: 7 } });
    expect((await fetch(`${okta.url}/api/v1/users`, { headers: auth })).status).toBe(200);
    const limited = await fetch(`${okta.url}/api/v1/users`, { headers: auth });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("x-rate-limit-reset"))).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 6);
    expect(limited.headers.get("retry-after")).toBeNull();
    expect(((await limited.json()) as { errorCode: string }).errorCode).toBe("E0000047");
    const none = await fetch(`${okta.url}/api/v1/users`);
    expect([none.status, ((await none.json()) as { errorCode: string }).errorCode]).toEqual([403, "E0000005"]);
  });

  it("parses the provider query languages it claims to support", () => {
    expect(() => parseOktaSearch('profile.department eq "R&D" and (status eq "ACTIVE" or status eq "LOCKED_OUT")')).not.toThrow();
    expect(() => parseOktaSearch("department = Sales")).toThrow();
    expect(parseGraphFilter("department in ('A', 'B''s')").advanced).toBe("department");
    expect(parseGraphFilter("accountEnabled eq true and startswith(mail,'a')").advanced).toBeNull();
    expect(parseKeycloakQ('department:"Research and Development" title:Engineer')).toEqual([
      ["department", "Research and Development"],
      ["title", "Engineer"],
    ]);
  });
});
