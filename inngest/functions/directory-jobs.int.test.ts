import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { InngestTestEngine } from "@inngest/test";
import { createOrg, resetDb, countRows } from "@/lib/db/testing/fixtures";
import { setMappings } from "@/lib/db/testing/scim-fixtures";
import { orgContextForJob } from "@/lib/auth/org-context";
import * as provisioning from "@/lib/provisioning/service";
import { provisioningConfigSchema } from "@/lib/provisioning/schemas";
import * as directorySync from "@/lib/directory-sync/service";
import { createOktaContract, type OktaContract } from "@/lib/directory/testing/contract/okta";
import { DEFAULT_DEPARTMENTS } from "@/lib/directory/testing/contract/common";
import { runDirectorySync } from "./directory-run";
import { reconcileOrgDirectory } from "./directory-reconcile";

// The directory functions with the real engine, PostgreSQL and the Okta contract server (450 generated
// users: three pages of 200): one step per page, progress in the run row, the other organization untouched.

let okta: OktaContract;
let A: Awaited<ReturnType<typeof createOrg>>;
let B: Awaited<ReturnType<typeof createOrg>>;
const USERS = 450;

beforeEach(async () => {
  await resetDb();
  okta = await createOktaContract({ apiToken: "t0k", generate: { users: USERS, groups: 5, domain: "acme.test" } });
  A = await createOrg("Acme");
  B = await createOrg("Globex");
  await provisioning.putProvisioning(await orgContextForJob(A.id), provisioningConfigSchema.parse({ provider: "okta", enabled: true, issuerUrl: okta.issuerUrl, apiToken: "t0k" }));
  await setMappings(A.id, { attributeRoleMappings: DEFAULT_DEPARTMENTS.map((d) => ({ attributeType: "user", attributeName: "department", attributeValue: d, role: "member" })) });
});

afterEach(async () => {
  await okta.close();
});

const stepIds = (ctx: { step: { run: { mock: { calls: unknown[][] } } } }) => ctx.step.run.mock.calls.map((c) => c[0] as string);

describe("directory functions against the engine and the Okta contract server", () => {
  test("directory-run imports page by page, one step per page", async () => {
    const membersBefore = await countRows("membership");
    const ctx = await orgContextForJob(A.id);
    const run = await directorySync.createRun(ctx, { kind: "import", trigger: "portal" });
    const { result, ctx: t } = await new InngestTestEngine({ function: runDirectorySync, events: [{ name: "gatehouse/directory.run-requested", data: { orgId: A.id, runId: run.id } }] as never }).execute();
    expect(result).toMatchObject({ runId: run.id, status: "succeeded", continued: false });
    const ids = stepIds(t as never);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    expect(ids).toEqual(ids.map((_, i) => `page-${i + 1}`));
    const done = await directorySync.getRun(ctx, run.id);
    expect(done).toMatchObject({ status: "succeeded", processed: USERS });
    expect(done.counts.created).toBeGreaterThan(0);
    expect((await countRows("membership")) - membersBefore).toBe(done.counts.created);
    expect((await directorySync.listRuns(await orgContextForJob(B.id), { page: 1, limit: 10 })).data).toEqual([]);
  }, 60_000);

  test("reconcile-org-directory creates a scheduled run and works it; a second one while it runs is skipped", async () => {
    const { result, ctx: t } = await new InngestTestEngine({ function: reconcileOrgDirectory, events: [{ name: "gatehouse/directory.reconcile-requested", data: { orgId: A.id } }] as never }).execute();
    expect(result).toMatchObject({ status: "succeeded" });
    expect(stepIds(t as never)[0]).toBe("create-run");
    const ctx = await orgContextForJob(A.id);
    const [r] = (await directorySync.listRuns(ctx, { page: 1, limit: 10 })).data;
    expect(r).toMatchObject({ kind: "reconcile", trigger: "schedule", status: "succeeded", processed: USERS });

    // someone started a reconcile by hand and it is still going: the scheduled one leaves it be
    await directorySync.createRun(ctx, { kind: "reconcile", trigger: "cli" });
    const skipped = await new InngestTestEngine({ function: reconcileOrgDirectory, events: [{ name: "gatehouse/directory.reconcile-requested", data: { orgId: A.id } }] as never }).execute();
    expect(skipped.result).toMatchObject({ skipped: expect.stringMatching(/already/) });
  }, 60_000);
});
