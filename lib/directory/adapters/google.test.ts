import { afterEach, describe, expect, it } from "vitest";
import { exportPKCS8, generateKeyPair } from "jose";
import { createGoogleAdapter, googleQuoted } from "./google";
import { contractUser, type ContractGroup, type ContractUser } from "../testing/contract/common";
import { createGoogleContract, parseGoogleQuery, type GoogleContract, type GoogleContractOptions } from "../testing/contract/google";
import { DirectoryError, type DirectoryAdapter, type DirectoryFilter, type DirectoryPerson } from "../types";
import type { AdapterOptions, GoogleDirectoryConfig } from "../config-types";

const groups: ContractGroup[] = [
  { id: "g-eng", name: "Engineering" },
  { id: "g-platform", name: "Platform", parentId: "g-eng" },
  { id: "g-sales", name: "Sales" },
];
const users: ContractUser[] = [
  contractUser({ id: "101", email: "ada@example.com", givenName: "Ada", familyName: "Lovelace", department: "Engineering", title: "Engineer", groupIds: ["g-eng"], extra: { orgUnitPath: "/Eng", "Employment.costCenter": "CC-1" } }),
  contractUser({ id: "102", email: "alan@example.com", givenName: "Alan", familyName: "Turing", department: "Engineering", groupIds: ["g-platform"], extra: { orgUnitPath: "/Eng/Platform" } }),
  contractUser({ id: "103", email: "grace@example.com", department: "Sales", active: false, groupIds: ["g-sales"], extra: { orgUnitPath: "/Sales" } }),
  contractUser({ id: "104", email: "archived@example.com", status: "ARCHIVED", department: "Sales" }),
  contractUser({ id: "105", email: null }), // malformed: no primaryEmail
  contractUser({ id: "106", email: "alan@example.com" }), // duplicate email
  contractUser({ id: "107", email: "admin@example.com", groupIds: ["g-unknown"] }), // unknown group id
];

let server: GoogleContract | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const sleeps: number[] = [];
async function setup(o: GoogleContractOptions = {}, a: AdapterOptions = {}, c: Partial<GoogleDirectoryConfig> = {}): Promise<DirectoryAdapter> {
  server = await createGoogleContract({ users, groups, ...o });
  sleeps.length = 0;
  return createGoogleAdapter(
    { provider: "google", domain: server.domain, adminEmail: server.adminEmail, serviceAccount: server.serviceAccountKey, ...c },
    { endpoints: server.endpoints, pageSize: 3, sleep: async (ms) => void sleeps.push(ms), ...a },
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

describe("Google query helpers", () => {
  it("quotes values and the contract server parses them back", () => {
    expect(googleQuoted("R&D 'West'")).toBe("'R&D \\'West\\''");
    expect(parseGoogleQuery(`orgDepartment=${googleQuoted("R&D 'West'")} isSuspended=false`)).toEqual([
      { field: "orgDepartment", op: "=", value: "R&D 'West'" },
      { field: "isSuspended", op: "=", value: "false" },
    ]);
  });
});

describe("Google adapter against the contract server", () => {
  it("signs a delegated JWT assertion, exchanges it once and pages users with pageToken", async () => {
    const adapter = await setup();
    const people = await all(adapter, { kind: "all" });
    expect(people.map((p) => p.id)).toEqual(["101", "102", "103", "104", "105", "106", "107"]);
    const listCalls = server!.requests.filter((r) => r.path === "/admin/directory/v1/users");
    expect(listCalls).toHaveLength(3);
    expect(listCalls[0]!.query.get("domain")).toBe("example.com");
    expect(listCalls[0]!.query.get("projection")).toBe("full");
    expect(listCalls[0]!.query.get("maxResults")).toBe("3");
    expect(listCalls[1]!.query.get("pageToken")).toBeTruthy();
    expect(server!.assertions).toHaveLength(1);
    expect(server!.assertions[0]).toMatchObject({
      iss: server!.serviceAccountKey.client_email,
      sub: "admin@example.com",
      aud: "https://oauth2.googleapis.com/token",
      scope: expect.stringContaining("admin.directory.orgunit.readonly"),
    });
  });

  it("maps users: suspended/archived inactive, department, org unit path, custom schema attributes", async () => {
    const byId = new Map((await all(await setup(), { kind: "all" })).map((p) => [p.id, p]));
    expect(byId.get("101")).toMatchObject({ email: "ada@example.com", displayName: "Ada Lovelace", active: true, department: "Engineering", orgUnit: "/Eng" });
    expect(byId.get("101")!.attributes).toMatchObject({ title: "Engineer", orgUnitPath: "/Eng", "Employment.costCenter": "CC-1" });
    expect(byId.get("103")!.active).toBe(false);
    expect(byId.get("104")!.active).toBe(false);
    expect(byId.get("105")).toMatchObject({ email: null, problems: ["no email"] });
    expect([...byId.values()].filter((p) => p.email === "alan@example.com")).toHaveLength(2);
  });

  it("impersonates a service account through IAM signJwt", async () => {
    server = await createGoogleContract({ users, groups });
    const adapter = createGoogleAdapter(
      { provider: "google", domain: server.domain, adminEmail: server.adminEmail, serviceAccount: server.baseKey, impersonateServiceAccount: server.impersonatedEmail },
      { endpoints: server.endpoints },
    );
    expect((await adapter.listUsers({ kind: "all" })).items).toHaveLength(7);
    expect(server.requests.some((r) => r.path === `/v1/projects/-/serviceAccounts/${encodeURIComponent(server!.impersonatedEmail)}:signJwt`)).toBe(true);
    expect(server.assertions.map((a) => [a.iss, a.sub ?? null])).toEqual([
      [server.baseKey.client_email, null],
      [server.impersonatedEmail, "admin@example.com"],
    ]);
  });

  it("impersonation refused: says which role is missing", async () => {
    server = await createGoogleContract({ users, groups });
    const adapter = createGoogleAdapter(
      { provider: "google", domain: server.domain, adminEmail: server.adminEmail, serviceAccount: server.baseKey, impersonateServiceAccount: "someone-else@x.iam.gserviceaccount.com" },
      { endpoints: server.endpoints },
    );
    const err = await adapter.listUsers({ kind: "all" }).catch((e) => e);
    expect(err).toMatchObject({ kind: "auth", status: 403 });
    expect(err.message).toContain("iam.serviceAccounts.signJwt");
    expect(err.message).toContain("Token Creator");
  });

  it("a key without domain-wide delegation: unauthorized_client with a hint", async () => {
    server = await createGoogleContract({ users, groups });
    const adapter = createGoogleAdapter({ provider: "google", domain: server.domain, adminEmail: server.adminEmail, serviceAccount: server.baseKey }, { endpoints: server.endpoints });
    const err = await adapter.listUsers({ kind: "all" }).catch((e) => e);
    expect(err).toMatchObject({ kind: "auth", status: 401 });
    expect(err.message).toContain("domain-wide delegation");
  });

  it("wrong key (signature does not verify) and wrong admin: auth errors with Google's reason", async () => {
    const { privateKey } = await generateKeyPair("RS256", { extractable: true });
    const forged = await setup({}, {}, { serviceAccount: { client_email: "gatehouse-sync@gatehouse-test.iam.gserviceaccount.com", private_key: await exportPKCS8(privateKey) } });
    const err = await forged.listUsers({ kind: "all" }).catch((e) => e);
    expect(err).toMatchObject({ kind: "auth", status: 400 });
    expect(err.message).toContain("Invalid JWT Signature");

    const wrongAdmin = createGoogleAdapter({ provider: "google", domain: server!.domain, adminEmail: "nobody@example.com", serviceAccount: server!.serviceAccountKey }, { endpoints: server!.endpoints });
    await expect(wrongAdmin.listUsers({ kind: "all" })).rejects.toMatchObject({ kind: "auth", message: expect.stringContaining("Invalid email or User ID") });
  });

  it("a missing or unparsable key is a configuration error, not a crash", async () => {
    const none = createGoogleAdapter({ provider: "google", domain: "example.com", adminEmail: "admin@example.com", serviceAccount: null });
    await expect(none.listUsers({ kind: "all" })).rejects.toMatchObject({ kind: "config" });
    const bad = createGoogleAdapter({ provider: "google", domain: "example.com", adminEmail: "admin@example.com", serviceAccount: { client_email: "x@y", private_key: "not a key" } });
    const checks = await bad.verify();
    expect(checks).toEqual([{ name: "Google service account key", ok: false, detail: expect.stringContaining("not a valid PEM") }]);
  });

  it("filters with Google's query language and by departments (one search each)", async () => {
    const adapter = await setup();
    expect((await all(adapter, { kind: "query", query: "orgUnitPath='/Eng' isSuspended=false" })).map((p) => p.id)).toEqual(["101", "102"]);
    expect((await all(adapter, { kind: "departments", departments: ["Sales", "Engineering"] })).map((p) => p.id)).toEqual(["103", "104", "101", "102"]);
    const q = server!.requests.filter((r) => r.path === "/admin/directory/v1/users" && r.query.get("query")?.startsWith("orgDepartment"));
    expect(q.map((r) => r.query.get("query"))).toEqual(["orgDepartment='Sales'", "orgDepartment='Engineering'"]);
    await expect(adapter.listUsers({ kind: "query", query: "bogusField=1" })).rejects.toMatchObject({ kind: "config", status: 400 });
  });

  it("filters by groups through transitive members, and refuses unknown groups and roles", async () => {
    const adapter = await setup();
    expect((await all(adapter, { kind: "groups", groupIds: ["g-eng", "g-sales"] })).map((p) => p.id)).toEqual(["101", "102", "103"]);
    expect(server!.requests.some((r) => r.query.get("includeDerivedMembership") === "true")).toBe(true);
    await expect(adapter.listUsers({ kind: "groups", groupIds: ["g-unknown"] })).rejects.toMatchObject({ kind: "not_found" });
    await expect(adapter.listUsers({ kind: "roles", roles: ["admin"] })).rejects.toMatchObject({ kind: "unsupported" });
  });

  it("lists groups, members and org units", async () => {
    const adapter = await setup({}, { pageSize: 2 });
    const g1 = await adapter.listGroups();
    const g2 = await adapter.listGroups({ cursor: g1.next });
    expect([...g1.items, ...g2.items].map((g) => [g.id, g.name])).toEqual([
      ["g-eng", "Engineering"],
      ["g-platform", "Platform"],
      ["g-sales", "Sales"],
    ]);
    expect(g2.next).toBeNull();
    expect((await adapter.listGroupMembers("g-eng")).items).toEqual(["101", "102"]);
    await expect(adapter.listGroupMembers("g-unknown")).rejects.toMatchObject({ kind: "not_found" });
    const units = (await adapter.listOrgUnits()).items;
    expect(units.map((u) => [u.path, u.name])).toEqual([
      ["/Eng", "Eng"],
      ["/Eng/Platform", "Platform"],
      ["/Sales", "Sales"],
    ]);
    expect(units[1]!.parentId).toBe(units[0]!.id);
    expect(units.every((u) => u.kind === "orgUnit")).toBe(true);
  });

  it("a revoked token is replaced once and the request retried", async () => {
    const adapter = await setup();
    await adapter.listUsers({ kind: "all" });
    server!.revokeTokens();
    expect(await adapter.getUserStatus("101")).toBe("active");
    expect(server!.assertions).toHaveLength(2);
  });

  it("getUserStatus: active, inactive (suspended or archived), not_found", async () => {
    const adapter = await setup();
    expect(await adapter.getUserStatus("101")).toBe("active");
    expect(await adapter.getUserStatus("103")).toBe("inactive");
    expect(await adapter.getUserStatus("104")).toBe("inactive");
    expect(await adapter.getUserStatus("999")).toBe("not_found");
  });

  it("honours 429 Retry-After", async () => {
    const adapter = await setup({ faults: { rateLimitOn: [1, 3], retryAfterSeconds: 2 } });
    expect(await all(adapter, { kind: "all" })).toHaveLength(7);
    expect(sleeps).toEqual([2000, 2000]);
  });

  it("a 500 halfway through paging fails that page with the provider's reason", async () => {
    const adapter = await setup({ faults: { failUsersPage: 2 } });
    const first = await adapter.listUsers({ kind: "all" });
    expect(first.items).toHaveLength(3);
    const err = await adapter.listUsers({ kind: "all" }, { cursor: first.next }).catch((e) => e);
    expect(err).toBeInstanceOf(DirectoryError);
    expect(err).toMatchObject({ kind: "server", status: 500, message: expect.stringContaining("Backend Error") });
  });

  it("times out on a slow directory", async () => {
    const adapter = await setup({ faults: { slowMs: 400 } }, { timeoutMs: 100, retries: 0 });
    await expect(adapter.listUsers({ kind: "all" })).rejects.toMatchObject({ kind: "timeout" });
  });

  it("verify: key, token and each directory read", async () => {
    expect((await (await setup()).verify()).map((c) => [c.name, c.ok])).toEqual([
      ["Google service account key", true],
      ["Google token", true],
      ["Google users", true],
      ["Google groups", true],
      ["Google org units", true],
    ]);
  });

  it("verify: scopes not delegated → token check fails with the reason", async () => {
    const adapter = await setup({ delegatedScopes: ["https://www.googleapis.com/auth/admin.directory.user.readonly"] });
    const checks = await adapter.verify();
    expect(checks[1]).toMatchObject({ name: "Google token", ok: false, detail: expect.stringContaining("not authorized for any of the scopes") });
  });

  it("serves a generated population with pageToken paging", async () => {
    const adapter = await setup({ users: undefined, groups: undefined, generate: { users: 3000, groups: 5, seed: 4, changedShare: 0.02 } }, { pageSize: 500 });
    const t0 = performance.now();
    const people = await all(adapter, { kind: "all" });
    expect(people).toHaveLength(3000);
    expect(performance.now() - t0).toBeLessThan(5000);
    const sales = await all(adapter, { kind: "departments", departments: ["Sales"] });
    expect(sales.length).toBeGreaterThan(0);
    expect(sales.every((p) => p.department === "Sales")).toBe(true);
    server!.population.setGeneration(1);
    const after = await all(adapter, { kind: "all" });
    expect(after.length).toBeLessThan(3000);
    expect(after.filter((p) => !p.active).length).toBeGreaterThan(0);
  });
});
