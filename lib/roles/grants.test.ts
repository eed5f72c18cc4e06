import { describe, expect, test } from "vitest";
import { builtinGrant, PERMISSIONS, type Permission } from "@/lib/auth/permissions";
import type { Actor } from "@/lib/auth/org-context";
import { actorRank, assertHolds, assertRankAtMost, isOwnerActor, missingPermissions, providerGrant } from "./grants";

const user: Actor = { type: "user", userId: "u", email: "u@x.test" };
const key = (scopes: Permission[], orgId: string | null = "o"): Actor => ({ type: "api_key", keyId: "k", label: "k", orgId, scopes });
const acting = (actor: Actor, role: "owner" | "admin" | "member", perms?: Permission[]) => {
  const g = builtinGrant(role);
  return { actor, role: g.name, rank: g.rank, permissions: new Set(perms ?? g.permissions) };
};

describe("grants", () => {
  test("users act with their role's rank; keys are admin-ranked unless they carry ownership:transfer", () => {
    expect(actorRank(acting(user, "admin"))).toBe(80);
    expect(isOwnerActor(acting(user, "owner"))).toBe(true);
    expect(actorRank({ ...acting(key(["member:update"]), "member", ["member:update"]), rank: 0 })).toBe(80);
    expect(isOwnerActor({ ...acting(key([...PERMISSIONS]), "owner"), rank: 0 })).toBe(true);
  });

  test("rank and permission checks name what is wrong", () => {
    const admin = acting(user, "admin");
    expect(() => assertRankAtMost(admin, 80, "x")).not.toThrow();
    expect(() => assertRankAtMost(admin, 81, "x")).toThrow(/ranked 81, above your own rank \(80\)/);
    expect(missingPermissions(admin.permissions, ["org:delete", "member:read", "org:delete"])).toEqual(["org:delete"]);
    expect(() => assertHolds(admin, ["ownership:transfer"], "a role")).toThrow(/ownership:transfer/);
  });

  test("providerGrant: provider users and platform keys with the scope; nobody else", () => {
    const p = (actor: Actor, providerRole: "owner" | "admin" | null, needsMfaEnrolment = false) => ({ actor, meta: {}, providerRole, needsMfaEnrolment });
    expect(providerGrant(p(user, "admin"), "role:manage").rank).toBe(80);
    expect(() => providerGrant(p(user, null), "role:read")).toThrow(/provider administrators/);
    expect(() => providerGrant(p(user, "owner", true), "role:read")).toThrow(/two-factor/);
    expect(providerGrant(p(key(["role:manage"], null), "admin"), "role:manage").permissions.has("role:manage")).toBe(true);
    expect(() => providerGrant(p(key(["role:read"], null), "admin"), "role:manage")).toThrow(/lacks the role:manage scope/);
    expect(() => providerGrant(p(key([...PERMISSIONS], "org"), null), "role:read")).toThrow(/platform-wide/);
  });
});
