import { describe, expect, test } from "vitest";
import { checkEndpointUrl, createOAuthConnectionSchema, putOAuthConnectionSchema } from "./schemas";

describe("checkEndpointUrl", () => {
  test("https is always allowed", () => {
    expect(checkEndpointUrl("https://acme.okta.com/oauth2/v1/token", true)).toBeNull();
  });
  test("http only for loopback hosts in production", () => {
    expect(checkEndpointUrl("http://idp.example.com/token", true)).toMatch(/https/);
    expect(checkEndpointUrl("http://localhost:8080/token", true)).toBeNull();
    expect(checkEndpointUrl("http://127.0.0.1/token", true)).toBeNull();
    expect(checkEndpointUrl("http://[::1]:9000/token", true)).toBeNull();
    expect(checkEndpointUrl("http://localhost.evil.com/token", true)).toMatch(/https/);
  });
  test("http anywhere outside production", () => {
    expect(checkEndpointUrl("http://idp.internal/token", false)).toBeNull();
  });
  test("other schemes and relative URLs are refused", () => {
    for (const u of ["ftp://idp.example.com", "javascript:alert(1)", "/oauth/token", "idp.example.com", "file:///etc/passwd"]) {
      expect(checkEndpointUrl(u, false), u).not.toBeNull();
    }
  });
});

describe("OAuth connection schemas", () => {
  const base = { provider: "okta", clientId: "0oa123" };
  test("defaults scopes, keeps the secret optional", () => {
    const r = putOAuthConnectionSchema.parse(base);
    expect(r.scopes).toEqual([]);
    expect(r.clientSecret).toBeUndefined();
  });
  test("rejects unknown providers, unknown fields and scopes with spaces", () => {
    expect(putOAuthConnectionSchema.safeParse({ ...base, provider: "myspace" }).success).toBe(false);
    expect(putOAuthConnectionSchema.safeParse({ ...base, secret: "x" }).success).toBe(false);
    expect(putOAuthConnectionSchema.safeParse({ ...base, scopes: ["openid profile"] }).success).toBe(false);
    expect(createOAuthConnectionSchema.safeParse({ ...base, name: "Okta Main" }).success).toBe(false);
  });
});

describe("oauthConnectionFormSchema", () => {
  const form = {
    name: "okta-main", provider: "okta" as const, clientId: "0oa1", clientSecret: "", removeClientSecret: false,
    scopes: "openid  email,profile", issuer: " https://acme.okta.com ", authorizationUrl: "", tokenUrl: "", userinfoUrl: "", jwksUrl: "",
  };
  test("maps the dialog's text inputs to the API shape", async () => {
    const { oauthConnectionFormSchema } = await import("./schemas");
    expect(oauthConnectionFormSchema.parse(form)).toEqual({
      name: "okta-main", provider: "okta", clientId: "0oa1", clientSecret: undefined, scopes: ["openid", "email", "profile"],
      issuer: "https://acme.okta.com", authorizationUrl: null, tokenUrl: null, userinfoUrl: null, jwksUrl: null,
    });
    expect(oauthConnectionFormSchema.parse({ ...form, clientSecret: "s" }).clientSecret).toBe("s");
    expect(oauthConnectionFormSchema.parse({ ...form, clientSecret: "s", removeClientSecret: true }).clientSecret).toBeNull();
    const bad = oauthConnectionFormSchema.safeParse({ ...form, tokenUrl: "ftp://x" });
    expect(bad.error?.issues[0]?.path).toEqual(["tokenUrl"]);
  });
});
