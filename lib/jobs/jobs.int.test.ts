import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";

vi.hoisted(() => {
  delete process.env.INNGEST_DEV;
  delete process.env.INNGEST_EVENT_KEY;
});

import { resetDb, createOrg, createApiKey } from "@/lib/db/testing/fixtures";
import { call } from "@/lib/db/testing/http";
import { setMappings } from "@/lib/db/testing/scim-fixtures";
import { orgContextForJob } from "@/lib/auth/org-context";
import { PERMISSIONS } from "@/lib/auth/permissions";
import * as provisioning from "@/lib/provisioning/service";
import { provisioningConfigSchema } from "@/lib/provisioning/schemas";
import * as directorySync from "@/lib/directory-sync/service";
import { createOktaContract, type OktaContract } from "@/lib/directory/testing/contract/okta";
import { contractUser } from "@/lib/directory/testing/contract/common";
import * as previewRoute from "@/app/api/v1/organizations/[id]/provisioning/preview/route";
import * as runsRoute from "@/app/api/v1/organizations/[id]/provisioning/runs/route";
import * as runRoute from "@/app/api/v1/organizations/[id]/provisioning/runs/[runId]/route";
import * as approveRoute from "@/app/api/v1/organizations/[id]/provisioning/runs/[runId]/approve/route";
import * as rejectRoute from "@/app/api/v1/organizations/[id]/provisioning/runs/[runId]/reject/route";
import { NO_INNGEST } from "@/inngest/send-jobs";
import { startJob } from "./service";

// REST for directory jobs (issue #6): preview, start a run (Inngest, in the server, or waited for), the
// run history and approval; two organizations, each seeing only its own runs.

let okta: OktaContract;
let A: Awaited<ReturnType<typeof createOrg>>;
let B: Awaited<ReturnType<typeof createOrg>>;
let keyA: string;
let keyB: string;
let readerA: string;

beforeEach(async () => {
  await resetDb();
  okta = await createOktaContract({
    apiToken: "t0k",
    users: Array.from({ length: 12 }, (_, i) => contractUser({ id: `00u${i}`, email: `p${i}@acme.test`, department: i < 10 ? "Sales" : "Legal" })),
  });
  A = await createOrg("Acme");
  B = await createOrg("Globex");
  keyA = (await createApiKey(A.id, [...PERMISSIONS])).raw;
  keyB = (await createApiKey(B.id, [...PERMISSIONS])).raw;
  readerA = (await createApiKey(A.id, ["provisioning:read"])).raw;
  for (const o of [A, B]) {
    await provisioning.putProvisioning(await orgContextForJob(o.id), provisioningConfigSchema.parse({ provider: "okta", enabled: true, issuerUrl: okta.issuerUrl, apiToken: "t0k" }));
    await setMappings(o.id, { attributeRoleMappings: [{ attributeType: "user", attributeName: "department", attributeValue: "Sales", role: "member" }] });
  }
});

afterEach(async () => {
  await okta.close();
});

const P = (org: { id: string }, extra: Record<string, string> = {}) => ({ id: org.id, ...extra });

async function settle(org: { id: string }, key: string, runId: string) {
  for (let i = 0; i < 200; i++) {
    const r = await call(runRoute.GET, { params: P(org, { runId }), key });
    if (!["queued", "running"].includes(r.json.status)) return r.json;
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error("run did not finish");
}

describe("provisioning jobs REST", () => {
  test("preview: up to 50 users with what an import would do; a read-only key is refused", async () => {
    const res = await call(previewRoute.POST, { method: "POST", params: P(A), key: keyA, body: { filter: { kind: "departments", departments: ["Sales"] } } });
    expect(res.status).toBe(200);
    expect(res.json.users).toHaveLength(10);
    expect(res.json.users[0]).toMatchObject({ role: "member", outcome: "create" });
    expect((await call(previewRoute.POST, { method: "POST", params: P(A), key: readerA, body: {} })).status).toBe(403);
    const bad = await call(previewRoute.POST, { method: "POST", params: P(A), key: keyA, body: { filter: { kind: "groups", groupIds: [] } } });
    expect(bad.status).toBe(422);
  });

  test("start: wait=true answers 200 with the finished run; without wait 202 at once and the run finishes in the server", async () => {
    const waited = await call(runsRoute.POST, { method: "POST", params: P(A), key: keyA, body: { kind: "import", wait: true } });
    expect(waited.status).toBe(200);
    expect(waited.json).toMatchObject({ mode: "inline", run: { kind: "import", status: "succeeded", trigger: "api", counts: expect.objectContaining({ created: 10 }) } });

    const started = await call(runsRoute.POST, { method: "POST", params: P(A), key: keyA, body: { kind: "reconcile" }, headers: { "user-agent": "gatehouse-cli" } });
    expect(started.status).toBe(202);
    expect(started.json).toMatchObject({ mode: "background", message: NO_INNGEST, run: { kind: "reconcile", trigger: "cli" } });
    const done = await settle(A, keyA, started.json.run.id);
    expect(done).toMatchObject({ status: "succeeded", kind: "reconcile" });

    const list = await call(runsRoute.GET, { params: P(A), key: readerA, url: "/api/v1/x?kind=import" });
    expect(list.status).toBe(200);
    expect(list.json.data.map((r: { id: string }) => r.id)).toEqual([waited.json.run.id]);
    expect(list.json.pagination).toMatchObject({ total: 1, page: 1 });
  });

  test("GET runs filters by status (one or several, comma-separated) and kind; the paged total counts the same filter; org B sees none", async () => {
    const imported = await call(runsRoute.POST, { method: "POST", params: P(A), key: keyA, body: { kind: "import", wait: true } });
    for (let i = 0; i < 6; i++) Object.assign(okta.population.at(i)!, { active: false, status: "SUSPENDED" });
    const waiting = await call(runsRoute.POST, { method: "POST", params: P(A), key: keyA, body: { kind: "reconcile", wait: true } });
    expect(waiting.json.run.status).toBe("awaiting_approval");
    okta.faults.failUsersPage = 1;
    const failed = await call(runsRoute.POST, { method: "POST", params: P(A), key: keyA, body: { kind: "import", wait: true } });
    expect(failed.json.run.status).toBe("failed");
    okta.faults.failUsersPage = undefined;
    const other = await call(runsRoute.POST, { method: "POST", params: P(B), key: keyB, body: { kind: "import", wait: true } });
    expect(other.json.run.status).toBe("succeeded");

    const ids = async (query: string, key = readerA, org = A) => {
      const r = await call(runsRoute.GET, { params: P(org), key, url: `/api/v1/x?limit=1&${query}` });
      expect(r.status).toBe(200);
      return { ids: r.json.data.map((x: { id: string }) => x.id), total: r.json.pagination.total };
    };
    expect(await ids("status=failed")).toEqual({ ids: [failed.json.run.id], total: 1 });
    expect(await ids("status=awaiting_approval,succeeded")).toEqual({ ids: [waiting.json.run.id], total: 2 });
    expect(await ids("status=succeeded&kind=import")).toEqual({ ids: [imported.json.run.id], total: 1 });
    expect(await ids("status=failed&kind=reconcile")).toEqual({ ids: [], total: 0 });
    expect(await ids("status=succeeded", keyB, B)).toMatchObject({ total: 1 });
    expect(await ids("status=failed", keyB, B)).toEqual({ ids: [], total: 0 });
    const bad = await call(runsRoute.GET, { params: P(A), key: readerA, url: "/api/v1/x?status=failed,bogus" });
    expect(bad.status).toBe(422);
    expect(bad.json.error.issues[0]).toMatchObject({ path: "query.status", message: expect.stringContaining("not bogus") });
  });

  test("bad input: filter on a non-import, unknown kind, malformed run id", async () => {
    const f = await call(runsRoute.POST, { method: "POST", params: P(A), key: keyA, body: { kind: "reconcile", filter: { kind: "all" } } });
    expect(f.status).toBe(422);
    expect(f.json.error.issues).toEqual([expect.objectContaining({ path: "filter", message: "Only an import takes a filter" })]);
    expect((await call(runsRoute.POST, { method: "POST", params: P(A), key: keyA, body: { kind: "everything" } })).status).toBe(422);
    const bad = await call(runRoute.GET, { params: P(A, { runId: "nope" }), key: keyA });
    expect(bad.status).toBe(422);
    expect(bad.json.error.issues[0].path).toBe("params.runId");
  });

  test("another organization's run is not found through the API, whatever the route", async () => {
    const b = await call(runsRoute.POST, { method: "POST", params: P(B), key: keyB, body: { kind: "import", wait: true } });
    expect(b.status).toBe(200);
    const runId = b.json.run.id;
    for (const [h, method] of [[runRoute.GET, "GET"], [approveRoute.POST, "POST"], [rejectRoute.POST, "POST"]] as const) {
      const viaA = await call(h, { method, params: P(A, { runId }), key: keyA });
      expect(viaA.status).toBe(404);
      const intoB = await call(h, { method, params: P(B, { runId }), key: keyA });
      expect(intoB.status).toBe(404);
    }
    expect((await call(runsRoute.GET, { params: P(A), key: keyA })).json.data).toEqual([]);
  });

  test("approve / reject need a run waiting for approval; reject cancels it and decommissions nobody", async () => {
    await call(runsRoute.POST, { method: "POST", params: P(A), key: keyA, body: { kind: "import", wait: true } });
    for (let i = 0; i < 6; i++) Object.assign(okta.population.at(i)!, { active: false, status: "SUSPENDED" });
    const rec = await call(runsRoute.POST, { method: "POST", params: P(A), key: keyA, body: { kind: "reconcile", wait: true } });
    expect(rec.json.run.status).toBe("awaiting_approval");
    const runId = rec.json.run.id;
    expect((await call(runRoute.GET, { params: P(A, { runId }), key: readerA })).json.pending).toHaveLength(6);
    expect((await call(rejectRoute.POST, { method: "POST", params: P(A, { runId }), key: readerA })).status).toBe(403);
    const rejected = await call(rejectRoute.POST, { method: "POST", params: P(A, { runId }), key: keyA });
    expect(rejected.status).toBe(200);
    expect(rejected.json.status).toBe("cancelled");
    expect((await call(approveRoute.POST, { method: "POST", params: P(A, { runId }), key: keyA })).status).toBe(409);
  });

  test("with Inngest reachable the run is queued there and not worked in the server", async () => {
    const sent: unknown[] = [];
    const r = await startJob(await orgContextForJob(A.id), { kind: "team_sync", wait: false }, {
      trigger: "api",
      dispatch: async (j) => { sent.push(j); return { scheduled: true }; },
    });
    expect(r.mode).toBe("inngest");
    expect(sent).toEqual([{ kind: "team_sync", orgId: A.id, runId: r.run.id }]);
    await new Promise((res) => setTimeout(res, 100));
    expect((await directorySync.getRun(await orgContextForJob(A.id), r.run.id)).status).toBe("queued");
  });
});
