import { BUILTIN_ROLES, type BuiltinRole } from "@/lib/auth/permissions";

export type RoleSource = "builtin" | "global" | "org";

export type RoleRow = {
  id: string; orgId: string | null; name: string; description: string | null; permissions: string[];
  rank: number; isSystem: boolean; createdAt: Date; updatedAt: Date;
};

const BUILTIN_DESCRIPTIONS: Record<BuiltinRole, string> = {
  owner: "Full control, including deleting the organization and transferring ownership",
  admin: "Manages members, roles, settings and API keys",
  member: "Read-only access",
};

export function toRoleDto(r: RoleRow, opts: { overridesGlobal?: boolean; memberCount?: number } = {}) {
  return {
    id: r.id as string | null,
    name: r.name,
    description: r.description,
    permissions: [...r.permissions],
    rank: r.rank,
    source: (r.orgId === null ? "global" : "org") as RoleSource,
    isSystem: r.isSystem,
    overridesGlobal: opts.overridesGlobal ?? false,
    memberCount: opts.memberCount,
    createdAt: r.createdAt.toISOString() as string | null,
    updatedAt: r.updatedAt.toISOString() as string | null,
  };
}
export type RoleDto = ReturnType<typeof toRoleDto>;

export function builtinRoleDto(name: BuiltinRole, memberCount?: number): RoleDto {
  return {
    id: null,
    name,
    description: BUILTIN_DESCRIPTIONS[name],
    permissions: [...BUILTIN_ROLES[name].permissions],
    rank: BUILTIN_ROLES[name].rank,
    source: "builtin",
    isSystem: true,
    overridesGlobal: false,
    memberCount,
    createdAt: null,
    updatedAt: null,
  };
}
