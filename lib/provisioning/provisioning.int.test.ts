import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { identityMappingSetRow, provisioningRow } from "@/lib/db/testing/provisioning-fixtures";
import { auditEvents, createApiKey, createMember, createOrg, providerOrg, resetDb } from "@/lib/db/testing/fixtures";
import { call } from "@/lib/db/testing/http";
import { signInAs, userCtx } from "@/lib/members/test-helpers";
import { orgContextForJob } from "@/lib/auth/org-context";
import * as sso from "@/lib/sso/service";
import * as route from "@/app/api/v1/organizations/[id]/provisioning/route";
import * as verifyRoute from "@/app/api/v1/organizations/[id]/provisioning/verify/route";
import { contractUser } from "@/lib/directory/testing/contract/common";
import { createZitadelContract, type ZitadelContract } from "@/lib/directory/testing/contract/zitadel";
import { createOktaContract } from "@/lib/directory/testing/contract/okta";
import { directoryAdapterFor, getProvisioning, listOrgsWithProvisioningEnabled, verifyProvisioning, FILE_MANAGED_MESSAGE } from "./service";
import { applyConfigFile } from "./file-config";

const MANAGE = ["provisioning:read", "provisioning:manage"];
const SECRET = "s3cr3t-okta-api-token-value";
const ZITADEL_SECRET = "zitadel-secret";
const KEY_JSON = JSON.stringify({ type: "service_account", client_email: "sync@acme.iam.gserviceaccount.com", private_key: "-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA\n-----END PRIVATE KEY-----\n" });

let zitadel: ZitadelContract;
let orgA: { id: string; slug: string };
let orgB: { id: string; slug: string };
let keyA: string;
let keyB: string;
let readA: string;
let tmp: string;

beforeAll(async () => {
  zitadel = await createZitadelContract({
    clientSecret: ZITADEL_SECRET,
    users: [contractUser({ id: "301", email: "ada@acme.com", givenName: "Ada" }), contractUser({ id: "302", email: "bob@acme.com", active: false })],
  });
  tmp = mkdtempSync(path.join(tmpdir(), "gh-provisioning-"));
});
afterAll(async () => {
  await zitadel.close();
  rmSync(tmp, { recursive: true, force: true });
});

beforeEach(async () => {
  await resetDb();
  orgA = await createOrg("Acme");
  orgB = await createOrg("Beta");
  keyA = (await createApiKey(orgA.id, MANAGE)).raw;
  keyB = (await createApiKey(orgB.id, MANAGE)).raw;
  readA = (await createApiKey(orgA.id, ["provisioning:read"])).raw;
});
afterEach(() => {
  signInAs(null);
  delete process.env.GH_TEST_ZITADEL_SECRET;
});

const okta = (over: Record<string, unknown> = {}) => ({ provider: "okta", issuerUrl: "https://acme.okta.com", apiToken: SECRET, enabled: true, ...over });
const zitadelBody = (over: Record<string, unknown> = {}) => ({
  provider: "zitadel", domain: zitadel.domain, serviceAccountClientId: zitadel.clientId, serviceAccountClientSecret: ZITADEL_SECRET, enabled: true, ...over,
});
const put = (orgId: string, key: string, body: unknown) => call(route.PUT, { method: "PUT", params: { id: orgId }, key, body });
const get = (orgId: string, key: string) => call(route.GET, { params: { id: orgId }, key });
const verify = (orgId: string, key: string) => call(verifyRoute.POST, { method: "POST", params: { id: orgId }, key });
const row = provisioningRow;

describe("GET/PUT /provisioning", () => {
  test("saves a configuration; secrets are write-only, encrypted, and never in responses or audit events", async () => {
    expect((await get(orgA.id, keyA)).status).toBe(404);
    const saved = await put(orgA.id, keyA, okta({ clientId: "0oa1", decommissionMaxShare: 0.2 }));
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({
      provider: "okta", enabled: true, issuerUrl: "https://acme.okta.com", clientId: "0oa1", hasApiToken: true, hasClientSecret: false,
      decommissionMaxShare: 0.2, decommissionMinCount: 5, fileManaged: false, verifiedAt: null, lastVerify: null,
    });
    const got = await get(orgA.id, readA);
    expect(got.status).toBe(200);
    expect(got.json).toEqual(saved.json);
    for (const body of [saved.json, got.json]) expect(JSON.stringify(body)).not.toContain(SECRET);

    const stored = await row(orgA.id);
    expect(JSON.stringify(stored!.config)).not.toContain(SECRET);
    expect(stored!.secretsEnc).toBeTruthy();
    expect(stored!.secretsEnc).not.toContain(SECRET);

    const events = await auditEvents(orgA.id, "provisioning.updated");
    expect(events).toHaveLength(1);
    expect(events[0]!.after).toMatchObject({ provider: "okta", hasApiToken: true, created: true, secretsChanged: ["apiToken"] });
    expect(JSON.stringify(events)).not.toContain(SECRET);
  });

  test("omitting a secret keeps it; null removes it (and a required one is then refused); switching provider drops old secrets", async () => {
    await put(orgA.id, keyA, okta());
    const kept = await put(orgA.id, keyA, { provider: "okta", issuerUrl: "https://acme.okta.com", clientId: "changed" });
    expect(kept.status).toBe(200);
    expect(kept.json).toMatchObject({ hasApiToken: true, clientId: "changed", enabled: true });

    const removed = await put(orgA.id, keyA, { provider: "okta", issuerUrl: "https://acme.okta.com", apiToken: null });
    expect(removed.status).toBe(422);
    expect(removed.json.error.issues).toEqual([{ path: "apiToken", message: expect.stringMatching(/apiToken is required/) }]);

    const switched = await put(orgA.id, keyA, { provider: "keycloak", serverUrl: "https://kc.acme.com", realm: "acme", clientId: "sync" });
    expect(switched.status).toBe(422);
    expect(switched.json.error.message).toMatch(/clientSecret is required/);
    const kc = await put(orgA.id, keyA, { provider: "keycloak", serverUrl: "https://kc.acme.com", realm: "acme", clientId: "sync", clientSecret: "kc-secret" });
    expect(kc.json).toMatchObject({ provider: "keycloak", hasClientSecret: true, hasApiToken: false });
    expect(kc.json).not.toHaveProperty("issuerUrl");
    expect(JSON.stringify(await auditEvents(orgA.id))).not.toMatch(/kc-secret|s3cr3t/);
  });

  test("validation errors name the field; SailPoint refuses env references", async () => {
    const bad = await put(orgA.id, keyA, { provider: "sailpoint", product: "isc", tenant: "acme", clientId: "env.SP_ID", clientSecret: "x" });
    expect(bad.status).toBe(422);
    expect(bad.json.error.issues).toEqual([{ path: "clientId", message: "clientId: SailPoint settings take plain values only; env.* references are not supported for SailPoint" }]);
    const unknown = await put(orgA.id, keyA, okta({ scopes: ["openid"] }));
    expect(unknown.status).toBe(422);
    expect(await row(orgA.id)).toBeNull();
  });

  test("mapping arrays are the organization's shared rules: SSO sees them, and a PUT without them keeps them", async () => {
    const rules = [{ attributeType: "group", attributeValue: "Admins", role: "admin" }];
    await put(orgA.id, keyA, okta({ attributeRoleMappings: rules, attributeTeamMappings: [{ attributeType: "user", attributeName: "department", attributeValue: "Sales", team: "Sales" }] }));
    const ctx = await orgContextForJob(orgA.id);
    expect(await sso.mappingSuggestions(ctx)).toBeDefined();
    const shared = await identityMappingSetRow(orgA.id);
    expect(shared!.attributeRoleMappings).toEqual(rules);
    const again = await put(orgA.id, keyA, okta({ clientId: "x" }));
    expect(again.json.attributeRoleMappings).toEqual(rules);
    expect(again.json.attributeTeamMappings).toHaveLength(1);
    expect(await identityMappingSetRow(orgB.id)).toBeNull();
  });

  test("two organizations are isolated: another org's configuration is 404 and stays unchanged", async () => {
    await put(orgA.id, keyA, okta());
    expect((await get(orgA.id, keyB)).status).toBe(404);
    expect((await put(orgA.id, keyB, okta({ issuerUrl: "https://evil.okta.com" }))).status).toBe(404);
    expect((await verify(orgA.id, keyB)).status).toBe(404);
    expect((await get(orgB.id, keyB)).status).toBe(404);
    expect((await row(orgA.id))!.config).toEqual({ issuerUrl: "https://acme.okta.com" });
    expect(await getProvisioning(await orgContextForJob(orgB.id))).toBeNull();
  });

  test("a member reads but cannot write or verify (403); read-only keys likewise", async () => {
    await put(orgA.id, keyA, okta());
    const member = await createMember(orgA.id, "member");
    signInAs(member.user.id);
    expect((await call(route.GET, { params: { id: orgA.id } })).status).toBe(200);
    expect((await call(route.PUT, { method: "PUT", params: { id: orgA.id }, body: okta({ enabled: false }) })).status).toBe(403);
    expect((await call(verifyRoute.POST, { method: "POST", params: { id: orgA.id } })).status).toBe(403);
    signInAs(null);
    expect((await put(orgA.id, readA, okta({ enabled: false }))).status).toBe(403);
    expect((await row(orgA.id))!.enabled).toBe(true);
  });

  test("the scheduler lists only organizations with sync enabled", async () => {
    await put(orgA.id, keyA, okta());
    await put(orgB.id, keyB, okta({ enabled: false }));
    expect(await listOrgsWithProvisioningEnabled()).toEqual([orgA.id]);
  });
});

describe("verify and the adapter", () => {
  test("verify reaches the token and directory endpoints (loopback Zitadel) and stores the result", async () => {
    await put(orgA.id, keyA, zitadelBody());
    const res = await verify(orgA.id, keyA);
    expect(res.status).toBe(200);
    expect(res.json.ok).toBe(true);
    expect(res.json.checks[0]).toEqual({ name: "settings", ok: true });
    expect(res.json.checks.map((c: { name: string }) => c.name)).toEqual(["settings", "Zitadel token", "Zitadel users"]);
    const after = await get(orgA.id, keyA);
    expect(after.json.verifiedAt).not.toBeNull();
    expect(after.json.lastVerify).toMatchObject({ ok: true, checks: res.json.checks });
    expect((await auditEvents(orgA.id, "provisioning.verified"))[0]!.after).toEqual({ ok: true, failed: [] });
  });

  test("Okta (loopback contract server): a good API token verifies; a wrong one fails with Okta's reason", async () => {
    const server = await createOktaContract({ apiToken: "good-token", users: [contractUser({ id: "00u1", email: "ada@acme.com" })] });
    try {
      await put(orgA.id, keyA, okta({ issuerUrl: server.issuerUrl, apiToken: "good-token" }));
      const good = await verify(orgA.id, keyA);
      expect(good.json.ok).toBe(true);
      expect(good.json.checks.length).toBeGreaterThan(1);
      await put(orgA.id, keyA, okta({ issuerUrl: server.issuerUrl, apiToken: "wrong-token" }));
      const bad = await verify(orgA.id, keyA);
      expect(bad.json.ok).toBe(false);
      const failed = bad.json.checks.filter((c: { ok: boolean }) => !c.ok);
      expect(failed.length).toBeGreaterThan(0);
      expect(failed.map((c: { detail?: string }) => c.detail).join(" ")).toMatch(/401|token|credentials/i);
      expect(JSON.stringify(bad.json)).not.toContain("wrong-token");
    } finally {
      await server.close();
    }
  });

  test("wrong credentials: a failed check with the provider's reason; verifiedAt cleared", async () => {
    await put(orgA.id, keyA, zitadelBody({ serviceAccountClientSecret: "wrong" }));
    const res = await verify(orgA.id, keyA);
    expect(res.json.ok).toBe(false);
    const token = res.json.checks.find((c: { name: string }) => c.name === "Zitadel token");
    expect(token).toMatchObject({ ok: false, detail: expect.stringMatching(/invalid_client|401|credentials/i) });
    expect((await get(orgA.id, keyA)).json.verifiedAt).toBeNull();
  });

  test("env references: a missing variable is a failed configuration check naming it; once set, verify passes", async () => {
    await put(orgA.id, keyA, zitadelBody({ serviceAccountClientSecret: "env.GH_TEST_ZITADEL_SECRET" }));
    expect((await get(orgA.id, keyA)).json.hasServiceAccountClientSecret).toBe(true);
    const missing = await verify(orgA.id, keyA);
    expect(missing.json).toEqual({
      ok: false,
      checks: [{ name: "settings", ok: false, detail: "serviceAccountClientSecret references the environment variable GH_TEST_ZITADEL_SECRET, which is not set on the server" }],
    });
    process.env.GH_TEST_ZITADEL_SECRET = ZITADEL_SECRET;
    expect((await verify(orgA.id, keyA)).json.ok).toBe(true);
  });

  test("Google: a bad key is a failed check with its reason", async () => {
    const ctx = await orgContextForJob(orgA.id);
    const keyFile = path.join(tmp, "bad-key.json");
    writeFileSync(keyFile, JSON.stringify({ client_email: "x@y.iam.gserviceaccount.com" }));
    await put(orgA.id, keyA, { provider: "google", domain: "acme.com", adminEmail: "admin@acme.com", credentialMode: "file", serviceAccountFile: keyFile });
    const res = await verifyProvisioning(ctx);
    expect(res).toEqual({ ok: false, checks: [{ name: "settings", ok: false, detail: `The key file ${keyFile}: the key has no private_key in PEM form` }] });
    const inherit = await put(orgA.id, keyA, { provider: "google", domain: "acme.com", adminEmail: "admin@acme.com" });
    expect(inherit.status).toBe(200);
    const noCreds = await verifyProvisioning(ctx, { resolve: { googleApplicationCredentials: undefined } });
    expect(noCreds.checks[0]!.detail).toMatch(/GOOGLE_APPLICATION_CREDENTIALS, which is not set/);
    const pasted = await put(orgA.id, keyA, { provider: "google", domain: "acme.com", adminEmail: "admin@acme.com", serviceAccountJson: KEY_JSON });
    expect(pasted.json).toMatchObject({ hasServiceAccountJson: true, credentialMode: "inherit" });
    expect(JSON.stringify(pasted.json)).not.toContain("PRIVATE KEY");
    expect(JSON.stringify(await auditEvents(orgA.id))).not.toContain("PRIVATE KEY");
  });

  test("directoryAdapterFor: explains what to configure; returns a working adapter and the sync settings", async () => {
    const ctx = await orgContextForJob(orgA.id);
    await expect(directoryAdapterFor(ctx)).rejects.toMatchObject({ code: "invalid_input", message: expect.stringMatching(/not configured/) });
    await put(orgA.id, keyA, zitadelBody({ enabled: false, teamIdsField: "groups", decommissionMinCount: 3 }));
    await expect(directoryAdapterFor(ctx)).rejects.toMatchObject({ code: "invalid_input", message: expect.stringMatching(/turned off/) });
    const { adapter, config } = await directoryAdapterFor(ctx, { requireEnabled: false });
    expect(config).toEqual({ provider: "zitadel", enabled: false, teamIdsField: "groups", decommissionMaxShare: 0.1, decommissionMinCount: 3 });
    const page = await adapter.listUsers({ kind: "all" });
    expect(page.items.map((u) => u.email).sort()).toEqual(["ada@acme.com", "bob@acme.com"]);

    await put(orgA.id, keyA, zitadelBody({ serviceAccountClientSecret: "env.GH_TEST_ZITADEL_SECRET" }));
    await expect(directoryAdapterFor(ctx)).rejects.toMatchObject({ code: "invalid_input", message: expect.stringMatching(/GH_TEST_ZITADEL_SECRET/) });
    // B has nothing: A's configuration is never used for B.
    await expect(directoryAdapterFor(await orgContextForJob(orgB.id))).rejects.toMatchObject({ message: expect.stringMatching(/not configured/) });
  });
});

describe("gatehouse.config.json", () => {
  const quiet = { info: () => {}, warn: () => {}, error: () => {} };
  const writeConfig = (content: unknown) => {
    const file = path.join(tmp, "gatehouse.config.json");
    writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
    return file;
  };

  test("applies the provider organization's and each slug's entry, file-managed; bad entries are skipped with reasons", async () => {
    const provider = await providerOrg();
    const file = writeConfig({
      scim_config: { enabled: true, provider: "okta", config: { issuerUrl: "https://provider.okta.com", apiToken: SECRET } },
      organizations: {
        [orgA.slug]: { scim_config: { enabled: false, provider: "zitadel", config: { domain: zitadel.domain, serviceAccountClientId: "sa", serviceAccountClientSecret: "file-secret", decommissionMaxShare: 0.05 } } },
        [orgB.slug]: { scim_config: { enabled: true, provider: "sailpoint", config: { product: "isc", tenant: "beta", clientId: "env.NOPE", clientSecret: "x" } } },
        "no-such-org": { scim_config: { enabled: true, provider: "okta", config: {} } },
      },
    });
    const logged: { msg: string; fields?: Record<string, unknown> }[] = [];
    const result = await applyConfigFile({ path: file, logger: { ...quiet, error: (msg, fields) => logged.push({ msg, fields }) } });
    expect(result.entries).toEqual([
      { entry: "scim_config", orgId: provider.id, status: "applied" },
      { entry: `organizations.${orgA.slug}.scim_config`, orgId: orgA.id, status: "applied" },
      { entry: `organizations.${orgB.slug}.scim_config`, orgId: orgB.id, status: "skipped", errors: [`organizations.${orgB.slug}.scim_config.config.clientId: clientId: SailPoint settings take plain values only; env.* references are not supported for SailPoint`] },
      { entry: "organizations.no-such-org.scim_config", status: "skipped", errors: ['no organization has the slug "no-such-org"'] },
    ]);
    expect(logged.map((l) => l.msg)).toEqual([`gatehouse.config.json: organizations.${orgB.slug}.scim_config skipped`, "gatehouse.config.json: organizations.no-such-org.scim_config skipped"]);

    const a = await row(orgA.id);
    expect(a).toMatchObject({ provider: "zitadel", enabled: false, fileManaged: true, decommissionMaxShare: 0.05 });
    expect(a!.secretsEnc).not.toContain("file-secret");
    expect((await row(provider.id))!.fileManaged).toBe(true);
    expect(await row(orgB.id)).toBeNull();
    expect(JSON.stringify(await auditEvents(orgA.id))).not.toContain("file-secret");

    // File-managed: the API refuses changes (409) and says why; the UI shows the same flag.
    const refused = await put(orgA.id, keyA, zitadelBody());
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toBe(FILE_MANAGED_MESSAGE);
    expect((await get(orgA.id, keyA)).json).toMatchObject({ fileManaged: true, hasServiceAccountClientSecret: true });

    // A restart with the same file writes nothing new.
    const before = (await auditEvents(orgA.id, "provisioning.updated")).length;
    const again = await applyConfigFile({ path: file, logger: quiet });
    expect(again.entries[1]).toMatchObject({ status: "unchanged" });
    expect((await auditEvents(orgA.id, "provisioning.updated")).length).toBe(before);

    // Removed from the file: editable again, settings kept.
    writeConfig({ scim_config: { enabled: true, provider: "okta", config: { issuerUrl: "https://provider.okta.com", apiToken: SECRET } } });
    const released = await applyConfigFile({ path: file, logger: quiet });
    expect(released.released).toEqual([orgA.id]);
    expect(await row(orgA.id)).toMatchObject({ provider: "zitadel", fileManaged: false });
    expect((await put(orgA.id, keyA, zitadelBody())).status).toBe(200);
  });

  test("a malformed file changes nothing and never throws; a missing file releases everything", async () => {
    const provider = await providerOrg();
    const file = writeConfig({ scim_config: { enabled: true, provider: "okta", config: { issuerUrl: "https://provider.okta.com", apiToken: SECRET } } });
    await applyConfigFile({ path: file, logger: quiet });
    writeConfig("{ not json");
    const errors: string[] = [];
    const bad = await applyConfigFile({ path: file, logger: { ...quiet, error: (m) => errors.push(m) } });
    expect(bad.entries).toEqual([]);
    expect(errors).toEqual(["gatehouse.config.json is not valid JSON; provisioning settings left as they are"]);
    expect((await row(provider.id))!.fileManaged).toBe(true);

    const wrongShape = await applyConfigFile({ path: writeConfig({ scim_config: { provider: "okta" } }), logger: quiet });
    expect(wrongShape.entries[0]).toMatchObject({ status: "skipped", errors: expect.arrayContaining([expect.stringMatching(/scim_config.config/)]) });
    expect((await row(provider.id))!.fileManaged).toBe(true);

    const gone = await applyConfigFile({ path: path.join(tmp, "missing.json"), logger: quiet });
    expect(gone).toMatchObject({ found: false, released: [provider.id] });
    expect((await row(provider.id))!.fileManaged).toBe(false);
  });

  test("a user context of another organization cannot see a file-managed row", async () => {
    const file = writeConfig({ organizations: { [orgA.slug]: { scim_config: { enabled: true, provider: "okta", config: { issuerUrl: "https://a.okta.com", apiToken: SECRET } } } } });
    await applyConfigFile({ path: file, logger: quiet });
    const adminB = await createMember(orgB.id, "admin");
    expect(await getProvisioning(await userCtx(adminB.user.id, orgB.id))).toBeNull();
    await expect(userCtx(adminB.user.id, orgA.id)).rejects.toMatchObject({ code: "not_found" });
  });
});
