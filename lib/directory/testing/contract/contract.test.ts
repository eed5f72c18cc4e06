import { afterEach, describe, expect, it } from "vitest";
import { createOktaContract, parseOktaSearch, type OktaContract } from "./okta";
import { contractUser, createPopulation, prefixedIds, uuidIds } from "./common";
import { createEntraContract, parseGraphFilter } from "./entra";
import { createKeycloakContract, parseKeycloakQ } from "./keycloak";

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

  it("Graph: department filters and the user cast are advanced queries; no $select means Graph's default properties", async () => {
    const entra = await createEntraContract({ users: [contractUserFor("a@x.test", "Sales")], groups: [] });
    try {
      const form = new URLSearchParams({ grant_type: "client_credentials", client_id: entra.clientId, client_secret: entra.clientSecret, scope: "https://graph.microsoft.com/.default" });
      const tok = (await (await fetch(`${entra.url}/${entra.tenantId}/oauth2/v2.0/token`, { method: "POST", body: form })).json()) as { access_token: string };
      const h = { authorization: `Bearer ${tok.access_token}` };
      const basic = await fetch(`${entra.url}/v1.0/users?$filter=${encodeURIComponent("department eq 'Sales'")}`, { headers: h });
      expect(basic.status).toBe(400);
      expect(((await basic.json()) as { error: { code: string } }).error.code).toBe("Request_UnsupportedQuery");
      const adv = await fetch(`${entra.url}/v1.0/users?$count=true&$filter=${encodeURIComponent("department eq 'Sales'")}`, { headers: { ...h, consistencylevel: "eventual" } });
      const body = (await adv.json()) as { "@odata.count": number; value: Record<string, unknown>[] };
      expect(body["@odata.count"]).toBe(1);
      expect(body.value[0]).not.toHaveProperty("accountEnabled");
      expect(body.value[0]).toHaveProperty("userPrincipalName");
      const anon = await fetch(`${entra.url}/v1.0/users`);
      expect([anon.status, ((await anon.json()) as { error: { code: string } }).error.code]).toEqual([401, "InvalidAuthenticationToken"]);
    } finally {
      await entra.close();
    }
  });

  it("Keycloak: admin calls without a service-account token get 401 {error: 'HTTP 401 Unauthorized'}", async () => {
    const kc = await createKeycloakContract({ users: [] });
    try {
      const res = await fetch(`${kc.url}/admin/realms/${kc.realm}/users`);
      expect([res.status, await res.json()]).toEqual([401, { error: "HTTP 401 Unauthorized" }]);
    } finally {
      await kc.close();
    }
  });
});

function contractUserFor(email: string, department: string) {
  return contractUser({ id: "0000000b-0000-4000-8000-000000000001", email, department });
}
