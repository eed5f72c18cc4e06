import { describe, expect, test } from "vitest";
import { provisioningConfigFormSchema, provisioningConfigSchema } from "./schemas";

const KEY = JSON.stringify({ type: "service_account", client_email: "sync@acme.iam.gserviceaccount.com", private_key: "-----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY-----\n" });

const parse = (v: unknown) => provisioningConfigSchema.safeParse(v);
const messages = (v: unknown) => {
  const r = parse(v);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("provisioningConfigSchema", () => {
  test("okta: fields, defaults for the safety thresholds, env references allowed", () => {
    const r = parse({ provider: "okta", issuerUrl: "https://acme.okta.com", clientId: "env.OKTA_CLIENT", apiToken: "env.OKTA_TOKEN" });
    expect(r.success).toBe(true);
    expect(r.data).toMatchObject({ provider: "okta", issuerUrl: "https://acme.okta.com", apiToken: "env.OKTA_TOKEN", decommissionMaxShare: 0.1, decommissionMinCount: 5 });
    expect(r.data!.enabled).toBeUndefined();
    expect(r.data!.attributeRoleMappings).toBeUndefined();
  });

  test("unknown fields and unknown providers are refused", () => {
    expect(messages({ provider: "okta", issuerUrl: "https://acme.okta.com", audience: "x" }).join()).toMatch(/audience|Unrecognized/i);
    expect(messages({ provider: "onelogin" }).join()).toMatch(/provider must be one of okta, entra, keycloak, zitadel, google, sailpoint/);
  });

  test("entra: tenant id or domain, cloud enum, common refused", () => {
    expect(parse({ provider: "entra", tenantId: "contoso.onmicrosoft.com", clientId: "c", clientSecret: "s", cloud: "gcc-high" }).success).toBe(true);
    expect(messages({ provider: "entra", tenantId: "common", clientId: "c" }).join()).toMatch(/tenantId/);
    expect(messages({ provider: "entra", tenantId: "contoso.com", clientId: "c", cloud: "china" }).join()).toMatch(/cloud must be commercial, gcc-high or dod/);
  });

  test("keycloak: serverUrl without /realms", () => {
    expect(messages({ provider: "keycloak", serverUrl: "https://kc.example.com/realms/acme", realm: "acme", clientId: "c" }).join()).toMatch(/without \/realms/);
    expect(parse({ provider: "keycloak", serverUrl: "https://kc.example.com", realm: "acme", clientId: "sync" }).success).toBe(true);
  });

  test("zitadel: a host or a base URL", () => {
    expect(parse({ provider: "zitadel", domain: "acme.zitadel.cloud", serviceAccountClientId: "sa" }).success).toBe(true);
    expect(parse({ provider: "zitadel", domain: "http://127.0.0.1:8080", serviceAccountClientId: "sa" }).success).toBe(true);
    expect(messages({ provider: "zitadel", domain: "https://acme.zitadel.cloud/oauth", serviceAccountClientId: "sa" }).join()).toMatch(/domain/);
  });

  test("google: credentialMode decides which field is required; a pasted key must be a service account key", () => {
    const base = { provider: "google", domain: "acme.com", adminEmail: "admin@acme.com" };
    expect(parse(base).data).toMatchObject({ credentialMode: "inherit" });
    expect(messages({ ...base, credentialMode: "env" })).toEqual(['serviceAccountEnvVar: serviceAccountEnvVar is required with credentialMode "env" (the variable that holds the key JSON)']);
    expect(messages({ ...base, credentialMode: "file" }).join()).toMatch(/serviceAccountFile is required/);
    expect(parse({ ...base, credentialMode: "env", serviceAccountEnvVar: "GOOGLE_SA" }).success).toBe(true);
    expect(parse({ ...base, serviceAccountJson: KEY }).success).toBe(true);
    expect(messages({ ...base, serviceAccountJson: "{not json" }).join()).toMatch(/not valid JSON/);
    expect(messages({ ...base, serviceAccountJson: JSON.stringify({ private_key: "x" }) }).join()).toMatch(/client_email/);
    expect(messages({ ...base, serviceAccountJson: "env.GOOGLE_KEY" }).join()).toMatch(/credentialMode "env"/);
    expect(messages({ ...base, adminEmail: "not-an-email" }).join()).toMatch(/adminEmail must be an email/);
  });

  test("sailpoint: plain values only, per-product requirements", () => {
    expect(parse({ provider: "sailpoint", product: "isc", tenant: "acme", clientId: "id", clientSecret: "s" }).success).toBe(true);
    const env = messages({ provider: "sailpoint", product: "isc", tenant: "acme", clientId: "env.SP_ID", clientSecret: "env.SP_SECRET" });
    expect(env).toEqual([
      "clientId: clientId: SailPoint settings take plain values only; env.* references are not supported for SailPoint",
      "clientSecret: clientSecret: SailPoint settings take plain values only; env.* references are not supported for SailPoint",
    ]);
    expect(messages({ provider: "sailpoint", product: "isc" }).join()).toMatch(/tenant is required.*clientId is required/);
    expect(messages({ provider: "sailpoint", product: "iiq" }).join()).toMatch(/baseUrl is required.*username/);
    expect(parse({ provider: "sailpoint", product: "iiq", baseUrl: "https://iiq.acme.com/identityiq/scim/v2", username: "spadmin", password: "p" }).success).toBe(true);
  });

  test("secrets: blank keeps (undefined), null removes", () => {
    const base = { provider: "okta", issuerUrl: "https://acme.okta.com" };
    const token = (v: unknown) => (parse({ ...base, apiToken: v }).data as { apiToken?: string | null }).apiToken;
    expect(token("")).toBeUndefined();
    expect(token(null)).toBeNull();
    expect(token("abc")).toBe("abc");
  });

  test("safety thresholds: 0 < share ≤ 1, whole non-negative counts, strings from forms coerced", () => {
    const base = { provider: "okta", issuerUrl: "https://acme.okta.com" };
    expect(messages({ ...base, decommissionMaxShare: 0 }).join()).toMatch(/greater than 0/);
    expect(messages({ ...base, decommissionMaxShare: 1.5 }).join()).toMatch(/at most 1/);
    expect(messages({ ...base, decommissionMinCount: 2.5 }).join()).toMatch(/whole number/);
    expect(parse({ ...base, decommissionMaxShare: "0.25", decommissionMinCount: "10" }).data).toMatchObject({ decommissionMaxShare: 0.25, decommissionMinCount: 10 });
    expect(parse({ ...base, decommissionMaxShare: 1 }).success).toBe(true);
  });

  test("mapping arrays are the shared rules and refuse env references", () => {
    const base = { provider: "okta", issuerUrl: "https://acme.okta.com" };
    expect(parse({ ...base, attributeRoleMappings: [{ attributeType: "group", attributeValue: "Admins", role: "admin" }] }).success).toBe(true);
    expect(messages({ ...base, attributeTeamMappings: [{ attributeType: "group", attributeValue: "env.X", team: "t" }] }).join()).toMatch(/cannot reference environment variables/);
  });

  test("the form schema validates only the chosen provider's keys", () => {
    const form = { provider: "keycloak", serverUrl: "https://kc.example.com", realm: "acme", clientId: "sync", issuerUrl: "", tenantId: "garbage", apiToken: "", enabled: true };
    const r = provisioningConfigFormSchema.safeParse(form);
    expect(r.success).toBe(true);
    expect(r.data).not.toHaveProperty("tenantId");
  });
});
