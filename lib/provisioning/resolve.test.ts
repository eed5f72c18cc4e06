import { describe, expect, test } from "vitest";
import { resolveProvisioning, type ResolveDeps } from "./resolve";

const KEY = { type: "service_account", client_email: "sync@acme.iam.gserviceaccount.com", private_key: "-----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY-----\n" };

function deps(over: Partial<ResolveDeps> & { env?: Record<string, string>; files?: Record<string, string> } = {}): ResolveDeps {
  const { env = {}, files = {}, ...rest } = over;
  return {
    lookup: (n) => env[n],
    requireHttps: false,
    readFile: (p) => {
      if (p in files) return files[p]!;
      throw Object.assign(new Error("nope"), { code: "ENOENT" });
    },
    ...rest,
  };
}

describe("resolveProvisioning", () => {
  test("okta: env references resolved in the fields that allow them", () => {
    const r = resolveProvisioning(
      { provider: "okta", config: { issuerUrl: "env.OKTA_URL", clientId: "c" }, secrets: { apiToken: "env.OKTA_TOKEN" } },
      deps({ env: { OKTA_URL: "https://acme.okta.com/", OKTA_TOKEN: "00abc" } }),
    );
    expect(r).toEqual({ ok: true, value: { provider: "okta", issuerUrl: "https://acme.okta.com", clientId: "c", clientSecret: undefined, apiToken: "00abc" } });
  });

  test("a missing variable names the field and the variable", () => {
    const r = resolveProvisioning({ provider: "keycloak", config: { serverUrl: "https://kc", realm: "acme", clientId: "c" }, secrets: { clientSecret: "env.KC_SECRET" } }, deps());
    expect(r).toEqual({ ok: false, issues: [{ path: "clientSecret", message: "clientSecret references the environment variable KC_SECRET, which is not set on the server" }] });
  });

  test("https outside development", () => {
    const stored = { provider: "keycloak" as const, config: { serverUrl: "http://kc.example.com", realm: "acme", clientId: "c" }, secrets: { clientSecret: "s" } };
    expect(resolveProvisioning(stored, deps()).ok).toBe(true);
    const r = resolveProvisioning(stored, deps({ requireHttps: true }));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues[0]!.message).toMatch(/serverUrl must use https outside development/);
  });

  test("sailpoint values are never treated as env references", () => {
    const r = resolveProvisioning({ provider: "sailpoint", config: { product: "isc", tenant: "acme", clientId: "env.X" }, secrets: { clientSecret: "s" } }, deps({ env: { X: "resolved" } }));
    expect(r.ok && r.value).toMatchObject({ provider: "sailpoint", product: "isc", clientId: "env.X" });
  });

  describe("google credentials", () => {
    const base = { domain: "Acme.com", adminEmail: "admin@acme.com" };
    test("a stored key wins", () => {
      const r = resolveProvisioning({ provider: "google", config: { ...base, credentialMode: "file", serviceAccountFile: "/nope" }, secrets: { serviceAccountJson: JSON.stringify(KEY) } }, deps());
      expect(r.ok && r.value).toMatchObject({ provider: "google", domain: "acme.com", serviceAccount: { client_email: KEY.client_email } });
    });
    test("inherit reads GOOGLE_APPLICATION_CREDENTIALS; unset is a clear failure", () => {
      const ok = resolveProvisioning({ provider: "google", config: { ...base, credentialMode: "inherit" }, secrets: {} }, deps({ googleApplicationCredentials: "/keys/sa.json", files: { "/keys/sa.json": JSON.stringify(KEY) } }));
      expect(ok.ok).toBe(true);
      const unset = resolveProvisioning({ provider: "google", config: { ...base, credentialMode: "inherit" }, secrets: {} }, deps());
      expect(!unset.ok && unset.issues[0]!.message).toMatch(/GOOGLE_APPLICATION_CREDENTIALS, which is not set/);
    });
    test("env: the named variable holds the JSON; a bad key says why", () => {
      const good = resolveProvisioning({ provider: "google", config: { ...base, credentialMode: "env", serviceAccountEnvVar: "SA" }, secrets: {} }, deps({ env: { SA: JSON.stringify(KEY) } }));
      expect(good.ok).toBe(true);
      const bad = resolveProvisioning({ provider: "google", config: { ...base, credentialMode: "env", serviceAccountEnvVar: "SA" }, secrets: {} }, deps({ env: { SA: "{\"client_email\":\"x\"}" } }));
      expect(bad).toEqual({ ok: false, issues: [{ path: "serviceAccountEnvVar", message: "The environment variable SA: the key has no private_key in PEM form" }] });
      const missing = resolveProvisioning({ provider: "google", config: { ...base, credentialMode: "env", serviceAccountEnvVar: "SA" }, secrets: {} }, deps());
      expect(!missing.ok && missing.issues[0]!.message).toBe("serviceAccountEnvVar names SA, which is not set on the server");
    });
    test("file: unreadable and malformed files are reported", () => {
      const gone = resolveProvisioning({ provider: "google", config: { ...base, credentialMode: "file", serviceAccountFile: "/keys/x.json" }, secrets: {} }, deps());
      expect(!gone.ok && gone.issues[0]!.message).toBe("The key file /keys/x.json cannot be read (ENOENT)");
      const junk = resolveProvisioning({ provider: "google", config: { ...base, credentialMode: "file", serviceAccountFile: "/k" }, secrets: {} }, deps({ files: { "/k": "junk" } }));
      expect(!junk.ok && junk.issues[0]!.message).toMatch(/The key file \/k: the key is not valid JSON/);
    });
  });
});
