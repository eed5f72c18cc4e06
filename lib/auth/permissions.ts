// Role -> permission table. Built-in roles are code; custom roles (lib/roles) are data and carry a
// subset of these permissions plus a rank.
export const PERMISSIONS = [
  "org:read",
  "org:update",
  "org:deactivate",
  "org:delete",
  "member:read",
  "member:create",
  "member:update",
  "member:delete",
  "ownership:transfer",
  "role:read",
  "role:manage",
  "config:read",
  "config:manage",
  "connection:read",
  "connection:manage",
  "apikey:read",
  "apikey:manage",
  "audit:read",
  "audit:export",
  "invitation:read",
  "invitation:create",
  "invitation:revoke",
  "domain:read",
  "domain:manage",
  "sso:read",
  "sso:manage",
  "scim:read",
  "scim:manage",
  "provisioning:read",
  "provisioning:manage",
] as const;

export type Permission = (typeof PERMISSIONS)[number];
export const isPermission = (p: string): p is Permission => (PERMISSIONS as readonly string[]).includes(p);

const READ = PERMISSIONS.filter((p) => p.endsWith(":read"));

export const BUILTIN_ROLES = {
  owner: { rank: 100, permissions: [...PERMISSIONS] },
  admin: { rank: 80, permissions: PERMISSIONS.filter((p) => p !== "org:delete" && p !== "ownership:transfer") },
  member: { rank: 10, permissions: READ },
} as const satisfies Record<string, { rank: number; permissions: readonly Permission[] }>;

export type BuiltinRole = keyof typeof BUILTIN_ROLES;
export const isBuiltinRole = (r: string): r is BuiltinRole => r in BUILTIN_ROLES;

// Global custom roles that exist out of the box (seeded by lib/bootstrap); organizations may override them.
export const SYSTEM_ROLES = [
  {
    name: "developer",
    description: "Reads everything; manages configs, OAuth connections and API keys",
    rank: 30,
    permissions: [...READ, "config:manage", "connection:manage", "apikey:manage"] as Permission[],
  },
  { name: "viewer", description: "Read-only access", rank: 5, permissions: [...READ] as Permission[] },
];

/** Roles whose holders must enrol TOTP before acting. */
export const MFA_ROLES: readonly string[] = ["owner", "admin"];

export type RoleGrant = { name: string; rank: number; permissions: ReadonlySet<Permission> };

export function builtinGrant(role: BuiltinRole): RoleGrant {
  return { name: role, rank: BUILTIN_ROLES[role].rank, permissions: new Set(BUILTIN_ROLES[role].permissions) };
}

export function can(ctx: { permissions: ReadonlySet<Permission> }, permission: Permission): boolean {
  return ctx.permissions.has(permission);
}
