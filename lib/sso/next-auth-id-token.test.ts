import { describe, expect, test } from "vitest";
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT } from "jose";
import * as o from "oauth4webapi";
import { issuerMatches } from "./config";
import { conformTokenResponse, needsIdTokenShadow, shadowIdToken } from "./next-auth-id-token";
import { JwksCache } from "./jwks";
import { validateIdToken } from "./id-token";

const TEMPLATE = "https://login.microsoftonline.com/{tenantid}/v2.0";
const TID_X = "11111111-2222-3333-4444-555555555555";
const TID_Y = "99999999-8888-7777-6666-555555555555";
const issFor = (tid: string) => `https://login.microsoftonline.com/${tid}/v2.0`;

async function signer() {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256", use: "sig" };
  const sign = (claims: Record<string, unknown>) =>
    new SignJWT({ sub: "u-1", nonce: "n-1", ...claims }).setProtectedHeader({ alg: "RS256", kid: "k1" }).setIssuedAt().setExpirationTime("5m").sign(privateKey);
  return { sign, cache: new JwksCache({ fetch: async () => ({ keys: [jwk] }), cooldownMs: 0 }) };
}

describe("needsIdTokenShadow", () => {
  test("only multi-tenant issuers and audiences other than the client id", () => {
    expect(needsIdTokenShadow({ issuer: "https://login.microsoftonline.com/" + TID_X + "/v2.0", audiences: ["app"], clientId: "app" })).toBe(false);
    expect(needsIdTokenShadow({ issuer: "https://acme.okta.com", audiences: ["app"], clientId: "app" })).toBe(false);
    expect(needsIdTokenShadow({ issuer: TEMPLATE, audiences: ["app"], clientId: "app" })).toBe(true);
    expect(needsIdTokenShadow({ issuer: "https://acme.okta.com", audiences: ["api://gatehouse"], clientId: "app" })).toBe(true);
    expect(needsIdTokenShadow({ issuer: "https://acme.okta.com", audiences: ["app", "api://gatehouse"], clientId: "app" })).toBe(true);
  });
});

describe("issuerMatches with the {tenantid} template (the rule our validator enforces)", () => {
  test("iss must be the authority host + the token's own tid", () => {
    expect(issuerMatches(TEMPLATE, issFor(TID_X), TID_X)).toBe(true);
    expect(issuerMatches(TEMPLATE, issFor(TID_Y), TID_X)).toBe(false); // iss names another tenant than tid
    expect(issuerMatches(TEMPLATE, `https://evil.example/${TID_X}/v2.0`, TID_X)).toBe(false);
    expect(issuerMatches(TEMPLATE, TEMPLATE, "{tenantid}")).toBe(false);
    expect(issuerMatches(TEMPLATE, issFor(TID_X), "not-a-guid")).toBe(false);
    expect(issuerMatches("https://login.microsoftonline.us/{tenantid}/v2.0", issFor(TID_X), TID_X)).toBe(false); // other cloud
  });
});

describe("shadowIdToken", () => {
  test("keeps header, signature and every other claim; sets iss and aud to what Auth.js compares", async () => {
    const { sign } = await signer();
    const original = await sign({ iss: issFor(TID_X), tid: TID_X, aud: ["api://gatehouse", "other"], azp: "app", email: "a@x.test" });
    const shadow = shadowIdToken(original, { issuer: TEMPLATE, clientId: "app" })!;
    expect(shadow.split(".")[0]).toBe(original.split(".")[0]);
    expect(shadow.split(".")[2]).toBe(original.split(".")[2]);
    expect(decodeProtectedHeader(shadow)).toEqual(decodeProtectedHeader(original));
    const a = decodeJwt(original);
    const b = decodeJwt(shadow);
    expect(b).toEqual({ ...a, iss: TEMPLATE, aud: "app" });
    expect(shadowIdToken("not.a-jwt", { issuer: TEMPLATE, clientId: "app" })).toBeNull();
    expect(shadowIdToken("only-one-part", { issuer: TEMPLATE, clientId: "app" })).toBeNull();
  });

  test("the shadow never verifies: handed to our validator it is refused", async () => {
    const { sign, cache } = await signer();
    const original = await sign({ iss: "https://idp.example", aud: "api://gatehouse" });
    const shadow = shadowIdToken(original, { issuer: "https://idp.example", clientId: "app" })!;
    const x = { jwksUri: "https://idp.example/jwks", issuer: "https://idp.example", audiences: ["app"], clientId: "app", nonce: "n-1" };
    expect(await validateIdToken(shadow, cache, x)).toMatchObject({ ok: false, reason: "bad-signature" });
  });
});

// What Auth.js does with the token response (lib/actions/callback/oauth/callback.js): `as` built from the
// provider's issuer, `client` from its client id, then oauth4webapi's processAuthorizationCodeResponse.
async function authJsProcesses(res: Response, issuer: string, clientId = "app", nonce = "n-1") {
  const as = { issuer, token_endpoint: "https://idp.example/token" };
  const client = { client_id: clientId, token_endpoint_auth_method: "client_secret_basic", id_token_signed_response_alg: "RS256" };
  return o.processAuthorizationCodeResponse(as, client, res, { expectedNonce: nonce, requireIdToken: true });
}
const tokenResponse = (idToken: string, extra: Record<string, unknown> = {}) =>
  new Response(JSON.stringify({ access_token: "at", token_type: "Bearer", expires_in: 3600, id_token: idToken, ...extra }), { status: 200, headers: { "content-type": "application/json" } });

describe("conformTokenResponse (Auth.js's view of the token response)", () => {
  test("multi-tenant: Auth.js refuses the original token, accepts the shadow; the original is remembered", async () => {
    const { sign } = await signer();
    const original = await sign({ iss: issFor(TID_X), tid: TID_X, aud: "app" });
    await expect(authJsProcesses(tokenResponse(original), TEMPLATE)).rejects.toThrow(/iss/);

    const pairs: [string, string][] = [];
    const conformed = await conformTokenResponse(tokenResponse(original, { refresh_token: "rt" }), { issuer: TEMPLATE, clientId: "app" }, (s, orig) => pairs.push([s, orig]));
    const processed = await authJsProcesses(conformed, TEMPLATE);
    expect(processed).toMatchObject({ access_token: "at", refresh_token: "rt" });
    expect(pairs).toHaveLength(1);
    expect(pairs[0]![0]).toBe(processed.id_token);
    expect(pairs[0]![1]).toBe(original);
  });

  test("audience override without the client id: Auth.js refuses the original, accepts the shadow", async () => {
    const { sign } = await signer();
    const original = await sign({ iss: "https://idp.example", aud: "api://gatehouse" });
    await expect(authJsProcesses(tokenResponse(original), "https://idp.example")).rejects.toThrow(/aud/);
    const conformed = await conformTokenResponse(tokenResponse(original), { issuer: "https://idp.example", clientId: "app" }, () => undefined);
    await expect(authJsProcesses(conformed, "https://idp.example")).resolves.toMatchObject({ access_token: "at" });
  });

  test("Auth.js's own checks still run on the shadow: nonce, expiry", async () => {
    const { sign } = await signer();
    const original = await sign({ iss: issFor(TID_X), tid: TID_X, aud: "app", nonce: "other-nonce" });
    const conformed = await conformTokenResponse(tokenResponse(original), { issuer: TEMPLATE, clientId: "app" }, () => undefined);
    await expect(authJsProcesses(conformed, TEMPLATE)).rejects.toThrow(/nonce/);
  });

  test("error responses, non-JSON bodies and responses without an ID token pass through untouched", async () => {
    const remember = () => {
      throw new Error("must not be called");
    };
    const err = new Response(JSON.stringify({ error: "invalid_grant" }), { status: 400, headers: { "content-type": "application/json" } });
    expect(await conformTokenResponse(err, { issuer: TEMPLATE, clientId: "app" }, remember)).toBe(err);
    const text = new Response("oops", { status: 502 });
    expect(await conformTokenResponse(text, { issuer: TEMPLATE, clientId: "app" }, remember)).toBe(text);
    const noId = new Response(JSON.stringify({ access_token: "at", token_type: "Bearer" }), { status: 200 });
    expect(await conformTokenResponse(noId, { issuer: TEMPLATE, clientId: "app" }, remember)).toBe(noId);
  });
});
