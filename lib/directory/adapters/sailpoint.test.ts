import { afterEach, describe, expect, it } from "vitest";
import { createSailPointAdapter, iiqUrls, iscBaseUrl, iscQuoted } from "./sailpoint";
import { contractUser, type ContractGroup, type ContractUser } from "../testing/contract/common";
import {
  createSailPointIiqContract,
  createSailPointIscContract,
  evalIscQuery,
  parseIscQuery,
  type SailPointIiqContract,
  type SailPointIiqContractOptions,
  type SailPointIscContract,
  type SailPointIscContractOptions,
} from "../testing/contract/sailpoint";
import { DirectoryError, type DirectoryAdapter, type DirectoryFilter, type DirectoryPerson } from "../types";
import type { AdapterOptions } from "../config-types";

const groups: ContractGroup[] = [
  { id: "r-eng", name: "Engineering Access" },
  { id: "r-sales", name: "Sales Access" },
];
const users: ContractUser[] = [
  contractUser({ id: "id-01", email: "Ada@Example.com", givenName: "Ada", familyName: "Lovelace", department: "Engineering", title: "Engineer", groupIds: ["r-eng"], extra: { location: "London" } }),
  contractUser({ id: "id-02", email: "alan@example.com", givenName: "Alan", familyName: "Turing", department: "Engineering", groupIds: ["r-eng", "r-sales"] }),
  contractUser({ id: "id-03", email: "grace@example.com", department: "Sales", active: false, groupIds: ["r-sales"] }),
  contractUser({ id: "id-04", email: "left@example.com", department: "Sales", status: "terminated" }),
  contractUser({ id: "id-05", email: null, department: "Support" }), // malformed: no email
  contractUser({ id: "id-06", email: "alan@example.com" }), // duplicate email
  contractUser({ id: "id-07", email: "ghost@example.com", groupIds: ["r-unknown"] }), // unknown group id
];

async function all(adapter: DirectoryAdapter, filter: DirectoryFilter): Promise<DirectoryPerson[]> {
  const out: DirectoryPerson[] = [];
  let cursor: string | null | undefined;
  do {
    const page = await adapter.listUsers(filter, { cursor });
    out.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return out;
}

const sleeps: number[] = [];
const fakeSleep = async (ms: number) => void sleeps.push(ms);

describe("ISC search query (contract server subset)", () => {
  it("parses what the adapter emits", () => {
    const doc = { id: "x", attributes: { department: "Sales" }, access: [{ id: "r1", name: "Role One", type: "ROLE" }] };
    expect(evalIscQuery(parseIscQuery(`attributes.department:(${iscQuoted("Eng")} OR ${iscQuoted("Sales")})`), doc)).toBe(true);
    expect(evalIscQuery(parseIscQuery(`@access(id:${iscQuoted("r1")}) OR @access(id:"r2")`), doc)).toBe(true);
    expect(evalIscQuery(parseIscQuery(`@access(type:ROLE AND name:"Role Two")`), doc)).toBe(false);
    expect(evalIscQuery(parseIscQuery(`NOT id:"x"`), doc)).toBe(false);
    expect(iscQuoted('a"b\\c')).toBe('"a\\"b\\\\c"');
  });
});

describe("SailPoint ISC adapter against the contract server", () => {
  let server: SailPointIscContract | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  async function setup(o: SailPointIscContractOptions = {}, a: AdapterOptions = {}, secret?: string): Promise<DirectoryAdapter> {
    server = await createSailPointIscContract({ users, groups, ...o });
    sleeps.length = 0;
    return createSailPointAdapter(
      { provider: "sailpoint", product: "isc", tenant: "acme", clientId: server.clientId, clientSecret: secret ?? server.clientSecret },
      { endpoints: server.endpoints, pageSize: 3, sleep: fakeSleep, ...a },
    );
  }

  it("pages identities with searchAfter and maps them", async () => {
    const adapter = await setup();
    const people = await all(adapter, { kind: "all" });
    expect(people.map((p) => p.id)).toEqual(["id-01", "id-02", "id-03", "id-04", "id-05", "id-06", "id-07"]);
    const searches = server!.requests.filter((r) => r.path === "/v3/search");
    expect(searches).toHaveLength(3);
    expect(searches[0]!.query.get("limit")).toBe("3");
    const body = JSON.parse(searches[1]!.body);
    expect(body).toMatchObject({ indices: ["identities"], query: { query: "*" }, sort: ["id"], searchAfter: ["id-03"] });
    expect(server!.requests.filter((r) => r.path === "/oauth/token")).toHaveLength(1);

    const ada = people[0]!;
    expect(ada).toMatchObject({ email: "ada@example.com", givenName: "Ada", displayName: "Ada Lovelace", department: "Engineering", active: true, groupIds: ["r-eng"] });
    expect(ada.attributes).toMatchObject({ department: "Engineering", title: "Engineer", location: "London", lifecycleState: "active", roles: ["Engineering Access"] });
  });

  it("maps inactive and inactive lifecycle states; malformed users come back with problems", async () => {
    const byId = new Map((await all(await setup(), { kind: "all" })).map((p) => [p.id, p]));
    expect(byId.get("id-03")!.active).toBe(false);
    expect(byId.get("id-04")!.active).toBe(false); // lifecycle "terminated"
    expect(byId.get("id-05")).toMatchObject({ email: null, problems: ["no email"] });
    expect([...byId.values()].filter((p) => p.email === "alan@example.com")).toHaveLength(2);
    expect(byId.get("id-07")!.groupIds).toEqual(["r-unknown"]);
  });

  it("filters by roles (groups by id, roles by name), departments and ISC queries", async () => {
    const adapter = await setup();
    expect((await all(adapter, { kind: "groups", groupIds: ["r-sales"] })).map((p) => p.id)).toEqual(["id-02", "id-03"]);
    expect((await all(adapter, { kind: "roles", roles: ["Engineering Access"] })).map((p) => p.id)).toEqual(["id-01", "id-02"]);
    expect((await all(adapter, { kind: "departments", departments: ["Sales", "Support"] })).map((p) => p.id)).toEqual(["id-03", "id-04", "id-05"]);
    expect((await all(adapter, { kind: "query", query: 'attributes.location:"London"' })).map((p) => p.id)).toEqual(["id-01"]);
    await expect(adapter.listUsers({ kind: "query", query: "attributes.department:(" })).rejects.toMatchObject({
      kind: "config",
      status: 400,
      message: expect.stringContaining("check the search query syntax: attributes.department:("),
    });
  });

  it("refuses unknown roles in filters and member listings", async () => {
    const adapter = await setup();
    await expect(adapter.listUsers({ kind: "groups", groupIds: ["r-unknown"] })).rejects.toMatchObject({ kind: "not_found" });
    await expect(adapter.listUsers({ kind: "roles", roles: ["Nope"] })).rejects.toMatchObject({ kind: "not_found" });
    await expect(adapter.listGroupMembers("r-unknown")).rejects.toMatchObject({ kind: "not_found" });
  });

  it("lists roles as groups (limit ≤ 50, X-Total-Count), members and departments", async () => {
    const adapter = await setup({}, { pageSize: 1 });
    const first = await adapter.listGroups();
    expect(first.items).toEqual([{ id: "r-eng", name: "Engineering Access", description: null }]);
    const second = await adapter.listGroups({ cursor: first.next });
    expect(second).toEqual({ items: [{ id: "r-sales", name: "Sales Access", description: null }], next: null });
    const big = await (await setup({}, { pageSize: 500 })).listGroups();
    expect(big.items).toHaveLength(2);
    expect(server!.requests.find((r) => r.path === "/v3/roles")!.query.get("limit")).toBe("50");

    const adapter2 = await setup({}, { pageSize: 1 });
    const members: string[] = [];
    let cursor: string | null | undefined;
    do {
      const page = await adapter2.listGroupMembers("r-sales", { cursor });
      members.push(...page.items);
      cursor = page.next;
    } while (cursor);
    expect(members).toEqual(["id-02", "id-03"]);
    const units = await adapter2.listOrgUnits();
    expect(units.items.map((u) => [u.name, u.kind])).toEqual([
      ["Engineering", "department"],
      ["Sales", "department"],
      ["Support", "department"],
    ]);
  });

  it("a revoked token is replaced once and the request retried", async () => {
    const adapter = await setup();
    await adapter.listGroups();
    server!.revokeTokens();
    expect((await adapter.listGroups()).items).toHaveLength(2);
    expect(server!.requests.filter((r) => r.path === "/oauth/token")).toHaveLength(2);
  });

  it("getUserStatus: active, inactive, not_found", async () => {
    const adapter = await setup();
    expect(await adapter.getUserStatus("id-01")).toBe("active");
    expect(await adapter.getUserStatus("id-04")).toBe("inactive");
    expect(await adapter.getUserStatus("nobody")).toBe("not_found");
  });

  it("honours 429 Retry-After", async () => {
    const adapter = await setup({ faults: { rateLimitOn: [2], retryAfterSeconds: 10 } });
    expect(await all(adapter, { kind: "all" })).toHaveLength(7);
    expect(sleeps).toEqual([10_000]);
  });

  it("a Retry-After beyond the cap fails as rate_limited", async () => {
    const adapter = await setup({ faults: { rateLimitOn: [1], retryAfterSeconds: 120 } }, { maxRetryAfterMs: 30_000 });
    await expect(adapter.listUsers({ kind: "all" })).rejects.toMatchObject({ kind: "rate_limited", retryAfterSeconds: 120 });
  });

  it("500 halfway through paging", async () => {
    const adapter = await setup({ faults: { failUsersPage: 2 } });
    const first = await adapter.listUsers({ kind: "all" });
    expect(first.items).toHaveLength(3);
    const err = await adapter.listUsers({ kind: "all" }, { cursor: first.next }).catch((e) => e);
    expect(err).toBeInstanceOf(DirectoryError);
    expect(err).toMatchObject({ kind: "server", status: 500 });
  });

  it("times out", async () => {
    const adapter = await setup({ faults: { slowMs: 400 } }, { timeoutMs: 100, retries: 0 });
    await expect(adapter.listUsers({ kind: "all" })).rejects.toMatchObject({ kind: "timeout" });
  });

  it("wrong credentials: auth error, and Verify reports it", async () => {
    const adapter = await setup({}, {}, "wrong-secret");
    const err = await adapter.listUsers({ kind: "all" }).catch((e) => e);
    expect(err).toMatchObject({ kind: "auth", status: 401, message: expect.stringContaining("Bad client credentials") });
    expect(err.message).not.toContain("wrong-secret");
    expect(await adapter.verify()).toEqual([{ name: "SailPoint token", ok: false, detail: expect.stringContaining("Bad client credentials") }]);
  });

  it("verify: token, identities and roles", async () => {
    const checks = await (await setup()).verify();
    expect(checks.map((c) => [c.name, c.ok])).toEqual([
      ["SailPoint token", true],
      ["SailPoint identities", true],
      ["SailPoint roles", true],
    ]);
    expect(checks[1]!.detail).toBe("7 identities visible");
  });

  it("serves a generated population; searchAfter paging stays fast; changes show up", async () => {
    const adapter = await setup({ users: undefined, groups: undefined, generate: { users: 5000, groups: 10, seed: 5, changedShare: 0.02 } }, { pageSize: 250 });
    const t0 = performance.now();
    const people = await all(adapter, { kind: "all" });
    expect(people).toHaveLength(5000);
    expect(new Set(people.map((p) => p.id)).size).toBe(5000);
    expect(performance.now() - t0).toBeLessThan(15_000);
    expect(server!.requests.filter((r) => r.path === "/v3/search").every((r) => !r.query.has("count"))).toBe(true);
    server!.population.setGeneration(1);
    const after = await all(adapter, { kind: "all" });
    expect(after.length).toBeLessThan(5000);
    expect(after.filter((p) => !p.active).length).toBeGreaterThan(0);
  });

  it("builds the tenant URL and rejects a bad tenant", async () => {
    expect(iscBaseUrl({ tenant: "acme" })).toBe("https://acme.api.identitynow.com");
    expect(iscBaseUrl({ tenant: "acme.identitynow.com" })).toBe("https://acme.api.identitynow.com");
    expect(iscBaseUrl({ tenant: "acme.api.identitynow.com" })).toBe("https://acme.api.identitynow.com");
    expect(iscBaseUrl({ tenant: "acme", baseUrl: "https://acme.api.example.gov/" })).toBe("https://acme.api.example.gov");
    expect(() => iscBaseUrl({ tenant: "" })).toThrow(DirectoryError);
    const adapter = createSailPointAdapter({ provider: "sailpoint", product: "isc", tenant: "acme corp", clientId: "a", clientSecret: "b" });
    await expect(adapter.listUsers({ kind: "all" })).rejects.toMatchObject({ kind: "config" });
  });
});

describe("SailPoint IdentityIQ (SCIM) adapter against the contract server", () => {
  let server: SailPointIiqContract | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  async function setup(o: SailPointIiqContractOptions = {}, a: AdapterOptions = {}, creds: { username?: string; password?: string; clientId?: string; clientSecret?: string } = {}) {
    server = await createSailPointIiqContract({ users, groups, ...o });
    sleeps.length = 0;
    return createSailPointAdapter(
      { provider: "sailpoint", product: "iiq", baseUrl: server.baseUrl, username: server.username, password: server.password, ...creds },
      { pageSize: 3, sleep: fakeSleep, ...a },
    );
  }

  it("normalises baseUrl to the SCIM root", () => {
    expect(iiqUrls("https://iiq.example.com/identityiq/")).toEqual({ scim: "https://iiq.example.com/identityiq/scim/v2", root: "https://iiq.example.com/identityiq" });
    expect(iiqUrls("https://iiq.example.com/identityiq/scim/v2")).toEqual({ scim: "https://iiq.example.com/identityiq/scim/v2", root: "https://iiq.example.com/identityiq" });
    expect(() => iiqUrls("not a url")).toThrow(DirectoryError);
  });

  it("pages users with startIndex/count over Basic auth, asking for roles explicitly", async () => {
    const adapter = await setup();
    const people = await all(adapter, { kind: "all" });
    expect(people.map((p) => p.id)).toEqual(["id-01", "id-02", "id-03", "id-04", "id-05", "id-06", "id-07"]);
    const calls = server!.requests.filter((r) => r.path === "/identityiq/scim/v2/Users");
    expect(calls.map((r) => r.query.get("startIndex"))).toEqual(["1", "4", "7"]);
    expect(calls[0]!.headers.authorization).toBe(`Basic ${Buffer.from("spadmin:admin").toString("base64")}`);
    expect(calls[0]!.query.get("attributes")).toContain("urn:ietf:params:scim:schemas:sailpoint:1.0:User:roles");
    expect(people[1]).toMatchObject({ email: "alan@example.com", department: "Engineering", groupIds: ["r-eng", "r-sales"], active: true });
    expect(people[1]!.attributes.roles).toEqual(["Engineering Access", "Sales Access"]);
    expect(people[2]!.active).toBe(false);
    expect(people[4]).toMatchObject({ email: null, problems: ["no email"] });
  });

  it("uses OAuth client credentials when a clientId is set", async () => {
    const adapter = await setup({}, {}, { username: undefined, password: undefined, clientId: "iiq-client", clientSecret: "iiq-secret" });
    expect((await adapter.listUsers({ kind: "all" })).items).toHaveLength(3);
    expect(server!.requests.some((r) => r.path === "/identityiq/oauth2/token")).toBe(true);
    expect(server!.requests.find((r) => r.path === "/identityiq/scim/v2/Users")!.headers.authorization).toMatch(/^Bearer /);
  });

  it("filters: departments and SCIM filters server-side, roles by membership", async () => {
    const adapter = await setup();
    expect((await all(adapter, { kind: "departments", departments: ["Sales"] })).map((p) => p.id)).toEqual(["id-03", "id-04"]);
    expect((await all(adapter, { kind: "query", query: 'emails.value sw "alan"' })).map((p) => p.id)).toEqual(["id-02", "id-06"]);
    expect((await all(adapter, { kind: "groups", groupIds: ["r-sales"] })).map((p) => p.id)).toEqual(["id-02", "id-03"]);
    expect((await all(adapter, { kind: "roles", roles: ["Engineering Access"] })).map((p) => p.id)).toEqual(["id-01", "id-02"]);
    await expect(adapter.listUsers({ kind: "groups", groupIds: ["r-unknown"] })).rejects.toMatchObject({ kind: "not_found" });
    await expect(adapter.listUsers({ kind: "roles", roles: ["Nope"] })).rejects.toMatchObject({ kind: "not_found" });
    await expect(adapter.listUsers({ kind: "query", query: "nickName eq 1" })).rejects.toMatchObject({ kind: "config", status: 400 });
  });

  it("lists roles as groups, members and departments", async () => {
    const adapter = await setup({}, { pageSize: 1 });
    const first = await adapter.listGroups();
    expect(first.items).toEqual([{ id: "r-eng", name: "Engineering Access", description: null }]);
    expect((await adapter.listGroups({ cursor: first.next })).next).toBeNull();
    const members: string[] = [];
    let cursor: string | null | undefined;
    do {
      const page = await adapter.listGroupMembers("r-eng", { cursor });
      members.push(...page.items);
      cursor = page.next;
    } while (cursor);
    expect(members).toEqual(["id-01", "id-02"]);
    await expect(adapter.listGroupMembers("r-unknown")).rejects.toMatchObject({ kind: "not_found" });
    expect((await adapter.listOrgUnits()).items.map((u) => u.name)).toEqual(["Engineering", "Sales", "Support"]);
  });

  it("getUserStatus", async () => {
    const adapter = await setup();
    expect(await adapter.getUserStatus("id-01")).toBe("active");
    expect(await adapter.getUserStatus("id-03")).toBe("inactive");
    expect(await adapter.getUserStatus("nobody")).toBe("not_found");
  });

  it("429, 500 halfway, timeout", async () => {
    let adapter = await setup({ faults: { rateLimitOn: [1], retryAfterSeconds: 3 } });
    expect(await all(adapter, { kind: "all" })).toHaveLength(7);
    expect(sleeps).toEqual([3000]);
    await server!.close();

    adapter = await setup({ faults: { failUsersPage: 2 } });
    const first = await adapter.listUsers({ kind: "all" });
    await expect(adapter.listUsers({ kind: "all" }, { cursor: first.next })).rejects.toMatchObject({ kind: "server", status: 500 });
    await server!.close();

    adapter = await setup({ faults: { slowMs: 400 } }, { timeoutMs: 100, retries: 0 });
    await expect(adapter.listUsers({ kind: "all" })).rejects.toMatchObject({ kind: "timeout" });
  });

  it("wrong password: SCIM 401 as an auth error; Verify says so; missing credentials are a config error", async () => {
    const adapter = await setup({}, {}, { password: "nope" });
    await expect(adapter.listUsers({ kind: "all" })).rejects.toMatchObject({ kind: "auth", status: 401, message: expect.stringContaining("Authentication failed") });
    expect(await adapter.verify()).toEqual([{ name: "IdentityIQ SCIM users", ok: false, detail: expect.stringContaining("refused the credentials") }]);
    const none = createSailPointAdapter({ provider: "sailpoint", product: "iiq", baseUrl: server!.baseUrl });
    await expect(none.listUsers({ kind: "all" })).rejects.toMatchObject({ kind: "config" });
  });

  it("serves a generated population; sequential startIndex paging stays fast", async () => {
    const adapter = await setup({ users: undefined, groups: undefined, generate: { users: 5000, groups: 10, seed: 6 } }, { pageSize: 500 });
    const t0 = performance.now();
    const people = await all(adapter, { kind: "all" });
    expect(people).toHaveLength(5000);
    expect(new Set(people.map((p) => p.id)).size).toBe(5000);
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it("verify: users and roles", async () => {
    expect((await (await setup()).verify()).map((c) => [c.name, c.ok])).toEqual([
      ["IdentityIQ SCIM users", true],
      ["IdentityIQ SCIM roles", true],
    ]);
  });
});
