export type OrganizationRow = {
  id: string; name: string; slug: string; domain: string | null; isProvider: boolean; isActive: boolean;
  defaultRole: string; createdAt: Date; updatedAt: Date; deactivatedAt: Date | null; _count?: { memberships: number };
};

export function toOrganizationDto(o: OrganizationRow) {
  return {
    id: o.id,
    name: o.name,
    slug: o.slug,
    domain: o.domain,
    isProvider: o.isProvider,
    isActive: o.isActive,
    defaultRole: o.defaultRole,
    memberCount: o._count?.memberships,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
    deactivatedAt: o.deactivatedAt?.toISOString() ?? null,
  };
}
export type OrganizationDto = ReturnType<typeof toOrganizationDto>;
