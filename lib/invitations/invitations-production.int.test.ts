import { beforeEach, describe, expect, test, vi } from "vitest";

// Production without SMTP_URL: invitations are refused before anything is written, and the
// development outbox does not exist.
vi.hoisted(() => {
  (process.env as Record<string, string | undefined>).NODE_ENV = "production";
  delete process.env.SMTP_URL;
  delete process.env.GATEHOUSE_DEV_INSECURE;
});

import { resetDb, createOrg, createApiKey } from "@/lib/db/testing/fixtures";
import { fx } from "@/lib/db/testing/invitation-fixtures";
import { call } from "@/lib/db/testing/http";
import { PERMISSIONS } from "@/lib/auth/permissions";
import { listOutbox } from "@/lib/mail/outbox";
import * as listRoute from "@/app/api/v1/organizations/[id]/invitations/route";
import * as bulkRoute from "@/app/api/v1/organizations/[id]/invitations/bulk/route";

describe("invitations in production without SMTP_URL", () => {
  let orgId: string;
  let key: string;
  beforeEach(async () => {
    await resetDb();
    orgId = (await createOrg("Acme")).id;
    await createOrg("Globex");
    key = (await createApiKey(orgId, [...PERMISSIONS])).raw;
  });

  test("create and bulk are refused with a configuration error; nothing is written; a dry run still works", async () => {
    const before = await fx.counts();
    const one = await call(listRoute.POST, { method: "POST", params: { id: orgId }, key, body: { email: "jane@acme.com" } });
    expect(one.status).toBe(412);
    expect(one.json.error.message).toMatch(/Email is not configured: set SMTP_URL/);
    const many = await call(bulkRoute.POST, { method: "POST", params: { id: orgId }, key, body: { rows: [{ email: "a@acme.com" }] } });
    expect(many.status).toBe(412);
    expect(await fx.counts()).toEqual(before);
    const dry = await call(bulkRoute.POST, { method: "POST", params: { id: orgId }, key, body: { rows: [{ email: "a@acme.com" }], dryRun: true } });
    expect(dry.status).toBe(200);
  });

  test("the development outbox is not available", async () => {
    await expect(listOutbox()).rejects.toMatchObject({ code: "not_found" });
  });
});
