import { transaction } from "@/lib/db/unit-of-work";
import { fenceCaches } from "@/lib/db/cache-bus";
import { systemRepo } from "@/lib/db/repos/system";
import { organizationRepo } from "@/lib/db/repos/organizations";
import { recordAudit, recordPrincipalAudit } from "@/lib/audit/service";
import { AppError, conflict } from "@/lib/errors";
import type { OrgContext, Principal } from "@/lib/auth/org-context";
import { can } from "@/lib/auth/permissions";
import { toPage, type Page } from "@/lib/http/pagination";
import { toOrganizationDto, type OrganizationDto } from "./dto";
import { slugify, type CreateOrganizationInput, type ListOrganizationsQuery, type UpdateOrganizationInput } from "./schemas";

const canManageAll = (p: Principal) => p.providerRole !== null;

/** Lists the organizations the principal may see: all for provider admins and platform keys, else their own. */
export async function list(principal: Principal, q: ListOrganizationsQuery): Promise<Page<OrganizationDto>> {
  let orgIds: string[] | null = null;
  if (!canManageAll(principal)) {
    const a = principal.actor;
    if (a.type === "api_key") orgIds = a.orgId ? [a.orgId] : null;
    else if (a.type === "user") orgIds = await systemRepo.membershipOrgIds(a.userId);
    else orgIds = [];
  }
  const { rows, total } = await systemRepo.listOrganizations({ orgIds, search: q.search || undefined, status: q.status, skip: (q.page - 1) * q.limit, take: q.limit });
  return toPage(rows.map(toOrganizationDto), total, q);
}

async function uniqueSlug(base: string): Promise<string> {
  if (!(await systemRepo.slugExists(base))) return base;
  for (let i = 2; i < 50; i++) {
    const s = `${base}-${i}`;
    if (!(await systemRepo.slugExists(s))) return s;
  }
  return `${base}-${crypto.randomUUID().slice(0, 8)}`;
}

/**
 * Creates a customer organization. Provider admins and platform API keys only (forbidden otherwise).
 * An explicit slug that is taken is a conflict; a derived one gets a numeric suffix.
 */
export async function create(principal: Principal, input: CreateOrganizationInput): Promise<OrganizationDto> {
  if (!canManageAll(principal)) throw new AppError("forbidden", "Only provider administrators can create organizations");
  if (principal.actor.type === "api_key" && !principal.actor.scopes.includes("org:update")) {
    throw new AppError("forbidden", "This API key lacks the org:update scope needed to create organizations");
  }
  let slug = input.slug;
  if (slug) {
    if (await systemRepo.slugExists(slug)) throw conflict(`The slug "${slug}" is already taken; choose another`);
  } else slug = await uniqueSlug(slugify(input.name));
  const org = await transaction(async (tx) => {
    const created = await systemRepo.createOrganization(tx, { name: input.name, slug: slug!, domain: input.domain ?? null });
    await recordPrincipalAudit(tx, principal, created, {
      action: "organization.created", targetType: "organization", targetId: created.id, targetLabel: created.name,
      after: { name: created.name, slug: created.slug, domain: created.domain },
    });
    return created;
  });
  return toOrganizationDto(org);
}

export async function get(ctx: OrgContext): Promise<OrganizationDto> {
  return toOrganizationDto(await organizationRepo(ctx).get());
}

/** Updates name/slug/domain/defaultRole; isActive needs a provider administrator. */
export async function update(ctx: OrgContext, input: UpdateOrganizationInput): Promise<OrganizationDto> {
  if (input.isActive !== undefined) {
    if (!ctx.isProviderAdmin) {
      throw new AppError("forbidden", "Only provider administrators can deactivate or reactivate an organization");
    }
    if (ctx.orgIsProvider && input.isActive === false) throw conflict("The provider organization cannot be deactivated");
  }
  const dto = await transaction(async (tx) => {
    const repo = organizationRepo(ctx, tx);
    const before = await repo.get();
    const after = await repo.update({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.slug !== undefined ? { slug: input.slug } : {}),
      ...(input.domain !== undefined ? { domain: input.domain } : {}),
      ...(input.defaultRole !== undefined ? { defaultRole: input.defaultRole } : {}),
      ...(input.isActive !== undefined ? { isActive: input.isActive, deactivatedAt: input.isActive ? null : new Date() } : {}),
    });
    const pick = (o: typeof before) => ({ name: o.name, slug: o.slug, domain: o.domain, isActive: o.isActive, defaultRole: o.defaultRole });
    const action = input.isActive === false && before.isActive ? "organization.deactivated"
      : input.isActive === true && !before.isActive ? "organization.reactivated" : "organization.updated";
    await recordAudit(tx, ctx, { action, targetType: "organization", targetId: ctx.orgId, targetLabel: after.name, before: pick(before), after: pick(after) });
    return toOrganizationDto(after);
  });
  // SCIM token caches on every node drop this organization before the response (lib/db/cache-bus.ts).
  if (input.isActive !== undefined || input.name !== undefined) await fenceCaches();
  return dto;
}

/** Deletes the organization and its data; audit events stay. The provider organization is a conflict. */
export async function remove(ctx: OrgContext): Promise<void> {
  if (ctx.orgIsProvider) throw conflict("The provider organization cannot be deleted");
  if (!can(ctx, "org:delete") && !ctx.isProviderAdmin) {
    throw new AppError("forbidden", "Only an owner or a provider administrator can delete an organization");
  }
  await transaction(async (tx) => {
    const repo = organizationRepo(ctx, tx);
    const org = await repo.get();
    await recordAudit(tx, ctx, { action: "organization.deleted", targetType: "organization", targetId: org.id, targetLabel: org.name, before: { name: org.name, slug: org.slug, members: org._count.memberships } });
    await repo.delete();
  });
  await fenceCaches();
}
