import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { randomUUID } from "node:crypto";
import { Auth, type AuthConfig } from "@auth/core";
import { encode } from "next-auth/jwt";
import { createOrg, resetDb } from "@/lib/db/testing/fixtures";
import { ssoRows } from "@/lib/db/testing/sso-fixtures";
import { orgContextForJob } from "@/lib/auth/org-context";
import { putProvider } from "./service";
import { ssoConfigSchema } from "./schemas";
import { TestIdp } from "./testing/test-idp";
import { runtimeForRequest, ssoConfigParts } from "./next-auth";

// The whole Auth.js (@auth/core) callback for /api/auth/callback/sso-<orgId>, with the code exchanged at a
// loopback token endpoint: Auth.js's own ID-token checks run first, then our signIn callback
// (lib/sso/next-auth.ts -> sign-in.ts). Multi-tenant Entra and audience overrides must get through
// Auth.js and be decided by our validator alone. The config is lib/auth/auth.ts's SSO part (runtime
// loaded from the database per request, provider, signIn callback, pages, logger); the next-auth
// wrapper itself cannot load under vitest (its ESM imports "next/server" without an extension).

const SECRET = vi.hoisted(() => {
  process.env.AUTH_SECRET ??= "dev-secret-dev-secret-dev-secret";
  return process.env.AUTH_SECRET;
});

async function authJs(req: Request): Promise<Response> {
  const sso = await runtimeForRequest(req);
  if (!sso?.runtime) throw new Error(`no SSO runtime for ${req.url}`);
  const parts = ssoConfigParts(sso.runtime, {}, sso.responseIssuer);
  const config: AuthConfig = {
    secret: SECRET,
    basePath: "/api/auth",
    trustHost: true,
    session: { strategy: "jwt" },
    providers: parts.providers,
    pages: parts.pages,
    logger: parts.logger,
    callbacks: {
      signIn: (p) => parts.signIn(p),
      jwt: ({ token, user }) => (user?.sid ? { sid: user.sid } : token),
    },
  };
  return Auth(req, config);
}

const TEMPLATE = "https://login.microsoftonline.com/{tenantid}/v2.0";
const TID_X = "11111111-2222-3333-4444-555555555555";
const TID_Y = "99999999-8888-7777-6666-555555555555";
const issFor = (tid: string) => `https://login.microsoftonline.com/${tid}/v2.0`;

let idp: TestIdp;
let orgA: { id: string };
let orgB: { id: string };

beforeAll(async () => {
  idp = await (await TestIdp.create()).listen();
});
afterAll(async () => {
  await idp.close();
});

beforeEach(async () => {
  await resetDb();
  idp.tokenResponse = null;
  idp.tokenRequests = [];
  orgA = await createOrg("Acme");
  orgB = await createOrg("Beta");
  await ssoRows.verifiedDomain(orgA.id, "acme.test");
  await ssoRows.verifiedDomain(orgB.id, "beta.test");
  // A: Entra multi-tenant app (tenantId common); its endpoints point at the loopback provider.
  await putProvider(await orgContextForJob(orgA.id), ssoConfigSchema.parse({ provider: "entra", tenantId: "common", clientId: "app-a", clientSecret: "s-a" }));
  await ssoRows.setEndpoints(orgA.id, {
    issuer: TEMPLATE,
    authorization_endpoint: `${idp.issuer}/auth`,
    token_endpoint: `${idp.issuer}/token`,
    jwks_uri: `${idp.issuer}/jwks`,
    id_token_signing_alg_values_supported: ["RS256"],
  });
  // B: generic OIDC with an audience override that is not its client id.
  await putProvider(await orgContextForJob(orgB.id), ssoConfigSchema.parse({ provider: "oidc", issuer: idp.issuer, clientId: "app-b", clientSecret: "s-b", audience: "api://gatehouse-b" }));
  await ssoRows.setEndpoints(orgB.id, { ...idp.endpoints, userinfo_endpoint: undefined });
});

const seal = (name: string, value: string, providerId: string) => encode({ secret: SECRET, salt: name, maxAge: 900, token: { value, provider: providerId } });

/** Runs /api/auth/callback/sso-<orgId> as the browser would after the provider's redirect. */
async function callback(orgId: string, claims: Record<string, unknown>, opts: { iss?: string } = {}) {
  const providerId = `sso-${orgId}`;
  const nonce = randomUUID();
  const state = randomUUID();
  const verifier = `v-${randomUUID()}-${randomUUID()}`;
  idp.tokenResponse = { access_token: "at-1", token_type: "Bearer", expires_in: 3600, id_token: await idp.idToken({ nonce, ...claims }) };
  const cookie = [
    `authjs.state=${await seal("authjs.state", state, providerId)}`,
    `authjs.pkce.code_verifier=${await seal("authjs.pkce.code_verifier", verifier, providerId)}`,
    `authjs.nonce=${await seal("authjs.nonce", nonce, providerId)}`,
  ].join("; ");
  const iss = opts.iss ? `&iss=${encodeURIComponent(opts.iss)}` : "";
  const before = idp.tokenRequests.length;
  const res = await authJs(new Request(`http://localhost:3113/api/auth/callback/${providerId}?code=code-1&state=${state}${iss}`, { headers: { cookie } }));
  // Auth.js really exchanged the code (unless it refused the authorization response itself).
  if (idp.tokenRequests.length > before) expect(idp.tokenRequests.at(-1)?.get("code_verifier")).toBe(verifier);
  const location = res.headers.get("location") ?? "";
  const setCookie = res.headers.getSetCookie().join("\n");
  return { status: res.status, location, sessionCookie: /authjs\.session-token=[^;]+/.test(setCookie), exchanged: idp.tokenRequests.length > before };
}

async function signedIn(r: Awaited<ReturnType<typeof callback>>, orgId: string, email: string) {
  expect((await ssoRows.failures(orgId)).map((f) => `${f.reason}: ${f.detail}`)).toEqual([]);
  expect(r.location).not.toContain("/login/error");
  expect(r.sessionCookie).toBe(true);
  const user = await ssoRows.userByEmail(email);
  expect(user).not.toBeNull();
  expect((await ssoRows.membership(orgId, user!.id))).not.toBeNull();
  expect(await ssoRows.failures(orgId)).toHaveLength(0);
}

/** Refused, traced and recorded; `by` says whose check it was: our validator (sign-in.ts) or Auth.js's own. */
async function refused(r: Awaited<ReturnType<typeof callback>>, orgId: string, reason: string, by: "ours" | "authjs" = "ours") {
  expect(r.location).toContain("/login/error?trace=");
  expect(r.sessionCookie).toBe(false);
  await vi.waitFor(async () => expect((await ssoRows.failures(orgId)).map((f) => `${f.reason}: ${f.detail}`)).toEqual([expect.stringMatching(new RegExp(`^${reason}: `))]));
  const detail = (await ssoRows.failures(orgId))[0]!.detail;
  if (by === "ours") expect(detail).toMatch(/^The ID token /);
  else expect(detail).toMatch(/^CallbackRouteError: /);
  expect(await ssoRows.identities(orgId)).toHaveLength(0);
}

const entraClaims = (tid: string, over: Record<string, unknown> = {}) => ({
  iss: issFor(tid), tid, aud: "app-a", sub: "pairwise-1", oid: "9a8b7c6d-0000-4e5f-8a9b-0c1d2e3f4a5b", email: "erin@acme.test", groups: [], ...over,
});

describe("Entra multi-tenant (tenantId common) through Auth.js's callback", () => {
  test("a token from tenant X with iss for X signs in", async () => {
    await signedIn(await callback(orgA.id, entraClaims(TID_X)), orgA.id, "erin@acme.test");
    // B was not touched.
    expect(await ssoRows.identities(orgB.id)).toHaveLength(0);
    expect(await ssoRows.failures(orgB.id)).toHaveLength(0);
  });

  test("an iss for another tenant than the token's tid is refused (wrong-issuer)", async () => {
    await refused(await callback(orgA.id, entraClaims(TID_X, { iss: issFor(TID_Y) })), orgA.id, "wrong-issuer");
  });

  test("a foreign issuer is refused (wrong-issuer)", async () => {
    await refused(await callback(orgA.id, entraClaims(TID_X, { iss: `https://evil.example/${TID_X}/v2.0` })), orgA.id, "wrong-issuer");
    expect(await ssoRows.userByEmail("erin@acme.test")).toBeNull();
  });

  test("the audience is still enforced: another client's token is refused (wrong-audience)", async () => {
    await refused(await callback(orgA.id, entraClaims(TID_X, { aud: "someone-else" })), orgA.id, "wrong-audience");
  });
});

describe("RFC 9207 `iss` authorization-response parameter with tenantId common", () => {
  test("the tenant's own issuer as `iss` passes Auth.js's literal check and signs in", async () => {
    const r = await callback(orgA.id, entraClaims(TID_X), { iss: issFor(TID_X) });
    await signedIn(r, orgA.id, "erin@acme.test");
    expect(r.exchanged).toBe(true);
  });

  test("`iss` = the template itself passes Auth.js (it is the configured issuer) but is no token's issuer: refused by ours", async () => {
    await refused(await callback(orgA.id, entraClaims(TID_X), { iss: TEMPLATE }), orgA.id, "wrong-issuer");
  });

  test("`iss` from another tenant than the ID token is refused by our validator (mix-up), nothing provisioned", async () => {
    await refused(await callback(orgA.id, entraClaims(TID_X), { iss: issFor(TID_Y) }), orgA.id, "wrong-issuer");
    const [f] = await ssoRows.failures(orgA.id);
    expect(f!.detail).toContain(`authorization response came from "${issFor(TID_Y)}"`);
  });

  test("a foreign `iss` (not the template's host) is still refused by Auth.js before the code is exchanged", async () => {
    const r = await callback(orgA.id, entraClaims(TID_X), { iss: `https://evil.example/${TID_X}/v2.0` });
    await refused(r, orgA.id, "wrong-issuer", "authjs");
    expect(r.exchanged).toBe(false);
  });

  test("a non-GUID tenant in `iss` does not fill the template: refused by Auth.js", async () => {
    const r = await callback(orgA.id, entraClaims(TID_X), { iss: "https://login.microsoftonline.com/evil/v2.0" });
    await refused(r, orgA.id, "wrong-issuer", "authjs");
  });

  test("allowed tenants: a token from a tenant outside the list is refused (tenant-not-allowed); one inside signs in", async () => {
    await putProvider(await orgContextForJob(orgA.id), ssoConfigSchema.parse({ provider: "entra", tenantId: "common", clientId: "app-a", allowedTenants: `${TID_X}` }));
    await signedIn(await callback(orgA.id, entraClaims(TID_X), { iss: issFor(TID_X) }), orgA.id, "erin@acme.test");
    const r = await callback(orgA.id, entraClaims(TID_Y, { email: "yves@acme.test", oid: "0a8b7c6d-0000-4e5f-8a9b-0c1d2e3f4a5c", sub: "pairwise-2" }), { iss: issFor(TID_Y) });
    expect(r.location).toContain("/login/error?trace=");
    expect(r.sessionCookie).toBe(false);
    expect((await ssoRows.failures(orgA.id)).map((f) => f.reason)).toEqual(["tenant-not-allowed"]);
    expect(await ssoRows.userByEmail("yves@acme.test")).toBeNull();
  });

  test("single tenant: a matching `iss` passes, a different one is refused by Auth.js", async () => {
    await putProvider(await orgContextForJob(orgA.id), ssoConfigSchema.parse({ provider: "oidc", issuer: idp.issuer, clientId: "app-a", clientSecret: "s-a" }));
    await ssoRows.setEndpoints(orgA.id, { ...idp.endpoints, userinfo_endpoint: undefined });
    const good = { iss: idp.issuer, aud: "app-a", sub: "a-1", email: "al@acme.test", groups: [] };
    await signedIn(await callback(orgA.id, good, { iss: idp.issuer }), orgA.id, "al@acme.test");
    const bad = await callback(orgA.id, { ...good, sub: "a-2", email: "alf@acme.test" }, { iss: issFor(TID_X) });
    expect(bad.exchanged).toBe(false);
    expect(bad.location).toContain("/login/error?trace=");
    await vi.waitFor(async () => expect((await ssoRows.failures(orgA.id)).map((f) => f.reason)).toEqual(["wrong-issuer"]));
    expect((await ssoRows.failures(orgA.id))[0]!.detail).toMatch(/^CallbackRouteError: .*"iss"/);
  });
});

describe("audience override through Auth.js's callback", () => {
  const claims = (over: Record<string, unknown> = {}) => ({ iss: idp.issuer, aud: "api://gatehouse-b", sub: "b-1", email: "bob@beta.test", groups: [], ...over });

  test("a token for the override audience (without the client id) signs in", async () => {
    await signedIn(await callback(orgB.id, claims()), orgB.id, "bob@beta.test");
    expect(await ssoRows.identities(orgA.id)).toHaveLength(0);
  });

  test("a token for neither the override nor anything else is refused (wrong-audience)", async () => {
    await refused(await callback(orgB.id, claims({ aud: "api://someone-else" })), orgB.id, "wrong-audience");
  });

  test("the client id alone is not the override: refused (wrong-audience)", async () => {
    await refused(await callback(orgB.id, claims({ aud: "app-b" })), orgB.id, "wrong-audience");
  });

  test("A's token replayed at B's callback is refused by B; A is unaffected", async () => {
    await refused(await callback(orgB.id, entraClaims(TID_X, { email: "erin@beta.test" })), orgB.id, "wrong-issuer");
    expect(await ssoRows.failures(orgA.id)).toHaveLength(0);
  });
});

describe("single-tenant connections are unchanged", () => {
  async function singleTenant() {
    await putProvider(await orgContextForJob(orgA.id), ssoConfigSchema.parse({ provider: "oidc", issuer: idp.issuer, clientId: "app-a", clientSecret: "s-a" }));
    await ssoRows.setEndpoints(orgA.id, { ...idp.endpoints, userinfo_endpoint: undefined });
  }

  test("Auth.js still compares the issuer itself (no shadow token): a wrong issuer is refused there", async () => {
    await singleTenant();
    await refused(await callback(orgA.id, { iss: "https://evil.example", aud: "app-a", sub: "a-1", email: "al@acme.test" }), orgA.id, "wrong-issuer", "authjs");
  });

  test("a good token signs in", async () => {
    await singleTenant();
    await signedIn(await callback(orgA.id, { iss: idp.issuer, aud: "app-a", sub: "a-1", email: "al@acme.test", groups: [] }), orgA.id, "al@acme.test");
  });
});
