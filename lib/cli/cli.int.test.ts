import { beforeEach, afterAll, describe, expect, test } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { resetDb, createOrg, createApiKey, createMember, providerOrg, auditEvents } from "@/lib/db/testing/fixtures";
import { PERMISSIONS } from "@/lib/auth/permissions";
import { routeFetch } from "./testing/route-fetch";
import { cliRunner } from "./testing/io";

const ALL = [...PERMISSIONS];
const URL_ = "http://gatehouse.test";

describe("gatehouse CLI against the real route handlers", () => {
  const fetch = routeFetch();
  const cli = cliRunner({ fetch, env: { GATEHOUSE_URL: URL_ } });
  const keys: string[] = [];
  let orgA: Awaited<ReturnType<typeof createOrg>>;
  let orgB: Awaited<ReturnType<typeof createOrg>>;
  let platformKey: string;
  let keyA: string;
  let keyB: string;
  const as = (key: string) => ["--api-key", key];

  beforeEach(async () => {
    await resetDb();
    orgA = await createOrg("Acme Corporation", { domain: "acme.test" });
    orgB = await createOrg("Globex");
    platformKey = (await createApiKey(null, ALL)).raw;
    keyA = (await createApiKey(orgA.id, ALL)).raw;
    keyB = (await createApiKey(orgB.id, ALL)).raw;
    keys.push(platformKey, keyA, keyB);
  });

  // The keys used as credentials never appear in any output (a created key's secret is printed once, by design).
  afterAll(() => {
    const printed = cli.transcript();
    for (const k of keys) expect(printed).not.toContain(k);
  });

  describe("orgs", () => {
    test("create prints the organization and records an audit event", async () => {
      const r = await cli(["orgs", "create", "--name", "Initech Inc", "--domain", "INITECH.com", ...as(platformKey)]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Created organization "Initech Inc" \(initech-inc\)/);
      expect(r.stdout).toMatch(/Domain:\s+initech\.com/);
      const j = await cli(["orgs", "create", "--name", "Hooli", "--slug", "hooli-xyz", "--json", ...as(platformKey)]);
      expect(j.json).toMatchObject({ name: "Hooli", slug: "hooli-xyz", isActive: true, isProvider: false });
      expect(await auditEvents(j.json.id, "organization.created")).toHaveLength(1);
    });

    test("list: JSON page for a platform key; an org key sees only its own organization", async () => {
      const all = await cli(["orgs", "list", "--json", ...as(platformKey)]);
      expect(all.code).toBe(0);
      const names = all.json.data.map((o: { name: string }) => o.name);
      expect(names).toEqual(expect.arrayContaining(["Acme Corporation", "Globex"]));
      expect(all.json.pagination).toMatchObject({ page: 1, total: 3 });

      const own = await cli(["orgs", "list", "--json"], { env: { GATEHOUSE_API_KEY: keyA } });
      expect(own.json.data.map((o: { id: string }) => o.id)).toEqual([orgA.id]);

      const table = await cli(["orgs", "list", "--search", "glob", ...as(platformKey)]);
      expect(table.stdout).toContain("Globex");
      expect(table.stdout).not.toContain("Acme Corporation");
      expect(table.stdout).toContain("Page 1 of 1 (1 organization)");
      const provider = await cli(["orgs", "list", ...as(platformKey)]);
      expect(provider.stdout).toMatch(/★ /);
    });

    test("list passes paging to the API and shows its validation errors", async () => {
      const page2 = await cli(["orgs", "list", "--limit", "1", "--page", "2", "--json", ...as(platformKey)]);
      expect(page2.json.pagination).toMatchObject({ page: 2, limit: 1, total: 3, totalPages: 3 });
      expect(page2.json.data).toHaveLength(1);
      const bad = await cli(["orgs", "list", "--limit", "500", ...as(platformKey)]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/^Error: Invalid query/);
      expect(bad.stderr).toContain("  - query.limit: limit is at most 200");
    });

    test("show resolves a slug; another organization is not found for an org key", async () => {
      const bySlug = await cli(["orgs", "show", orgA.slug, "--json", ...as(platformKey)]);
      expect(bySlug.json).toMatchObject({ id: orgA.id, name: "Acme Corporation", domain: "acme.test" });
      const text = await cli(["orgs", "show", orgA.id, ...as(keyA)]);
      expect(text.stdout).toMatch(/Name:\s+Acme Corporation/);

      for (const ref of [orgB.id, orgB.slug]) {
        const other = await cli(["orgs", "show", ref, ...as(keyA)]);
        expect(other.code, ref).toBe(1);
        expect(other.stdout).toBe("");
        expect(other.stderr).toMatch(/^Error: Organization not found/);
      }
      const missing = await cli(["orgs", "show", "no-such-org", ...as(platformKey)]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/Organization not found/);
    });

    test("update changes fields; bad input lists the field issues", async () => {
      const r = await cli(["orgs", "update", orgA.slug, "--name", "Acme Corp", "--domain", "acme.example", "--json", ...as(keyA)]);
      expect(r.code).toBe(0);
      expect(r.json).toMatchObject({ id: orgA.id, name: "Acme Corp", domain: "acme.example", slug: orgA.slug });
      const shown = await cli(["orgs", "show", orgA.id, "--json", ...as(platformKey)]);
      expect(shown.json.name).toBe("Acme Corp");

      const cleared = await cli(["orgs", "update", orgA.id, "--domain", "", "--json", ...as(keyA)]);
      expect(cleared.json.domain).toBeNull();

      const bad = await cli(["orgs", "update", orgA.id, "--name", "A", "--domain", "http://x", ...as(keyA)]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain("- name: Name must be at least 2 characters");
      expect(bad.stderr).toContain("- domain: Enter a domain such as acme.com");

      const nothing = await cli(["orgs", "update", orgA.id, ...as(keyA)]);
      expect(nothing.code).toBe(2);
      expect(nothing.stderr).toMatch(/Nothing to change/);
      // the other organization is untouched and invisible
      const other = await cli(["orgs", "update", orgB.id, "--name", "Hacked", ...as(keyA)]);
      expect(other.code).toBe(1);
      expect((await cli(["orgs", "show", orgB.id, "--json", ...as(platformKey)])).json.name).toBe("Globex");
    });

    test("deactivate refuses the organization's keys; activate restores them", async () => {
      const off = await cli(["orgs", "deactivate", orgB.slug, ...as(platformKey)]);
      expect(off.code).toBe(0);
      expect(off.stdout).toMatch(/Deactivated organization "Globex"/);
      expect(off.stdout).toMatch(/Status:\s+inactive/);
      const refused = await cli(["orgs", "show", orgB.id, ...as(keyB)]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/inactive/);

      const on = await cli(["orgs", "activate", orgB.id, "--json", ...as(platformKey)]);
      expect(on.json.isActive).toBe(true);
      expect((await cli(["orgs", "show", orgB.id, ...as(keyB)])).code).toBe(0);

      // a customer key cannot deactivate its own organization
      const self = await cli(["orgs", "deactivate", orgA.id, ...as(keyA)]);
      expect(self.code).toBe(1);
      expect(self.stderr).toMatch(/provider administrators/);
    });

    test("delete asks for the slug unless --yes; the provider organization cannot be deleted", async () => {
      const wrong = await cli(["orgs", "delete", orgB.slug, ...as(platformKey)], { answer: "nope" });
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toMatch(/Aborted/);
      expect((await cli(["orgs", "show", orgB.id, ...as(platformKey)])).code).toBe(0);

      const confirmed = await cli(["orgs", "delete", orgB.slug, ...as(platformKey)], { answer: orgB.slug });
      expect(confirmed.code).toBe(0);
      expect(confirmed.stdout).toMatch(/Deleted organization "Globex"/);
      expect((await cli(["orgs", "show", orgB.id, ...as(platformKey)])).code).toBe(1);

      const yes = await cli(["orgs", "delete", orgA.id, "--yes", "--json", ...as(platformKey)]);
      expect(yes.json).toMatchObject({ deleted: true, id: orgA.id });
      expect(await auditEvents(orgA.id, "organization.deleted")).toHaveLength(1);

      const provider = await providerOrg();
      const p = await cli(["orgs", "delete", provider.id, "--yes", ...as(platformKey)]);
      expect(p.code).toBe(1);
      expect(p.stderr).toMatch(/provider organization cannot be deleted/);
    });
  });

  describe("members", () => {
    test("add, list, set-role and remove by email, inside one organization only", async () => {
      await createMember(orgA.id, "owner", "owner@acme.test");
      const added = await cli(["members", "add", orgA.slug, "--email", "Jane@Acme.test", "--role", "admin", "--name", "Jane", ...as(keyA)]);
      expect(added.stderr).toBe("");
      expect(added.stdout).toMatch(/Added jane@acme\.test as admin/);

      const list = await cli(["members", "list", orgA.id, "--json", ...as(keyA)]);
      expect(list.json.data.map((m: { email: string; role: string }) => `${m.email}:${m.role}`).sort()).toEqual(["jane@acme.test:admin", "owner@acme.test:owner"]);

      const role = await cli(["members", "set-role", orgA.id, "jane@acme.test", "member", "--json", ...as(keyA)]);
      expect(role.json).toMatchObject({ email: "jane@acme.test", role: "member" });
      expect(await auditEvents(orgA.id, "member.role_changed")).toHaveLength(1);

      const lastOwner = await cli(["members", "set-role", orgA.id, "owner@acme.test", "member", ...as(keyA)]);
      expect(lastOwner.code).toBe(1);
      expect(lastOwner.stderr).toMatch(/owner/i);

      // org B's key cannot list or change org A's members
      const other = await cli(["members", "list", orgA.id, ...as(keyB)]);
      expect(other.code).toBe(1);
      expect(other.stderr).toMatch(/Organization not found/);
      const otherRemove = await cli(["members", "remove", orgA.id, role.json.userId, ...as(keyB)]);
      expect(otherRemove.code).toBe(1);

      const removed = await cli(["members", "remove", orgA.slug, "jane@acme.test", ...as(keyA)]);
      expect(removed.code).toBe(0);
      const after = await cli(["members", "list", orgA.id, "--json", ...as(keyA)]);
      expect(after.json.data.map((m: { email: string }) => m.email)).toEqual(["owner@acme.test"]);

      const unknown = await cli(["members", "remove", orgA.id, "ghost@acme.test", ...as(keyA)]);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toMatch(/Member not found/);
      const badRole = await cli(["members", "add", orgA.id, "--email", "x@acme.test", "--role", "Not A Role", ...as(keyA)]);
      expect(badRole.code).toBe(1);
      expect(badRole.stderr).toMatch(/- role: /);
    });
  });

  describe("configs", () => {
    test("set, get, list with the global cascade, secrets masked, delete", async () => {
      const g = await cli(["configs", "set", "--global", "billing.plan", "--value", '"silver"', ...as(platformKey)]);
      expect(g.code).toBe(0);
      const inherited = await cli(["configs", "get", orgA.id, "billing.plan", "--json", ...as(keyA)]);
      expect(inherited.json).toMatchObject({ value: "silver", source: "global" });

      const own = await cli(["configs", "set", orgA.slug, "billing.plan", "--value", '{"tier":"gold"}', ...as(keyA)]);
      expect(own.stdout).toMatch(/Saved config billing\.plan \(organization\)/);
      const overridden = await cli(["configs", "get", orgA.id, "billing.plan", "--json", ...as(keyA)]);
      expect(overridden.json).toMatchObject({ value: { tier: "gold" }, source: "organization", overridesGlobal: true });
      // org B still sees the global value
      expect((await cli(["configs", "get", orgB.id, "billing.plan", "--json", ...as(keyB)])).json.value).toBe("silver");

      const secret = await cli(["configs", "set", orgA.id, "smtp.password", "--value", '"hunter2"', "--secret", "--json", ...as(keyA)]);
      expect(secret.json).toMatchObject({ isSecret: true, value: "********" });
      const table = await cli(["configs", "list", orgA.id, ...as(keyA)]);
      expect(table.stdout).toContain("billing.plan");
      expect(table.stdout).toContain("smtp.password");
      expect(table.stdout).not.toContain("hunter2");
      expect(table.stdout).toContain("organization (overrides global)");

      const isolation = await cli(["configs", "get", orgA.id, "smtp.password", ...as(keyB)]);
      expect(isolation.code).toBe(1);
      expect(isolation.stderr).toMatch(/Organization not found/);
      const globalByOrgKey = await cli(["configs", "set", "--global", "x", "--value", "1", ...as(keyA)]);
      expect(globalByOrgKey.code).toBe(1);

      const del = await cli(["configs", "delete", orgA.id, "billing.plan", ...as(keyA)]);
      expect(del.code).toBe(0);
      expect((await cli(["configs", "get", orgA.id, "billing.plan", "--json", ...as(keyA)])).json.source).toBe("global");

      const badJson = await cli(["configs", "set", orgA.id, "x", "--value", "not json", ...as(keyA)]);
      expect(badJson.code).toBe(2);
      expect(badJson.stderr).toMatch(/--value must be JSON/);
      const badArgs = await cli(["configs", "get", orgA.id, ...as(keyA)]);
      expect(badArgs.code).toBe(2);
      expect(badArgs.stderr).toMatch(/Expected <org> <name>/);
    });
  });

  describe("api-keys", () => {
    test("create prints the secret once, the key works, revoke refuses it", async () => {
      const created = await cli(["api-keys", "create", orgA.slug, "--name", "ci deploy", "--scopes", "org:read,member:read", "--expires", "2099-01-01", ...as(keyA)]);
      expect(created.code).toBe(0);
      const secret = /(gh_\S+)/.exec(created.stdout.split("\n").find((l) => l.trim().startsWith("gh_")) ?? "")?.[1];
      expect(secret).toBeDefined();
      expect(created.stderr).toMatch(/Store this key now: it is shown only once/);
      expect(created.stdout).toMatch(/Expires:\s+2099-01-01/);

      const withNew = await cli(["orgs", "show", orgA.id, "--json", ...as(secret!)]);
      expect(withNew.json.id).toBe(orgA.id);
      const cannotWrite = await cli(["orgs", "update", orgA.id, "--name", "Nope", ...as(secret!)]);
      expect(cannotWrite.code).toBe(1);
      expect(cannotWrite.stderr).toMatch(/org:update/);

      const list = await cli(["api-keys", "list", orgA.id, "--json", ...as(keyA)]);
      const row = list.json.data.find((k: { name: string }) => k.name === "ci deploy");
      expect(row).toMatchObject({ scopes: ["org:read", "member:read"], status: "active" });
      expect(JSON.stringify(list.json)).not.toContain(secret!);
      expect((await cli(["api-keys", "list", orgA.id, ...as(keyB)])).code).toBe(1);

      const revoked = await cli(["api-keys", "revoke", orgA.id, row.id, ...as(keyA)]);
      expect(revoked.stdout).toMatch(/Revoked API key "ci deploy"/);
      const refused = await cli(["orgs", "show", orgA.id, ...as(secret!)]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/revoked/);
    });

    test("platform-wide keys with --global", async () => {
      const created = await cli(["api-keys", "create", "--global", "--name", "platform ci", "--scopes", "org:read", "--json", ...as(platformKey)]);
      expect(created.json).toMatchObject({ orgId: null, name: "platform ci" });
      const list = await cli(["api-keys", "list", "--global", "--json", ...as(platformKey)]);
      expect(list.json.data.map((k: { id: string }) => k.id)).toContain(created.json.id);
      const byOrgKey = await cli(["api-keys", "list", "--global", ...as(keyA)]);
      expect(byOrgKey.code).toBe(1);
    });
  });

  describe("errors and usage", () => {
    test("usage errors exit 2; a missing key is a usage error; nothing is requested", async () => {
      const before = fetch.calls.length;
      const noName = await cli(["orgs", "create", ...as(platformKey)]);
      expect(noName.code).toBe(2);
      expect(noName.stderr).toMatch(/required option '--name <name>' not specified/);
      const noKey = await cli(["orgs", "list"]);
      expect(noKey.code).toBe(2);
      expect(noKey.stderr).toMatch(/No API key: set GATEHOUSE_API_KEY/);
      const unknown = await cli(["orgz", "list"]);
      expect(unknown.code).toBe(2);
      expect(fetch.calls.length).toBe(before);
    });

    test("an invalid key is an API error (exit 1) and the key is not echoed", async () => {
      const r = await cli(["orgs", "list", ...as("gh_not_a_real_key")]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe("Error: The API key is invalid\n");
    });

    test("connection refused names the URL", async () => {
      const refused = cliRunner({ fetch: async () => { throw new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) }); } });
      const down = await refused(["orgs", "list", "--url", "http://127.0.0.1:9", "--api-key", platformKey]);
      expect(down.code).toBe(1);
      expect(down.stderr).toBe("Cannot reach Gatehouse at http://127.0.0.1:9: is it running?\n");
      // and with the real fetch against a closed local port
      const real = cliRunner({ fetch: (input, init) => globalThis.fetch(input, init) });
      const closed = await real(["orgs", "list", "--url", "http://127.0.0.1:9/", "--api-key", platformKey]);
      expect(closed.code).toBe(1);
      expect(closed.stderr).toBe("Cannot reach Gatehouse at http://127.0.0.1:9: is it running?\n");
    });
  });

  describe("admin create-owner (no HTTP)", () => {
    test("creates a provider owner in the database; a second time is a conflict", async () => {
      const before = fetch.calls.length;
      const r = await cli(["admin", "create-owner", "--email", "root@provider.test", "--password", "correct horse battery staple 1", "--name", "Root", "--json"]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const provider = await providerOrg();
      expect(r.json).toMatchObject({ email: "root@provider.test", orgId: provider.id });
      expect(fetch.calls.length).toBe(before);
      const owners = await cli(["members", "list", provider.id, "--role", "owner", "--json", ...as(platformKey)]);
      expect(owners.json.data.map((m: { email: string }) => m.email)).toContain("root@provider.test");

      const again = await cli(["admin", "create-owner", "--email", "root@provider.test", "--password", "correct horse battery staple 1"]);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/already exists/);
      const weak = await cli(["admin", "create-owner", "--email", "other@provider.test", "--password", "short"]);
      expect(weak.code).toBe(1);
      expect(weak.stderr).toMatch(/- password: /);
    });
  });
});

describe("the bin", () => {
  test("node bin/gatehouse.mjs --help runs the CLI through tsx", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["bin/gatehouse.mjs", "--help"], { cwd: process.cwd(), timeout: 30_000 });
    expect(stdout).toMatch(/^Usage: gatehouse/);
    for (const c of ["orgs", "members", "configs", "api-keys", "admin"]) expect(stdout).toContain(c);
  });
});
