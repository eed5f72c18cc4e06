import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";

vi.hoisted(() => {
  process.env.DNS_SERVERS = `127.0.0.1:${process.env.TEST_DNS_PORT ?? 5308}`;
  process.env.DNS_TIMEOUT_MS = "300";
});

import { InngestTestEngine } from "@inngest/test";
import { fx } from "@/lib/db/testing/invitation-fixtures";
import { resetDb, createOrg, auditEvents } from "@/lib/db/testing/fixtures";
import { startDnsServer, type TestDnsServer } from "@/lib/db/testing/dns-server";
import { orgContextForJob } from "@/lib/auth/org-context";
import * as domains from "@/lib/domains/service";
import { verifyDomain } from "./verify-domain";
import { recheckOrgDomains, scheduleDomainRechecks } from "./recheck-domains";
import { functions } from "../index";

const HOUR = 3_600_000;
let dns: TestDnsServer;
beforeAll(async () => {
  dns = await startDnsServer(Number(process.env.TEST_DNS_PORT ?? 5308));
});
afterAll(async () => {
  await dns.close();
});

const row = (id: string) => fx.domain(id);
const verificationEvent = (data: { orgId: string; domainId: string; startedAt: string }) => [{ name: "gatehouse/domain.verification-requested", data }] as never;

describe("Inngest functions (InngestTestEngine, real services, PostgreSQL, loopback DNS)", () => {
  let orgA: Awaited<ReturnType<typeof createOrg>>;
  let orgB: Awaited<ReturnType<typeof createOrg>>;

  beforeEach(async () => {
    dns.reset();
    await resetDb();
    orgA = await createOrg("Acme");
    orgB = await createOrg("Globex");
  });

  async function started(orgId: string, domain: string) {
    const ctx = await orgContextForJob(orgId);
    const d = await domains.add(ctx, { domain });
    const r = await domains.startVerification(ctx, d.id, async () => ({ scheduled: true }));
    return { ctx, d, startedAt: r.domain.verificationStartedAt! };
  }

  test("the functions array is what the serve route registers", () => {
    expect(functions.map((f) => f.id())).toEqual(expect.arrayContaining(["verify-domain", "schedule-domain-rechecks", "recheck-org-domains"]));
  });

  test("verify-domain: a published record verifies on the first attempt", async () => {
    const { d, startedAt } = await started(orgA.id, "acme.com");
    dns.setTxt(d.verificationRecord.name, d.verificationRecord.value);
    const { result, ctx } = await new InngestTestEngine({ function: verifyDomain, events: verificationEvent({ orgId: orgA.id, domainId: d.id, startedAt }) }).execute();
    expect(result).toEqual({ state: "verified", attempts: 1 });
    expect(ctx.step.sleep).not.toHaveBeenCalled();
    expect((await row(d.id)).status).toBe("verified");
    expect(await auditEvents(orgA.id, "domain.verified")).toHaveLength(1);
  });

  test("verify-domain: a miss sleeps with backoff, then the next attempt verifies", async () => {
    const { d, startedAt } = await started(orgA.id, "acme.com");
    const t = new InngestTestEngine({
      function: verifyDomain,
      events: verificationEvent({ orgId: orgA.id, domainId: d.id, startedAt }),
      // the first attempt misses (nothing published yet); publish before the second one runs
      steps: [{ id: "wait-1", handler: () => { dns.setTxt(d.verificationRecord.name, d.verificationRecord.value); return null; } }],
    });
    const { result, ctx } = await t.execute();
    expect(result).toEqual({ state: "verified", attempts: 2 });
    expect(ctx.step.sleep).toHaveBeenCalledWith("wait-1", 60_000);
    expect(await row(d.id)).toMatchObject({ status: "verified", checkAttempts: 2 });
  });

  test("verify-domain: past the 72 h window the domain expires; another org's verification is a conflict", async () => {
    const { d } = await started(orgA.id, "acme.com");
    const old = new Date(Date.now() - 73 * HOUR);
    await fx.setDomainStartedAt(d.id, old);
    const { result } = await new InngestTestEngine({ function: verifyDomain, events: verificationEvent({ orgId: orgA.id, domainId: d.id, startedAt: old.toISOString() }) }).execute();
    expect(result).toMatchObject({ state: "expired", attempts: 1 });
    expect((await row(d.id)).status).toBe("expired");

    // B verifies acme.com first; A's background run ends in conflict (failed), naming no one
    const b = await started(orgB.id, "shared.com");
    const a = await started(orgA.id, "shared.com");
    dns.setTxt(a.d.verificationRecord.name, a.d.verificationRecord.value, b.d.verificationRecord.value);
    await domains.confirm(b.ctx, b.d.id);
    const r = await new InngestTestEngine({ function: verifyDomain, events: verificationEvent({ orgId: orgA.id, domainId: a.d.id, startedAt: a.startedAt }) }).execute();
    expect(r.result).toMatchObject({ state: "conflict" });
    expect(await row(a.d.id)).toMatchObject({ status: "failed" });
    expect((await row(a.d.id)).failureReason).not.toMatch(/Globex/);
  });

  test("verify-domain: a removed domain or inactive org stops without retrying (NonRetriableError)", async () => {
    const { ctx, d, startedAt } = await started(orgA.id, "acme.com");
    await domains.remove(ctx, d.id);
    const gone = await new InngestTestEngine({ function: verifyDomain, events: verificationEvent({ orgId: orgA.id, domainId: d.id, startedAt }) }).execute();
    expect((gone.error as Error).name).toBe("NonRetriableError");

    const b = await started(orgB.id, "globex.com");
    await fx.setOrgActive(orgB.id, false);
    const inactive = await new InngestTestEngine({ function: verifyDomain, events: verificationEvent({ orgId: orgB.id, domainId: b.d.id, startedAt: b.startedAt }) }).execute();
    expect((inactive.error as Error).name).toBe("NonRetriableError");
    expect((await row(b.d.id)).status).toBe("pending");
  });

  test("daily cron fans out one event per active org with verified domains (sendEvent mocked)", async () => {
    for (const [org, name] of [[orgA, "acme.com"], [orgB, "globex.com"]] as const) {
      const { ctx, d } = await started(org.id, name);
      dns.setTxt(d.verificationRecord.name, d.verificationRecord.value);
      await domains.confirm(ctx, d.id);
    }
    const idle = await createOrg("Idle");
    await domains.add(await orgContextForJob(idle.id), { domain: "idle.com" });
    const t = new InngestTestEngine({
      function: scheduleDomainRechecks,
      events: [{ name: "inngest/scheduled.timer", data: { cron: "TZ=UTC 0 4 * * *" } }] as never,
      steps: [{ id: "fan-out-1", handler: () => ({ ids: ["e1", "e2"] }) }],
    });
    const { result, ctx } = await t.execute();
    expect(result).toEqual({ scheduled: 2 });
    const expected = [orgA.id, orgB.id].sort().map((orgId) => expect.objectContaining({ name: "gatehouse/domain.recheck-requested", data: { orgId } }));
    expect(ctx.step.sendEvent).toHaveBeenCalledWith("fan-out-1", expected);
  });

  test("per-org recheck flags a vanished record in that org only", async () => {
    const a = await started(orgA.id, "acme.com");
    const b = await started(orgB.id, "globex.com");
    for (const x of [a, b]) {
      dns.setTxt(x.d.verificationRecord.name, x.d.verificationRecord.value);
      await domains.confirm(x.ctx, x.d.id);
    }
    dns.removeTxt(a.d.verificationRecord.name);
    const { result } = await new InngestTestEngine({ function: recheckOrgDomains, events: [{ name: "gatehouse/domain.recheck-requested", data: { orgId: orgA.id } }] as never }).execute();
    expect(result).toEqual({ checked: 1, missing: 1, restored: 0, disabled: 0 });
    expect((await row(a.d.id)).recordMissingSince).not.toBeNull();
    expect((await row(b.d.id)).recordMissingSince).toBeNull();
  });
});
