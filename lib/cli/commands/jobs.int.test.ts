import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";

vi.hoisted(() => {
  // No Inngest: runs are worked in the server process (the route answers 202, the CLI polls).
  delete process.env.INNGEST_DEV;
  delete process.env.INNGEST_EVENT_KEY;
});

import { resetDb, createOrg, createApiKey, auditEvents } from "@/lib/db/testing/fixtures";
import { setMappings } from "@/lib/db/testing/scim-fixtures";
import { orgContextForJob } from "@/lib/auth/org-context";
import { PERMISSIONS } from "@/lib/auth/permissions";
import * as provisioning from "@/lib/provisioning/service";
import { provisioningConfigSchema } from "@/lib/provisioning/schemas";
import { createOktaContract, type OktaContract } from "@/lib/directory/testing/contract/okta";
import { contractUser } from "@/lib/directory/testing/contract/common";
import { routeFetch } from "../testing/route-fetch";
import { cliRunner } from "../testing/io";

const ALL = [...PERMISSIONS];

describe("gatehouse jobs CLI against the real route handlers (no Inngest) and the Okta contract server", () => {
  const fetch = routeFetch();
  const cli = cliRunner({ fetch, env: { GATEHOUSE_URL: "http://gatehouse.test", GATEHOUSE_POLL_MS: "25" } });
  let okta: OktaContract;
  let orgA: Awaited<ReturnType<typeof createOrg>>;
  let orgB: Awaited<ReturnType<typeof createOrg>>;
  let keyA: string;
  let keyB: string;
  let readOnlyA: string;
  const as = (key: string) => ["--api-key", key];

  beforeEach(async () => {
    await resetDb();
    okta = await createOktaContract({
      apiToken: "t0k",
      users: [
        ...Array.from({ length: 10 }, (_, i) => contractUser({ id: `00s${i}`, email: `sales${i}@acme.test`, department: "Sales", groupIds: ["00g1"] })),
        contractUser({ id: "00e1", email: "eng@acme.test", department: "Engineering" }),
      ],
      groups: [{ id: "00g1", name: "Sales Team" }],
    });
    orgA = await createOrg("Acme Corporation");
    orgB = await createOrg("Globex");
    keyA = (await createApiKey(orgA.id, ALL)).raw;
    keyB = (await createApiKey(orgB.id, ALL)).raw;
    readOnlyA = (await createApiKey(orgA.id, ["org:read", "provisioning:read"])).raw;
    await provisioning.putProvisioning(await orgContextForJob(orgA.id), provisioningConfigSchema.parse({ provider: "okta", enabled: true, issuerUrl: okta.issuerUrl, apiToken: "t0k" }));
    await setMappings(orgA.id, {
      attributeRoleMappings: [{ attributeType: "user", attributeName: "department", attributeValue: "Sales", role: "member" }],
      attributeTeamMappings: [{ attributeType: "group", attributeValue: "Sales Team", team: "Sellers" }],
    });
  });

  afterEach(async () => {
    await okta.close();
  });

  test("run import (filtered), follow it with a progress line, list and show it; B cannot see it", async () => {
    const r = await cli(["jobs", "run", "import", "--org", orgA.slug, "--filter-department", "Sales", ...as(keyA)]);
    expect(r.stderr).toMatch(/Started import [0-9a-f-]{36} \(running in the Gatehouse server\)/);
    expect(r.stderr).toMatch(/import: succeeded, \d+ of \d+ processed/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/import [0-9a-f-]{36} succeeded in [\d.]+ s: created 10/);
    const runId = /import ([0-9a-f-]{36}) succeeded/.exec(r.stdout)![1]!;

    const list = await cli(["jobs", "list", "--org", orgA.slug, "--json", ...as(keyA)]);
    expect(list.json.data).toEqual([expect.objectContaining({ id: runId, kind: "import", status: "succeeded", trigger: "cli" })]);
    const table = await cli(["jobs", "list", "--org", orgA.slug, ...as(readOnlyA)]);
    expect(table.stdout).toMatch(/import.*succeeded.*cli/);
    expect(table.stdout).toContain("Page 1 of 1 (1 run)");

    const show = await cli(["jobs", "show", runId, "--org", orgA.slug, ...as(keyA)]);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/Status:\s+succeeded/);
    expect(show.stdout).toMatch(/Filter:\s+\{"kind":"departments","departments":\["Sales"\]\}/);
    expect(show.stdout).toMatch(/Counts:\s+created 10/);

    // another organization's key: not found, and its own listing is empty
    const other = await cli(["jobs", "show", runId, "--org", orgA.id, ...as(keyB)]);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/not found/i);
    const viaB = await cli(["jobs", "show", runId, "--org", orgB.slug, ...as(keyB)]);
    expect(viaB.code).toBe(1);
    expect(viaB.stderr).toMatch(/not found/i);
    expect((await cli(["jobs", "list", "--org", orgB.slug, "--json", ...as(keyB)])).json.data).toEqual([]);

    // a read-only key cannot start a run
    const ro = await cli(["jobs", "run", "team-sync", "--org", orgA.slug, ...as(readOnlyA)]);
    expect(ro.code).toBe(1);
    expect(ro.stderr).toMatch(/provisioning:manage/);
  });

  test("team-sync, then a reconcile that would decommission too many waits for approval; approve applies it", async () => {
    expect((await cli(["jobs", "run", "import", "--org", orgA.slug, ...as(keyA)])).code).toBe(0);
    const teams = await cli(["jobs", "run", "team-sync", "--org", orgA.slug, "--json", ...as(keyA)]);
    expect(teams.code).toBe(0);
    expect(teams.json).toMatchObject({ kind: "team_sync", status: "succeeded" });

    for (let i = 0; i < 6; i++) {
      const u = okta.population.at(i)!;
      u.active = false;
      u.status = "SUSPENDED";
    }
    const rec = await cli(["jobs", "run", "reconcile", "--org", orgA.slug, ...as(keyA)]);
    expect(rec.code).toBe(0);
    expect(rec.stdout).toMatch(/reconcile ([0-9a-f-]{36}) is waiting for approval/);
    const runId = /reconcile ([0-9a-f-]{36}) is waiting/.exec(rec.stdout)![1]!;
    expect(rec.stdout).toContain(`gatehouse jobs approve ${runId} --org ${orgA.slug}`);
    expect(await auditEvents(orgA.id, "user.decommissioned")).toHaveLength(0);

    const show = await cli(["jobs", "show", runId, "--org", orgA.slug, ...as(keyA)]);
    expect(show.stdout).toMatch(/Waiting for approval: 6 to decommission/);
    expect(show.stdout).toContain("sales0@acme.test");

    const ok = await cli(["jobs", "approve", runId, "--org", orgA.slug, ...as(keyA)]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/Approved: reconcile .* is now succeeded/);
    expect(await auditEvents(orgA.id, "user.decommissioned")).toHaveLength(6);
    const twice = await cli(["jobs", "approve", runId, "--org", orgA.slug, ...as(keyA)]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/awaiting approval/);
  });

  test("a failed run exits 1 with its error; a directory read failure decommissions nobody", async () => {
    expect((await cli(["jobs", "run", "import", "--org", orgA.slug, ...as(keyA)])).code).toBe(0);
    okta.faults.failUsersPage = 1;
    const r = await cli(["jobs", "run", "reconcile", "--org", orgA.slug, ...as(keyA)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/reconcile [0-9a-f-]{36} failed/);
    expect(r.stderr).toMatch(/Error: reconcile [0-9a-f-]{36} failed: /);
    expect(await auditEvents(orgA.id, "user.decommissioned")).toHaveLength(0);

    // B has no directory configured: the API says what to configure
    const b = await cli(["jobs", "run", "import", "--org", orgB.slug, ...as(keyB)]);
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/Configure the directory connection/);
  });

  test("session-check without --org runs in every organization the key can see; --no-wait prints the run id", async () => {
    const all = await cli(["jobs", "run", "session-check", "--json", ...as(keyA)]);
    expect(all.code).toBe(0);
    expect(all.json).toEqual([expect.objectContaining({ kind: "session_check", status: "succeeded" })]);
    expect((await cli(["jobs", "list", "--org", orgB.slug, "--json", ...as(keyB)])).json.data).toEqual([]);

    const quick = await cli(["jobs", "run", "session-check", "--org", orgB.slug, "--no-wait", ...as(keyB)]);
    expect(quick.code).toBe(0);
    expect(quick.stdout.trim()).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("usage errors exit 2", async () => {
    expect((await cli(["jobs", "run", "nope", "--org", orgA.slug, ...as(keyA)])).code).toBe(2);
    expect((await cli(["jobs", "run", "reconcile", ...as(keyA)])).stderr).toMatch(/Pass --org/);
    expect((await cli(["jobs", "run", "team-sync", "--org", orgA.slug, "--query", "x", ...as(keyA)])).code).toBe(2);
    expect((await cli(["jobs", "run", "import", "--org", orgA.slug, "--query", "x", "--filter-group", "g", ...as(keyA)])).code).toBe(2);
    expect((await cli(["jobs", "show", "not-a-uuid", "--org", orgA.slug, ...as(keyA)])).code).toBe(2);
  });
});
