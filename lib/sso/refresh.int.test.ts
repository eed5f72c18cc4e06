import { beforeAll, beforeEach, describe, expect, test } from "vitest";
import { randomUUID } from "node:crypto";
import { auditEvents, createOrg, resetDb } from "@/lib/db/testing/fixtures";
import { ssoRows } from "@/lib/db/testing/sso-fixtures";
import { orgContextForJob } from "@/lib/auth/org-context";
import { principalForSessionToken } from "@/lib/auth/sessions";
import { decrypt } from "@/lib/crypto";
import { putProvider } from "./service";
import { completeSsoSignIn } from "./sign-in";
import { refreshSsoSession, revokeAtProvider, type TokenPost } from "./refresh";
import { ssoConfigSchema } from "./schemas";
import { TestIdp } from "./testing/test-idp";

let idp: TestIdp;
let org: { id: string };
let other: { id: string };

beforeAll(async () => {
  idp = await TestIdp.create("https://idp-refresh.test.example");
});

beforeEach(async () => {
  await resetDb();
  org = await createOrg("Acme");
  other = await createOrg("Beta");
  for (const [o, domain] of [[org, "acme.test"], [other, "beta.test"]] as const) {
    await ssoRows.verifiedDomain(o.id, domain);
    await putProvider(await orgContextForJob(o.id), ssoConfigSchema.parse({ provider: "oidc", issuer: idp.issuer, clientId: "gatehouse", clientSecret: "s" }));
    await ssoRows.setEndpoints(o.id, idp.endpoints);
  }
});

async function signedInSession(orgId = org.id, email = "ann@acme.test", sub = "ann-1") {
  const nonce = randomUUID();
  const r = await completeSsoSignIn(
    {
      orgId,
      tokens: { idToken: await idp.idToken({ sub, email, aud: "gatehouse", nonce }), accessToken: "at-1", refreshToken: "rt-1", expiresAt: Math.floor(Date.now() / 1000) - 5 },
      expectedNonce: nonce, test: null, meta: {},
    },
    { jwks: idp.cache() },
  );
  if (r.status !== "signed_in") throw new Error(JSON.stringify(r));
  return r;
}

function tokenEndpoint(reply: (body: URLSearchParams) => { status: number; json: Record<string, unknown> | null }) {
  const calls: { url: string; body: URLSearchParams; auth: string }[] = [];
  const post: TokenPost = async (url, body, auth) => {
    calls.push({ url, body, auth });
    return reply(body);
  };
  return { post, calls };
}

describe("silent refresh", () => {
  test("an expired access token is refreshed with the refresh token (client_secret_basic), tokens re-encrypted", async () => {
    const s = await signedInSession();
    const idToken = await idp.idToken({ sub: "ann-1", aud: "gatehouse" });
    const ep = tokenEndpoint(() => ({ status: 200, json: { access_token: "at-2", refresh_token: "rt-2", id_token: idToken, expires_in: 300 } }));
    expect(await refreshSsoSession(s.sessionId, { post: ep.post, jwks: idp.cache() })).toBe("refreshed");
    expect(ep.calls[0]!.url).toBe(idp.endpoints.token_endpoint);
    expect(ep.calls[0]!.body.get("grant_type")).toBe("refresh_token");
    expect(ep.calls[0]!.body.get("refresh_token")).toBe("rt-1");
    expect(ep.calls[0]!.auth).toBe(`Basic ${Buffer.from("gatehouse:s").toString("base64")}`);
    const row = await ssoRows.session(s.sessionId);
    expect(decrypt(row.accessTokenEnc!)).toBe("at-2");
    expect(decrypt(row.refreshTokenEnc!)).toBe("rt-2");
    expect(row.tokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 250_000);
    // Not expired any more: nothing to do.
    expect(await refreshSsoSession(s.sessionId, { post: ep.post })).toBe("fresh");
    expect(ep.calls).toHaveLength(1);
  });

  test("a refused refresh (the person was deactivated at the provider) ends the session, audited", async () => {
    const s = await signedInSession();
    const ep = tokenEndpoint(() => ({ status: 400, json: { error: "invalid_grant", error_description: "refresh token invalid (referenced account not found)" } }));
    expect(await refreshSsoSession(s.sessionId, { post: ep.post })).toBe("ended");
    expect((await ssoRows.session(s.sessionId)).revokedAt).toBeInstanceOf(Date);
    const [e] = await auditEvents(org.id, "auth.sso_session_ended");
    expect(e!.after).toMatchObject({ reason: "refresh-refused" });
    expect(await auditEvents(other.id, "auth.sso_session_ended")).toHaveLength(0);
  });

  test("a provider outage defers (the session stays, the next try waits a minute)", async () => {
    const s = await signedInSession();
    const ep = tokenEndpoint(() => ({ status: 503, json: null }));
    expect(await refreshSsoSession(s.sessionId, { post: ep.post })).toBe("deferred");
    const row = await ssoRows.session(s.sessionId);
    expect(row.revokedAt).toBeNull();
    expect(row.tokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 30_000);
  });

  test("a refreshed ID token about someone else ends the session", async () => {
    const s = await signedInSession();
    const idToken = await idp.idToken({ sub: "mallory", aud: "gatehouse" });
    const ep = tokenEndpoint(() => ({ status: 200, json: { access_token: "at-2", id_token: idToken, expires_in: 300 } }));
    expect(await refreshSsoSession(s.sessionId, { post: ep.post, jwks: idp.cache() })).toBe("ended");
  });

  test("the session layer refreshes only when expired, and signs out when the refresh is refused", async () => {
    const s = await signedInSession();
    await ssoRows.updateSession(s.sessionId, { tokenExpiresAt: new Date(Date.now() + 3_600_000) });
    // A valid token: no provider call (the default network client would fail here if one were made).
    expect(await principalForSessionToken(s.sessionToken, {})).not.toBeNull();
    // SSO sessions do not need Gatehouse TOTP enrolment (the provider authenticated them).
    expect((await principalForSessionToken(s.sessionToken, {}))!.needsMfaEnrolment).toBe(false);
  });

  test("deleting the organization's connection ends its SSO sessions at their next refresh", async () => {
    const s = await signedInSession();
    const { deleteProvider } = await import("./service");
    await deleteProvider(await orgContextForJob(org.id));
    expect(await refreshSsoSession(s.sessionId, { post: tokenEndpoint(() => ({ status: 200, json: {} })).post })).toBe("ended");
  });
});

describe("sign-out revocation", () => {
  test("revokes the refresh and access tokens at the provider's revocation endpoint", async () => {
    const s = await signedInSession();
    const ep = tokenEndpoint(() => ({ status: 200, json: null }));
    expect(await revokeAtProvider(s.sessionToken, { post: ep.post })).toBe(true);
    expect(ep.calls.map((c) => [c.url, c.body.get("token_type_hint"), c.body.get("token")])).toEqual([
      [idp.endpoints.revocation_endpoint, "refresh_token", "rt-1"],
      [idp.endpoints.revocation_endpoint, "access_token", "at-1"],
    ]);
  });

  test("no revocation endpoint, or a password session: nothing is sent", async () => {
    const s = await signedInSession();
    const { revocation_endpoint: _r, ...without } = idp.endpoints;
    await ssoRows.setEndpoints(org.id, without);
    const ep = tokenEndpoint(() => ({ status: 200, json: null }));
    expect(await revokeAtProvider(s.sessionToken, { post: ep.post })).toBe(false);
    expect(await revokeAtProvider("not-a-session-token-at-all-xxxxxxxx", { post: ep.post })).toBe(false);
    expect(ep.calls).toHaveLength(0);
  });
});
