import { afterEach, describe, expect, it } from "vitest";
import { createKeycloakAdapter } from "./keycloak";
import { contractUser, type ContractUser } from "../testing/contract/common";
import { createKeycloakContract, type KeycloakContract, type KeycloakContractOptions } from "../testing/contract/keycloak";
import { DirectoryError, type DirectoryAdapter, type DirectoryFilter, type DirectoryPerson } from "../types";
import type { AdapterOptions, KeycloakDirectoryConfig } from "../config-types";

let server: KeycloakContract | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const people: ContractUser[] = [
  contractUser({ id: "u1", email: "Ada@Acme.test", userName: "ada", givenName: "Ada", familyName: "Lovelace", department: "Engineering", title: "Engineer", employeeType: "Employee", groupIds: ["g-eng"], roles: ["employee", "admin"] }),
  contractUser({ id: "u2", email: "grace@acme.test", userName: "grace", givenName: "Grace", department: "Sales", groupIds: ["g-sales"], roles: ["employee"] }),
  contractUser({ id: "u3", email: "linus@acme.test", userName: "linus", department: "Engineering", active: false, groupIds: ["g-platform"], roles: ["employee"] }),
  contractUser({ id: "u4", email: "ken@acme.test", userName: "ken", department: "Research and Development", roles: ["admin"] }),
  contractUser({ id: "u5", email: "barbara@acme.test", userName: "barbara", department: "Sales", groupIds: ["g-sales", "g-eng"] }),
];
const groups = [
  { id: "g-eng", name: "Engineering", description: "Builders" },
  { id: "g-platform", name: "Platform", parentId: "g-eng" },
  { id: "g-sre", name: "SRE", parentId: "g-platform" },
  { id: "g-sales", name: "Sales" },
];

const cfg = (c: Partial<KeycloakDirectoryConfig> = {}, url = ""): KeycloakDirectoryConfig => ({
  provider: "keycloak",
  serverUrl: url,
  realm: "acme",
  clientId: "gatehouse",
  clientSecret: "kc-secret",
  ...c,
});

async function setup(o: KeycloakContractOptions = {}, a: AdapterOptions = {}, c: Partial<KeycloakDirectoryConfig> = {}) {
  server = await createKeycloakContract({ realm: "acme", clientId: "gatehouse", clientSecret: "kc-secret", users: people, groups, ...o });
  const slept: number[] = [];
  const adapter = createKeycloakAdapter(cfg(c, server.url), { sleep: async (ms) => void slept.push(ms), ...a });
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

describe("Keycloak adapter", () => {
  it("pages users by first/max (a short page ends it) with full representations and one cached token", async () => {
    const { adapter, server } = await setup();
    const { people: got, pages } = await all(adapter, { kind: "all" });
    expect(pages).toBe(3);
    expect(got.map((p) => p.id)).toEqual(["u1", "u2", "u3", "u4", "u5"]);
    expect(got[0]).toMatchObject({ email: "ada@acme.test", userName: "ada", givenName: "Ada", familyName: "Lovelace", displayName: "Ada Lovelace", active: true, department: "Engineering" });
    expect(got[0]!.attributes).toMatchObject({ department: "Engineering", title: "Engineer", employeeType: "Employee", username: "ada" });
    expect(got[2]!.active).toBe(false);
    const calls = server.requests.filter((r) => r.path === "/admin/realms/acme/users");
    expect(calls.map((r) => [r.query.get("first"), r.query.get("max"), r.query.get("briefRepresentation")])).toEqual([
      ["0", "2", "false"],
      ["2", "2", "false"],
      ["4", "2", "false"],
    ]);
    expect(server.tokensIssued).toBe(1);
    const tokenReq = server.requests.find((r) => r.path.endsWith("/token"))!;
    expect(tokenReq.path).toBe("/realms/acme/protocol/openid-connect/token");
    expect(new URLSearchParams(tokenReq.body).get("grant_type")).toBe("client_credentials");
  });

  it("filters departments with q=department:… (quoted when needed), one after another", async () => {
    const { adapter, server } = await setup();
    const { people: got } = await all(adapter, { kind: "departments", departments: ["Sales", "Research and Development"] });
    expect(got.map((p) => p.id)).toEqual(["u2", "u5", "u4"]);
    const qs = server.requests.filter((r) => r.path.endsWith("/users")).map((r) => r.query.get("q"));
    expect(qs).toContain('department:"Research and Development"');
    expect(qs).toContain("department:Sales");
  });

  it("sends attribute queries as q= and free text as search=", async () => {
    const { adapter, server } = await setup();
    expect((await all(adapter, { kind: "query", query: "department:Engineering title:Engineer" })).people.map((p) => p.id)).toEqual(["u1"]);
    expect(server.requests.at(-1)!.query.get("q")).toBe("department:Engineering title:Engineer");
    expect((await all(adapter, { kind: "query", query: "gra" })).people.map((p) => p.id)).toEqual(["u2"]);
    expect(server.requests.at(-1)!.query.get("search")).toBe("gra");
  });

  it("lists group members and role users for groups/roles filters; unknown ones are not_found", async () => {
    const { adapter } = await setup();
    expect((await all(adapter, { kind: "groups", groupIds: ["g-eng", "g-sales"] }, 1)).people.map((p) => p.id)).toEqual(["u1", "u5", "u2", "u5"]);
    const admins = await all(adapter, { kind: "roles", roles: ["admin"] });
    expect(admins.people.map((p) => p.id)).toEqual(["u1", "u4"]);
    expect((await failure(all(adapter, { kind: "roles", roles: ["nope"] }))).message).toContain("realm role nope does not exist");
    expect((await failure(all(adapter, { kind: "groups", groupIds: ["g-ghost"] }))).kind).toBe("not_found");
  });

  it("lists groups with subgroups flattened through /children, members and departments", async () => {
    const { adapter, server } = await setup();
    const g = await adapter.listGroups();
    expect(g.items.map((x) => [x.id, x.name])).toEqual([
      ["g-eng", "Engineering"],
      ["g-platform", "Engineering/Platform"],
      ["g-sre", "Engineering/Platform/SRE"],
      ["g-sales", "Sales"],
    ]);
    expect(g.items[0]!.description).toBe("Builders");
    expect(server.requests.some((r) => r.path === "/admin/realms/acme/groups/g-eng/children")).toBe(true);
    const m1 = await adapter.listGroupMembers("g-sales", { pageSize: 1 });
    const m2 = await adapter.listGroupMembers("g-sales", { pageSize: 1, cursor: m1.next });
    const m3 = await adapter.listGroupMembers("g-sales", { pageSize: 1, cursor: m2.next });
    expect([...m1.items, ...m2.items, ...m3.items]).toEqual(["u2", "u5"]);
    expect(m3.next).toBeNull();
    expect((await adapter.listOrgUnits()).items.map((x) => x.name)).toEqual(["Engineering", "Research and Development", "Sales"]);
  });

  it("honours 429 Retry-After", async () => {
    const { adapter, slept } = await setup({ faults: { rateLimitOn: [2], retryAfterSeconds: 5 } });
    expect((await all(adapter, { kind: "all" })).people).toHaveLength(5);
    expect(slept).toEqual([5000]);
  });

  it("fails with a server error when page 2 returns 500", async () => {
    const { adapter } = await setup({ faults: { failUsersPage: 2 } });
    const p1 = await adapter.listUsers({ kind: "all" }, { pageSize: 2 });
    expect(p1.items).toHaveLength(2);
    const e = await failure(adapter.listUsers({ kind: "all" }, { pageSize: 2, cursor: p1.next }));
    expect(e.kind).toBe("server");
    expect(e.message).toContain("HTTP 500");
  });

  it("times out on a slow directory", async () => {
    const { adapter } = await setup({ faults: { slowMs: 400 } }, { timeoutMs: 100, retries: 0 });
    expect((await failure(adapter.listUsers({ kind: "all" }))).kind).toBe("timeout");
  });

  it("reports wrong client credentials with Keycloak's reason", async () => {
    const { adapter, server } = await setup({}, {}, { clientSecret: "nope" });
    const e = await failure(adapter.listUsers({ kind: "all" }));
    expect(e.kind).toBe("auth");
    expect(e.message).toContain("Invalid client or Invalid client credentials");
    expect(server.requests.filter((r) => r.path.endsWith("/token"))).toHaveLength(1);
  });

  it("refreshes a token the admin API no longer accepts, once", async () => {
    const { adapter, server } = await setup();
    await adapter.listUsers({ kind: "all" });
    server.revokeTokens();
    expect((await adapter.listUsers({ kind: "all" })).items.length).toBeGreaterThan(0);
    expect(server.tokensIssued).toBe(2);
  });

  it("returns malformed users with problems instead of throwing", async () => {
    const users = [
      contractUser({ id: "m1", email: null, userName: "nomail" }),
      contractUser({ id: "m2", email: "dup@acme.test", userName: "dup1" }),
      contractUser({ id: "m3", email: "dup@acme.test", userName: "dup2", groupIds: ["g-unknown"] }),
    ];
    const { adapter } = await setup({ users, groups: [] });
    const { people: got } = await all(adapter, { kind: "all" }, 10);
    expect(got.map((p) => [p.id, p.email, p.problems ?? []])).toEqual([
      ["m1", null, ["no email"]],
      ["m2", "dup@acme.test", []],
      ["m3", "dup@acme.test", []],
    ]);
  });

  it("reports one user's status", async () => {
    const { adapter } = await setup();
    expect(await adapter.getUserStatus("u1")).toBe("active");
    expect(await adapter.getUserStatus("u3")).toBe("inactive");
    expect(await adapter.getUserStatus("ghost")).toBe("not_found");
  });

  it("verifies token endpoint and admin reads, each with its reason", async () => {
    const ok = await setup();
    expect((await ok.adapter.verify()).map((c) => [c.name, c.ok])).toEqual([
      ["configuration", true],
      ["token endpoint", true],
      ["users API", true],
      ["groups API", true],
    ]);
    await ok.server.close();

    const realm = await setup({}, {}, { realm: "other" });
    const r = await realm.adapter.verify();
    expect(r.map((c) => c.ok)).toEqual([true, false]);
    expect(r[1]!.detail).toContain("Realm does not exist");
    expect(r[1]!.detail).toContain("realm name");
    await realm.server.close();

    const denied = await setup({ denyUsers: true });
    const d = await denied.adapter.verify();
    expect(d.map((c) => c.ok)).toEqual([true, true, false, true]);
    expect(d[2]!.detail).toContain("HTTP 403");
    expect(d[2]!.detail).toContain("view-users");

    expect(await createKeycloakAdapter(cfg({ realm: "" }, "http://127.0.0.1:1")).verify()).toEqual([{ name: "configuration", ok: false, detail: "Keycloak: realm is required" }]);
  });

  it("serves a generated population; sequential first/max paging stays fast", async () => {
    const { adapter, server } = await setup({ users: undefined, groups: undefined, generate: { users: 5000, groups: 10, seed: 2, changedShare: 0.02 } });
    const t0 = performance.now();
    const { people: got } = await all(adapter, { kind: "all" }, 500);
    expect(got).toHaveLength(5000);
    expect(performance.now() - t0).toBeLessThan(5000);
    const managers = await adapter.listUsers({ kind: "roles", roles: ["manager"] }, { pageSize: 1000 });
    expect(managers.items).toHaveLength(200);
    server.population.setGeneration(1);
    const after = await all(adapter, { kind: "all" }, 500);
    expect(after.people.length).toBeLessThan(5000);
    expect(after.people.filter((p) => !p.active).length).toBeGreaterThan(0);
  });
});
