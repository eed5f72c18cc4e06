import { afterAll, beforeEach, describe, expect, test } from "vitest";
import { resetDb, createOrg, createApiKey, createMember, auditEvents } from "@/lib/db/testing/fixtures";
import { call } from "@/lib/db/testing/http";
import { PERMISSIONS, BUILTIN_ROLES } from "@/lib/auth/permissions";
import { userPrincipal } from "@/lib/auth/org-context";
import { auditReadRepo } from "@/lib/db/repos/audit";
import * as audit from "@/lib/audit/service";
import { CSV_COLUMNS } from "@/lib/audit/export";
import * as configItem from "@/app/api/v1/organizations/[id]/configs/[name]/route";
import * as globalConfigItem from "@/app/api/v1/configs/[name]/route";
import * as orgRoute from "@/app/api/v1/organizations/[id]/route";
import * as orgEvents from "@/app/api/v1/organizations/[id]/audit-events/route";
import * as orgExport from "@/app/api/v1/organizations/[id]/audit-events/export/route";
import * as allEvents from "@/app/api/v1/audit-events/route";
import * as allExport from "@/app/api/v1/audit-events/export/route";

const ALL = [...PERMISSIONS];
const MEMBER_SCOPES = [...BUILTIN_ROLES.member.permissions];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Minimal RFC 4180 reader for asserting on exports (quoted fields may hold commas, quotes and newlines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") { row.push(cell); cell = ""; }
    else if (ch === "\r" && text[i + 1] === "\n") { row.push(cell); rows.push(row); row = []; cell = ""; i++; }
    else cell += ch;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

describe("audit log: list, filters, export, isolation", () => {
  let orgA: Awaited<ReturnType<typeof createOrg>>;
  let orgB: Awaited<ReturnType<typeof createOrg>>;
  let platformKey: string;
  let keyA: { raw: string; row: { id: string; name: string } };
  let opsKeyA: { raw: string; row: { id: string; name: string } };
  let keyB: string;
  let memberKeyA: string;

  const putConfig = (orgId: string, name: string, value: unknown, key: string) =>
    call(configItem.PUT, { method: "PUT", url: `/api/v1/organizations/${orgId}/configs/${name}`, params: { id: orgId, name }, body: { value }, key });
  const list = (orgId: string, qs = "", key = keyA.raw) =>
    call(orgEvents.GET, { url: `/api/v1/organizations/${orgId}/audit-events${qs}`, params: { id: orgId }, key });
  const exportOrg = (orgId: string, qs: string, key = keyA.raw) =>
    call(orgExport.GET, { url: `/api/v1/organizations/${orgId}/audit-events/export${qs}`, params: { id: orgId }, key });

  // The API-key lookup records lastUsedAt without awaiting it; let the last one finish before the
  // shared afterAll disconnects, or the pool waits forever on its half-open transaction.
  afterAll(() => sleep(300));

  beforeEach(async () => {
    await resetDb();
    orgA = await createOrg("Acme Corporation");
    orgB = await createOrg("Globex");
    platformKey = (await createApiKey(null, ALL)).raw;
    keyA = await createApiKey(orgA.id, ALL);
    opsKeyA = await createApiKey(orgA.id, ALL);
    keyB = (await createApiKey(orgB.id, ALL)).raw;
    memberKeyA = (await createApiKey(orgA.id, MEMBER_SCOPES)).raw;
    // A: three config events by keyA, one by opsKeyA; B: one.
    await putConfig(orgA.id, "billing.plan", "pro", keyA.raw);
    await sleep(5);
    await putConfig(orgA.id, "billing.plan", "enterprise", keyA.raw);
    await sleep(5);
    await putConfig(orgA.id, "branding", { title: 'Acme, "the" best', motto: "=1+1\nnew line" }, keyA.raw);
    await sleep(5);
    await putConfig(orgA.id, "ops.flag", true, opsKeyA.raw);
    await putConfig(orgB.id, "globex.only", "b", keyB);
  });

  test("an organization's events, newest first, as DTOs; paged", async () => {
    const r = await list(orgA.id);
    expect(r.status).toBe(200);
    expect(r.json.pagination).toMatchObject({ total: 4, page: 1 });
    expect(r.json.data.map((e: { action: string; target: { label: string } }) => `${e.action} ${e.target.label}`)).toEqual([
      "config.created ops.flag", "config.created branding", "config.updated billing.plan", "config.created billing.plan",
    ]);
    const e = r.json.data[2];
    expect(e).toMatchObject({
      orgId: orgA.id, orgName: "Acme Corporation", action: "config.updated",
      actor: { type: "api_key", id: keyA.row.id, label: expect.stringContaining(keyA.row.name) },
      target: { type: "config", label: "billing.plan" },
      before: { value: "pro" }, after: { value: "enterprise" },
    });
    expect(Object.keys(e).sort()).toEqual(["action", "actor", "after", "before", "createdAt", "id", "ip", "orgId", "orgName", "target", "userAgent"]);
    const p2 = await list(orgA.id, "?limit=3&page=2");
    expect(p2.json.data).toHaveLength(1);
    expect(p2.json.pagination).toMatchObject({ total: 4, totalPages: 2 });
  });

  test("filters: action exact and prefix, actor by id and label, date range", async () => {
    expect((await list(orgA.id, "?action=config.updated")).json.pagination.total).toBe(1);
    expect((await list(orgA.id, "?action=config.*")).json.pagination.total).toBe(4);
    expect((await list(orgA.id, "?action=member.*")).json.pagination.total).toBe(0);
    expect((await list(orgA.id, "?action=config")).json.pagination.total).toBe(0);
    expect((await list(orgA.id, `?actor=${opsKeyA.row.id}`)).json.data.map((e: { target: { label: string } }) => e.target.label)).toEqual(["ops.flag"]);
    expect((await list(orgA.id, `?actor=${keyA.row.name.toUpperCase()}`)).json.pagination.total).toBe(3);

    const all = (await list(orgA.id)).json.data as { createdAt: string; target: { label: string } }[];
    const brandingAt = all[1]!.createdAt;
    const since = await list(orgA.id, `?from=${encodeURIComponent(brandingAt)}`);
    expect(since.json.data.map((e: { target: { label: string } }) => e.target.label)).toEqual(["ops.flag", "branding"]);
    const until = await list(orgA.id, `?to=${encodeURIComponent(brandingAt)}`);
    expect(until.json.data.map((e: { target: { label: string } }) => e.target.label)).toEqual(["branding", "billing.plan", "billing.plan"]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await list(orgA.id, `?from=${today}&to=${today}`)).json.pagination.total).toBe(4);
    expect((await list(orgA.id, "?to=2000-01-31")).json.pagination.total).toBe(0);
  });

  test("bad filters are 422 with field issues", async () => {
    const cases: [string, string][] = [
      ["?from=yesterday", "query.from"],
      ["?to=2024-13-45", "query.to"],
      ["?from=2024-06-01&to=2024-05-01", "query.to"],
      ["?action=DROP%20TABLE", "query.action"],
      ["?limit=0", "query.limit"],
      ["?page=abc", "query.page"],
    ];
    for (const [qs, path] of cases) {
      const r = await list(orgA.id, qs);
      expect(r.status, qs).toBe(422);
      expect(r.json.error.issues.map((i: { path: string }) => i.path), qs).toContain(path);
    }
    const fmt = await exportOrg(orgA.id, "?format=xml");
    expect(fmt.status).toBe(422);
    expect(fmt.json.error.issues[0].path).toBe("query.format");
    const badDate = await exportOrg(orgA.id, "?format=csv&from=last-week");
    expect(badDate.status).toBe(422);
  });

  test("CSV export: attachment, header, RFC 4180 quoting, filters applied", async () => {
    const r = await exportOrg(orgA.id, "?format=csv");
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(r.headers.get("content-disposition")).toMatch(/^attachment; filename="gatehouse-audit-acme-corporation-\d{8}-\d{4}\.csv"$/);
    const rows = parseCsv(r.json as string);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(5);
    for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);
    const branding = rows.find((row) => row[7] === "branding")!;
    expect(branding[1]).toBe("Acme Corporation");
    expect(branding[2]).toBe("api_key");
    expect(branding[3]).toContain(keyA.row.name);
    expect(branding[4]).toBe("config.created");
    expect(branding[5]).toBe("config");
    expect(JSON.parse(branding[11]!)).toMatchObject({ name: "branding", value: { title: 'Acme, "the" best', motto: "=1+1\nnew line" } });
    expect(branding[10]).toBe("");
    expect(new Date(branding[0]!).toString()).not.toBe("Invalid Date");
    // The export matches the list, in the same order.
    const listed = (await list(orgA.id)).json.data as { id: string; target: { id: string } }[];
    expect(rows.slice(1).map((row) => row[6])).toEqual(listed.map((e) => e.target.id));

    const filtered = parseCsv((await exportOrg(orgA.id, "?format=csv&action=config.updated")).json as string);
    expect(filtered).toHaveLength(2);
    expect(filtered[1]![4]).toBe("config.updated");
    expect(JSON.parse(filtered[1]![10]!)).toMatchObject({ value: "pro" });
    // No event from organization B.
    expect(r.json as string).not.toContain("globex.only");
  });

  test("JSON Lines export: one DTO per line, filters applied", async () => {
    const r = await exportOrg(orgA.id, `?format=jsonl&actor=${opsKeyA.row.id}`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    expect(r.headers.get("content-disposition")).toMatch(/\.jsonl"$/);
    const lines = (r.json as string | object);
    // a single line parses as JSON in the test helper; normalise to text
    const text = typeof lines === "string" ? lines : JSON.stringify(lines) + "\n";
    const events = text.trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ orgId: orgA.id, action: "config.created", actor: { id: opsKeyA.row.id }, target: { label: "ops.flag" }, after: { value: true } });
    const full = await exportOrg(orgA.id, "?format=jsonl");
    expect((full.json as string).trimEnd().split("\n")).toHaveLength(4);
  });

  test("the export iterator pages by keyset without loading everything", async () => {
    const ids: string[] = [];
    for await (const e of auditReadRepo([orgA.id]).iterate({}, 1)) ids.push(e.id);
    const listed = (await list(orgA.id)).json.data.map((e: { id: string }) => e.id);
    expect(ids).toEqual(listed);
    expect(new Set(ids).size).toBe(4);
  });

  test("isolation: A's key on B's audit routes is 404; a member reads but cannot export", async () => {
    expect((await list(orgB.id)).status).toBe(404);
    expect((await exportOrg(orgB.id, "?format=csv")).status).toBe(404);
    expect((await list(orgB.id, "", keyB)).json.data.map((e: { target: { label: string } }) => e.target.label)).toEqual(["globex.only"]);
    expect((await list(orgA.id, "", memberKeyA)).status).toBe(200);
    const denied = await exportOrg(orgA.id, "?format=csv", memberKeyA);
    expect(denied.status).toBe(403);
    expect(denied.json.error.message).toMatch(/audit:export/);
    // Customer keys cannot use the provider-wide routes.
    const wide = await call(allEvents.GET, { url: "/api/v1/audit-events", key: keyA.raw });
    expect(wide.status).toBe(403);
    expect(wide.json.error.message).toMatch(/provider administrators/);
    expect((await call(allExport.GET, { url: "/api/v1/audit-events/export", key: keyA.raw })).status).toBe(403);
    const admin = await createMember(orgA.id, "admin");
    await expect(audit.listAll(await userPrincipal(admin.user.id, {}), { page: 1, limit: 50 })).rejects.toMatchObject({ code: "forbidden" });
  });

  test("provider-wide: every organization's events, deleted organizations' and global ones included", async () => {
    await call(globalConfigItem.PUT, { method: "PUT", url: "/api/v1/configs/global.notice", params: { name: "global.notice" }, body: { value: "hi" }, key: platformKey });
    const doomed = await createOrg("Doomed Ltd");
    const doomedKey = (await createApiKey(doomed.id, ALL)).raw;
    await putConfig(doomed.id, "doomed.cfg", 1, doomedKey);
    expect((await call(orgRoute.DELETE, { method: "DELETE", params: { id: doomed.id }, key: platformKey })).status).toBe(204);

    const r = await call(allEvents.GET, { url: "/api/v1/audit-events?action=config.*&limit=200", key: platformKey });
    expect(r.status).toBe(200);
    const seen = r.json.data.map((e: { orgName: string | null; target: { label: string } }) => `${e.orgName ?? "(global)"}/${e.target.label}`);
    expect(seen).toEqual(expect.arrayContaining([
      "Acme Corporation/billing.plan", "Globex/globex.only", "(global)/global.notice (global)", "Doomed Ltd/doomed.cfg",
    ]));
    expect(r.json.pagination.total).toBe(7);
    const deletedOnly = await call(allEvents.GET, { url: `/api/v1/audit-events?orgId=${doomed.id}`, key: platformKey });
    expect(deletedOnly.json.data.map((e: { action: string }) => e.action).sort()).toEqual(["config.created", "organization.deleted"]);
    const badOrg = await call(allEvents.GET, { url: "/api/v1/audit-events?orgId=nope", key: platformKey });
    expect(badOrg.status).toBe(422);

    const csv = await call(allExport.GET, { url: "/api/v1/audit-events/export?format=csv&action=config.*", key: platformKey });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-disposition")).toMatch(/gatehouse-audit-all-/);
    const rows = parseCsv(csv.json as string);
    expect(rows).toHaveLength(8);
    expect(rows.map((row) => row[1])).toEqual(expect.arrayContaining(["Doomed Ltd", "Globex", "Acme Corporation", ""]));
    expect(await auditEvents(doomed.id)).toHaveLength(2);
  });
});
