import { beforeEach, describe, expect, test, vi } from "vitest";
import { InngestTestEngine } from "@inngest/test";
import { AppError } from "@/lib/errors";

// The directory and session-check functions with their services mocked (no database): which steps run
// in which order, what the crons fan out, and the trigger / concurrency / retry configuration that
// the serve route registers with Inngest.

const mocks = vi.hoisted(() => ({
  runStep: vi.fn(),
  createRun: vi.fn(),
  listOrgsWithProvisioningEnabled: vi.fn(),
  orgIdsWithRefreshableSessions: vi.fn(),
  startSessionCheck: vi.fn(),
  checkSessionsPage: vi.fn(),
  finishSessionCheck: vi.fn(),
  orgContextForJob: vi.fn(async (orgId: string, label: string) => ({ orgId, label })),
}));

vi.mock("@/lib/auth/org-context", () => ({ orgContextForJob: mocks.orgContextForJob }));
vi.mock("@/lib/directory-sync/service", () => ({ runStep: mocks.runStep, createRun: mocks.createRun }));
vi.mock("@/lib/provisioning/service", () => ({ listOrgsWithProvisioningEnabled: mocks.listOrgsWithProvisioningEnabled }));
vi.mock("@/lib/db/repos/session-checks", () => ({ sessionCheckSystemRepo: { orgIdsWithRefreshableSessions: mocks.orgIdsWithRefreshableSessions } }));
vi.mock("@/lib/lifecycle/session-check", async () => {
  const counts = () => ({ checked: 0, refreshed: 0, ended: 0, decommissioned: 0, errors: 0 });
  return {
    emptyCounts: counts,
    addCounts: (a: Record<string, number>, b: Record<string, number>) => Object.fromEntries(Object.keys(a).map((k) => [k, a[k]! + b[k]!])),
    startSessionCheck: mocks.startSessionCheck,
    checkSessionsPage: mocks.checkSessionsPage,
    finishSessionCheck: mocks.finishSessionCheck,
  };
});

const { runDirectorySync } = await import("./directory-run");
const { scheduleDirectoryReconciliation, reconcileOrgDirectory, RECONCILE_CRON } = await import("./directory-reconcile");
const { scheduleSessionChecks, checkOrgSessions, SESSION_CHECK_CRON } = await import("./session-check");
const { functions } = await import("../index");

const ORG = "7f1b7f5e-8f7e-4c57-9b8e-2f1f6f7e8a90";
const OTHER = "6d3c0f5e-1a2b-4c3d-8e9f-0a1b2c3d4e5f";
const RUN = "0b0e7d54-9d0b-4f55-8a55-5a1f7c0d9e11";
const ev = (name: string, data: Record<string, unknown>) => [{ name, data }] as never;
const run = (status: string, processed: number) => ({ id: RUN, status, processed, total: 300 });
const stepIds = (ctx: { step: { run: { mock: { calls: unknown[][] } } } }) => ctx.step.run.mock.calls.map((c) => c[0]);

beforeEach(() => {
  vi.clearAllMocks();
});

describe("registration", () => {
  test("the serve route registers the directory and session-check functions next to the domain ones", () => {
    expect(functions.map((f) => f.id())).toEqual([
      "verify-domain", "schedule-domain-rechecks", "recheck-org-domains",
      "directory-run", "schedule-directory-reconciliation", "reconcile-org-directory",
      "schedule-session-checks", "check-org-sessions",
    ]);
  });

  test("crons: reconciliation every 24 hours, session checks every 15 minutes", () => {
    expect(RECONCILE_CRON).toBe("TZ=UTC 0 2 * * *");
    expect(SESSION_CHECK_CRON).toBe("TZ=UTC */15 * * * *");
    expect(scheduleDirectoryReconciliation.opts.triggers).toEqual([{ cron: RECONCILE_CRON }]);
    expect(scheduleSessionChecks.opts.triggers).toEqual([{ cron: SESSION_CHECK_CRON }]);
  });

  test("per-organization functions: one run at a time per organization, retried on transient errors", () => {
    for (const fn of [runDirectorySync, reconcileOrgDirectory, checkOrgSessions]) {
      expect(fn.opts.concurrency).toEqual({ key: "event.data.orgId", limit: 1 });
      expect(fn.opts.retries).toBeGreaterThan(0);
    }
    const events = (fn: { opts: { triggers?: unknown[] } }) => (fn.opts.triggers as { name?: string; event?: string }[]).map((t) => t.name ?? t.event);
    expect(events(runDirectorySync)).toEqual(["gatehouse/directory.run-requested"]);
    expect(events(reconcileOrgDirectory)).toEqual(["gatehouse/directory.reconcile-requested"]);
    expect(events(checkOrgSessions)).toEqual(["gatehouse/session.check-requested"]);
  });
});

describe("directory-run", () => {
  test("one step per page until the engine says done, each with the run id and a job context for the org", async () => {
    mocks.runStep
      .mockResolvedValueOnce({ done: false, run: run("running", 100) })
      .mockResolvedValueOnce({ done: false, run: run("running", 200) })
      .mockResolvedValueOnce({ done: true, run: run("succeeded", 300) });
    const { result, ctx } = await new InngestTestEngine({ function: runDirectorySync, events: ev("gatehouse/directory.run-requested", { orgId: ORG, runId: RUN }) }).execute();
    expect(result).toEqual({ runId: RUN, pages: 3, status: "succeeded", continued: false });
    expect(stepIds(ctx as never)).toEqual(["page-1", "page-2", "page-3"]);
    expect(mocks.runStep).toHaveBeenCalledTimes(3);
    expect(mocks.runStep).toHaveBeenCalledWith(expect.objectContaining({ orgId: ORG }), RUN);
    expect(mocks.orgContextForJob).toHaveBeenCalledWith(ORG, "directory sync");
    expect(ctx.step.sendEvent).not.toHaveBeenCalled();
  });

  test("a run that stops for approval ends the function (awaiting_approval is done)", async () => {
    mocks.runStep.mockResolvedValueOnce({ done: true, run: run("awaiting_approval", 300) });
    const { result } = await new InngestTestEngine({ function: runDirectorySync, events: ev("gatehouse/directory.run-requested", { orgId: ORG, runId: RUN }) }).execute();
    expect(result).toMatchObject({ pages: 1, status: "awaiting_approval" });
  });

  test("a missing run or inactive organization is not retried; a database error is", async () => {
    mocks.runStep.mockRejectedValueOnce(new AppError("not_found", "Run not found"));
    const gone = await new InngestTestEngine({ function: runDirectorySync, events: ev("gatehouse/directory.run-requested", { orgId: ORG, runId: RUN }) }).execute();
    expect((gone.error as Error).name).toBe("NonRetriableError");

    mocks.runStep.mockRejectedValueOnce(new Error("connection reset"));
    const flaky = await new InngestTestEngine({ function: runDirectorySync, events: ev("gatehouse/directory.run-requested", { orgId: ORG, runId: RUN }) }).execute();
    expect((flaky.error as Error).name).not.toBe("NonRetriableError");
    expect((flaky.error as Error).message).toContain("connection reset");
  });
});

describe("reconciliation", () => {
  test("the cron fans out one event per organization with provisioning enabled", async () => {
    mocks.listOrgsWithProvisioningEnabled.mockResolvedValue([ORG, OTHER]);
    const t = new InngestTestEngine({
      function: scheduleDirectoryReconciliation,
      events: ev("inngest/scheduled.timer", { cron: RECONCILE_CRON }),
      steps: [{ id: "fan-out-1", handler: () => ({ ids: ["e1", "e2"] }) }],
    });
    const { result, ctx } = await t.execute();
    expect(result).toEqual({ scheduled: 2 });
    expect(ctx.step.sendEvent).toHaveBeenCalledWith("fan-out-1", [
      expect.objectContaining({ name: "gatehouse/directory.reconcile-requested", data: { orgId: ORG } }),
      expect.objectContaining({ name: "gatehouse/directory.reconcile-requested", data: { orgId: OTHER } }),
    ]);
  });

  test("no organization with provisioning: nothing is sent", async () => {
    mocks.listOrgsWithProvisioningEnabled.mockResolvedValue([]);
    const { result, ctx } = await new InngestTestEngine({ function: scheduleDirectoryReconciliation, events: ev("inngest/scheduled.timer", {}) }).execute();
    expect(result).toEqual({ scheduled: 0 });
    expect(ctx.step.sendEvent).not.toHaveBeenCalled();
  });

  test("per organization: creates a scheduled reconcile run, then works its pages", async () => {
    mocks.createRun.mockResolvedValue({ id: RUN, status: "queued" });
    mocks.runStep.mockResolvedValueOnce({ done: false, run: run("running", 150) }).mockResolvedValueOnce({ done: true, run: run("succeeded", 300) });
    const { result, ctx } = await new InngestTestEngine({ function: reconcileOrgDirectory, events: ev("gatehouse/directory.reconcile-requested", { orgId: ORG }) }).execute();
    expect(stepIds(ctx as never)).toEqual(["create-run", "page-1", "page-2"]);
    expect(mocks.createRun).toHaveBeenCalledWith(expect.objectContaining({ orgId: ORG }), { kind: "reconcile", trigger: "schedule" });
    expect(mocks.runStep).toHaveBeenCalledWith(expect.objectContaining({ orgId: ORG }), RUN);
    expect(result).toEqual({ runId: RUN, pages: 2, status: "succeeded", continued: false });
  });

  test("a reconcile already running (409) is left to finish: no pages, no retry", async () => {
    mocks.createRun.mockRejectedValue(new AppError("conflict", "A reconcile run is already in progress"));
    const { result, ctx } = await new InngestTestEngine({ function: reconcileOrgDirectory, events: ev("gatehouse/directory.reconcile-requested", { orgId: ORG }) }).execute();
    expect(result).toEqual({ skipped: "A reconcile run is already in progress" });
    expect(stepIds(ctx as never)).toEqual(["create-run"]);
    expect(mocks.runStep).not.toHaveBeenCalled();
  });

  test("provisioning switched off meanwhile (invalid_input) stops without retrying", async () => {
    mocks.createRun.mockRejectedValue(new AppError("invalid_input", "Provisioning is not enabled"));
    const { error } = await new InngestTestEngine({ function: reconcileOrgDirectory, events: ev("gatehouse/directory.reconcile-requested", { orgId: ORG }) }).execute();
    expect((error as Error).name).toBe("NonRetriableError");
  });
});

describe("session checks", () => {
  const page = (next: string | null, c: Partial<Record<string, number>>, errors: unknown[] = []) => ({
    next, errors, counts: { checked: 0, refreshed: 0, ended: 0, decommissioned: 0, errors: 0, ...c },
  });

  test("the 15-minute cron fans out one event per organization with refreshable sessions", async () => {
    mocks.orgIdsWithRefreshableSessions.mockResolvedValue([ORG, OTHER]);
    const { result, ctx } = await new InngestTestEngine({
      function: scheduleSessionChecks,
      events: ev("inngest/scheduled.timer", { cron: SESSION_CHECK_CRON }),
      steps: [{ id: "fan-out-1", handler: () => ({ ids: ["e1", "e2"] }) }],
    }).execute();
    expect(result).toEqual({ scheduled: 2 });
    expect(ctx.step.sendEvent).toHaveBeenCalledWith("fan-out-1", [
      expect.objectContaining({ name: "gatehouse/session.check-requested", data: { orgId: ORG } }),
      expect.objectContaining({ name: "gatehouse/session.check-requested", data: { orgId: OTHER } }),
    ]);
  });

  test("per organization: start, one step per page of sessions, finish with the summed counts", async () => {
    mocks.startSessionCheck.mockResolvedValue({ id: RUN });
    mocks.checkSessionsPage
      .mockResolvedValueOnce(page("s-100", { checked: 100, refreshed: 99, ended: 1, decommissioned: 1 }))
      .mockResolvedValueOnce(page(null, { checked: 3, refreshed: 2, errors: 1 }, [{ at: "t", message: "provider down", kind: "provider_unreachable" }]));
    mocks.finishSessionCheck.mockResolvedValue({ id: RUN, status: "succeeded" });
    const { result, ctx } = await new InngestTestEngine({ function: checkOrgSessions, events: ev("gatehouse/session.check-requested", { orgId: ORG }) }).execute();
    expect(stepIds(ctx as never)).toEqual(["start", "page-1", "page-2", "finish"]);
    expect(mocks.startSessionCheck).toHaveBeenCalledWith(expect.objectContaining({ orgId: ORG }), { trigger: "schedule" });
    expect(mocks.checkSessionsPage.mock.calls.map((c) => c.slice(1))).toEqual([[RUN, null], [RUN, "s-100"]]);
    const totals = { checked: 103, refreshed: 101, ended: 1, decommissioned: 1, errors: 1 };
    expect(mocks.finishSessionCheck).toHaveBeenCalledWith(expect.objectContaining({ orgId: ORG }), RUN, totals, [{ at: "t", message: "provider down", kind: "provider_unreachable" }]);
    expect(result).toEqual({ runId: RUN, status: "succeeded", counts: totals });
  });

  test("a run created by the caller (runId in the event) is used as is", async () => {
    mocks.checkSessionsPage.mockResolvedValueOnce(page(null, { checked: 1, refreshed: 1 }));
    mocks.finishSessionCheck.mockResolvedValue({ id: RUN, status: "succeeded" });
    await new InngestTestEngine({ function: checkOrgSessions, events: ev("gatehouse/session.check-requested", { orgId: ORG, runId: RUN }) }).execute();
    expect(mocks.startSessionCheck).not.toHaveBeenCalled();
    expect(mocks.finishSessionCheck).toHaveBeenCalledWith(expect.anything(), RUN, expect.objectContaining({ checked: 1 }), []);
  });

  test("the previous check still running (409): skipped", async () => {
    mocks.startSessionCheck.mockRejectedValue(new AppError("conflict", "A session_check run is already in progress"));
    const { result } = await new InngestTestEngine({ function: checkOrgSessions, events: ev("gatehouse/session.check-requested", { orgId: ORG }) }).execute();
    expect(result).toEqual({ skipped: "A session_check run is already in progress" });
    expect(mocks.checkSessionsPage).not.toHaveBeenCalled();
  });

  test("an event without an organization fans out like the cron", async () => {
    mocks.orgIdsWithRefreshableSessions.mockResolvedValue([OTHER]);
    const { result, ctx } = await new InngestTestEngine({
      function: checkOrgSessions,
      events: ev("gatehouse/session.check-requested", {}),
      steps: [{ id: "fan-out-1", handler: () => ({ ids: ["e1"] }) }],
    }).execute();
    expect(result).toEqual({ scheduled: 1 });
    expect(ctx.step.sendEvent).toHaveBeenCalledWith("fan-out-1", [expect.objectContaining({ data: { orgId: OTHER } })]);
    expect(mocks.startSessionCheck).not.toHaveBeenCalled();
  });
});
