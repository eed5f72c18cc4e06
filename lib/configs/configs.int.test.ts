import { afterAll, beforeEach, describe, expect, test } from "vitest";
import { resetDb, createOrg, createApiKey, createMember, providerOrg, auditEvents, countRows } from "@/lib/db/testing/fixtures";
import { call } from "@/lib/db/testing/http";
import { PERMISSIONS, BUILTIN_ROLES } from "@/lib/auth/permissions";
import { orgContext, userPrincipal } from "@/lib/auth/org-context";
import { decrypt } from "@/lib/crypto";
import * as configs from "@/lib/configs/service";
import { globalConfigsRepo, configsRepo } from "@/lib/db/repos/configs";
import { auditReadRepo } from "@/lib/db/repos/audit";
import * as orgList from "@/app/api/v1/organizations/[id]/configs/route";
import * as orgItem from "@/app/api/v1/organizations/[id]/configs/[name]/route";
import * as globalList from "@/app/api/v1/configs/route";
import * as globalItem from "@/app/api/v1/configs/[name]/route";
import * as auditList from "@/app/api/v1/organizations/[id]/audit-events/route";
import * as auditExport from "@/app/api/v1/organizations/[id]/audit-events/export/route";

const ALL = [...PERMISSIONS];
const MEMBER_SCOPES = [...BUILTIN_ROLES.member.permissions];
const RAW_SECRET = "hunter2-RAW-SECRET-7f3a9c";

describe("configs: cascade, secrets, isolation", () => {
  let orgA: Awaited<ReturnType<typeof createOrg>>;
  let orgB: Awaited<ReturnType<typeof createOrg>>;
  let platformKey: string;
  let keyA: string;
  let keyB: string;
  let memberKeyA: string;

  const orgUrl = (orgId: string, name?: string) => `/api/v1/organizations/${orgId}/configs${name ? `/${name}` : ""}`;
  const putGlobal = (name: string, body: unknown) =>
    call(globalItem.PUT, { method: "PUT", url: `/api/v1/configs/${name}`, params: { name }, body, key: platformKey });
  const putOrg = (orgId: string, name: string, body: unknown, key = keyA) =>
    call(orgItem.PUT, { method: "PUT", url: orgUrl(orgId, name), params: { id: orgId, name }, body, key });
  const getOrg = (orgId: string, name: string, key = keyA) => call(orgItem.GET, { url: orgUrl(orgId, name), params: { id: orgId, name }, key });
  const listOrg = (orgId: string, key = keyA, qs = "") => call(orgList.GET, { url: orgUrl(orgId) + qs, params: { id: orgId }, key });

  // The API-key lookup records lastUsedAt without awaiting it; let the last one finish before the
  // shared afterAll disconnects, or the pool waits forever on its half-open transaction.
  afterAll(() => new Promise((r) => setTimeout(r, 300)));

  beforeEach(async () => {
    await resetDb();
    orgA = await createOrg("Acme Corporation");
    orgB = await createOrg("Globex");
    platformKey = (await createApiKey(null, ALL)).raw;
    keyA = (await createApiKey(orgA.id, ALL)).raw;
    keyB = (await createApiKey(orgB.id, ALL)).raw;
    memberKeyA = (await createApiKey(orgA.id, MEMBER_SCOPES)).raw;
  });

  test("resolution: the org's item overrides global, else global, else a clear 404", async () => {
    expect((await putGlobal("feature.flags", { value: { beta: false } })).status).toBe(201);
    expect((await putGlobal("support.email", { value: "help@provider.test" })).status).toBe(201);
    const override = await putOrg(orgA.id, "feature.flags", { value: { beta: true } });
    expect(override.status).toBe(201);
    expect(override.json).toMatchObject({ name: "feature.flags", value: { beta: true }, source: "organization", overridesGlobal: true });

    const a = await getOrg(orgA.id, "feature.flags");
    expect(a.json).toMatchObject({ value: { beta: true }, source: "organization", overridesGlobal: true });
    const inherited = await getOrg(orgA.id, "support.email");
    expect(inherited.json).toMatchObject({ value: "help@provider.test", source: "global", overridesGlobal: false, orgId: null });
    const b = await getOrg(orgB.id, "feature.flags", keyB);
    expect(b.json).toMatchObject({ value: { beta: false }, source: "global" });

    const missing = await getOrg(orgA.id, "no.such.thing");
    expect(missing.status).toBe(404);
    expect(missing.json.error.message).toBe("No config named no.such.thing in this organization or globally");

    const list = await listOrg(orgA.id);
    expect(list.status).toBe(200);
    expect(list.json.pagination.total).toBe(2);
    expect(list.json.data.map((c: { name: string; source: string; overridesGlobal: boolean }) => [c.name, c.source, c.overridesGlobal])).toEqual([
      ["feature.flags", "organization", true],
      ["support.email", "global", false],
    ]);

    // Deleting the override lets the global item show through again; a second delete is 404.
    const del = await call(orgItem.DELETE, { method: "DELETE", url: orgUrl(orgA.id, "feature.flags"), params: { id: orgA.id, name: "feature.flags" }, key: keyA });
    expect(del.status).toBe(204);
    expect((await getOrg(orgA.id, "feature.flags")).json).toMatchObject({ value: { beta: false }, source: "global" });
    const again = await call(orgItem.DELETE, { method: "DELETE", url: orgUrl(orgA.id, "feature.flags"), params: { id: orgA.id, name: "feature.flags" }, key: keyA });
    expect(again.status).toBe(404);
    expect(again.json.error.message).toMatch(/no override/);
  });

  test("lists page and search over the merged set", async () => {
    for (const n of ["g.one", "g.two", "g.three"]) await putGlobal(n, { value: n });
    await putOrg(orgA.id, "g.two", { value: "mine" });
    await putOrg(orgA.id, "a.own", { value: 1 });
    const p1 = await listOrg(orgA.id, keyA, "?limit=2&page=1");
    expect(p1.json.pagination).toMatchObject({ total: 4, totalPages: 2 });
    expect(p1.json.data.map((c: { name: string }) => c.name)).toEqual(["a.own", "g.one"]);
    const p2 = await listOrg(orgA.id, keyA, "?limit=2&page=2");
    expect(p2.json.data.map((c: { name: string; source: string }) => `${c.name}:${c.source}`)).toEqual(["g.three:global", "g.two:organization"]);
    const s = await listOrg(orgA.id, keyA, "?search=two");
    expect(s.json.data).toHaveLength(1);
    expect(s.json.data[0]).toMatchObject({ name: "g.two", value: "mine", overridesGlobal: true });
  });

  test("POST creates; a second POST of the same name is 409 and writes nothing", async () => {
    const r = await call(orgList.POST, { method: "POST", url: orgUrl(orgA.id), params: { id: orgA.id }, body: { name: "billing.plan", value: "pro" }, key: keyA });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ name: "billing.plan", value: "pro", isSecret: false, source: "organization", overridesGlobal: false, orgId: orgA.id });
    const events = await auditEvents(orgA.id, "config.created");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ targetType: "config", targetId: r.json.id, targetLabel: "billing.plan" });
    expect(events[0]!.after).toMatchObject({ name: "billing.plan", value: "pro", isSecret: false });

    const before = await countRows("config");
    const dup = await call(orgList.POST, { method: "POST", url: orgUrl(orgA.id), params: { id: orgA.id }, body: { name: "billing.plan", value: "free" }, key: keyA });
    expect(dup.status).toBe(409);
    expect(await countRows("config")).toBe(before);
    expect((await getOrg(orgA.id, "billing.plan")).json.value).toBe("pro");
  });

  test("PUT replaces and audits before/after in the same transaction", async () => {
    await putOrg(orgA.id, "limits", { value: { seats: 5 } });
    const r = await putOrg(orgA.id, "limits", { value: { seats: 10 } });
    expect(r.status).toBe(200);
    const [updated] = await auditEvents(orgA.id, "config.updated");
    expect(updated!.before).toMatchObject({ value: { seats: 5 } });
    expect(updated!.after).toMatchObject({ value: { seats: 10 } });
    await call(orgItem.DELETE, { method: "DELETE", url: orgUrl(orgA.id, "limits"), params: { id: orgA.id, name: "limits" }, key: keyA });
    const [deleted] = await auditEvents(orgA.id, "config.deleted");
    expect(deleted!.before).toMatchObject({ name: "limits", value: { seats: 10 } });
  });

  test("secret values: encrypted at rest, masked on every read, never in the audit log", async () => {
    const created = await putOrg(orgA.id, "smtp.password", { value: RAW_SECRET, isSecret: true });
    expect(created.status).toBe(201);
    // PUT without isSecret keeps the item secret.
    const replaced = await putOrg(orgA.id, "smtp.password", { value: `${RAW_SECRET}-v2` });
    expect(replaced.json).toMatchObject({ value: "********", isSecret: true });
    // A global secret, and an org override of it that inherits the secret flag.
    await putGlobal("api.token", { value: { token: RAW_SECRET }, isSecret: true });
    await putOrg(orgB.id, "api.token", { value: { token: `${RAW_SECRET}-b` } }, keyB);

    const bodies = [
      created.json, replaced.json,
      (await getOrg(orgA.id, "smtp.password")).json,
      (await getOrg(orgA.id, "api.token")).json,
      (await getOrg(orgB.id, "api.token", keyB)).json,
      (await listOrg(orgA.id)).json,
      (await listOrg(orgB.id, keyB)).json,
      (await call(globalList.GET, { url: "/api/v1/configs", key: platformKey })).json,
      (await call(globalItem.GET, { url: "/api/v1/configs/api.token", params: { name: "api.token" }, key: platformKey })).json,
      (await call(auditList.GET, { url: `/api/v1/organizations/${orgA.id}/audit-events`, params: { id: orgA.id }, key: keyA })).json,
    ];
    for (const b of bodies) expect(JSON.stringify(b)).not.toContain(RAW_SECRET);
    expect(bodies[2]).toMatchObject({ value: "********", isSecret: true });
    expect(bodies[4]).toMatchObject({ value: "********", isSecret: true, overridesGlobal: true });

    const csv = await call(auditExport.GET, { url: `/api/v1/organizations/${orgA.id}/audit-events/export?format=csv`, params: { id: orgA.id }, key: keyA });
    expect(csv.status).toBe(200);
    expect(String(csv.json)).toContain("smtp.password");
    expect(String(csv.json)).not.toContain(RAW_SECRET);

    const allEvents = [...(await auditEvents(orgA.id)), ...(await auditEvents(orgB.id)), ...(await auditEvents(null))];
    expect(allEvents.filter((e) => e.action.startsWith("config.")).length).toBe(4);
    expect(JSON.stringify(allEvents)).not.toContain(RAW_SECRET);

    // At rest: no plaintext column, only AES-GCM ciphertext that decrypts to the JSON text.
    const providerAdmin = await createMember((await providerOrg()).id, "admin");
    const ctxA = await orgContext(await userPrincipal(providerAdmin.user.id, {}), orgA.id);
    const { own } = await configsRepo(ctxA).findBoth("smtp.password");
    expect(own!.value).toBeNull();
    expect(own!.valueEnc).toMatch(/^v1\./);
    expect(own!.valueEnc).not.toContain(RAW_SECRET);
    expect(JSON.parse(decrypt(own!.valueEnc!))).toBe(`${RAW_SECRET}-v2`);
    const g = await globalConfigsRepo().find("api.token");
    expect(g!.value).toBeNull();
    expect(JSON.stringify(g)).not.toContain(RAW_SECRET);
    // Server-side consumers get the plaintext through the service, never through a DTO.
    expect(await configs.resolveValue(ctxA, "smtp.password")).toBe(`${RAW_SECRET}-v2`);
    expect(await configs.resolveValue(ctxA, "api.token")).toEqual({ token: RAW_SECRET });
    // And the audit rows as the repo reads them.
    let seen = "";
    for await (const e of auditReadRepo(null).iterate({ action: "config.*" })) seen += JSON.stringify(e);
    expect(seen).toContain("smtp.password");
    expect(seen).not.toContain(RAW_SECRET);
  });

  test("turning a secret into a plain value stores it in the clear and drops the ciphertext", async () => {
    await putOrg(orgA.id, "flip", { value: "s3cret", isSecret: true });
    const r = await putOrg(orgA.id, "flip", { value: "public", isSecret: false });
    expect(r.json).toMatchObject({ value: "public", isSecret: false });
    const providerAdmin = await createMember((await providerOrg()).id, "admin");
    const ctxA = await orgContext(await userPrincipal(providerAdmin.user.id, {}), orgA.id);
    const { own } = await configsRepo(ctxA).findBoth("flip");
    expect(own).toMatchObject({ value: "public", valueEnc: null, isSecret: false });
  });

  test("global items: provider admins and platform keys only", async () => {
    const body = { name: "global.banner", value: "maintenance on sunday" };
    // An organization's own admin key (all scopes) is refused on every global route.
    const attempts = [
      await call(globalList.GET, { url: "/api/v1/configs", key: keyA }),
      await call(globalList.POST, { method: "POST", url: "/api/v1/configs", body, key: keyA }),
      await call(globalItem.GET, { url: "/api/v1/configs/global.banner", params: { name: "global.banner" }, key: keyA }),
      await call(globalItem.PUT, { method: "PUT", url: "/api/v1/configs/global.banner", params: { name: "global.banner" }, body: { value: 1 }, key: keyA }),
      await call(globalItem.DELETE, { method: "DELETE", url: "/api/v1/configs/global.banner", params: { name: "global.banner" }, key: keyA }),
    ];
    for (const r of attempts) {
      expect(r.status).toBe(403);
      expect(r.json.error.message).toBe("Global configs are managed by provider administrators");
    }
    expect(await countRows("config")).toBe(0);
    // A customer organization's owner (a session user) too.
    const owner = await createMember(orgA.id, "owner");
    const ownerPrincipal = await userPrincipal(owner.user.id, {});
    await expect(configs.createGlobal(ownerPrincipal, { name: "x", value: 1 })).rejects.toMatchObject({ code: "forbidden" });
    // Without authentication at all: 401.
    expect((await call(globalList.GET, { url: "/api/v1/configs" })).status).toBe(401);
    // A platform key without config:manage reads but cannot write.
    const readOnlyPlatform = (await createApiKey(null, ["config:read"])).raw;
    expect((await call(globalList.POST, { method: "POST", url: "/api/v1/configs", body, key: readOnlyPlatform })).status).toBe(403);

    const created = await call(globalList.POST, { method: "POST", url: "/api/v1/configs", body, key: platformKey });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ name: "global.banner", source: "global", orgId: null });
    expect((await call(globalList.GET, { url: "/api/v1/configs", key: readOnlyPlatform })).json.data).toHaveLength(1);
    const dup = await call(globalList.POST, { method: "POST", url: "/api/v1/configs", body, key: platformKey });
    expect(dup.status).toBe(409);
    // A provider organization admin (session user) manages global items through the service.
    const provAdmin = await createMember((await providerOrg()).id, "admin");
    const p = await userPrincipal(provAdmin.user.id, {});
    const { config, created: wasCreated } = await configs.putGlobal(p, "global.banner", { value: "changed" });
    expect(wasCreated).toBe(false);
    expect(config.value).toBe("changed");
    const globalEvents = await auditEvents(null);
    expect(globalEvents.map((e) => e.action)).toEqual(["config.created", "config.updated"]);
    expect(globalEvents[1]).toMatchObject({ actorType: "user", actorId: provAdmin.user.id, targetLabel: "global.banner (global)" });
    expect((await call(globalItem.DELETE, { method: "DELETE", url: "/api/v1/configs/global.banner", params: { name: "global.banner" }, key: platformKey })).status).toBe(204);
    expect((await call(globalItem.GET, { url: "/api/v1/configs/global.banner", params: { name: "global.banner" }, key: platformKey })).status).toBe(404);
  });

  test("organization A's key on organization B's routes is 404 and changes nothing", async () => {
    await putOrg(orgB.id, "b.private", { value: "b-only" }, keyB);
    const before = await countRows("config");
    const p = { id: orgB.id, name: "b.private" };
    const results = [
      await call(orgList.GET, { url: orgUrl(orgB.id), params: { id: orgB.id }, key: keyA }),
      await call(orgList.POST, { method: "POST", url: orgUrl(orgB.id), params: { id: orgB.id }, body: { name: "intruder", value: 1 }, key: keyA }),
      await call(orgItem.GET, { url: orgUrl(orgB.id, "b.private"), params: p, key: keyA }),
      await call(orgItem.PUT, { method: "PUT", url: orgUrl(orgB.id, "b.private"), params: p, body: { value: "hacked" }, key: keyA }),
      await call(orgItem.DELETE, { method: "DELETE", url: orgUrl(orgB.id, "b.private"), params: p, key: keyA }),
    ];
    for (const r of results) expect(r.status).toBe(404);
    expect(await countRows("config")).toBe(before);
    expect((await getOrg(orgB.id, "b.private", keyB)).json.value).toBe("b-only");
    // B's item does not leak into A's cascade.
    expect((await getOrg(orgA.id, "b.private")).status).toBe(404);
    expect((await listOrg(orgA.id)).json.data).toEqual([]);
    // The platform key reaches both.
    expect((await getOrg(orgB.id, "b.private", platformKey)).status).toBe(200);
    expect((await listOrg(orgA.id, platformKey)).status).toBe(200);
  });

  test("a member reads but gets 403 on every write; nothing is written", async () => {
    await putOrg(orgA.id, "readable", { value: true });
    const before = await countRows("config");
    const auditBefore = await countRows("auditEvent");
    expect((await listOrg(orgA.id, memberKeyA)).status).toBe(200);
    expect((await getOrg(orgA.id, "readable", memberKeyA)).status).toBe(200);
    const p = { id: orgA.id, name: "readable" };
    const writes = [
      await call(orgList.POST, { method: "POST", url: orgUrl(orgA.id), params: { id: orgA.id }, body: { name: "new.one", value: 1 }, key: memberKeyA }),
      await call(orgItem.PUT, { method: "PUT", url: orgUrl(orgA.id, "readable"), params: p, body: { value: false }, key: memberKeyA }),
      await call(orgItem.DELETE, { method: "DELETE", url: orgUrl(orgA.id, "readable"), params: p, key: memberKeyA }),
    ];
    for (const r of writes) {
      expect(r.status).toBe(403);
      expect(r.json.error.message).toMatch(/config:manage/);
    }
    // A member user acting through the service (as the portal's actions do) is refused as well.
    const member = await createMember(orgA.id, "member");
    const ctx = await orgContext(await userPrincipal(member.user.id, {}), orgA.id);
    await expect(configs.put(ctx, "readable", { value: false })).rejects.toMatchObject({ code: "forbidden" });
    expect(await countRows("config")).toBe(before);
    expect(await countRows("auditEvent")).toBe(auditBefore);
    expect((await getOrg(orgA.id, "readable")).json.value).toBe(true);
  });

  test("bad input is a 4xx with field issues and writes nothing", async () => {
    const post = (body: unknown) => call(orgList.POST, { method: "POST", url: orgUrl(orgA.id), params: { id: orgA.id }, body, key: keyA });
    const configsBefore = await countRows("config");
    const auditBefore = await countRows("auditEvent");

    for (const name of ["Bad Name", "-leading", "UPPER", "x".repeat(101), "", "a/b", "ünicode"]) {
      const r = await post({ name, value: 1 });
      expect(r.status, name).toBe(422);
      expect(r.json.error.issues.map((i: { path: string }) => i.path)).toContain("name");
    }
    const unknown = await post({ name: "ok.name", value: 1, colour: "red" });
    expect(unknown.status).toBe(422);
    expect(JSON.stringify(unknown.json.error.issues)).toMatch(/colour/);
    const noValue = await post({ name: "ok.name" });
    expect(noValue.status).toBe(422);
    expect(noValue.json.error.issues[0].path).toBe("value");
    const nullValue = await post({ name: "ok.name", value: null });
    expect(nullValue.status).toBe(422);
    expect(nullValue.json.error.issues[0].path).toBe("value");
    const badFlag = await post({ name: "ok.name", value: 1, isSecret: "yes" });
    expect(badFlag.status).toBe(422);
    expect(badFlag.json.error.issues[0].path).toBe("isSecret");
    const tooBig = await post({ name: "ok.name", value: "x".repeat(70_000) });
    expect(tooBig.status).toBe(422);
    const malformed = await call(orgList.POST, { method: "POST", url: orgUrl(orgA.id), params: { id: orgA.id }, rawBody: '{"name": "x", value: }', key: keyA });
    expect(malformed.status).toBe(400);
    const notObject = await post(["name", "value"]);
    expect(notObject.status).toBe(422);
    const badPathName = await putOrg(orgA.id, "Not Valid", { value: 1 });
    expect(badPathName.status).toBe(422);
    expect(badPathName.json.error.issues[0].path).toBe("params.name");
    const putUnknown = await putOrg(orgA.id, "ok.name", { value: 1, name: "other" });
    expect(putUnknown.status).toBe(422);
    const badOrgId = await call(orgList.GET, { url: "/api/v1/organizations/not-a-uuid/configs", params: { id: "not-a-uuid" }, key: platformKey });
    expect(badOrgId.status).toBe(404);
    const badGlobal = await call(globalList.POST, { method: "POST", url: "/api/v1/configs", body: { name: "Bad Name", value: 1 }, key: platformKey });
    expect(badGlobal.status).toBe(422);

    expect(await countRows("config")).toBe(configsBefore);
    expect(await countRows("auditEvent")).toBe(auditBefore);
  });
});
