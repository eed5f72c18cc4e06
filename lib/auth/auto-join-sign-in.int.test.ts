import { beforeEach, describe, expect, test } from "vitest";
import { resetDb, createOrg, createUser, auditEvents, providerOrg, createMember } from "@/lib/db/testing/fixtures";
import { ssoRows } from "@/lib/db/testing/sso-fixtures";
import { userCtx } from "@/lib/members/test-helpers";
import * as domains from "@/lib/domains/service";
import { signInWithPassword } from "@/lib/auth/login-service";
import { userPrincipal } from "@/lib/auth/org-context";
import * as organizations from "@/lib/organizations/service";

const PASSWORD = "correct horse battery";
const meta = { ip: "203.0.113.9", userAgent: "test" };

// Issue #3: a new user who signs in with an address on a verified auto-join domain joins that org.
describe("auto-join at first password sign-in", () => {
  let acme: Awaited<ReturnType<typeof createOrg>>;
  let globex: Awaited<ReturnType<typeof createOrg>>;

  beforeEach(async () => {
    await resetDb();
    acme = await createOrg("Acme");
    globex = await createOrg("Globex");
    const admin = (await createMember((await providerOrg()).id, "admin")).user.id;
    const acmeDomain = await ssoRows.verifiedDomain(acme.id, "acme.test");
    await domains.update(await userCtx(admin, acme.id), acmeDomain.id, { autoJoinEnabled: true, autoJoinRole: "member" });
    await ssoRows.verifiedDomain(globex.id, "globex.test"); // verified, auto-join off
  });

  const orgIds = async (userId: string) =>
    (await organizations.list(await userPrincipal(userId, meta), { page: 1, limit: 50, status: "all" })).data.map((o) => o.id);

  test("joins the organization whose verified domain has auto-join, once, audited", async () => {
    const u = await createUser({ email: "new.person@acme.test", password: PASSWORD });
    const r = await signInWithPassword({ email: u.email, password: PASSWORD }, meta);
    expect(r.status).toBe("signed_in");
    expect(await orgIds(u.id)).toEqual([acme.id]);
    expect((await auditEvents(acme.id, "member.auto_joined")).map((e) => e.targetId)).toContain(u.id);
    expect(await auditEvents(globex.id, "member.auto_joined")).toHaveLength(0);
  });

  test("never on a domain without auto-join, or into an inactive organization", async () => {
    const g = await createUser({ email: "someone@globex.test", password: PASSWORD });
    await signInWithPassword({ email: g.email, password: PASSWORD }, meta);
    expect(await orgIds(g.id)).toEqual([]);

    const admin = (await createMember((await providerOrg()).id, "admin")).user.id;
    await organizations.update(await userCtx(admin, acme.id), { isActive: false });
    const late = await createUser({ email: "late@acme.test", password: PASSWORD });
    await signInWithPassword({ email: late.email, password: PASSWORD }, meta);
    expect(await orgIds(late.id)).toEqual([]);
  });
});
