import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { resetDb, createOrg, createUser, addMember, createApiKey, createMember, providerOrg, auditEvents } from "@/lib/db/testing/fixtures";
import { call } from "@/lib/db/testing/http";
import { authRows } from "@/lib/db/testing/auth-fixtures";
import { sha256 } from "@/lib/crypto";
import { signInWithPassword } from "@/lib/auth/login-service";
import { principalForSessionToken } from "@/lib/auth/sessions";
import { setSessionResolver } from "@/lib/auth/session";
import { PERMISSIONS } from "@/lib/auth/permissions";
import * as meRoute from "@/app/api/v1/me/route";
import * as mySessionsRoute from "@/app/api/v1/me/sessions/route";
import * as mySessionRoute from "@/app/api/v1/me/sessions/[id]/route";
import * as switchRoute from "@/app/api/v1/organizations/switch/route";

const PASSWORD = "correct horse battery";
const meta = { ip: "203.0.113.7", userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Chrome/120.0" };

async function signIn(email: string, ua = meta.userAgent) {
  const o = await signInWithPassword({ email, password: PASSWORD }, { ...meta, userAgent: ua });
  if (o.status !== "signed_in") throw new Error(JSON.stringify(o));
  return o;
}
/** Route handlers called in-process have no cookie: act as the holder of this session token. */
const actAs = (token: string | null) => setSessionResolver(async (m) => (token ? principalForSessionToken(token, m) : null));

describe("/api/v1/me, sessions and the active organization", () => {
  let orgA: Awaited<ReturnType<typeof createOrg>>;
  let orgB: Awaited<ReturnType<typeof createOrg>>;
  let alice: Awaited<ReturnType<typeof createUser>>;
  let keyA: string;

  beforeEach(async () => {
    await resetDb();
    orgA = await createOrg("Acme Corporation");
    orgB = await createOrg("Globex");
    alice = await createUser({ email: "alice@acme.test", password: PASSWORD, name: "Alice" });
    const bob = await createUser({ email: "bob@globex.test", password: PASSWORD });
    await addMember(orgA.id, alice.id, "member");
    await addMember(orgB.id, bob.id, "member");
    keyA = (await createApiKey(orgA.id, [...PERMISSIONS])).raw;
  });
  afterEach(() => setSessionResolver(null));

  test("without a session or key every route is 401", async () => {
    expect((await call(meRoute.GET)).status).toBe(401);
    expect((await call(mySessionsRoute.GET)).status).toBe(401);
    expect((await call(switchRoute.POST, { method: "POST", body: { orgId: orgA.id } })).status).toBe(401);
  });

  test("GET /me shows the user, their memberships with organization names, and the active organization", async () => {
    const s = await signIn("alice@acme.test");
    await addMember(orgB.id, alice.id, "viewer");
    actAs(s.sessionToken);
    const r = await call(meRoute.GET, { url: "/api/v1/me" });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ type: "user", user: { id: alice.id, email: "alice@acme.test", name: "Alice", mfaEnabled: false }, activeOrgId: orgA.id });
    expect(r.json.memberships.map((m: { orgName: string; role: string }) => [m.orgName, m.role]).sort()).toEqual([["Acme Corporation", "member"], ["Globex", "viewer"]]);
    expect(JSON.stringify(r.json)).not.toMatch(/passwordHash|mfaSecret|tokenHash/);
  });

  test("GET /me with an API key describes the key", async () => {
    const r = await call(meRoute.GET, { key: keyA });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ type: "api_key", activeOrgId: orgA.id, memberships: [] });
  });

  test("an API key gets a clear 400 on session routes and on switching", async () => {
    const list = await call(mySessionsRoute.GET, { key: keyA });
    expect(list.status).toBe(400);
    expect(list.json.error.message).toMatch(/Sessions belong to interactive sign-ins/);
    const del = await call(mySessionRoute.DELETE, { method: "DELETE", key: keyA, params: { id: crypto.randomUUID() } });
    expect(del.status).toBe(400);
    const sw = await call(switchRoute.POST, { method: "POST", key: keyA, body: { orgId: orgA.id } });
    expect(sw.status).toBe(400);
    expect(sw.json.error.message).toBe("API keys are bound to their organization; switching applies to interactive sessions");
  });

  test("a user lists only their own sessions, marks this device, and cannot revoke another user's", async () => {
    const a1 = await signIn("alice@acme.test");
    const a2 = await signIn("alice@acme.test", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1");
    const b = await signIn("bob@globex.test");
    actAs(a1.sessionToken);
    const r = await call(mySessionsRoute.GET, { url: "/api/v1/me/sessions" });
    expect(r.status).toBe(200);
    expect(r.json.pagination).toMatchObject({ total: 2, page: 1 });
    const byId = Object.fromEntries(r.json.data.map((s: { id: string }) => [s.id, s]));
    expect(Object.keys(byId).sort()).toEqual([a1.sessionId, a2.sessionId].sort());
    expect(byId[a1.sessionId]).toMatchObject({ isCurrent: true, device: "Chrome on macOS", ip: meta.ip });
    expect(byId[a2.sessionId]).toMatchObject({ isCurrent: false, device: "Safari on iOS" });
    expect(JSON.stringify(r.json)).not.toContain(a1.sessionToken);

    const foreign = await call(mySessionRoute.DELETE, { method: "DELETE", params: { id: b.sessionId } });
    expect(foreign.status).toBe(404);
    expect(await principalForSessionToken(b.sessionToken, meta)).not.toBeNull();
    const badId = await call(mySessionRoute.DELETE, { method: "DELETE", params: { id: "nope" } });
    expect(badId.status).toBe(422);

    const own = await call(mySessionRoute.DELETE, { method: "DELETE", params: { id: a2.sessionId } });
    expect(own.status).toBe(204);
    expect(await principalForSessionToken(a2.sessionToken, meta)).toBeNull();
    expect((await call(mySessionsRoute.GET)).json.data).toHaveLength(1);
  });

  test("switching: a member's own organization works and is remembered; another organization is 404 and changes nothing", async () => {
    await addMember(orgB.id, alice.id, "member");
    const s = await signIn("alice@acme.test");
    actAs(s.sessionToken);
    const ok = await call(switchRoute.POST, { method: "POST", body: { orgId: orgB.id } });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ id: orgB.id, name: "Globex" });
    expect((await authRows.session(s.sessionId)).activeOrgId).toBe(orgB.id);
    expect((await authRows.user(alice.id)).lastOrgId).toBe(orgB.id);
    const [ev] = await auditEvents(orgB.id, "session.org_switched");
    expect(ev).toMatchObject({ actorId: alice.id, before: { activeOrgId: orgA.id }, after: { activeOrgId: orgB.id } });
    expect(await auditEvents(orgA.id, "session.org_switched")).toHaveLength(0);
    expect((await call(meRoute.GET)).json.activeOrgId).toBe(orgB.id);

    const orgC = await createOrg("Initech");
    const denied = await call(switchRoute.POST, { method: "POST", body: { orgId: orgC.id } });
    expect(denied.status).toBe(404);
    expect((await authRows.session(s.sessionId)).activeOrgId).toBe(orgB.id);
    expect(await auditEvents(orgC.id)).toHaveLength(0);

    const bad = await call(switchRoute.POST, { method: "POST", body: { orgId: "acme" } });
    expect(bad.status).toBe(422);
    expect(bad.json.error.issues[0].path).toBe("orgId");
    const extra = await call(switchRoute.POST, { method: "POST", body: { orgId: orgA.id, force: true } });
    expect(extra.status).toBe(422);
  });

  test("a provider admin may switch into any organization", async () => {
    const provider = await providerOrg();
    const { user } = await createMember(provider.id, "admin", "pat@provider.test");
    // The fixture admin has TOTP: a session row stands in for the two-step sign-in tested elsewhere.
    const token = "provider-admin-session-token-0123456789";
    await authRows.createSession({ tokenHash: sha256(token), userId: user.id, expiresAt: new Date(Date.now() + 3_600_000), mfaVerifiedAt: new Date() });
    actAs(token);
    const r = await call(switchRoute.POST, { method: "POST", body: { orgId: orgB.id } });
    expect(r.status).toBe(200);
    expect(r.json.id).toBe(orgB.id);
    expect(await auditEvents(orgB.id, "session.org_switched")).toHaveLength(1);
  });
});
