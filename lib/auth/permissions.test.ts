import { describe, expect, test } from "vitest";
import { BUILTIN_ROLES, SYSTEM_ROLES, builtinGrant, can, PERMISSIONS } from "./permissions";

describe("permission table", () => {
  test("owner has everything; admin everything but delete and ownership transfer", () => {
    expect(new Set(BUILTIN_ROLES.owner.permissions)).toEqual(new Set(PERMISSIONS));
    expect(can(builtinGrant("admin"), "member:update")).toBe(true);
    expect(can(builtinGrant("admin"), "org:delete")).toBe(false);
    expect(can(builtinGrant("admin"), "ownership:transfer")).toBe(false);
  });
  test("member reads, never writes", () => {
    const m = builtinGrant("member");
    expect(can(m, "member:read")).toBe(true);
    expect([...m.permissions].every((p) => p.endsWith(":read"))).toBe(true);
  });
  test("ranks order owner > admin > developer > member > viewer", () => {
    const dev = SYSTEM_ROLES.find((r) => r.name === "developer")!.rank;
    const viewer = SYSTEM_ROLES.find((r) => r.name === "viewer")!.rank;
    expect(BUILTIN_ROLES.owner.rank).toBeGreaterThan(BUILTIN_ROLES.admin.rank);
    expect(BUILTIN_ROLES.admin.rank).toBeGreaterThan(dev);
    expect(dev).toBeGreaterThan(BUILTIN_ROLES.member.rank);
    expect(BUILTIN_ROLES.member.rank).toBeGreaterThan(viewer);
  });
});
