import { beforeEach, describe, expect, test } from "vitest";
import { fx } from "@/lib/db/testing/invitation-fixtures";
import { resetDb, createOrg, createApiKey, createMember, createUser, auditEvents } from "@/lib/db/testing/fixtures";
import { call } from "@/lib/db/testing/http";
import { orgContextForJob, userPrincipal, type Principal } from "@/lib/auth/org-context";
import { PERMISSIONS } from "@/lib/auth/permissions";
import { sha256 } from "@/lib/crypto";
import { outboxRepo } from "@/lib/db/repos/outbox";
import * as invitations from "@/lib/invitations/service";
import { InvitationLinkError } from "@/lib/invitations/service";
import { createAccountForInvitation, invitedAccountState } from "@/lib/invitations/accounts";
import { signInWithPassword } from "@/lib/auth/login-service";
import * as listRoute from "@/app/api/v1/organizations/[id]/invitations/route";
import * as bulkRoute from "@/app/api/v1/organizations/[id]/invitations/bulk/route";
import * as oneRoute from "@/app/api/v1/organizations/[id]/invitations/[invitationId]/route";
import * as resendRoute from "@/app/api/v1/organizations/[id]/invitations/[invitationId]/resend/route";

const ALL = [...PERMISSIONS];
const READ = PERMISSIONS.filter((p) => p.endsWith(":read"));

const counts = () => fx.counts();
/** The accept link from the newest outbox message to `to` (the dev outbox stands in for SMTP here). */
async function linkFor(to: string): Promise<string> {
  const [m] = await outboxRepo.latest(1, to);
  const url = /https?:\/\/\S+\/invitations\/accept\?token=([A-Za-z0-9_-]+)/.exec(m?.text ?? "");
  if (!url) throw new Error(`no accept link in the outbox for ${to}`);
  return url[1]!;
}
const principalFor = async (userId: string): Promise<Principal> => userPrincipal(userId, { ip: "203.0.113.7" });

describe("invitations", () => {
  let orgA: Awaited<ReturnType<typeof createOrg>>;
  let orgB: Awaited<ReturnType<typeof createOrg>>;
  let keyA: string;
  let keyB: string;
  let readKeyA: string;

  beforeEach(async () => {
    await resetDb();
    orgA = await createOrg("Acme");
    orgB = await createOrg("Globex");
    keyA = (await createApiKey(orgA.id, ALL)).raw;
    keyB = (await createApiKey(orgB.id, ALL)).raw;
    readKeyA = (await createApiKey(orgA.id, READ)).raw;
  });

  const invite = (body: unknown, key = keyA, orgId = orgA.id) => call(listRoute.POST, { method: "POST", params: { id: orgId }, key, body });
  const bulk = (body: unknown, key = keyA, orgId = orgA.id) => call(bulkRoute.POST, { method: "POST", params: { id: orgId }, key, body });

  test("create: stores only the token hash, mails the link to the outbox, audits; accept makes a member", async () => {
    const res = await invite({ email: " Jane@Acme.COM ", role: "admin", expiresInDays: 3 });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ email: "jane@acme.com", role: "admin", status: "pending", sendCount: 1, delivery: { status: "outbox" } });
    expect(JSON.stringify(res.json)).not.toMatch(/token/i);
    const days = (Date.parse(res.json.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(2.99);
    expect(days).toBeLessThan(3.01);

    const token = await linkFor("jane@acme.com");
    const stored = await fx.invitation(res.json.id);
    expect(stored.tokenHash).toBe(sha256(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    const [mail] = await outboxRepo.latest(1, "jane@acme.com");
    expect(mail).toMatchObject({ subject: "You are invited to join Acme on Gatehouse", orgId: orgA.id });
    expect(mail!.html).toContain("/invitations/accept?token=");
    expect(await auditEvents(orgA.id, "invitation.created")).toHaveLength(1);

    const link = await invitations.inspectLink(token);
    expect(link).toMatchObject({ ok: true, orgName: "Acme", email: "jane@acme.com", role: "admin" });

    const jane = await createUser({ email: "jane@acme.com" });
    const accepted = await invitations.acceptInvitation(token, await principalFor(jane.id));
    expect(accepted).toEqual({ orgId: orgA.id, orgName: "Acme", role: "admin", alreadyMember: false });
    const [m] = await fx.memberships({ orgId: orgA.id, userId: jane.id });
    expect(m).toMatchObject({ role: "admin", source: "manual", status: "active" });
    const after = await fx.invitation(res.json.id);
    expect(after).toMatchObject({ status: "accepted", acceptedUserId: jane.id });
    const [ev] = await auditEvents(orgA.id, "invitation.accepted");
    expect(ev).toMatchObject({ actorType: "user", actorId: jane.id, ip: "203.0.113.7" });
    const [added] = await auditEvents(orgA.id, "member.added");
    expect(added?.after).toMatchObject({ via: "invitation", role: "admin" });

    // single use
    const again = await invitations.acceptInvitation(token, await principalFor(jane.id)).catch((e) => e);
    expect(again).toBeInstanceOf(InvitationLinkError);
    expect(again).toMatchObject({ problem: "accepted", code: "conflict" });
    expect(again.message).toMatch(/already been used/);
    expect(await invitations.inspectLink(token)).toMatchObject({ ok: false, problem: "accepted" });
  });

  test("default role is the organization's; unknown role 422; owner only by an owner; writes nothing when refused", async () => {
    const res = await invite({ email: "a@acme.com" });
    expect(res.json.role).toBe("member");
    const before = await counts();
    const unknown = await invite({ email: "b@acme.com", role: "wizard" });
    expect(unknown.status).toBe(422);
    expect(unknown.json.error.issues[0]).toMatchObject({ path: "role" });
    // an API key without ownership:transfer acts at most as admin
    const adminKey = (await createApiKey(orgA.id, ALL.filter((p) => p !== "ownership:transfer"))).raw;
    const owner = await invite({ email: "c@acme.com", role: "owner" }, adminKey);
    expect(owner.status).toBe(403);
    expect(owner.json.error.message).toMatch(/Only an owner/);
    for (const bad of [{ email: "not-an-email" }, { email: "x@acme.com", expiresInDays: 31 }, { email: "x@acme.com", expiresInDays: 0 }, { email: "x@acme.com", extra: 1 }, {}]) {
      expect((await invite(bad)).status, JSON.stringify(bad)).toBe(422);
    }
    expect(await counts()).toEqual(before);
  });

  test("one live pending invitation per address; members cannot be invited; expired ones do not block", async () => {
    await invite({ email: "jane@acme.com" });
    const before = await counts();
    const dup = await invite({ email: "JANE@acme.com" });
    expect(dup.status).toBe(409);
    expect(dup.json.error.message).toMatch(/already has a pending invitation/);
    const { user } = await createMember(orgA.id, "member", "bob@acme.com");
    const member = await invite({ email: "bob@acme.com" });
    expect(member.status).toBe(409);
    expect(member.json.error.message).toMatch(/already a member of Acme/);
    expect(await counts()).toEqual({ ...before, memberships: before.memberships + 1 });
    expect(user.email).toBe("bob@acme.com");

    // B may invite the same address independently
    expect((await invite({ email: "jane@acme.com" }, keyB, orgB.id)).status).toBe(201);

    // concurrent invites of one address: exactly one wins
    const results = await Promise.all([invite({ email: "race@acme.com" }), invite({ email: "race@acme.com" }), invite({ email: "race@acme.com" })]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);

    await fx.setInvitationExpiry({ email: "jane@acme.com", orgId: orgA.id }, new Date(Date.now() - 1000));
    expect((await invite({ email: "jane@acme.com" })).status).toBe(201);
  });

  test("list: filters by derived status and email, paginates, never shows another org's", async () => {
    for (const e of ["a@x.com", "b@x.com", "c@y.com", "d@y.com"]) await invite({ email: e });
    await invite({ email: "other@x.com" }, keyB, orgB.id);
    await fx.setInvitationExpiry({ email: "a@x.com" }, new Date(Date.now() - 1000));
    const d = (await call(listRoute.GET, { params: { id: orgA.id }, key: keyA, url: "/x?search=d@y.com" })).json.data[0];
    await call(oneRoute.DELETE, { method: "DELETE", params: { id: orgA.id, invitationId: d.id }, key: keyA });

    const get = async (qs: string) => (await call(listRoute.GET, { params: { id: orgA.id }, key: readKeyA, url: `/x?${qs}` })).json;
    expect((await get("")).pagination.total).toBe(4);
    expect((await get("status=expired")).data.map((i: { email: string }) => i.email)).toEqual(["a@x.com"]);
    expect((await get("status=pending")).data.map((i: { email: string }) => i.email).sort()).toEqual(["b@x.com", "c@y.com"]);
    expect((await get("status=revoked")).data.map((i: { email: string }) => i.email)).toEqual(["d@y.com"]);
    expect((await get("search=Y.COM")).data.map((i: { email: string }) => i.email).sort()).toEqual(["c@y.com", "d@y.com"]);
    const p = await get("limit=3&page=2");
    expect(p.data).toHaveLength(1);
    expect(p.pagination).toMatchObject({ page: 2, limit: 3, total: 4, totalPages: 2 });
    expect((await call(listRoute.GET, { params: { id: orgA.id }, key: keyA, url: "/x?status=maybe" })).status).toBe(422);
  });

  test("resend: new token, the old link is dead, sendCount + 1; revoke: link refused, idempotent; accepted cannot be revoked", async () => {
    const inv = (await invite({ email: "jane@acme.com" })).json;
    const oldToken = await linkFor("jane@acme.com");
    const r = await call(resendRoute.POST, { method: "POST", params: { id: orgA.id, invitationId: inv.id }, key: keyA });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ sendCount: 2, status: "pending" });
    const newToken = await linkFor("jane@acme.com");
    expect(newToken).not.toBe(oldToken);
    expect(await invitations.inspectLink(oldToken)).toMatchObject({ ok: false, problem: "invalid" });
    expect(await invitations.inspectLink(newToken)).toMatchObject({ ok: true });
    expect(await auditEvents(orgA.id, "invitation.resent")).toHaveLength(1);

    const del = await call(oneRoute.DELETE, { method: "DELETE", params: { id: orgA.id, invitationId: inv.id }, key: keyA });
    expect(del.status).toBe(200);
    expect(del.json.status).toBe("revoked");
    expect((await call(oneRoute.DELETE, { method: "DELETE", params: { id: orgA.id, invitationId: inv.id }, key: keyA })).status).toBe(200);
    expect(await auditEvents(orgA.id, "invitation.revoked")).toHaveLength(1);
    const jane = await createUser({ email: "jane@acme.com" });
    const refused = await invitations.acceptInvitation(newToken, await principalFor(jane.id)).catch((e) => e);
    expect(refused).toMatchObject({ problem: "revoked", code: "conflict" });
    expect(refused.message).toMatch(/withdrawn/);
    expect((await call(resendRoute.POST, { method: "POST", params: { id: orgA.id, invitationId: inv.id }, key: keyA })).status).toBe(409);
    expect(await fx.memberships({ userId: jane.id })).toHaveLength(0);

    // accepted: cannot be revoked or resent
    const inv2 = (await invite({ email: "bob@acme.com" })).json;
    const bob = await createUser({ email: "bob@acme.com" });
    await invitations.acceptInvitation(await linkFor("bob@acme.com"), await principalFor(bob.id));
    const rv = await call(oneRoute.DELETE, { method: "DELETE", params: { id: orgA.id, invitationId: inv2.id }, key: keyA });
    expect(rv.status).toBe(409);
    expect(rv.json.error.message).toMatch(/already accepted/);
  });

  test("expired: clear error, and resend revives it with a new expiry", async () => {
    const inv = (await invite({ email: "jane@acme.com", expiresInDays: 1 })).json;
    const token = await linkFor("jane@acme.com");
    await fx.setInvitationExpiry({ id: inv.id }, new Date(Date.now() - 60_000));
    const jane = await createUser({ email: "jane@acme.com" });
    const e = await invitations.acceptInvitation(token, await principalFor(jane.id)).catch((x) => x);
    expect(e).toMatchObject({ problem: "expired", code: "precondition_failed" });
    expect(e.message).toMatch(/expired on .* Ask an administrator of Acme/);
    const r = await call(resendRoute.POST, { method: "POST", params: { id: orgA.id, invitationId: inv.id }, key: keyA, body: { expiresInDays: 2 } });
    expect(r.json.status).toBe("pending");
    await invitations.acceptInvitation(await linkFor("jane@acme.com"), await principalFor(jane.id));
    expect(await fx.memberships({ userId: jane.id, orgId: orgA.id })).toHaveLength(1);
  });

  test("accept: forged token, wrong signed-in email, inactive organization, non-user principals; nothing written", async () => {
    await invite({ email: "jane@acme.com" });
    const token = await linkFor("jane@acme.com");
    const mallory = await createUser({ email: "mallory@evil.test" });
    const before = await counts();

    for (const forged of ["", "short", token.slice(0, -1) + (token.endsWith("A") ? "B" : "A"), "x".repeat(43), "<script>"]) {
      const e = await invitations.acceptInvitation(forged, await principalFor(mallory.id)).catch((x) => x);
      expect(e, forged).toMatchObject({ problem: "invalid", code: "not_found" });
    }
    const wrong = await invitations.acceptInvitation(token, await principalFor(mallory.id)).catch((x) => x);
    expect(wrong).toMatchObject({ code: "forbidden" });
    expect(wrong.message).toMatch(/This invitation is for jane@acme.com, but you are signed in as mallory@evil.test/);
    const keyPrincipal: Principal = { actor: { type: "api_key", keyId: "k", label: "k", orgId: orgA.id, scopes: [] }, meta: {}, providerRole: null, needsMfaEnrolment: false };
    expect(await invitations.acceptInvitation(token, keyPrincipal).catch((x) => x.code)).toBe("forbidden");

    await fx.setOrgActive(orgA.id, false);
    const jane = await createUser({ email: "jane@acme.com" });
    const inactive = await invitations.acceptInvitation(token, await principalFor(jane.id)).catch((x) => x);
    expect(inactive).toMatchObject({ problem: "org-inactive" });
    expect(await invitations.inspectLink(token)).toMatchObject({ ok: false, problem: "org-inactive" });
    expect(await counts()).toEqual(before);
  });

  test("accepting when already a member marks the invitation used and keeps the existing role", async () => {
    await invite({ email: "jane@acme.com", role: "admin" });
    const token = await linkFor("jane@acme.com");
    const { user } = await createMember(orgA.id, "member", "jane@acme.com");
    const r = await invitations.acceptInvitation(token, await principalFor(user.id));
    expect(r).toMatchObject({ alreadyMember: true, role: "member" });
    expect(await auditEvents(orgA.id, "member.added")).toHaveLength(0);
  });

  test("concurrent accepts of one link: exactly one membership", async () => {
    await invite({ email: "jane@acme.com" });
    const token = await linkFor("jane@acme.com");
    const jane = await createUser({ email: "jane@acme.com" });
    const p = await principalFor(jane.id);
    const results = await Promise.allSettled([1, 2, 3].map(() => invitations.acceptInvitation(token, p)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await fx.memberships({ userId: jane.id })).toHaveLength(1);
    expect(await auditEvents(orgA.id, "invitation.accepted")).toHaveLength(1);
  });

  test("accept page accounts: a new account (password >= 12) for the invited address, or the first password of a passwordless one; never over an existing password", async () => {
    await invite({ email: "new@acme.com" });
    const token = await linkFor("new@acme.com");
    expect(await invitedAccountState("new@acme.com")).toBe("none");
    const made = await createAccountForInvitation(token, { name: "New Person", password: "correct horse battery" }, { ip: "203.0.113.9" });
    expect(made).toMatchObject({ email: "new@acme.com", created: true });
    expect(await invitedAccountState("new@acme.com")).toBe("password");
    const signed = await signInWithPassword({ email: "new@acme.com", password: "correct horse battery" }, {});
    expect(signed.status).toBe("signed_in");
    const again = await createAccountForInvitation(token, { password: "another long password" }, {}).catch((e) => e);
    expect(again).toMatchObject({ code: "conflict" });
    expect(again.message).toMatch(/already exists: sign in/);
    expect(await fx.countAudit("user.created")).toBe(1);
    // the account exists, the invitation is still pending until accepted
    expect((await invitations.inspectLink(token)).ok).toBe(true);

    // a passwordless account (added by an admin elsewhere) gets its first password through the link
    const { user } = await createMember(orgB.id, "member", "quiet@acme.com");
    await invite({ email: "quiet@acme.com" });
    expect(await invitedAccountState("quiet@acme.com")).toBe("passwordless");
    const set = await createAccountForInvitation(await linkFor("quiet@acme.com"), { password: "a very long password" }, {});
    expect(set).toMatchObject({ userId: user.id, created: false });
    expect(await fx.countAudit("user.password_set")).toBe(1);

    // a bad link creates nothing
    const before = await counts();
    expect(await createAccountForInvitation("forged-token-forged-token-forged", { password: "a very long password" }, {}).catch((e) => e.problem)).toBe("invalid");
    expect(await counts()).toEqual(before);
  });

  describe("bulk", () => {
    test("dry run classifies every row and writes nothing", async () => {
      await createMember(orgA.id, "member", "member@acme.com");
      await invite({ email: "pending@acme.com" });
      const before = await counts();
      const res = await bulk({
        dryRun: true,
        rows: [
          { email: "new@acme.com" },
          { email: "Member@acme.com" },
          { email: "pending@acme.com" },
          { email: "not an email" },
          { email: "NEW@acme.com" },
          { email: "x@acme.com", role: "wizard" },
          { email: "y@acme.com", role: "admin" },
          { email: "" },
        ],
      });
      expect(res.status).toBe(200);
      expect(res.json.dryRun).toBe(true);
      expect(res.json.rows.map((r: { status: string }) => r.status)).toEqual([
        "will-invite", "already-member", "already-invited", "invalid", "invalid", "invalid", "will-invite", "invalid",
      ]);
      expect(res.json.rows[4]).toMatchObject({ email: "new@acme.com", reason: "Duplicate of row 1" });
      expect(res.json.rows[3].reason).toMatch(/not a valid email/);
      expect(res.json.rows[5].reason).toMatch(/Unknown role "wizard"/);
      expect(res.json.rows[6]).toMatchObject({ role: "admin" });
      expect(res.json.summary).toEqual({ total: 8, "will-invite": 2, "already-member": 1, "already-invited": 1, invalid: 4, invited: 0 });
      expect(await counts()).toEqual(before);
    });

    test("51 rows are refused with a clear message; nothing written", async () => {
      const rows = Array.from({ length: 51 }, (_, i) => ({ email: `u${i}@acme.com` }));
      const before = await counts();
      for (const dryRun of [true, false]) {
        const r = await bulk({ rows, dryRun });
        expect(r.status).toBe(422);
        expect(r.json.error.message).toBe("At most 50 invitations per request (got 51)");
      }
      const csv = await bulk({ csv: ["email", ...rows.map((r) => r.email)].join("\n") });
      expect(csv.json.error.message).toBe("At most 50 invitations per request (got 51)");
      expect((await bulk({ rows: [] })).status).toBe(422);
      expect((await bulk({ rows: [{ email: "a@b.com" }], csv: "a@b.com" })).status).toBe(422);
      expect(await counts()).toEqual(before);
    });

    test("commit with an invalid or duplicate row is refused whole: 422, per-row issues, nothing written", async () => {
      const before = await counts();
      const r = await bulk({ rows: [{ email: "a@acme.com" }, { email: "b@acme.com" }, { email: "A@acme.com" }, { email: "bad@" }] });
      expect(r.status).toBe(422);
      expect(r.json.error.message).toMatch(/2 of 4 rows are invalid; nothing was invited/);
      expect(r.json.error.issues).toEqual([
        { path: "rows.3", message: "a@acme.com: Duplicate of row 1" },
        { path: "rows.4", message: expect.stringMatching(/^bad@: .*not a valid email/) },
      ]);
      expect(await counts()).toEqual(before);
    });

    test("commit of 50 from CSV: one transaction, each row reported, skipped rows untouched, every mail queued", async () => {
      await createMember(orgA.id, "member", "member@acme.com");
      await invite({ email: "pending@acme.com" });
      const emails = Array.from({ length: 48 }, (_, i) => `person${i}@acme.com`);
      const csv = ["email,role", ...emails.map((e, i) => `${e},${i % 2 ? "admin" : ""}`), "member@acme.com", "pending@acme.com"].join("\n");
      const before = await counts();
      const started = performance.now();
      const r = await bulk({ csv, expiresInDays: 14 });
      const ms = performance.now() - started;
      expect(r.status).toBe(201);
      expect(r.json.summary).toMatchObject({ total: 50, invited: 48, "already-member": 1, "already-invited": 1 });
      expect(r.json.rows[0]).toMatchObject({ row: 2, email: "person0@acme.com", role: "member", status: "invited", delivery: { status: "outbox" } });
      expect(r.json.rows[1]).toMatchObject({ role: "admin", status: "invited" });
      expect(r.json.rows[48]).toMatchObject({ row: 50, status: "already-member" });
      const after = await counts();
      expect(after.invitations).toBe(before.invitations + 48);
      expect(after.outbox).toBe(before.outbox + 48);
      expect(await auditEvents(orgA.id, "invitation.created")).toHaveLength(49);
      expect(await fx.countInvitations({ orgId: orgB.id })).toBe(0);
      // informational: the benchmark under bench/ measures this properly
      expect(ms).toBeLessThan(5000);
    });

    test("a bulk commit racing a single invite never creates two pending invitations for one address", async () => {
      const [a, b] = await Promise.all([bulk({ rows: [{ email: "race@acme.com" }, { email: "other@acme.com" }] }), invite({ email: "race@acme.com" })]);
      expect([a.status, b.status]).toContain(201);
      expect(await fx.countInvitations({ email: "race@acme.com", status: "pending" })).toBe(1);
    });
  });

  test("isolation: A's key is 404 on B's invitations; a read-only key 403 on writes; bad ids 422", async () => {
    const bInv = (await invite({ email: "jane@globex.com" }, keyB, orgB.id)).json;
    const before = await counts();
    const p = { id: orgB.id, invitationId: bInv.id };
    expect((await call(listRoute.GET, { params: { id: orgB.id }, key: keyA })).status).toBe(404);
    expect((await invite({ email: "x@y.com" }, keyA, orgB.id)).status).toBe(404);
    expect((await bulk({ rows: [{ email: "x@y.com" }], dryRun: true }, keyA, orgB.id)).status).toBe(404);
    expect((await call(oneRoute.GET, { params: p, key: keyA })).status).toBe(404);
    expect((await call(oneRoute.DELETE, { method: "DELETE", params: p, key: keyA })).status).toBe(404);
    expect((await call(resendRoute.POST, { method: "POST", params: p, key: keyA })).status).toBe(404);
    // B's invitation id inside A's organization
    expect((await call(oneRoute.GET, { params: { id: orgA.id, invitationId: bInv.id }, key: keyA })).status).toBe(404);
    expect((await call(oneRoute.DELETE, { method: "DELETE", params: { id: orgA.id, invitationId: bInv.id }, key: keyA })).status).toBe(404);
    expect((await call(resendRoute.POST, { method: "POST", params: { id: orgA.id, invitationId: bInv.id }, key: keyA })).status).toBe(404);
    // read-only key: reads yes, writes 403
    expect((await call(listRoute.GET, { params: { id: orgA.id }, key: readKeyA })).status).toBe(200);
    expect((await invite({ email: "x@acme.com" }, readKeyA)).status).toBe(403);
    expect((await bulk({ rows: [{ email: "x@acme.com" }], dryRun: true }, readKeyA)).status).toBe(403);
    const aInv = (await invite({ email: "x@acme.com" })).json;
    expect((await call(oneRoute.DELETE, { method: "DELETE", params: { id: orgA.id, invitationId: aInv.id }, key: readKeyA })).status).toBe(403);
    expect((await call(resendRoute.POST, { method: "POST", params: { id: orgA.id, invitationId: aInv.id }, key: readKeyA })).status).toBe(403);
    const badId = await call(oneRoute.DELETE, { method: "DELETE", params: { id: orgA.id, invitationId: "123" }, key: keyA });
    expect(badId.status).toBe(422);
    expect((await fx.invitation(bInv.id)).status).toBe("pending");
    expect((await counts()).invitations).toBe(before.invitations + 1);
    // the service layer agrees: B's context cannot see A's invitation
    const ctxB = await orgContextForJob(orgB.id);
    expect(await invitations.get(ctxB, aInv.id).catch((e) => e.code)).toBe("not_found");
  });
});
