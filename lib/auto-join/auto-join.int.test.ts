import { beforeEach, describe, expect, test } from "vitest";
import { fx } from "@/lib/db/testing/invitation-fixtures";
import { resetDb, createOrg, createUser, createMember, auditEvents } from "@/lib/db/testing/fixtures";
import { autoJoin } from "@/lib/auto-join/service";

const verified = fx.createDomain;
const memberships = (userId: string) => fx.memberships({ userId });

describe("email-domain auto-join", () => {
  let orgA: Awaited<ReturnType<typeof createOrg>>;
  let orgB: Awaited<ReturnType<typeof createOrg>>;

  beforeEach(async () => {
    await resetDb();
    orgA = await createOrg("Acme");
    orgB = await createOrg("Globex");
  });

  test("a user on a verified auto-join domain joins that organization only, with the auto-join role, audited", async () => {
    await verified(orgA.id, "acme.com", { autoJoinRole: "admin" });
    await verified(orgB.id, "globex.com");
    const u = await createUser({ email: "Jane@ACME.com" });
    expect(await autoJoin(u)).toEqual({ outcome: "joined", orgId: orgA.id, orgName: "Acme", role: "admin", domain: "acme.com" });
    const ms = await memberships(u.id);
    expect(ms).toHaveLength(1);
    expect(ms[0]).toMatchObject({ orgId: orgA.id, role: "admin", status: "active" });
    const [ev] = await auditEvents(orgA.id, "member.auto_joined");
    expect(ev).toMatchObject({ actorType: "system", actorLabel: "auto-join (acme.com)", targetId: u.id });
    expect(await auditEvents(orgB.id)).toHaveLength(0);
    // idempotent
    expect(await autoJoin(u)).toMatchObject({ outcome: "already-member" });
    expect(await memberships(u.id)).toHaveLength(1);
  });

  test("never: unverified, auto-join off, inactive org, public mailbox, two claims, missing role, unknown domain", async () => {
    await verified(orgA.id, "pending.com", { status: "pending" });
    await verified(orgA.id, "off.com", { autoJoinEnabled: false });
    const inactive = await createOrg("Dormant", { isActive: false });
    await verified(inactive.id, "dormant.com");
    await verified(orgA.id, "gmail.com");
    await verified(orgA.id, "shared.com");
    await verified(orgB.id, "shared.com");
    await verified(orgA.id, "norole.com", { autoJoinRole: "deleted-role" });
    await verified(orgA.id, "owner.com", { autoJoinRole: "owner" });

    const cases: [string, string][] = [
      ["a@pending.com", "no-domain"],
      ["a@off.com", "disabled"],
      ["a@dormant.com", "org-inactive"],
      ["a@gmail.com", "public-domain"],
      ["a@shared.com", "ambiguous"],
      ["a@norole.com", "role-missing"],
      ["a@owner.com", "role-missing"],
      ["a@nowhere.com", "no-domain"],
    ];
    for (const [email, outcome] of cases) {
      const u = await createUser({ email });
      expect((await autoJoin(u)).outcome, email).toBe(outcome);
      expect(await memberships(u.id), email).toHaveLength(0);
    }
    expect(await fx.countAudit("member.auto_joined")).toBe(0);
  });

  test("an existing member keeps their role", async () => {
    await verified(orgA.id, "acme.com", { autoJoinRole: "admin" });
    const { user } = await createMember(orgA.id, "member", "bob@acme.com");
    expect(await autoJoin(user)).toMatchObject({ outcome: "already-member" });
    expect((await memberships(user.id))[0]?.role).toBe("member");
  });
});
