import { afterEach, describe, expect, it } from "vitest";
import { createOktaAdapter } from "./okta";
import { contractUser, type ContractUser } from "../testing/contract/common";
import { createOktaContract, type OktaContract, type OktaContractOptions } from "../testing/contract/okta";
import { DirectoryError, type DirectoryAdapter, type DirectoryFilter, type DirectoryPerson } from "../types";
import type { AdapterOptions } from "../config-types";

let server: OktaContract | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const people: ContractUser[] = [
  contractUser({ id: "00u1", email: "Ada@Example.com", givenName: "Ada", familyName: "Lovelace", department: "Engineering", title: "Engineer", employeeType: "Employee", groupIds: ["00gEng"] }),
  contractUser({ id: "00u2", email: "grace@example.com", department: "Sales", groupIds: ["00gSales"] }),
  contractUser({ id: "00u3", email: "linus@example.com", department: "Engineering", status: "SUSPENDED", active: false, groupIds: ["00gEng", "00gSales"] }),
  contractUser({ id: "00u4", email: "ken@example.com", department: "Research and Development", status: "LOCKED_OUT" }),
  contractUser({ id: "00u5", email: "barbara@example.com", department: "Sales", groupIds: ["00gSales"] }),
];
const groups = [
  { id: "00gEng", name: "Engineering", description: "Builders" },
  { id: "00gSales", name: "Sales" },
];

async function setup(o: OktaContractOptions = {}, a: AdapterOptions = {}, extra: { clientId?: string; clientSecret?: string; apiToken?: string } = {}) {
  server = await createOktaContract({ apiToken: "good-token", users: people, groups, ...o });
  const slept: number[] = [];
  const adapter = createOktaAdapter(
    { provider: "okta", issuerUrl: server.issuerUrl, apiToken: extra.apiToken ?? "good-token", clientId: extra.clientId, clientSecret: extra.clientSecret },
    { sleep: async (ms) => void slept.push(ms), ...a },
  );
  return { adapter, slept, server };
}

async function all(adapter: DirectoryAdapter, filter: DirectoryFilter, pageSize = 2) {
  const out: DirectoryPerson[] = [];
  let cursor: string | null | undefined = null;
  let pages = 0;
  do {
    const page = await adapter.listUsers(filter, { cursor, pageSize });
    out.push(...page.items);
    cursor = page.next;
    pages++;
  } while (cursor && pages < 50);
  return { people: out, pages };
}

async function failure(p: Promise<unknown>): Promise<DirectoryError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DirectoryError);
  return e as DirectoryError;
}

describe("Okta adapter", () => {
  it("pages through all users with limit and Link rel=next, normalising each person", async () => {
    const { adapter, server } = await setup();
    const { people: got, pages } = await all(adapter, { kind: "all" });
    expect(pages).toBe(3);
    expect(got.map((p) => p.id)).toEqual(["00u1", "00u2", "00u3", "00u4", "00u5"]);
    const ada = got[0]!;
    expect(ada).toMatchObject({ email: "ada@example.com", givenName: "Ada", familyName: "Lovelace", displayName: "Ada Lovelace", active: true, department: "Engineering" });
    expect(ada.attributes).toMatchObject({ department: "Engineering", title: "Engineer", employeeType: "Employee", status: "ACTIVE" });
    expect(got.find((p) => p.id === "00u3")!.active).toBe(false); // SUSPENDED
    expect(got.find((p) => p.id === "00u4")!.active).toBe(true); // LOCKED_OUT stays active
    const listCalls = server.requests.filter((r) => r.path === "/api/v1/users");
    expect(listCalls.map((r) => r.query.get("after"))).toEqual([null, "00u2", "00u4"]);
    expect(listCalls.every((r) => r.query.get("limit") === "2" && r.headers.authorization === "SSWS good-token")).toBe(true);
  });

  it("filters departments with a search expression (quoted, or-ed)", async () => {
    const { adapter, server } = await setup();
    const { people: got } = await all(adapter, { kind: "departments", departments: ["Sales", "Research and Development"] }, 10);
    expect(got.map((p) => p.id).sort()).toEqual(["00u2", "00u4", "00u5"]);
    expect(server.requests.at(-1)!.query.get("search")).toBe('profile.department eq "Sales" or profile.department eq "Research and Development"');
  });

  it("passes a query filter through as an Okta search expression; an invalid one is a clear error", async () => {
    const { adapter } = await setup();
    const { people: got } = await all(adapter, { kind: "query", query: 'profile.department eq "Engineering" and status eq "ACTIVE"' });
    expect(got.map((p) => p.id)).toEqual(["00u1"]);
    const e = await failure(adapter.listUsers({ kind: "query", query: "department = Sales" }));
    expect(e.kind).toBe("config");
    expect(e.message).toContain("Invalid search criteria");
  });

  it("lists the members of each group for a groups filter, across groups and pages; an unknown group is not_found", async () => {
    const { adapter } = await setup();
    const { people: got } = await all(adapter, { kind: "groups", groupIds: ["00gEng", "00gSales"] }, 1);
    expect(got.map((p) => p.id)).toEqual(["00u1", "00u3", "00u2", "00u3", "00u5"]);
    const e = await failure(all(adapter, { kind: "groups", groupIds: ["00gEng", "00gNope"] }));
    expect(e.kind).toBe("not_found");
    expect(e.message).toContain("00gNope");
  });

  it("refuses a roles filter as unsupported", async () => {
    const { adapter } = await setup();
    expect((await failure(adapter.listUsers({ kind: "roles", roles: ["admin"] }))).kind).toBe("unsupported");
  });

  it("lists groups, group members and departments", async () => {
    const { adapter } = await setup();
    const g = await adapter.listGroups({ pageSize: 2 });
    expect(g.items.map((x) => x.name)).toEqual(["Engineering", "Sales"]);
    expect(g.items[0]!.description).toBe("Builders");
    expect(g.next).toBeNull();
    const m1 = await adapter.listGroupMembers("00gSales", { pageSize: 2 });
    expect(m1.items).toEqual(["00u2", "00u3"]);
    const m2 = await adapter.listGroupMembers("00gSales", { cursor: m1.next, pageSize: 2 });
    expect(m2).toEqual({ items: ["00u5"], next: null });
    const ou = await adapter.listOrgUnits();
    expect(ou.items.map((x) => [x.id, x.kind])).toEqual([
      ["Engineering", "department"],
      ["Research and Development", "department"],
      ["Sales", "department"],
    ]);
  });

  it("honours a 429 and carries on", async () => {
    const { adapter, slept, server } = await setup({ faults: { rateLimitOn: [2], retryAfterSeconds: 2 }, retryAfterHeader: true });
    const { people: got } = await all(adapter, { kind: "all" });
    expect(got).toHaveLength(5);
    expect(slept).toEqual([2000]);
    expect(server.requestCount).toBe(4);
  });

  it("waits for Okta's rate-limit reset when X-Rate-Limit-Remaining reaches 0, instead of running into 429s", async () => {
    const waits: number[] = [];
    const { adapter, server } = await setup(
      { rateLimit: { limit: 2, windowSeconds: 1 } },
      { sleep: (ms) => (waits.push(ms), new Promise((r) => setTimeout(r, ms))) },
    );
    const { people: got } = await all(adapter, { kind: "all" });
    expect(got).toHaveLength(5);
    expect(waits).toHaveLength(1);
    expect(waits[0]!).toBeGreaterThan(0);
    expect(waits[0]!).toBeLessThanOrEqual(2300); // the reset is in whole epoch seconds
    expect(server.requestCount).toBe(3); // no 429 was needed
  });

  it("retries a 429 without Retry-After (Okta sends X-Rate-Limit-Reset) and gives up as rate_limited", async () => {
    const { adapter, slept } = await setup({ faults: { rateLimitOn: [1, 2, 3, 4] } }, { retries: 3 });
    const e = await failure(adapter.listUsers({ kind: "all" }));
    expect(e.kind).toBe("rate_limited");
    expect(slept).toHaveLength(3);
  });

  it("fails with the provider's reason when page 2 returns 500, after page 1 was delivered", async () => {
    const { adapter, server } = await setup({ faults: { failUsersPage: 2 } });
    const p1 = await adapter.listUsers({ kind: "all" }, { pageSize: 2 });
    expect(p1.items).toHaveLength(2);
    const e = await failure(adapter.listUsers({ kind: "all" }, { pageSize: 2, cursor: p1.next }));
    expect(e.kind).toBe("server");
    expect(e.status).toBe(500);
    expect(e.message).toMatch(/Okta users: the provider failed \(HTTP 500\): Internal Server Error/);
    expect(server.requestCount).toBe(1 + 4); // retried, then gave up
  });

  it("times out on a slow directory", async () => {
    const { adapter } = await setup({ faults: { slowMs: 400 } }, { timeoutMs: 100, retries: 0 });
    const e = await failure(adapter.listUsers({ kind: "all" }));
    expect(e.kind).toBe("timeout");
  });

  it("reports wrong credentials with Okta's reason", async () => {
    const { adapter } = await setup({}, {}, { apiToken: "bad-token" });
    const e = await failure(adapter.listUsers({ kind: "all" }));
    expect(e.kind).toBe("auth");
    expect(e.message).toContain("Invalid token provided");
    expect(e.message).not.toContain("bad-token");
  });

  it("returns malformed users with problems instead of throwing", async () => {
    const users = [
      contractUser({ id: "00uA", email: null }),
      contractUser({ id: "00uB", email: "same@example.com" }),
      contractUser({ id: "00uC", email: "SAME@example.com", groupIds: ["00gGhost"] }),
      contractUser({ id: "00uD", email: "not-an-email" }),
    ];
    const { adapter } = await setup({ users, groups: [] });
    const { people: got } = await all(adapter, { kind: "all" }, 10);
    expect(got.map((p) => [p.id, p.email, p.problems ?? []])).toEqual([
      ["00uA", null, ["no email"]],
      ["00uB", "same@example.com", []],
      ["00uC", "same@example.com", []],
      ["00uD", null, ["no email"]],
    ]);
  });

  it("reports one user's status: active, inactive, locked-out (active), not found", async () => {
    const { adapter } = await setup();
    expect(await adapter.getUserStatus("00u1")).toBe("active");
    expect(await adapter.getUserStatus("00u3")).toBe("inactive");
    expect(await adapter.getUserStatus("00u4")).toBe("active");
    expect(await adapter.getUserStatus("00uGone")).toBe("not_found");
  });

  it("verifies token endpoint, users and groups, each with its reason", async () => {
    const ok = await setup({}, {}, { clientId: "okta-client", clientSecret: "okta-secret" });
    expect(await ok.adapter.verify()).toEqual([
      { name: "configuration", ok: true, detail: `Okta org ${ok.server.url}` },
      { name: "token endpoint", ok: true, detail: "client credentials accepted" },
      { name: "users API", ok: true, detail: "users readable" },
      { name: "groups API", ok: true, detail: "groups readable" },
    ]);
    expect(ok.server.requests.some((r) => r.path === "/oauth2/default/v1/token")).toBe(true);
    await ok.server.close();

    const bad = await setup({}, {}, { apiToken: "bad-token", clientId: "okta-client", clientSecret: "wrong" });
    const checks = await bad.adapter.verify();
    expect(checks.map((c) => [c.name, c.ok])).toEqual([
      ["configuration", true],
      ["token endpoint", false],
      ["users API", false],
      ["groups API", false],
    ]);
    expect(checks[1]!.detail).toContain("client secret supplied for a confidential client is invalid");
    expect(checks[2]!.detail).toContain("Invalid token provided");
    expect(checks[2]!.detail).toContain("Security → API → Tokens");
  });

  it("verifies without a token check when no client credentials are set; a bad issuer URL is a configuration failure", async () => {
    const { adapter, server } = await setup();
    expect((await adapter.verify()).map((c) => c.name)).toEqual(["configuration", "users API", "groups API"]);
    expect(server.requests.filter((r) => r.path === "/api/v1/users").map((r) => r.query.get("limit"))).toEqual(["1"]);
    const broken = createOktaAdapter({ provider: "okta", issuerUrl: "not a url", apiToken: "x" });
    const checks = await broken.verify();
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ name: "configuration", ok: false });
  });

  it("refuses a cursor that points at another host (the token would leak) or is not one it issued", async () => {
    const { adapter, server } = await setup();
    const e = await failure(adapter.listUsers({ kind: "all" }, { cursor: "https://evil.example/api/v1/users?after=x" }));
    expect(e.kind).toBe("malformed");
    expect((await failure(adapter.listUsers({ kind: "all" }, { cursor: `${server.url}/oauth2/v1/token` }))).kind).toBe("malformed");
    expect((await failure(adapter.listUsers({ kind: "all" }, { cursor: "c1.eyJnIjowfQ" }))).kind).toBe("malformed");
    expect((await failure(adapter.listUsers({ kind: "groups", groupIds: ["00gEng"] }, { cursor: "garbage" }))).kind).toBe("config");
  });

  it("serves a generated population lazily and deterministically, with a changed share per generation", async () => {
    const { adapter, server } = await setup({ users: undefined, generate: { users: 1000, groups: 5, seed: 3, changedShare: 0.05 } });
    const first = await all(adapter, { kind: "all" }, 200);
    expect(first.pages).toBe(5);
    expect(first.people).toHaveLength(1000);
    expect(new Set(first.people.map((p) => p.email)).size).toBe(1000);
    expect(first.people.every((p) => p.active && p.email?.endsWith("@example.com"))).toBe(true);
    server.population.setGeneration(1);
    const second = await all(adapter, { kind: "all" }, 200);
    const before = new Map(first.people.map((p) => [p.id, p]));
    const changed = second.people.filter((p) => {
      const b = before.get(p.id)!;
      return b.department !== p.department || b.attributes.title !== p.attributes.title || b.active !== p.active;
    }).length;
    const removed = 1000 - second.people.length;
    expect(changed + removed).toBeGreaterThan(20);
    expect(changed + removed).toBeLessThan(90);
    const g = await adapter.listGroups();
    expect(g.items.map((x) => x.name)).toEqual(["Everyone", "Team 01", "Team 02", "Team 03", "Team 04", "Team 05"]);
    const members = await adapter.listGroupMembers(g.items[2]!.id, { pageSize: 3 });
    const positions = members.items.map((id) => first.people.findIndex((p) => p.id === id));
    expect(positions).toHaveLength(3);
    expect(positions.every((i) => i % 5 === 1)).toBe(true); // Team 02 = users 1, 6, 11, ...
    expect(members.next).toBeTruthy();
  });
});
