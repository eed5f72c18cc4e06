// The engine end to end for EACH directory provider (issue #6): the organization's stored configuration
// (putProvisioning) → directoryAdapterFor (with AdapterOptions.endpoints where the provider's hosts are
// fixed: Entra, Google, SailPoint ISC) → preview, import, team/BU sync and reconcile against the
// provider's loopback contract server. Two organizations read the same directory; neither sees the
// other's runs or accounts, and one's decommission leaves the other alone.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDb as db } from "@/lib/db/testing/directory-sync-fixtures";
import { orgContextForJob, type OrgContext } from "@/lib/auth/org-context";
import { createOrg, resetDb } from "@/lib/db/testing/fixtures";
import { businessUnitNames, teamNames } from "@/lib/db/testing/scim-fixtures";
import { directoryAdapterFor, putProvisioning } from "@/lib/provisioning/service";
import { provisioningConfigSchema } from "@/lib/provisioning/schemas";
import { contractUser, type ContractServer, type ContractUser } from "@/lib/directory/testing/contract/common";
import { createOktaContract } from "@/lib/directory/testing/contract/okta";
import { createEntraContract } from "@/lib/directory/testing/contract/entra";
import { createKeycloakContract } from "@/lib/directory/testing/contract/keycloak";
import { createZitadelContract } from "@/lib/directory/testing/contract/zitadel";
import { createGoogleContract } from "@/lib/directory/testing/contract/google";
import { createSailPointIiqContract, createSailPointIscContract } from "@/lib/directory/testing/contract/sailpoint";
import type { DirectoryAdapter } from "@/lib/directory/types";
import * as sync from "./service";

const PAGE = 2;
const DEPARTMENTS = ["Engineering", "Sales"] as const;
type Dept = (typeof DEPARTMENTS)[number];

/** Five people, over three pages of two: ann and dan in Engineering (group and department), the rest in Sales. */
const PEOPLE: { key: string; dept: Dept }[] = [
  { key: "ann", dept: "Engineering" },
  { key: "bob", dept: "Sales" },
  { key: "cat", dept: "Sales" },
  { key: "dan", dept: "Engineering" },
  { key: "eve", dept: "Sales" },
];

type Ids = { user: (i: number) => string; group: Record<Dept, string>; extra?: (dept: Dept) => Record<string, string> };

type Setup = {
  server: ContractServer;
  /** The provisioning PUT body's provider fields. */
  config: Record<string, unknown>;
  endpoints?: Record<string, string>;
  /** How the provider says "disabled" for a contract user. */
  disable: (u: ContractUser) => void;
};

function people(ids: Ids): ContractUser[] {
  return PEOPLE.map((p, i) =>
    contractUser({ id: ids.user(i + 1), email: `${p.key}@example.com`, userName: `${p.key}@example.com`, department: p.dept, groupIds: [ids.group[p.dept]], ...(ids.extra ? { extra: ids.extra(p.dept) } : {}) }),
  );
}
const groupsOf = (ids: Ids) => DEPARTMENTS.map((d) => ({ id: ids.group[d], name: d }));
const inactive = (u: ContractUser) => Object.assign(u, { active: false, status: undefined });

const ZITADEL_ORGS: Record<Dept, string> = { Engineering: "200000000000000011", Sales: "200000000000000012" };

const PROVIDERS: Record<string, () => Promise<Setup>> = {
  okta: async () => {
    const ids: Ids = { user: (i) => `00u${i}`, group: { Engineering: "00gEng", Sales: "00gSales" } };
    const server = await createOktaContract({ apiToken: "t0k", users: people(ids), groups: groupsOf(ids) });
    return { server, config: { provider: "okta", issuerUrl: server.issuerUrl, apiToken: "t0k" }, disable: (u) => Object.assign(u, { active: false, status: "SUSPENDED" }) };
  },
  entra: async () => {
    const ids: Ids = { user: (i) => `0000000b-0000-4000-8000-00000000000${i}`, group: { Engineering: "0000000a-0000-4000-9000-000000000001", Sales: "0000000a-0000-4000-9000-000000000002" } };
    const tenantId = "5f2c1c8e-1111-4222-8333-944455556666";
    const server = await createEntraContract({ tenantId, clientId: "app-1", clientSecret: "secret-1", users: people(ids), groups: groupsOf(ids) });
    return {
      server,
      config: { provider: "entra", tenantId, clientId: "app-1", clientSecret: "secret-1", cloud: "commercial" },
      endpoints: { login: server.url, graph: server.url },
      disable: inactive,
    };
  },
  keycloak: async () => {
    const ids: Ids = { user: (i) => `u${i}`, group: { Engineering: "g-eng", Sales: "g-sales" } };
    const server = await createKeycloakContract({ realm: "acme", clientId: "gatehouse", clientSecret: "kc-secret", users: people(ids), groups: groupsOf(ids) });
    return { server, config: { provider: "keycloak", serverUrl: server.url, realm: "acme", clientId: "gatehouse", clientSecret: "kc-secret" }, disable: inactive };
  },
  zitadel: async () => {
    // Zitadel's groups are project roles; its org units are organizations (a person's resource owner).
    const ids: Ids = { user: (i) => `u${i}`, group: { Engineering: "engineering", Sales: "sales" }, extra: (d) => ({ organizationId: ZITADEL_ORGS[d] }) };
    const server = await createZitadelContract({ users: people(ids), groups: groupsOf(ids), organizations: DEPARTMENTS.map((d) => ({ id: ZITADEL_ORGS[d], name: d })) });
    return {
      server,
      config: { provider: "zitadel", domain: server.domain, projectId: server.projectId, serviceAccountClientId: server.clientId, serviceAccountClientSecret: server.clientSecret },
      disable: inactive,
    };
  },
  google: async () => {
    // Google's org units come from the people's orgUnitPath.
    const ids: Ids = { user: (i) => `10${i}`, group: { Engineering: "g-eng", Sales: "g-sales" }, extra: (d) => ({ orgUnitPath: `/${d}` }) };
    const server = await createGoogleContract({ users: people(ids), groups: groupsOf(ids) });
    return {
      server,
      config: { provider: "google", domain: server.domain, adminEmail: server.adminEmail, serviceAccountJson: JSON.stringify(server.serviceAccountKey) },
      endpoints: server.endpoints,
      disable: inactive,
    };
  },
  "sailpoint isc": async () => {
    const ids: Ids = { user: (i) => `id-0${i}`, group: { Engineering: "r-eng", Sales: "r-sales" } };
    const server = await createSailPointIscContract({ users: people(ids), groups: groupsOf(ids) });
    return {
      server,
      config: { provider: "sailpoint", product: "isc", tenant: "acme", clientId: server.clientId, clientSecret: server.clientSecret },
      endpoints: server.endpoints,
      disable: inactive,
    };
  },
  "sailpoint iiq": async () => {
    const ids: Ids = { user: (i) => `id-0${i}`, group: { Engineering: "r-eng", Sales: "r-sales" } };
    const server = await createSailPointIiqContract({ users: people(ids), groups: groupsOf(ids) });
    return { server, config: { provider: "sailpoint", product: "iiq", baseUrl: server.baseUrl, username: server.username, password: server.password }, disable: inactive };
  },
};

let setup: Setup | null = null;
let ctxA: OrgContext;
let ctxB: OrgContext;

beforeEach(async () => {
  await resetDb();
  ctxA = await orgContextForJob((await createOrg("Acme")).id);
  ctxB = await orgContextForJob((await createOrg("Beta")).id);
});

afterEach(async () => {
  await setup?.server.close();
  setup = null;
});

async function configure(ctx: OrgContext, s: Setup) {
  await putProvisioning(
    ctx,
    provisioningConfigSchema.parse({
      ...s.config,
      enabled: true,
      // Only mapped people are imported: Engineering's group makes admins, Sales's members.
      attributeRoleMappings: [
        { attributeType: "group", attributeValue: "Engineering", role: "admin" },
        { attributeType: "group", attributeValue: "Sales", role: "member" },
      ],
    }),
  );
}

/** The organization's stored configuration, as the engine would build it, with the contract server's hosts. */
async function adapterOf(ctx: OrgContext, s: Setup): Promise<DirectoryAdapter> {
  const { adapter, config } = await directoryAdapterFor(ctx, { ...(s.endpoints ? { endpoints: s.endpoints } : {}), pageSize: PAGE, retries: 0 });
  expect(config.enabled).toBe(true);
  return adapter;
}

async function run(ctx: OrgContext, s: Setup, kind: "import" | "team_sync" | "reconcile") {
  const r = await sync.createRun(ctx, { kind, trigger: "api" });
  return sync.executeRun(ctx, r.id, { adapter: await adapterOf(ctx, s), pageSize: PAGE });
}

async function userId(email: string) {
  return (await (await db()).user.findUniqueOrThrow({ where: { email } })).id;
}

async function membership(ctx: OrgContext, email: string) {
  return (await db()).membership.findFirst({ where: { orgId: ctx.orgId, user: { email } }, select: { role: true, status: true, source: true } });
}

function contractUserByEmail(s: Setup, email: string): ContractUser {
  for (let i = 0; i < s.server.population.size; i++) {
    const u = s.server.population.at(i);
    if (u?.email === email) return u;
  }
  throw new Error(`no contract user ${email}`);
}

describe.each(Object.keys(PROVIDERS))("directory sync against the %s contract server", (provider) => {
  it("preview, import, team/BU sync and reconcile: mapped role, teams and units; a disabled user is decommissioned; a 500 mid-paging decommissions nobody; orgs isolated", async () => {
    const s = (setup = await PROVIDERS[provider]!());
    await configure(ctxA, s);
    await configure(ctxB, s);

    // Preview: every person with the role an import would give, nothing written.
    const preview = await sync.previewImport(ctxA, { kind: "all" }, { adapter: await adapterOf(ctxA, s) });
    expect(preview.users.map((u) => `${u.email}:${u.role}:${u.outcome}`).sort()).toEqual([
      "ann@example.com:admin:create",
      "bob@example.com:member:create",
      "cat@example.com:member:create",
      "dan@example.com:admin:create",
      "eve@example.com:member:create",
    ]);
    expect(await (await db()).membership.count({ where: { orgId: ctxA.orgId } })).toBe(0);

    // Import (three pages), then teams from groups and business units from org units / departments.
    const imported = await run(ctxA, s, "import");
    expect(imported).toMatchObject({ status: "succeeded", processed: 5, total: 5, counts: expect.objectContaining({ created: 5 }) });
    const teamSync = await run(ctxA, s, "team_sync");
    expect(teamSync.status).toBe("succeeded");
    expect(teamSync.counts).toMatchObject({ teamsCreated: 2, businessUnitsCreated: 2 });
    expect(teamSync.processed).toBe(teamSync.total);
    const importedB = await run(ctxB, s, "import");
    expect(importedB.counts.created).toBe(5);

    for (const p of PEOPLE) {
      const email = `${p.key}@example.com`;
      expect(await membership(ctxA, email)).toEqual({ role: p.dept === "Engineering" ? "admin" : "member", status: "active", source: "directory" });
      const id = await userId(email);
      expect((await teamNames(ctxA.orgId, id)).map((t) => t.name)).toEqual([p.dept]);
      expect((await businessUnitNames(ctxA.orgId, id)).map((t) => t.name)).toEqual([p.dept]);
      // Org B imported the same people but never synced teams: nothing of A's shows up there.
      expect(await teamNames(ctxB.orgId, id)).toEqual([]);
    }

    // cat is disabled at the provider; the directory then fails on the second page of users.
    s.disable(contractUserByEmail(s, "cat@example.com"));
    s.server.faults.failUsersPage = 2;
    const failed = await run(ctxA, s, "reconcile");
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/Nobody was decommissioned/);
    expect(failed.processed).toBe(PAGE); // halfway: the first page was worked, the second failed
    expect((await sync.getRun(ctxA, failed.id)).errors.map((e) => e.message).join()).toMatch(/500/);
    expect(failed.counts.decommissioned ?? 0).toBe(0);
    expect(await (await db()).membership.count({ where: { status: "suspended" } })).toBe(0);
    expect(await (await db()).directoryAccount.count({ where: { status: "decommissioned" } })).toBe(0);

    // The directory recovers: the next reconciliation decommissions cat, and only cat, only in A.
    s.server.faults.failUsersPage = undefined;
    const reconciled = await run(ctxA, s, "reconcile");
    expect(reconciled.status).toBe("succeeded");
    expect(reconciled.counts.decommissioned).toBe(1);
    expect(await membership(ctxA, "cat@example.com")).toMatchObject({ status: "suspended" });
    expect(await membership(ctxA, "bob@example.com")).toMatchObject({ status: "active" });
    expect(await membership(ctxB, "cat@example.com")).toMatchObject({ status: "active" });
    const accounts = await (await db()).directoryAccount.findMany({ where: { status: "decommissioned" }, select: { orgId: true, email: true, decommissionReason: true } });
    expect(accounts).toEqual([{ orgId: ctxA.orgId, email: "cat@example.com", decommissionReason: "disabled" }]);
    const detail = await sync.getRun(ctxA, reconciled.id);
    expect(detail.drift.filter((d) => d.decommission).map((d) => `${d.email}:${d.decommission!.reason}:${d.decommission!.outcome}`)).toEqual(["cat@example.com:disabled:decommissioned"]);

    // Neither organization sees the other's runs.
    const runsA = (await sync.listRuns(ctxA, { page: 1, limit: 50 })).data.map((r) => r.id).sort();
    const runsB = (await sync.listRuns(ctxB, { page: 1, limit: 50 })).data.map((r) => r.id);
    expect(runsA).toEqual([imported.id, teamSync.id, failed.id, reconciled.id].sort());
    expect(runsB).toEqual([importedB.id]);
    await expect(sync.getRun(ctxB, reconciled.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(sync.getRun(ctxA, importedB.id)).rejects.toMatchObject({ code: "not_found" });
    expect(await (await db()).directoryAccount.count({ where: { orgId: ctxB.orgId, status: "active" } })).toBe(5);
  });
});
