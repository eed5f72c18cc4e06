import { afterEach, describe, expect, it } from "vitest";
import { createEntraAdapter, ENTRA_CLOUDS } from "./entra";
import { contractUser, type ContractUser } from "../testing/contract/common";
import { createEntraContract, type EntraContract, type EntraContractOptions } from "../testing/contract/entra";
import { DirectoryError, type DirectoryAdapter, type DirectoryFilter, type DirectoryPerson } from "../types";
import type { AdapterOptions, EntraDirectoryConfig } from "../config-types";

let server: EntraContract | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const G_ENG = "0000000a-0000-4000-9000-000000000001";
const G_PLATFORM = "0000000a-0000-4000-9000-000000000002";
const G_SALES = "0000000a-0000-4000-9000-000000000003";
const uid = (n: number) => `0000000b-0000-4000-8000-00000000000${n}`;

const people: ContractUser[] = [
  contractUser({ id: uid(1), email: "Ada@Contoso.com", userName: "ada@contoso.com", givenName: "Ada", familyName: "Lovelace", department: "Engineering", title: "Engineer", employeeType: "Employee", groupIds: [G_ENG] }),
  contractUser({ id: uid(2), email: "grace@contoso.com", department: "Sales", groupIds: [G_SALES] }),
  contractUser({ id: uid(3), email: "linus@contoso.com", department: "Engineering", active: false, groupIds: [G_PLATFORM] }),
  contractUser({ id: uid(4), email: "ken@contoso.com", department: "O'Brien Lab" }),
  contractUser({ id: uid(5), email: "barbara@contoso.com", department: "Sales", groupIds: [G_SALES, G_PLATFORM] }),
];
const groups = [
  { id: G_ENG, name: "Engineering", description: "Builders" },
  { id: G_PLATFORM, name: "Platform", parentId: G_ENG },
  { id: G_SALES, name: "Sales" },
];

const cfg = (c: Partial<EntraDirectoryConfig> = {}): EntraDirectoryConfig => ({
  provider: "entra",
  tenantId: "tenant-1",
  clientId: "app-1",
  clientSecret: "secret-1",
  cloud: "commercial",
  ...c,
});

async function setup(o: EntraContractOptions = {}, a: AdapterOptions = {}, c: Partial<EntraDirectoryConfig> = {}) {
  server = await createEntraContract({ tenantId: "tenant-1", clientId: "app-1", clientSecret: "secret-1", users: people, groups, ...o });
  const slept: number[] = [];
  const adapter = createEntraAdapter(cfg(c), { endpoints: { login: server.url, graph: server.url }, sleep: async (ms) => void slept.push(ms), ...a });
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

describe("Entra adapter", () => {
  it("gets one token (cached) and pages users by @odata.nextLink with $select and $top", async () => {
    const { adapter, server } = await setup();
    const { people: got, pages } = await all(adapter, { kind: "all" });
    expect(pages).toBe(3);
    expect(got.map((p) => p.id)).toEqual([1, 2, 3, 4, 5].map(uid));
    expect(got[0]).toMatchObject({ email: "ada@contoso.com", userName: "ada@contoso.com", givenName: "Ada", familyName: "Lovelace", active: true, department: "Engineering" });
    expect(got[0]!.attributes).toMatchObject({ department: "Engineering", jobTitle: "Engineer", title: "Engineer", employeeType: "Employee" });
    expect(got[2]!.active).toBe(false);
    expect(server.tokensIssued).toBe(1);
    const token = server.requests.find((r) => r.path === "/tenant-1/oauth2/v2.0/token")!;
    expect(Object.fromEntries(new URLSearchParams(token.body))).toMatchObject({ grant_type: "client_credentials", client_id: "app-1", scope: "https://graph.microsoft.com/.default" });
    const first = server.requests.find((r) => r.path === "/v1.0/users")!;
    expect(first.query.get("$top")).toBe("2");
    expect(first.query.get("$select")).toContain("accountEnabled");
  });

  it("filters departments with an advanced query (in, ConsistencyLevel: eventual, $count=true)", async () => {
    const { adapter, server } = await setup();
    const { people: got } = await all(adapter, { kind: "departments", departments: ["Sales", "O'Brien Lab"] });
    expect(got.map((p) => p.id)).toEqual([uid(2), uid(4), uid(5)]);
    const req = server.requests.filter((r) => r.path === "/v1.0/users").at(-1)!;
    expect(req.query.get("$filter")).toBe("department in ('Sales', 'O''Brien Lab')");
    expect(req.query.get("$count")).toBe("true");
    expect(req.headers.consistencylevel).toBe("eventual");
  });

  it("passes a $filter query through; an invalid one is a clear error", async () => {
    const { adapter } = await setup();
    const { people: got } = await all(adapter, { kind: "query", query: "accountEnabled eq true and startswith(mail,'g')" });
    expect(got.map((p) => p.id)).toEqual([uid(2)]);
    const e = await failure(adapter.listUsers({ kind: "query", query: "favouriteColour eq 'blue'" }));
    expect(e.kind).toBe("config");
    expect(e.message).toContain("Could not find a property named 'favouriteColour'");
  });

  it("lists transitive user members for a groups filter (nested groups included); an unknown group is not_found", async () => {
    const { adapter, server } = await setup();
    const { people: got } = await all(adapter, { kind: "groups", groupIds: [G_ENG, G_SALES] });
    expect(got.map((p) => p.id)).toEqual([uid(1), uid(3), uid(5), uid(2), uid(5)]);
    const req = server.requests.find((r) => r.path.endsWith("/transitiveMembers/microsoft.graph.user"))!;
    expect(req.headers.consistencylevel).toBe("eventual");
    const e = await failure(all(adapter, { kind: "groups", groupIds: ["0000000a-0000-4000-9000-0000000000ff"] }));
    expect(e.kind).toBe("not_found");
  });

  it("refuses a roles filter as unsupported", async () => {
    const { adapter } = await setup();
    expect((await failure(adapter.listUsers({ kind: "roles", roles: ["x"] }))).kind).toBe("unsupported");
  });

  it("lists groups, transitive members and departments", async () => {
    const { adapter } = await setup();
    const g1 = await adapter.listGroups({ pageSize: 2 });
    const g2 = await adapter.listGroups({ pageSize: 2, cursor: g1.next });
    expect([...g1.items, ...g2.items].map((g) => g.name)).toEqual(["Engineering", "Platform", "Sales"]);
    expect(g2.next).toBeNull();
    expect((await adapter.listGroupMembers(G_ENG)).items).toEqual([uid(1), uid(3), uid(5)]);
    expect((await adapter.listOrgUnits()).items.map((x) => x.name)).toEqual(["Engineering", "O'Brien Lab", "Sales"]);
  });

  it("honours 429 Retry-After", async () => {
    const { adapter, slept } = await setup({ faults: { rateLimitOn: [2], retryAfterSeconds: 3 } });
    const { people: got } = await all(adapter, { kind: "all" });
    expect(got).toHaveLength(5);
    expect(slept).toEqual([3000]);
  });

  it("fails with the provider's reason when page 2 returns 500", async () => {
    const { adapter } = await setup({ faults: { failUsersPage: 2 } });
    const p1 = await adapter.listUsers({ kind: "all" }, { pageSize: 2 });
    expect(p1.items).toHaveLength(2);
    const e = await failure(adapter.listUsers({ kind: "all" }, { pageSize: 2, cursor: p1.next }));
    expect(e.kind).toBe("server");
    expect(e.message).toContain("An internal server error occurred");
  });

  it("times out on a slow directory", async () => {
    const { adapter } = await setup({ faults: { slowMs: 400 } }, { timeoutMs: 100, retries: 0 });
    expect((await failure(adapter.listUsers({ kind: "all" }))).kind).toBe("timeout");
  });

  it("reports wrong credentials with the AADSTS reason, never the secret", async () => {
    const { adapter } = await setup({}, {}, { clientSecret: "wrong-secret" });
    const e = await failure(adapter.listUsers({ kind: "all" }));
    expect(e.kind).toBe("auth");
    expect(e.message).toContain("AADSTS7000215");
    expect(e.message).not.toContain("wrong-secret");
  });

  it("refreshes a token Graph no longer accepts, once", async () => {
    const { adapter, server } = await setup();
    await adapter.listUsers({ kind: "all" });
    server.revokeTokens();
    const page = await adapter.listUsers({ kind: "all" });
    expect(page.items.length).toBeGreaterThan(0);
    expect(server.tokensIssued).toBe(2);
  });

  it("returns malformed users with problems; falls back to an email-shaped UPN for members only", async () => {
    const users = [
      contractUser({ id: uid(1), email: null, userName: "no-mail-or-upn" }),
      contractUser({ id: uid(2), email: null, userName: "Member@Contoso.com" }),
      contractUser({ id: uid(3), email: null, userName: "guest_fabrikam.com#EXT#@contoso.onmicrosoft.com", extra: { userType: "Guest" } }),
      contractUser({ id: uid(4), email: "dup@contoso.com" }),
      contractUser({ id: uid(5), email: "DUP@contoso.com", groupIds: ["unknown-group"] }),
    ];
    const { adapter } = await setup({ users, groups: [] });
    const { people: got } = await all(adapter, { kind: "all" }, 10);
    expect(got.map((p) => [p.email, p.problems ?? []])).toEqual([
      [null, ["no email"]],
      ["member@contoso.com", []],
      [null, ["no email"]],
      ["dup@contoso.com", []],
      ["dup@contoso.com", []],
    ]);
  });

  it("reports one user's status", async () => {
    const { adapter } = await setup();
    expect(await adapter.getUserStatus(uid(1))).toBe("active");
    expect(await adapter.getUserStatus(uid(3))).toBe("inactive");
    expect(await adapter.getUserStatus("0000000b-0000-4000-8000-0000000000ff")).toBe("not_found");
  });

  it("verifies the token endpoint and Graph reads, each with its reason", async () => {
    const ok = await setup();
    expect((await ok.adapter.verify()).map((c) => [c.name, c.ok])).toEqual([
      ["configuration", true],
      ["token endpoint", true],
      ["users API", true],
      ["groups API", true],
    ]);
    await ok.server.close();

    const badTenant = await setup({}, {}, { tenantId: "nope" });
    const t = await badTenant.adapter.verify();
    expect(t.map((c) => [c.name, c.ok])).toEqual([
      ["configuration", true],
      ["token endpoint", false],
    ]);
    expect(t[1]!.detail).toContain("AADSTS90002");
    expect(t[1]!.detail).toContain("Check the tenant id");
    await badTenant.server.close();

    const denied = await setup({ denyGroups: true });
    const d = await denied.adapter.verify();
    expect(d.map((c) => c.ok)).toEqual([true, true, true, false]);
    expect(d[3]!.detail).toContain("Insufficient privileges");
    expect(d[3]!.detail).toContain("GroupMember.Read.All");

    const missing = await createEntraAdapter(cfg({ clientSecret: "" })).verify();
    expect(missing).toEqual([{ name: "configuration", ok: false, detail: "Entra: clientSecret is required" }]);
  });

  it("uses each national cloud's hosts and Graph scope", async () => {
    expect(ENTRA_CLOUDS["gcc-high"]).toEqual({ login: "https://login.microsoftonline.us", graph: "https://graph.microsoft.us" });
    expect(ENTRA_CLOUDS.dod).toEqual({ login: "https://login.microsoftonline.us", graph: "https://dod-graph.microsoft.us" });
    const { adapter, server } = await setup({ scope: "https://dod-graph.microsoft.us/.default" }, {}, { cloud: "dod" });
    expect((await adapter.listUsers({ kind: "all" })).items.length).toBeGreaterThan(0);
    expect(new URLSearchParams(server.requests[0]!.body).get("scope")).toBe("https://dod-graph.microsoft.us/.default");
  });

  it("serves a generated population with @odata.count for filtered queries", async () => {
    const { adapter, server } = await setup({ users: undefined, groups: undefined, generate: { users: 3000, groups: 4, seed: 5 } });
    const { people: got, pages } = await all(adapter, { kind: "all" }, 999);
    expect(pages).toBe(4);
    expect(got).toHaveLength(3000);
    const sales = await adapter.listUsers({ kind: "departments", departments: ["Sales"] }, { pageSize: 10 });
    expect(sales.items.every((p) => p.department === "Sales")).toBe(true);
    expect(server.requests.at(-1)!.query.get("$count")).toBe("true");
    const members = await adapter.listGroupMembers(server.population.groups[1]!.id, { pageSize: 999 });
    expect(members.items).toHaveLength(750);
  });
});
