import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { auditEvents, createMember, createOrg, resetDb, addMember } from "@/lib/db/testing/fixtures";
import { ssoRows } from "@/lib/db/testing/sso-fixtures";
import { sessionCheckRows as rows } from "@/lib/db/testing/session-check-fixtures";
import { orgContextForJob } from "@/lib/auth/org-context";
import { decrypt } from "@/lib/crypto";
import { putProvider } from "@/lib/sso/service";
import { ssoConfigSchema } from "@/lib/sso/schemas";
import type { DirectoryAdapter } from "@/lib/directory/types";
import { InngestTestEngine } from "@inngest/test";
import { checkOrgSessions } from "@/inngest/functions/session-check";
import { runSessionCheck } from "./session-check";
import { OidcTestIdp } from "./testing/oidc-idp";

// The 15-minute session check against a real OpenID Provider (oidc-provider) on loopback: refresh,
// refusal + "is the person still active?", decommission, and an unreachable provider. Two organizations,
// each with its own client at the provider.

let idp: OidcTestIdp;
beforeAll(async () => {
  idp = await new OidcTestIdp().start();
  idp.addClient("acme-portal");
  idp.addClient("globex-portal");
});
afterAll(async () => {
  await idp.stop();
});

type Org = Awaited<ReturnType<typeof createOrg>>;
let A: Org;
let B: Org;
const HOUR = 3600_000;

beforeEach(async () => {
  await resetDb();
  idp.resetUsers();
  if (!idp.issuer || !(await fetch(`${idp.issuer}/.well-known/openid-configuration`).then((r) => r.ok).catch(() => false))) await idp.start();
  A = await createOrg("Acme");
  B = await createOrg("Globex");
  for (const [o, domain, client] of [[A, "acme.test", "acme-portal"], [B, "globex.test", "globex-portal"]] as const) {
    await ssoRows.verifiedDomain(o.id, domain);
    await putProvider(await orgContextForJob(o.id), ssoConfigSchema.parse({ provider: "oidc", issuer: idp.issuer, clientId: client, clientSecret: `secret-${client}` }));
  }
});

/** A member of org signed in through its SSO: provider tokens stored on a session, and an API key they created. */
async function signedIn(org: Org, client: string, email: string, opts: { refreshTokenTtl?: number; accessTokenTtl?: number; accessExpiresAt?: Date; existingUserId?: string } = {}) {
  idp.addUser(email);
  const userId = opts.existingUserId ?? (await createMember(org.id, "member", email)).user.id;
  if (opts.existingUserId) await addMember(org.id, userId, "member");
  const t = await idp.issueTokens(email, client, { refreshTokenTtl: opts.refreshTokenTtl, accessTokenTtl: opts.accessTokenTtl });
  const session = await rows.ssoSession(org.id, userId, { ...t, expiresAt: opts.accessExpiresAt ?? new Date(Date.now() + HOUR) });
  const key = await rows.userApiKey(org.id, userId);
  return { userId, session, key, tokens: t };
}

/** The run's counts with zeros filled in (the engine stores only what happened). */
const counts = (r: { counts: Record<string, number | undefined> }) => ({ checked: 0, refreshed: 0, decommissioned: 0, errors: 0, ...r.counts });

async function check(org: Org, deps: Parameters<typeof runSessionCheck>[2] = {}) {
  return runSessionCheck(await orgContextForJob(org.id, "session check"), { trigger: "schedule" }, deps);
}

describe("session check against a loopback OpenID Provider", () => {
  test("an active person's session is refreshed (new, rotated tokens stored); nobody is touched; the run is recorded", async () => {
    const ann = await signedIn(A, "acme-portal", "ann@acme.test");
    const run = await check(A);
    expect(run).toMatchObject({ kind: "session_check", status: "succeeded", trigger: "schedule" });
    expect(counts(run)).toMatchObject({ checked: 1, refreshed: 1, decommissioned: 0, errors: 0 });
    const s = await rows.session(ann.session.id);
    expect(s.revokedAt).toBeNull();
    expect(decrypt(s.refreshTokenEnc!)).not.toBe(ann.tokens.refreshToken);
    expect(decrypt(s.accessTokenEnc!)).not.toBe(ann.tokens.accessToken);
    expect((await rows.membership(A.id, ann.userId)).status).toBe("active");
    expect(await auditEvents(A.id, "user.decommissioned")).toHaveLength(0);
    const stored = await rows.run(run.id);
    expect(stored.orgId).toBe(A.id);
  });

  test("refresh refused and the provider no longer knows the person: decommissioned in that organization only", async () => {
    const ann = await signedIn(A, "acme-portal", "ann@acme.test");
    const bob = await signedIn(A, "acme-portal", "bob@acme.test");
    // the same person is also a member of Globex, signed in there through Globex's own connection
    const annInB = await signedIn(B, "globex-portal", "ann@acme.test", { existingUserId: ann.userId });
    idp.deactivate("ann@acme.test");

    const run = await check(A);
    expect(run.status).toBe("succeeded");
    expect(counts(run)).toMatchObject({ checked: 2, refreshed: 1, decommissioned: 1, errors: 0 });

    expect((await rows.session(ann.session.id)).revokedAt).not.toBeNull();
    expect((await rows.apiKey(ann.key.id)).disabledAt).not.toBeNull();
    expect((await rows.membership(A.id, ann.userId)).status).toBe("suspended");
    const audit = await auditEvents(A.id, "user.decommissioned");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ targetId: ann.userId });
    expect(JSON.stringify(audit[0]!.after)).toMatch(/refused the session refresh/);
    // bob untouched
    expect((await rows.session(bob.session.id)).revokedAt).toBeNull();
    expect((await rows.membership(A.id, bob.userId)).status).toBe("active");
    // Globex is another organization: its membership, session and key are not A's to decommission
    expect((await rows.membership(B.id, ann.userId)).status).toBe("active");
    expect((await rows.session(annInB.session.id)).revokedAt).toBeNull();
    expect((await rows.apiKey(annInB.key.id)).disabledAt).toBeNull();
    expect(await auditEvents(B.id, "user.decommissioned")).toHaveLength(0);

    // Globex's own check then finds the same person gone at the provider, and decommissions her there
    const runB = await check(B);
    expect(counts(runB)).toMatchObject({ checked: 1, decommissioned: 1 });
    expect((await rows.membership(B.id, ann.userId)).status).toBe("suspended");
  });

  test("refresh refused but the person is still active (expired refresh token, userinfo answers): session ended, nobody decommissioned", async () => {
    const ann = await signedIn(A, "acme-portal", "ann@acme.test", { refreshTokenTtl: 1 });
    await new Promise((r) => setTimeout(r, 1100));
    const run = await check(A);
    expect(counts(run)).toMatchObject({ checked: 1, refreshed: 0, decommissioned: 0, errors: 0 });
    expect((await rows.session(ann.session.id)).revokedAt).not.toBeNull();
    expect((await rows.membership(A.id, ann.userId)).status).toBe("active");
    expect((await rows.apiKey(ann.key.id)).disabledAt).toBeNull();
    expect(await auditEvents(A.id, "user.decommissioned")).toHaveLength(0);
  });

  test("the provider is down: nobody is decommissioned, sessions are kept, the run records the error", async () => {
    const ann = await signedIn(A, "acme-portal", "ann@acme.test");
    idp.deactivate("ann@acme.test");
    await idp.stop();
    try {
      const run = await check(A);
      expect(run.status).toBe("failed");
      expect(run.error).toMatch(/could not be reached; nobody was decommissioned/);
      expect(counts(run)).toMatchObject({ checked: 1, refreshed: 0, decommissioned: 0, errors: 1 });
      expect((await rows.session(ann.session.id)).revokedAt).toBeNull();
      expect((await rows.membership(A.id, ann.userId)).status).toBe("active");
      expect((await rows.apiKey(ann.key.id)).disabledAt).toBeNull();
      expect(await auditEvents(A.id, "user.decommissioned")).toHaveLength(0);
      const stored = await rows.run(run.id);
      expect(JSON.stringify(stored.errors)).toMatch(/could not be reached/);
    } finally {
      await idp.start();
    }
  });

  test("the directory is asked first when the person came from it; its outage with only expired tokens to ask with decides nothing", async () => {
    const ann = await signedIn(A, "acme-portal", "ann@acme.test", { refreshTokenTtl: 1, accessTokenTtl: 1, accessExpiresAt: new Date(Date.now() - 1000) });
    await rows.directoryAccount(A.id, ann.userId, "okta-ann", "ann@acme.test");
    await new Promise((r) => setTimeout(r, 1100));
    const down = fakeDirectory(async () => { throw new Error("directory unreachable"); });
    const unknown = await check(A, { adapter: down });
    expect(counts(unknown)).toMatchObject({ decommissioned: 0, errors: 1 });
    expect((await rows.membership(A.id, ann.userId)).status).toBe("active");
    expect(JSON.stringify((await rows.run(unknown.id)).errors)).toMatch(/whether the account is still active is unknown \(directory: directory unreachable; userinfo refused an expired access token\)/);

    const again = await signedIn(A, "acme-portal", "ann2@acme.test", { refreshTokenTtl: 1, accessExpiresAt: new Date(Date.now() - 1000) });
    await rows.directoryAccount(A.id, again.userId, "okta-ann2", "ann2@acme.test");
    await new Promise((r) => setTimeout(r, 1100));
    const asked: string[] = [];
    const gone = fakeDirectory(async (id) => { asked.push(id); return "not_found"; });
    const run = await check(A, { adapter: gone });
    expect(asked).toEqual(["okta-ann2"]);
    expect(counts(run)).toMatchObject({ decommissioned: 1 });
    expect((await rows.membership(A.id, again.userId)).status).toBe("suspended");
  });
});

describe("check-org-sessions (Inngest function, real service)", () => {
  test("start, one step per page, finish: the run is recorded in that organization with the counts", async () => {
    const ann = await signedIn(A, "acme-portal", "ann@acme.test");
    await signedIn(A, "acme-portal", "bob@acme.test");
    idp.deactivate("ann@acme.test");
    const { result, ctx } = await new InngestTestEngine({ function: checkOrgSessions, events: [{ name: "gatehouse/session.check-requested", data: { orgId: A.id } }] as never }).execute();
    expect(ctx.step.run.mock.calls.map((c) => c[0])).toEqual(["start", "page-1", "finish"]);
    expect(result).toMatchObject({ status: "succeeded", counts: { checked: 2, refreshed: 1, decommissioned: 1, errors: 0 } });
    const run = await rows.run((result as { runId: string }).runId);
    expect(run).toMatchObject({ orgId: A.id, kind: "session_check", trigger: "schedule", status: "succeeded" });
    expect((await rows.membership(A.id, ann.userId)).status).toBe("suspended");
  });
});

function fakeDirectory(getUserStatus: DirectoryAdapter["getUserStatus"]): DirectoryAdapter {
  const none = async () => ({ items: [] });
  return { provider: "okta", verify: async () => [], listUsers: none, listGroups: none, listGroupMembers: none, listOrgUnits: none, getUserStatus };
}
