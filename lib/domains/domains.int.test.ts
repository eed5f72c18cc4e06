import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";

const DNS_PORT = Number(process.env.TEST_DNS_PORT ?? 5308);
vi.hoisted(() => {
  process.env.DNS_SERVERS = `127.0.0.1:${process.env.TEST_DNS_PORT ?? 5308}`;
  process.env.DNS_TIMEOUT_MS = "300";
});

import { fx } from "@/lib/db/testing/invitation-fixtures";
import { resetDb, createOrg, createApiKey, createMember, auditEvents } from "@/lib/db/testing/fixtures";
import { call } from "@/lib/db/testing/http";
import { startDnsServer, type TestDnsServer } from "@/lib/db/testing/dns-server";
import { orgContext, orgContextForJob, userPrincipal, type OrgContext } from "@/lib/auth/org-context";
import { PERMISSIONS } from "@/lib/auth/permissions";
import * as domains from "@/lib/domains/service";
import * as listRoute from "@/app/api/v1/organizations/[id]/domains/route";
import * as oneRoute from "@/app/api/v1/organizations/[id]/domains/[domainId]/route";
import * as verifyRoute from "@/app/api/v1/organizations/[id]/domains/[domainId]/verify/route";
import * as confirmRoute from "@/app/api/v1/organizations/[id]/domains/[domainId]/confirm/route";

const ALL = [...PERMISSIONS];
const READ = PERMISSIONS.filter((p) => p.endsWith(":read"));
const HOUR = 3_600_000;

let dns: TestDnsServer;
beforeAll(async () => {
  dns = await startDnsServer(DNS_PORT);
});
afterAll(async () => {
  await dns.close();
});

const domainCount = () => fx.countDomains();
const row = (id: string) => fx.domain(id);
const publish = (d: { verificationRecord: { name: string; value: string } }) => dns.setTxt(d.verificationRecord.name, "v=spf1 -all", d.verificationRecord.value);

describe("verified domains", () => {
  let orgA: Awaited<ReturnType<typeof createOrg>>;
  let orgB: Awaited<ReturnType<typeof createOrg>>;
  let keyA: string;
  let keyB: string;
  let readKeyA: string;
  let ctxA: OrgContext;
  let ctxB: OrgContext;

  beforeEach(async () => {
    dns.reset();
    await resetDb();
    orgA = await createOrg("Acme");
    orgB = await createOrg("Globex");
    keyA = (await createApiKey(orgA.id, ALL)).raw;
    keyB = (await createApiKey(orgB.id, ALL)).raw;
    readKeyA = (await createApiKey(orgA.id, READ)).raw;
    const ownerA = await createMember(orgA.id, "owner");
    ctxA = await orgContext(await userPrincipal(ownerA.user.id, {}), orgA.id);
    ctxB = await orgContextForJob(orgB.id);
  });

  const add = (key: string, orgId: string, domain: string) => call(listRoute.POST, { method: "POST", params: { id: orgId }, key, body: { domain } });
  const confirm = (key: string, orgId: string, domainId: string) => call(confirmRoute.POST, { method: "POST", params: { id: orgId, domainId }, key });

  test("add normalises (IDN to punycode), shows the TXT record, audits; confirm verifies against real DNS", async () => {
    const res = await add(keyA, orgA.id, "  Bücher.DE ");
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ domain: "xn--bcher-kva.de", displayName: "bücher.de", status: "pending", routingEnabled: false, autoJoinEnabled: false });
    expect(res.json.verificationRecord.name).toBe("_gatehouse-challenge.xn--bcher-kva.de");
    expect(res.json.verificationRecord.value).toMatch(/^gatehouse-verification=[0-9a-f]{32}$/);
    expect(await auditEvents(orgA.id, "domain.added")).toHaveLength(1);

    // nothing published yet: failed, with the reason
    const miss = await confirm(keyA, orgA.id, res.json.id);
    expect(miss.status).toBe(200);
    expect(miss.json.status).toBe("failed");
    expect(miss.json.failureReason).toMatch(/No TXT record was found at _gatehouse-challenge\.xn--bcher-kva\.de/);
    expect(miss.json.checkAttempts).toBe(1);

    // a wrong value is explained
    dns.setTxt(res.json.verificationRecord.name, "gatehouse-verification=somethingelse");
    const wrong = await confirm(keyA, orgA.id, res.json.id);
    expect(wrong.json.failureReason).toMatch(/does not match/);

    publish(res.json);
    const ok = await confirm(keyA, orgA.id, res.json.id);
    expect(ok.json).toMatchObject({ status: "verified", failureReason: null, checkAttempts: 3 });
    expect(ok.json.verifiedAt).toBeTruthy();
    expect(dns.queries).toContain("_gatehouse-challenge.xn--bcher-kva.de");
    expect(await auditEvents(orgA.id, "domain.verified")).toHaveLength(1);
  });

  test("malformed and public domains are 422 and write nothing", async () => {
    for (const bad of ["https://acme.com", "acme.com:443", "10.1.2.3", "localhost", "acme..com", "", "gmail.com", "Outlook.com"]) {
      const r = await add(keyA, orgA.id, bad);
      expect(r.status, bad).toBe(422);
      expect(r.json.error.issues[0].path).toBe("domain");
    }
    expect((await add(keyA, orgA.id, "gmail.com")).json.error.message).toMatch(/public mailbox/);
    const extra = await call(listRoute.POST, { method: "POST", params: { id: orgA.id }, key: keyA, body: { domain: "acme.com", verified: true } });
    expect(extra.status).toBe(422);
    expect(await domainCount()).toBe(0);
  });

  test("the same domain twice in one org is 409", async () => {
    expect((await add(keyA, orgA.id, "acme.com")).status).toBe(201);
    const again = await add(keyA, orgA.id, "ACME.com");
    expect(again.status).toBe(409);
    expect(again.json.error.message).toMatch(/already been added/);
    expect(await domainCount()).toBe(1);
  });

  test("one organization per verified domain: a second claim is refused without naming the holder", async () => {
    // B adds while A's claim is still pending (pending claims do not block)
    const a = (await add(keyA, orgA.id, "acme.com")).json;
    const b = (await add(keyB, orgB.id, "acme.com")).json;
    expect(b.status).toBe("pending");
    dns.setTxt(a.verificationRecord.name, a.verificationRecord.value, b.verificationRecord.value);
    expect((await confirm(keyA, orgA.id, a.id)).json.status).toBe("verified");

    const before = await row(b.id);
    const second = await confirm(keyB, orgB.id, b.id);
    expect(second.status).toBe(409);
    expect(second.json.error.message).toMatch(/already verified by another organization/);
    expect(second.json.error.message).not.toMatch(/Acme/);
    expect(await row(b.id)).toEqual(before);
    expect(await auditEvents(orgB.id, "domain.verified")).toHaveLength(0);

    // a new claim once A holds it is refused at once
    const orgC = await createOrg("Initech");
    const keyC = (await createApiKey(orgC.id, ALL)).raw;
    const c = await add(keyC, orgC.id, "acme.com");
    expect(c.status).toBe(409);
    expect(c.json.error.message).not.toMatch(/Acme/);
    expect(await domainCount()).toBe(2);

    // once A removes it, B can verify
    expect((await call(oneRoute.DELETE, { method: "DELETE", params: { id: orgA.id, domainId: a.id }, key: keyA })).status).toBe(204);
    expect((await confirm(keyB, orgB.id, b.id)).json.status).toBe("verified");
    expect(await auditEvents(orgA.id, "domain.removed")).toHaveLength(1);
  });

  test("settings need a verified domain; off is always allowed; role checks", async () => {
    const d = (await add(keyA, orgA.id, "acme.com")).json;
    const patch = (body: unknown, key = keyA) => call(oneRoute.PATCH, { method: "PATCH", params: { id: orgA.id, domainId: d.id }, key, body });
    const early = await patch({ routingEnabled: true });
    expect(early.status).toBe(409);
    expect(early.json.error.message).toMatch(/Verify acme.com first/);
    expect((await patch({ autoJoinEnabled: false })).status).toBe(200);
    expect((await patch({})).status).toBe(422);

    publish(d);
    await confirm(keyA, orgA.id, d.id);
    const on = await patch({ routingEnabled: true, autoJoinEnabled: true, autoJoinRole: "admin" });
    expect(on.status).toBe(200);
    expect(on.json).toMatchObject({ routingEnabled: true, autoJoinEnabled: true, autoJoinRole: "admin" });
    const ev = await auditEvents(orgA.id, "domain.settings_changed");
    expect(ev.at(-1)?.after).toMatchObject({ routingEnabled: true, autoJoinEnabled: true, autoJoinRole: "admin" });

    expect((await patch({ autoJoinRole: "owner" })).status).toBe(422);
    const unknown = await patch({ autoJoinRole: "wizard" });
    expect(unknown.status).toBe(422);
    expect(unknown.json.error.message).toMatch(/Unknown role "wizard"/);
    expect((await row(d.id)).autoJoinRole).toBe("admin");

    // a read-only key cannot change settings
    expect((await patch({ routingEnabled: false }, readKeyA)).status).toBe(403);
  });

  test("isolation: A's key gets 404 on B's domains, a read-only key 403 on writes, bad ids 422", async () => {
    const b = (await add(keyB, orgB.id, "globex.com")).json;
    const p = { id: orgB.id, domainId: b.id };
    expect((await call(listRoute.GET, { params: { id: orgB.id }, key: keyA })).status).toBe(404);
    expect((await call(listRoute.POST, { method: "POST", params: { id: orgB.id }, key: keyA, body: { domain: "x.com" } })).status).toBe(404);
    expect((await call(oneRoute.GET, { params: p, key: keyA })).status).toBe(404);
    expect((await call(oneRoute.PATCH, { method: "PATCH", params: p, key: keyA, body: { routingEnabled: false } })).status).toBe(404);
    expect((await call(oneRoute.DELETE, { method: "DELETE", params: p, key: keyA })).status).toBe(404);
    expect((await call(verifyRoute.POST, { method: "POST", params: p, key: keyA })).status).toBe(404);
    expect((await confirm(keyA, orgB.id, b.id)).status).toBe(404);
    // B's domain id under A's organization: not found either
    expect((await call(oneRoute.GET, { params: { id: orgA.id, domainId: b.id }, key: keyA })).status).toBe(404);
    expect((await call(oneRoute.DELETE, { method: "DELETE", params: { id: orgA.id, domainId: b.id }, key: keyA })).status).toBe(404);
    expect((await confirm(keyA, orgA.id, b.id)).status).toBe(404);
    // A's list shows none of B's
    expect((await call(listRoute.GET, { params: { id: orgA.id }, key: keyA })).json.data).toEqual([]);
    // read-only key
    expect((await call(listRoute.GET, { params: { id: orgA.id }, key: readKeyA })).status).toBe(200);
    expect((await add(readKeyA, orgA.id, "acme.com")).status).toBe(403);
    const a = (await add(keyA, orgA.id, "acme.com")).json;
    expect((await confirm(readKeyA, orgA.id, a.id)).status).toBe(403);
    expect((await call(verifyRoute.POST, { method: "POST", params: { id: orgA.id, domainId: a.id }, key: readKeyA })).status).toBe(403);
    expect((await call(oneRoute.DELETE, { method: "DELETE", params: { id: orgA.id, domainId: a.id }, key: readKeyA })).status).toBe(403);
    const badId = await call(oneRoute.GET, { params: { id: orgA.id, domainId: "nope" }, key: keyA });
    expect(badId.status).toBe(422);
    expect(badId.json.error.issues[0].path).toBe("params.domainId");
    expect(await domainCount()).toBe(2);
    expect((await row(b.id)).status).toBe("pending");
  });

  test("Start verification without Inngest says so; with a scheduler it opens the window", async () => {
    const d = (await add(keyA, orgA.id, "acme.com")).json;
    const res = await call(verifyRoute.POST, { method: "POST", params: { id: orgA.id, domainId: d.id }, key: keyA });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ scheduled: false, message: expect.stringMatching(/needs Inngest; use Confirm/) });
    expect(res.json.domain.verificationStartedAt).toBeTruthy();

    const sent: unknown[] = [];
    const r = await domains.startVerification(ctxA, d.id, async (p) => { sent.push(p); return { scheduled: true }; });
    expect(r.scheduled).toBe(true);
    expect(sent).toEqual([{ orgId: orgA.id, domainId: d.id, startedAt: r.domain.verificationStartedAt }]);

    publish(d);
    await domains.confirm(ctxA, d.id);
    const again = await call(verifyRoute.POST, { method: "POST", params: { id: orgA.id, domainId: d.id }, key: keyA });
    expect(again.status).toBe(409);
  });

  test("background attempts: retry with backoff, verify, supersede, expire after the window", async () => {
    const d = (await add(keyA, orgA.id, "acme.com")).json;
    const started = await domains.startVerification(ctxA, d.id, async () => ({ scheduled: true }));
    const run = { startedAt: started.domain.verificationStartedAt!, attempt: 0 };

    const first = await domains.runScheduledCheck(ctxA, d.id, run);
    expect(first).toMatchObject({ state: "retry", retryInMs: 60_000 });
    expect((await row(d.id)).status).toBe("pending");
    expect(await domains.runScheduledCheck(ctxA, d.id, { ...run, attempt: 3 })).toMatchObject({ state: "retry", retryInMs: 30 * 60_000 });

    // a newer start supersedes this run
    const restarted = await domains.startVerification(ctxA, d.id, async () => ({ scheduled: true }));
    expect(await domains.runScheduledCheck(ctxA, d.id, run)).toEqual({ state: "superseded" });

    // past the window the domain expires (audited)
    const run2 = { startedAt: restarted.domain.verificationStartedAt!, attempt: 12 };
    const old = new Date(Date.now() - 73 * HOUR);
    await fx.setDomainStartedAt(d.id, old);
    expect(await domains.runScheduledCheck(ctxA, d.id, { startedAt: old.toISOString(), attempt: 12 })).toMatchObject({ state: "expired" });
    expect((await row(d.id)).status).toBe("expired");
    expect(await auditEvents(orgA.id, "domain.verification_expired")).toHaveLength(1);
    expect(run2.attempt).toBe(12);

    // restart and publish: verified
    const third = await domains.startVerification(ctxA, d.id, async () => ({ scheduled: true }));
    publish(d);
    expect(await domains.runScheduledCheck(ctxA, d.id, { startedAt: third.domain.verificationStartedAt!, attempt: 0 })).toEqual({ state: "verified" });
    expect((await row(d.id)).status).toBe("verified");
  });

  test("DNS errors (SERVFAIL, timeout) are reported as lookup failures, not as a missing record", async () => {
    const d = (await add(keyA, orgA.id, "acme.com")).json;
    dns.fail(d.verificationRecord.name, "servfail");
    const s = await confirm(keyA, orgA.id, d.id);
    expect(s.json.status).toBe("failed");
    expect(s.json.failureReason).toMatch(/DNS lookup of _gatehouse-challenge.acme.com failed \(ESERVFAIL\)/);

    // verified, then the server stops answering: not flagged as missing
    dns.reset();
    publish(d);
    await confirm(keyA, orgA.id, d.id);
    dns.fail(d.verificationRecord.name, "timeout");
    const t = await confirm(keyA, orgA.id, d.id);
    expect(t.json.status).toBe("verified");
    expect(t.json.recordMissingSince).toBeNull();
    expect(t.json.failureReason).toMatch(/timed out/);
    expect(await domains.recheckVerified(ctxA)).toMatchObject({ checked: 1, missing: 0, disabled: 0 });
  });

  test("daily re-check: a vanished record is flagged, warned about, and after the grace period loses verification, routing and auto-join", async () => {
    const d = (await add(keyA, orgA.id, "acme.com")).json;
    publish(d);
    await domains.confirm(ctxA, d.id);
    await domains.update(ctxA, d.id, { routingEnabled: true, autoJoinEnabled: true });
    const other = (await add(keyB, orgB.id, "globex.com")).json;
    publish(other);
    await domains.confirm(ctxB, other.id);

    expect(await domains.orgIdsToRecheck()).toEqual([orgA.id, orgB.id].sort());
    expect(await domains.recheckVerified(ctxA)).toEqual({ checked: 1, missing: 0, restored: 0, disabled: 0 });
    expect(await domains.domainWarnings(ctxA)).toEqual([]);

    dns.removeTxt(d.verificationRecord.name);
    expect(await domains.recheckVerified(ctxA)).toMatchObject({ checked: 1, missing: 1, disabled: 0 });
    const flagged = await row(d.id);
    expect(flagged.recordMissingSince).toBeTruthy();
    expect(flagged.routingEnabled).toBe(true);
    expect(await auditEvents(orgA.id, "domain.record_missing")).toHaveLength(1);
    const [w] = await domains.domainWarnings(ctxA);
    expect(w).toMatchObject({ domain: "acme.com", kind: "record-missing" });
    expect(w!.message).toMatch(/Publish it again before/);
    // B is unaffected, and B's warnings are B's own
    expect(await domains.domainWarnings(ctxB)).toEqual([]);
    // a member (no domain:manage) sees no banner
    const member = await createMember(orgA.id, "member");
    expect(await domains.domainWarnings(await orgContext(await userPrincipal(member.user.id, {}), orgA.id))).toEqual([]);

    // still inside the grace period: nothing changes, no second audit event
    await domains.recheckVerified(ctxA, new Date(Date.now() + 71 * HOUR));
    expect((await row(d.id)).status).toBe("verified");
    expect(await auditEvents(orgA.id, "domain.record_missing")).toHaveLength(1);

    const later = await domains.recheckVerified(ctxA, new Date(Date.now() + 73 * HOUR));
    expect(later).toMatchObject({ disabled: 1 });
    const lost = await row(d.id);
    expect(lost).toMatchObject({ status: "failed", routingEnabled: false, autoJoinEnabled: false });
    const [ev] = await auditEvents(orgA.id, "domain.verification_lost");
    expect(ev?.after).toMatchObject({ routingEnabled: false, autoJoinEnabled: false, status: "failed" });
    expect((await domains.domainWarnings(ctxA))[0]).toMatchObject({ kind: "verification-lost" });
    expect((await row(other.id)).status).toBe("verified");

    // publish again and Confirm: verified, banner gone
    publish(d);
    expect((await domains.confirm(ctxA, d.id)).status).toBe("verified");
    expect(await domains.domainWarnings(ctxA)).toEqual([]);
  });

  test("a record that comes back within the grace period clears the flag", async () => {
    const d = (await add(keyA, orgA.id, "acme.com")).json;
    publish(d);
    await domains.confirm(ctxA, d.id);
    dns.removeTxt(d.verificationRecord.name);
    await domains.recheckVerified(ctxA);
    publish(d);
    expect(await domains.recheckVerified(ctxA)).toMatchObject({ restored: 1, missing: 0 });
    expect((await row(d.id)).recordMissingSince).toBeNull();
    expect(await auditEvents(orgA.id, "domain.record_restored")).toHaveLength(1);
  });

  test("list paginates and filters by status", async () => {
    for (const n of ["a.com", "b.com", "c.com"]) await add(keyA, orgA.id, n);
    const page = await call(listRoute.GET, { params: { id: orgA.id }, key: keyA, url: "/x?limit=2" });
    expect(page.json.data.map((d: { domain: string }) => d.domain)).toEqual(["a.com", "b.com"]);
    expect(page.json.pagination).toMatchObject({ total: 3, totalPages: 2 });
    const none = await call(listRoute.GET, { params: { id: orgA.id }, key: keyA, url: "/x?status=verified" });
    expect(none.json.data).toEqual([]);
    expect((await call(listRoute.GET, { params: { id: orgA.id }, key: keyA, url: "/x?status=bogus" })).status).toBe(422);
  });
});
