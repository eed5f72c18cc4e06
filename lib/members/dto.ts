export type MemberRow = {
  id: string; userId: string; role: string; status: string; source: string; createdAt: Date; updatedAt: Date;
  user: { id: string; email: string; name: string | null };
};

export function toMemberDto(m: MemberRow) {
  return {
    id: m.id,
    userId: m.userId,
    email: m.user.email,
    name: m.user.name,
    role: m.role,
    status: m.status as "active" | "suspended",
    source: m.source as "manual" | "sso" | "scim" | "directory",
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}
export type MemberDto = ReturnType<typeof toMemberDto>;
