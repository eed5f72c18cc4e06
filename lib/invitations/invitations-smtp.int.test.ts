import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";

const SMTP_PORT = Number(process.env.TEST_SMTP_PORT ?? 2508);
vi.hoisted(() => {
  process.env.SMTP_URL = `smtp://127.0.0.1:${process.env.TEST_SMTP_PORT ?? 2508}`;
  process.env.MAIL_FROM = "Gatehouse <invites@gatehouse.test>";
  process.env.APP_URL = "http://localhost:3108";
});

import { fx } from "@/lib/db/testing/invitation-fixtures";
import { resetDb, createOrg, createApiKey, createUser, auditEvents } from "@/lib/db/testing/fixtures";
import { call } from "@/lib/db/testing/http";
import { startSmtpServer, type TestSmtpServer, type ReceivedMail } from "@/lib/db/testing/smtp-server";
import { userPrincipal } from "@/lib/auth/org-context";
import { PERMISSIONS } from "@/lib/auth/permissions";
import { closeMail } from "@/lib/mail/service";
import * as invitations from "@/lib/invitations/service";
import * as listRoute from "@/app/api/v1/organizations/[id]/invitations/route";
import * as bulkRoute from "@/app/api/v1/organizations/[id]/invitations/bulk/route";
import * as resendRoute from "@/app/api/v1/organizations/[id]/invitations/[invitationId]/resend/route";

let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startSmtpServer(SMTP_PORT);
});
afterAll(async () => {
  closeMail();
  await smtp.close();
});

const linkIn = (m: ReceivedMail) => {
  const url = /http:\/\/localhost:3108\/invitations\/accept\?token=([A-Za-z0-9_-]+)/.exec(m.text);
  if (!url) throw new Error(`no accept link in:\n${m.text}`);
  return { url: url[0], token: url[1]! };
};

describe("invitations over real SMTP", () => {
  let orgA: Awaited<ReturnType<typeof createOrg>>;
  let orgB: Awaited<ReturnType<typeof createOrg>>;
  let keyA: string;

  beforeEach(async () => {
    smtp.reset();
    await resetDb();
    orgA = await createOrg("Acme");
    orgB = await createOrg("Globex");
    keyA = (await createApiKey(orgA.id, [...PERMISSIONS])).raw;
  });

  test("the delivered message carries a working accept link; nothing goes to the outbox", async () => {
    const res = await call(listRoute.POST, { method: "POST", params: { id: orgA.id }, key: keyA, body: { email: "jane@acme.com", role: "admin" } });
    expect(res.status).toBe(201);
    expect(res.json.delivery).toEqual({ status: "sent" });
    const mail = await smtp.waitFor((m) => m.to.includes("jane@acme.com"));
    expect(mail.from).toBe("invites@gatehouse.test");
    expect(mail.subject).toBe("You are invited to join Acme on Gatehouse");
    expect(mail.text).toMatch(/invited you to join Acme on Gatehouse as admin/);
    const { url, token } = linkIn(mail);
    expect(mail.html).toContain(url);
    expect(await fx.countOutbox()).toBe(0);

    const jane = await createUser({ email: "jane@acme.com" });
    const r = await invitations.acceptInvitation(token, await userPrincipal(jane.id, {}));
    expect(r).toMatchObject({ orgId: orgA.id, role: "admin" });
    expect(await fx.memberships({ orgId: orgA.id, userId: jane.id, role: "admin" })).toHaveLength(1);
    expect(await fx.memberships({ orgId: orgB.id })).toHaveLength(0);
  });

  test("resend delivers a new link; only the newest works", async () => {
    const inv = (await call(listRoute.POST, { method: "POST", params: { id: orgA.id }, key: keyA, body: { email: "bob@acme.com" } })).json;
    const first = linkIn(await smtp.waitFor((m) => m.to.includes("bob@acme.com")));
    await call(resendRoute.POST, { method: "POST", params: { id: orgA.id, invitationId: inv.id }, key: keyA });
    const second = linkIn(await smtp.waitFor((m) => m.to.includes("bob@acme.com") && !m.text.includes(first.token)));
    expect(second.token).not.toBe(first.token);
    const bob = await createUser({ email: "bob@acme.com" });
    const p = await userPrincipal(bob.id, {});
    expect(await invitations.acceptInvitation(first.token, p).catch((e) => e.problem)).toBe("invalid");
    await invitations.acceptInvitation(second.token, p);
    expect(await invitations.acceptInvitation(second.token, p).catch((e) => e.problem)).toBe("accepted");
  });

  test("bulk of 50 is delivered over pooled connections; a refused recipient is reported, the invitation kept", async () => {
    smtp.rejectRecipient("bounce@acme.com");
    const rows = [...Array.from({ length: 49 }, (_, i) => ({ email: `p${i}@acme.com` })), { email: "bounce@acme.com" }];
    const res = await call(bulkRoute.POST, { method: "POST", params: { id: orgA.id }, key: keyA, body: { rows } });
    expect(res.status).toBe(201);
    expect(res.json.summary.invited).toBe(50);
    const failed = res.json.rows.filter((r: { delivery: { status: string } }) => r.delivery.status === "failed");
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ email: "bounce@acme.com", delivery: { error: expect.stringMatching(/could not be sent.*550.*resend it/) } });
    expect(smtp.messages).toHaveLength(49);
    expect(new Set(smtp.messages.map((m) => linkIn(m).token)).size).toBe(49);
    expect(await fx.countInvitations({ orgId: orgA.id })).toBe(50);
    expect(await auditEvents(orgA.id, "invitation.created")).toHaveLength(50);
  });
});
