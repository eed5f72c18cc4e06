// The engine against the Okta contract server (real adapter, real HTTP on loopback).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { enableProvisioning, testDb as db } from "@/lib/db/testing/directory-sync-fixtures";
import { orgContextForJob, type OrgContext } from "@/lib/auth/org-context";
import { auditEvents, createOrg, resetDb } from "@/lib/db/testing/fixtures";
import { setMappings } from "@/lib/db/testing/scim-fixtures";
import { createOktaContract, type OktaContract } from "@/lib/directory/testing/contract/okta";
import { contractUser } from "@/lib/directory/testing/contract/common";
import { createOktaAdapter } from "@/lib/directory/adapters/okta";
import * as sync from "./service";

let okta: OktaContract;
let ctxA: OrgContext;
let ctxB: OrgContext;
let orgA: string;

const users = () => [
  contractUser({ id: "00u1", email: "ann@acme.test", department: "Engineering", groupIds: ["00g1"] }),
  contractUser({ id: "00u2", email: "bob@acme.test", department: "Sales", groupIds: ["00g2"] }),
  contractUser({ id: "00u3", email: "cat@acme.test", department: "Sales", groupIds: [] }),
  contractUser({ id: "00u4", email: null, department: "Sales" }),
  contractUser({ id: "00u5", email: "bob@acme.test", department: "Sales" }),
  contractUser({ id: "00u6", email: "dan@acme.test", department: "Legal" }),
  ...Array.from({ length: 8 }, (_, i) => contractUser({ id: `00x${i}`, email: `x${i}@acme.test`, department: "Sales" })),
];

beforeEach(async () => {
  await resetDb();
  okta = await createOktaContract({
    apiToken: "t0k",
    users: users(),
    groups: [
      { id: "00g1", name: "Engineering" },
      { id: "00g2", name: "Sales Team" },
    ],
  });
  const a = await createOrg("Acme");
  const b = await createOrg("Beta");
  orgA = a.id;
  for (const o of [a, b]) await enableProvisioning(o.id);
  await setMappings(orgA, {
    attributeRoleMappings: [
      { attributeType: "group", attributeValue: "Engineering", role: "developer" },
      { attributeType: "user", attributeName: "department", attributeValue: "Sales", role: "member" },
    ],
    attributeTeamMappings: [{ attributeType: "group", attributeValue: "Sales Team", team: "Sellers" }],
  });
  ctxA = await orgContextForJob(orgA);
  ctxB = await orgContextForJob(b.id);
});

afterEach(async () => {
  await okta.close();
});

const adapter = () => createOktaAdapter({ provider: "okta", issuerUrl: okta.issuerUrl, apiToken: "t0k" }, { pageSize: 5, retries: 0 });

async function run(ctx: OrgContext, kind: "import" | "reconcile" | "team_sync") {
  const r = await sync.createRun(ctx, { kind, trigger: "api" });
  return sync.executeRun(ctx, r.id, { adapter: adapter(), pageSize: 5 });
}

describe("directory sync against the Okta contract server", () => {
  it("previews in under 2 s, imports with reasons, re-runs unchanged; org B untouched", async () => {
    const t0 = performance.now();
    const p = await sync.previewImport(ctxA, { kind: "all" }, { adapter: adapter() });
    expect(performance.now() - t0).toBeLessThan(2000);
    const by = Object.fromEntries(p.users.map((u) => [u.externalId, u]));
    expect(by["00u1"]).toMatchObject({ role: "developer", outcome: "create" });
    expect(by["00u2"]).toMatchObject({ role: "member", teams: ["Sellers"], outcome: "create" });
    expect(by["00u4"]).toMatchObject({ outcome: "skip" });
    expect(by["00u5"]!.reason).toMatch(/duplicate email/);
    expect(by["00u6"]).toMatchObject({ outcome: "skip", reason: "no mapping matched (denied)" });

    const r = await run(ctxA, "import");
    expect(r.status).toBe("succeeded");
    expect(r.counts).toMatchObject({ created: 11, skipped: 3 });
    const again = await run(ctxA, "import");
    expect(again.counts).toMatchObject({ unchanged: 11, skipped: 3 });
    expect(await (await db()).membership.count({ where: { orgId: ctxB.orgId } })).toBe(0);
  });

  it("reconcile: a 500 on page 2 fails the run and decommissions nobody; then a deactivated user is decommissioned", async () => {
    await run(ctxA, "import");
    okta.population.at(1)!.active = false;
    okta.population.at(1)!.status = "SUSPENDED";
    okta.faults.failUsersPage = 2;
    const failed = await run(ctxA, "reconcile");
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/500/);
    expect(await auditEvents(orgA, "user.decommissioned")).toHaveLength(0);

    okta.faults.failUsersPage = undefined;
    const ok = await run(ctxA, "reconcile");
    expect(ok.status).toBe("succeeded");
    expect(ok.counts.decommissioned).toBe(1);
    const m = await (await db()).membership.findFirst({ where: { orgId: orgA, user: { email: "bob@acme.test" } } });
    expect(m!.status).toBe("suspended");
  });

  it("team sync turns Okta groups into teams", async () => {
    await run(ctxA, "import");
    const r = await run(ctxA, "team_sync");
    expect(r.status).toBe("succeeded");
    const teams = await (await db()).team.findMany({ where: { orgId: orgA, externalId: { not: null } }, select: { name: true, externalId: true } });
    expect(teams.map((t) => t.externalId).sort()).toEqual(expect.arrayContaining(["00g1", "00g2"]));
  });
});
