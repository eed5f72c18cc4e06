import { afterEach, describe, expect, it } from "vitest";
import { createZitadelAdapter, zitadelBaseUrl } from "./zitadel";
import { contractUser, type ContractGroup, type ContractUser } from "../testing/contract/common";
import { createZitadelContract, type ZitadelContract, type ZitadelContractOptions } from "../testing/contract/zitadel";
import { DirectoryError, type DirectoryAdapter, type DirectoryFilter, type DirectoryPerson } from "../types";
import type { AdapterOptions } from "../config-types";

const ORG_A = "200000000000000001";
const ORG_B = "200000000000000002";
const groups: ContractGroup[] = [
  { id: "engineer", name: "Engineer" },
  { id: "sales", name: "Sales rep" },
];
const users: ContractUser[] = [
  contractUser({ id: "u1", email: "Ada@Example.com", givenName: "Ada", familyName: "Lovelace", groupIds: ["engineer"] }),
  contractUser({ id: "u2", email: "alan@example.com", givenName: "Alan", familyName: "Turing", groupIds: ["engineer", "sales"], extra: { organizationId: ORG_B } }),
  contractUser({ id: "u3", email: "grace@example.com", active: false, groupIds: ["sales"] }),
  contractUser({ id: "u4", email: "locked@example.com", status: "USER_STATE_LOCKED" }),
  contractUser({ id: "u5", email: "new@example.com", status: "USER_STATE_INITIAL" }),
  contractUser({ id: "u6", email: null }), // malformed: no email
  contractUser({ id: "u7", email: "alan@example.com" }), // duplicate email
  contractUser({ id: "u8", email: "bot@example.com", extra: { type: "machine" } }),
  contractUser({ id: "u9", email: "ghost@example.com", groupIds: ["no-such-role"] }), // unknown group id
  contractUser({ id: "u10", email: "paused@example.com", groupIds: ["engineer"], extra: { grantState: "USER_GRANT_STATE_INACTIVE" } }),
];

let server: ZitadelContract | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const sleeps: number[] = [];
async function setup(o: ZitadelContractOptions = {}, a: AdapterOptions = {}): Promise<DirectoryAdapter> {
  server = await createZitadelContract({
    users,
    groups,
    organizations: [
      { id: ORG_A, name: "Acme" },
      { id: ORG_B, name: "Acme EMEA" },
    ],
    ...o,
  });
  sleeps.length = 0;
  return createZitadelAdapter(
    { provider: "zitadel", domain: server.domain, projectId: server.projectId, serviceAccountClientId: server.clientId, serviceAccountClientSecret: server.clientSecret },
    { pageSize: 3, sleep: async (ms) => void sleeps.push(ms), ...a },
  );
}

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

describe("zitadelBaseUrl", () => {
  it("assumes https for a bare domain and keeps full URLs", () => {
    expect(zitadelBaseUrl("acme.zitadel.cloud")).toBe("https://acme.zitadel.cloud");
    expect(zitadelBaseUrl("http://127.0.0.1:8080/")).toBe("http://127.0.0.1:8080");
    expect(() => zitadelBaseUrl(" ")).toThrow(DirectoryError);
  });
});

describe("Zitadel adapter against the contract server", () => {
  it("pages through all human users with offset paging and maps them", async () => {
    const adapter = await setup();
    const people = await all(adapter, { kind: "all" });
    expect(people.map((p) => p.id)).toEqual(["u1", "u2", "u3", "u4", "u5", "u6", "u7", "u9", "u10"]); // no machine user
    const userSearches = server!.requests.filter((r) => r.path === "/v2/users");
    expect(userSearches).toHaveLength(3);
    expect(JSON.parse(userSearches[1]!.body).query).toEqual({ offset: "3", limit: 3, asc: true });
    const ada = people[0]!;
    expect(ada).toMatchObject({ email: "ada@example.com", givenName: "Ada", familyName: "Lovelace", displayName: "Ada Lovelace", active: true, orgUnit: ORG_A });
    expect(ada.attributes.organizationId).toBe(ORG_A);
    expect(server!.tokenScopes[0]).toBe("openid urn:zitadel:iam:org:project:id:zitadel:aud");
    expect(server!.requests.filter((r) => r.path === "/oauth/v2/token")).toHaveLength(1); // token cached
  });

  it("maps states: inactive and locked are inactive, initial is active", async () => {
    const byId = new Map((await all(await setup(), { kind: "all" })).map((p) => [p.id, p]));
    expect(byId.get("u3")!.active).toBe(false);
    expect(byId.get("u4")!.active).toBe(false);
    expect(byId.get("u5")!.active).toBe(true);
  });

  it("returns malformed users with problems instead of throwing; duplicates pass through", async () => {
    const people = await all(await setup(), { kind: "all" });
    expect(people.find((p) => p.id === "u6")).toMatchObject({ email: null, problems: ["no email"] });
    expect(people.filter((p) => p.email === "alan@example.com").map((p) => p.id)).toEqual(["u2", "u7"]);
  });

  it("filters by project roles through user grants and reports the roles as groupIds", async () => {
    const adapter = await setup();
    const people = await all(adapter, { kind: "groups", groupIds: ["engineer"] });
    // u10's grant is deactivated: not a member.
    expect(people.map((p) => p.id)).toEqual(["u1", "u2"]);
    expect(people[1]!.groupIds).toEqual(["engineer", "sales"]);
    const both = await all(adapter, { kind: "roles", roles: ["engineer", "sales"] });
    expect(both.map((p) => p.id)).toEqual(["u1", "u2", "u2", "u3"]);
  });

  it("refuses an unknown role in a filter rather than returning nobody", async () => {
    const adapter = await setup();
    await expect(adapter.listUsers({ kind: "groups", groupIds: ["no-such-role"] })).rejects.toMatchObject({ kind: "not_found" });
    await expect(adapter.listGroupMembers("no-such-role")).rejects.toMatchObject({ kind: "not_found" });
  });

  it("filters departments as organizations (by id or name) and rejects an unknown one", async () => {
    const adapter = await setup();
    expect((await all(adapter, { kind: "departments", departments: ["acme emea"] })).map((p) => p.id)).toEqual(["u2"]);
    expect((await all(adapter, { kind: "departments", departments: [ORG_B] })).map((p) => p.id)).toEqual(["u2"]);
    await expect(adapter.listUsers({ kind: "departments", departments: ["Nowhere"] })).rejects.toMatchObject({ kind: "not_found" });
  });

  it("accepts Zitadel search queries as the query filter and explains the format otherwise", async () => {
    const adapter = await setup();
    const q = JSON.stringify([{ emailQuery: { emailAddress: "ALAN@", method: "TEXT_QUERY_METHOD_STARTS_WITH_IGNORE_CASE" } }]);
    expect((await all(adapter, { kind: "query", query: q })).map((p) => p.id)).toEqual(["u2", "u7"]);
    await expect(adapter.listUsers({ kind: "query", query: "email eq x" })).rejects.toMatchObject({ kind: "unsupported" });
    await expect(adapter.listUsers({ kind: "query", query: '[{"bogusQuery":{}}]' })).rejects.toMatchObject({ kind: "config", status: 400 });
  });

  it("lists project roles as groups and grant holders as members", async () => {
    const adapter = await setup({}, { pageSize: 1 });
    const first = await adapter.listGroups();
    expect(first.items).toEqual([{ id: "engineer", name: "Engineer", description: null }]);
    const second = await adapter.listGroups({ cursor: first.next });
    expect(second).toEqual({ items: [{ id: "sales", name: "Sales rep", description: null }], next: null });
    const members: string[] = [];
    let cursor: string | null | undefined;
    do {
      const page = await adapter.listGroupMembers("sales", { cursor });
      members.push(...page.items);
      cursor = page.next;
    } while (cursor);
    expect(members).toEqual(["u2", "u3"]);
  });

  it("has no groups without a projectId", async () => {
    server = await createZitadelContract({ users, groups });
    const adapter = createZitadelAdapter({ provider: "zitadel", domain: server.domain, serviceAccountClientId: server.clientId, serviceAccountClientSecret: server.clientSecret });
    expect(await adapter.listGroups()).toEqual({ items: [], next: null });
    await expect(adapter.listUsers({ kind: "groups", groupIds: ["engineer"] })).rejects.toMatchObject({ kind: "config" });
  });

  it("lists organizations as org units, or the own organization when listing is forbidden", async () => {
    const adapter = await setup();
    expect((await adapter.listOrgUnits()).items).toEqual([
      { id: ORG_A, name: "Acme", path: null, parentId: null, kind: "orgUnit" },
      { id: ORG_B, name: "Acme EMEA", path: null, parentId: null, kind: "orgUnit" },
    ]);
    await server!.close();
    const limited = await setup({ orgListForbidden: true });
    expect(await limited.listOrgUnits()).toEqual({ items: [{ id: ORG_A, name: "Acme", path: null, parentId: null, kind: "orgUnit" }], next: null });
  });

  it("a revoked token is replaced once and the request retried", async () => {
    const adapter = await setup();
    await adapter.listUsers({ kind: "all" });
    server!.revokeTokens();
    expect((await adapter.listUsers({ kind: "all" })).items).toHaveLength(3);
    expect(server!.requests.filter((r) => r.path === "/oauth/v2/token")).toHaveLength(2);
  });

  it("getUserStatus: active, inactive, not_found", async () => {
    const adapter = await setup();
    expect(await adapter.getUserStatus("u1")).toBe("active");
    expect(await adapter.getUserStatus("u3")).toBe("inactive");
    expect(await adapter.getUserStatus("nobody")).toBe("not_found");
  });

  it("honours 429 Retry-After and carries on", async () => {
    const adapter = await setup({ faults: { rateLimitOn: [2], retryAfterSeconds: 7 } });
    const people = await all(adapter, { kind: "all" });
    expect(people).toHaveLength(9);
    expect(sleeps).toEqual([7000]);
  });

  it("fails with a server error when a page fails halfway, after the earlier pages", async () => {
    const adapter = await setup({ faults: { failUsersPage: 2 } });
    const first = await adapter.listUsers({ kind: "all" });
    expect(first.items).toHaveLength(3);
    const err = await adapter.listUsers({ kind: "all" }, { cursor: first.next }).catch((e) => e);
    expect(err).toBeInstanceOf(DirectoryError);
    expect(err).toMatchObject({ kind: "server", status: 500 });
    expect(err.message).toContain("Errors.Internal");
  });

  it("times out on a slow directory", async () => {
    const adapter = await setup({ faults: { slowMs: 400 } }, { timeoutMs: 100, retries: 0 });
    await expect(adapter.listUsers({ kind: "all" })).rejects.toMatchObject({ kind: "timeout" });
  });

  it("wrong credentials: auth error from the token endpoint, and Verify says so", async () => {
    server = await createZitadelContract({ users, groups });
    const adapter = createZitadelAdapter({ provider: "zitadel", domain: server.domain, projectId: server.projectId, serviceAccountClientId: server.clientId, serviceAccountClientSecret: "wrong" });
    const err = await adapter.listUsers({ kind: "all" }).catch((e) => e);
    expect(err).toMatchObject({ kind: "auth", status: 401 });
    expect(err.message).toContain("client authentication failed");
    expect(err.message).not.toContain("wrong");
    const checks = await adapter.verify();
    expect(checks).toEqual([{ name: "Zitadel token", ok: false, detail: expect.stringContaining("refused the credentials") }]);
  });

  it("verify reports token, users and project roles", async () => {
    const checks = await (await setup()).verify();
    expect(checks.map((c) => [c.name, c.ok])).toEqual([
      ["Zitadel token", true],
      ["Zitadel users", true],
      ["Zitadel project roles", true],
    ]);
  });

  it("verify reports a wrong projectId with its reason", async () => {
    server = await createZitadelContract({ users, groups });
    const adapter = createZitadelAdapter({ provider: "zitadel", domain: server.domain, projectId: "999", serviceAccountClientId: server.clientId, serviceAccountClientSecret: server.clientSecret });
    const checks = await adapter.verify();
    expect(checks[2]).toMatchObject({ name: "Zitadel project roles", ok: false, detail: expect.stringContaining("Errors.Project.NotFound") });
  });

  it("serves a generated population; sequential offset paging stays fast; changes show up", async () => {
    const adapter = await setup({ users: undefined, groups: undefined, generate: { users: 5000, groups: 10, seed: 3, changedShare: 0.02 } }, { pageSize: 500 });
    const t0 = performance.now();
    const people = await all(adapter, { kind: "all" });
    expect(people).toHaveLength(5000);
    expect(new Set(people.map((p) => p.id)).size).toBe(5000);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect((await adapter.listGroups()).items).toHaveLength(10);
    const team = await adapter.listGroupMembers((await adapter.listGroups()).items[0]!.id, { pageSize: 1000 });
    expect(team.items).toHaveLength(500);
    server!.population.setGeneration(1);
    const after = await all(adapter, { kind: "all" });
    expect(after.length).toBeLessThan(5000);
    expect(after.filter((p) => !p.active).length).toBeGreaterThan(0);
  });
});
