import { describe, expect, test } from "vitest";
import { deriveIssuer, defaultRolesField, issuerMatches, resolveConfig, tenantOfIssuer, ENTRA_AUTHORITY_HOSTS, type StoredConfig } from "./config";
import { ssoConfigSchema } from "./schemas";
import { redactClaims, newTraceId, TRACE_ID } from "./failures";
import { decideRole, ssoKnownRoles } from "./assign";

const env = (vars: Record<string, string>) => (name: string) => vars[name];
const stored = (provider: StoredConfig["provider"], config: Record<string, unknown>, secrets = { clientSecret: "s" }): StoredConfig => ({ provider, config, secrets });

describe("RFC 9207 iss against a {tenantid} template", () => {
  const T = "https://login.microsoftonline.com/{tenantid}/v2.0";
  const tid = "72F988BF-86F1-41AF-91AB-2D7CD011DB47";
  test("a GUID in the slot is that tenant; anything else is not an instance of the template", () => {
    expect(tenantOfIssuer(T, `https://login.microsoftonline.com/${tid}/v2.0`)).toBe(tid.toLowerCase());
    expect(tenantOfIssuer(T, T)).toBeNull();
    expect(tenantOfIssuer(T, "https://login.microsoftonline.com/common/v2.0")).toBeNull();
    expect(tenantOfIssuer(T, `https://login.microsoftonline.com/${tid}/v2.0/`)).toBeNull();
    expect(tenantOfIssuer(T, `https://login.microsoftonlineXcom/${tid}/v2.0`)).toBeNull(); // dots are literal
    expect(tenantOfIssuer(T, `https://evil.example/${tid}/v2.0`)).toBeNull();
    expect(tenantOfIssuer(T, `https://login.microsoftonline.com/${tid}/v2.0?x`)).toBeNull();
    expect(tenantOfIssuer("https://id.acme.com", "https://id.acme.com")).toBeNull(); // no template: never rewritten
  });

  test("allowed tenants: parsed for multi-tenant entra only, validated as GUIDs", () => {
    const a = "11111111-2222-3333-4444-555555555555";
    const b = "99999999-8888-7777-6666-555555555555";
    const r = resolveConfig(stored("entra", { tenantId: "common", clientId: "c", allowedTenants: `${a}, ${b.toUpperCase()}` }), env({}), { requireHttps: true });
    expect(r.ok && r.value.allowedTenants).toEqual([a, b]);
    const single = resolveConfig(stored("entra", { tenantId: a, clientId: "c", allowedTenants: b }), env({}), { requireHttps: true });
    expect(single.ok && single.value.allowedTenants).toBeNull();
    expect(ssoConfigSchema.safeParse({ provider: "entra", tenantId: "common", clientId: "c", clientSecret: "s", allowedTenants: "acme.com" }).success).toBe(false);
    expect(ssoConfigSchema.safeParse({ provider: "entra", tenantId: "common", clientId: "c", clientSecret: "s", allowedTenants: ` ${a} ${b} ` }).success).toBe(true);
  });
});

describe("issuer per provider", () => {
  test("okta, keycloak, zitadel, google, oidc", () => {
    expect(deriveIssuer("okta", { issuerUrl: "https://acme.okta.com/oauth2/default/" })).toBe("https://acme.okta.com/oauth2/default");
    expect(deriveIssuer("keycloak", { serverUrl: "https://kc.acme.com/", realm: "staff" })).toBe("https://kc.acme.com/realms/staff");
    expect(deriveIssuer("zitadel", { domain: "Acme.Zitadel.Cloud" })).toBe("https://acme.zitadel.cloud");
    expect(deriveIssuer("google", { domain: "acme.com" })).toBe("https://accounts.google.com");
    expect(deriveIssuer("oidc", { issuer: "https://id.acme.com/" })).toBe("https://id.acme.com");
  });

  test("entra: one authority host per cloud (Microsoft national clouds), common as a tenant template", () => {
    const tid = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    expect(ENTRA_AUTHORITY_HOSTS).toEqual({ commercial: "login.microsoftonline.com", "gcc-high": "login.microsoftonline.us", dod: "login.microsoftonline.us" });
    expect(deriveIssuer("entra", { tenantId: tid, cloud: "commercial" })).toBe(`https://login.microsoftonline.com/${tid}/v2.0`);
    expect(deriveIssuer("entra", { tenantId: tid, cloud: "gcc-high" })).toBe(`https://login.microsoftonline.us/${tid}/v2.0`);
    expect(deriveIssuer("entra", { tenantId: tid, cloud: "dod" })).toBe(`https://login.microsoftonline.us/${tid}/v2.0`);
    expect(deriveIssuer("entra", { tenantId: "common" })).toBe("https://login.microsoftonline.com/{tenantid}/v2.0");
    expect(issuerMatches("https://login.microsoftonline.com/{tenantid}/v2.0", `https://login.microsoftonline.com/${tid}/v2.0`, tid)).toBe(true);
    expect(issuerMatches("https://login.microsoftonline.com/{tenantid}/v2.0", `https://login.microsoftonline.com/${tid}/v2.0`, undefined)).toBe(false);
  });
});

describe("resolveConfig", () => {
  test("env.VAR_NAME values are read at use; a missing one is a configuration issue naming field and variable", () => {
    const s = stored("okta", { issuerUrl: "env.OKTA_ISSUER", clientId: "env.OKTA_CLIENT" }, { clientSecret: "env.OKTA_SECRET" });
    const ok = resolveConfig(s, env({ OKTA_ISSUER: "https://acme.okta.com", OKTA_CLIENT: "c1", OKTA_SECRET: "sh" }), { requireHttps: true });
    expect(ok).toMatchObject({ ok: true, value: { issuer: "https://acme.okta.com", clientId: "c1", clientSecret: "sh", audiences: ["c1"] } });
    const missing = resolveConfig(s, env({ OKTA_ISSUER: "https://acme.okta.com", OKTA_CLIENT: "c1" }), { requireHttps: true });
    expect(missing).toEqual({ ok: false, issues: [{ path: "clientSecret", message: expect.stringContaining("OKTA_SECRET") }] });
  });

  test("outside development issuers and endpoints must be https", () => {
    const s = stored("oidc", { issuer: "http://127.0.0.1:4000", clientId: "c" });
    expect(resolveConfig(s, env({}), { requireHttps: false }).ok).toBe(true);
    const r = resolveConfig(s, env({}), { requireHttps: true });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]!.message).toContain("https");
    const viaEnv = resolveConfig(stored("okta", { issuerUrl: "env.ISS", clientId: "c" }), env({ ISS: "http://plain.example" }), { requireHttps: true });
    expect(viaEnv.ok).toBe(false);
  });

  test("audience override replaces the client id; entra adds appIdUri; google keeps hd; zitadel asks for its project audience", () => {
    expect(resolveConfig(stored("oidc", { issuer: "https://i.example", clientId: "c", audience: "api://x" }), env({}), { requireHttps: true })).toMatchObject({ value: { audiences: ["api://x"] } });
    expect(resolveConfig(stored("entra", { tenantId: "common", clientId: "c", appIdUri: "api://gatehouse" }), env({}), { requireHttps: true })).toMatchObject({
      value: { audiences: ["c", "api://gatehouse"], discoveryUrl: "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration" },
    });
    expect(resolveConfig(stored("google", { domain: "Acme.com", clientId: "c" }), env({}), { requireHttps: true })).toMatchObject({ value: { hostedDomain: "acme.com" } });
    const z = resolveConfig(stored("zitadel", { domain: "acme.zitadel.cloud", clientId: "c", projectId: "123" }), env({}), { requireHttps: true });
    expect(z).toMatchObject({ value: { extraScopes: ["urn:zitadel:iam:org:project:id:123:aud"], zitadelProjectId: "123" } });
    if (z.ok) expect(defaultRolesField(z.value)).toBe("urn:zitadel:iam:org:project:123:roles");
  });

  test("explicit endpoints skip discovery", () => {
    const r = resolveConfig(
      stored("oidc", { issuer: "https://i.example", clientId: "c", authorizationEndpoint: "https://i.example/a", tokenEndpoint: "https://i.example/t", jwksUri: "https://i.example/k" }),
      env({}),
      { requireHttps: true },
    );
    expect(r).toMatchObject({ ok: true, value: { explicitEndpoints: { authorization_endpoint: "https://i.example/a", token_endpoint: "https://i.example/t", jwks_uri: "https://i.example/k" } } });
  });
});

describe("ssoConfigSchema", () => {
  const base = { clientId: "c", clientSecret: "s" };
  test("discriminated on provider with each provider's fields; shared defaults", () => {
    const r = ssoConfigSchema.parse({ provider: "entra", tenantId: "common", ...base });
    expect(r).toMatchObject({ provider: "entra", cloud: "commercial", userIdField: "sub", scopes: ["openid", "profile", "email", "offline_access"], attributeRoleMappings: [] });
    expect(ssoConfigSchema.safeParse({ provider: "entra", tenantId: "x y", ...base }).success).toBe(false);
    expect(ssoConfigSchema.safeParse({ provider: "entra", tenantId: "common", cloud: "china", ...base }).success).toBe(false);
    expect(ssoConfigSchema.safeParse({ provider: "zitadel", domain: "https://acme.zitadel.cloud", ...base }).success).toBe(false);
    expect(ssoConfigSchema.safeParse({ provider: "okta", issuerUrl: "ftp://x", ...base }).success).toBe(false);
    // A field of another provider is unknown here (strict objects).
    expect(ssoConfigSchema.safeParse({ provider: "google", domain: "acme.com", tenantId: "common", ...base }).success).toBe(false);
  });

  test("scopes: a string or a list, must include openid", () => {
    expect(ssoConfigSchema.parse({ provider: "google", domain: "acme.com", ...base, scopes: "openid email, profile" }).scopes).toEqual(["openid", "email", "profile"]);
    expect(ssoConfigSchema.safeParse({ provider: "google", domain: "acme.com", ...base, scopes: ["email"] }).success).toBe(false);
  });

  test("oidc: explicit endpoints come as a set", () => {
    const partial = ssoConfigSchema.safeParse({ provider: "oidc", issuer: "https://i.example", tokenEndpoint: "https://i.example/t", ...base });
    expect(partial.success).toBe(false);
    if (!partial.success) expect(partial.error.issues.map((i) => i.path.join("."))).toEqual(expect.arrayContaining(["authorizationEndpoint", "jwksUri"]));
  });

  test("env references are allowed in values, never in mapping rules", () => {
    expect(ssoConfigSchema.safeParse({ provider: "okta", issuerUrl: "env.OKTA_ISSUER", clientId: "env.OKTA_ID", clientSecret: "env.OKTA_SECRET" }).success).toBe(true);
    expect(ssoConfigSchema.safeParse({ provider: "okta", issuerUrl: "https://a.okta.com", ...base, attributeRoleMappings: [{ attributeType: "group", attributeValue: "env.ADMINS", role: "admin" }] }).success).toBe(false);
  });
});

describe("role decisions and redaction", () => {
  test("SSO never knows owner", () => {
    expect(ssoKnownRoles([{ name: "owner", rank: 100 }, { name: "developer", rank: 30 }]).map((r) => r.name)).toEqual(["admin", "member", "developer"]);
  });

  test("decideRole: deny, first user admin, default role, non-SSO memberships keep their role", () => {
    const assigned = { teams: [], businessUnits: [], matchedTeamRules: [], matchedBusinessUnitRules: [], warnings: [] };
    const mapped = { outcome: "mapped" as const, role: "member", roleSource: "rule" as const, matchedRule: 0, ...assigned };
    const none = { outcome: "no-mappings" as const, ...assigned };
    expect(decideRole({ outcome: "no-match", warnings: [] }, null, { defaultRole: "member", hasSsoMembers: false })).toEqual({ kind: "deny" });
    expect(decideRole(none, null, { defaultRole: "viewer", hasSsoMembers: false })).toMatchObject({ role: "admin", why: "first-sso-user" });
    expect(decideRole(none, null, { defaultRole: "viewer", hasSsoMembers: true })).toMatchObject({ role: "viewer", why: "default-role" });
    expect(decideRole(mapped, { role: "owner", source: "manual" }, { defaultRole: "member", hasSsoMembers: true })).toMatchObject({ kind: "keep", role: "owner" });
    expect(decideRole(mapped, { role: "admin", source: "sso" }, { defaultRole: "member", hasSsoMembers: true })).toMatchObject({ kind: "assign", role: "member" });
    expect(decideRole(none, { role: "admin", source: "sso" }, { defaultRole: "member", hasSsoMembers: true })).toMatchObject({ kind: "keep", role: "admin" });
  });

  test("redactClaims drops nonces and hashes but keeps what explains a failure", () => {
    const r = redactClaims({ iss: "i", aud: "a", exp: 1, nonce: "n", at_hash: "h", sid: "s", email: "e", groups: ["g"] });
    expect(r).toEqual({ iss: "i", aud: "a", exp: 1, email: "e", groups: ["g"] });
  });

  test("trace ids are short and unambiguous", () => {
    for (let i = 0; i < 50; i++) expect(newTraceId()).toMatch(TRACE_ID);
  });
});
