type UserRow = { id: string; email: string; name: string | null; mfaEnabledAt: Date | null; lastLoginAt: Date | null; createdAt: Date; isPlatformAdmin: boolean };
type MembershipRow = { role: string; createdAt: Date; org: { id: string; name: string; slug: string; isProvider: boolean; isActive: boolean } };

/** The signed-in user as /api/v1/me shows them: never the password hash or the TOTP secret. */
export function toMeUserDto(u: UserRow) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    mfaEnabled: !!u.mfaEnabledAt,
    mfaEnabledAt: u.mfaEnabledAt?.toISOString() ?? null,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}

export function toMembershipSummaryDto(m: MembershipRow) {
  return {
    orgId: m.org.id,
    orgName: m.org.name,
    orgSlug: m.org.slug,
    isProvider: m.org.isProvider,
    isActive: m.org.isActive,
    role: m.role,
    since: m.createdAt.toISOString(),
  };
}
export type MembershipSummaryDto = ReturnType<typeof toMembershipSummaryDto>;
