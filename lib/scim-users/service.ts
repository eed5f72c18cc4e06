/**
 * SCIM Users (RFC 7644 §3.3-3.6) of the token's organization. Every write is one transaction: the user
 * row is locked, the request applied, the effects (lib/scim-users/effects.ts) committed, and an audit
 * event recorded; nothing is half-applied.
 */
import { hash } from "@node-rs/argon2";
import type { OrgContext } from "@/lib/auth/org-context";
import { rawTransaction, type RawTxHandle } from "@/lib/db/unit-of-work";
import { directoryUsersRepo, provisioningRepo, type DirectoryUserRow, type MappingInputs } from "@/lib/db/repos/directory-users";
import { recordAudit, recordAuditMany, type AuditInput } from "@/lib/audit/service";
import { applyPatchRequest, type ScimResource } from "@/lib/scim/patch";
import type { Quirk } from "@/lib/scim/quirks";
import { readResource } from "@/lib/scim/resource";
import { USER_RESOURCE } from "@/lib/scim/schema";
import { scimBaseUrl } from "@/lib/scim-common/base-url";
import { asUniqueness, checkIfMatch, scimIssue, scimNotFound, uniqueness } from "@/lib/scim-common/errors";
import { compileFilter, type ListQuery } from "@/lib/scim-common/list";
import { parseProjection, project, wants, type Projection } from "@/lib/scim-common/projection";
import { listResponse } from "@/lib/scim-common/resource";
import { applyEffects, applyEffectsToCreated, deprovisionAndDelete } from "./effects";
import { accountEmail, customExtensionObjects, stableJson, userFieldsFromResource, userResource, userTargets, type UserFields } from "./store";

export type UserOutcome = { resource: ScimResource; version: number; quirks: Quirk[] };

const UNIQUE_FIELDS = { userNameLower: "userName" };

function toResource(row: DirectoryUserRow, groups?: { id: string; displayName: string }[]): ScimResource {
  return userResource(row as unknown as Parameters<typeof userResource>[0], scimBaseUrl(), groups);
}

async function withGroups(ctx: OrgContext, rows: DirectoryUserRow[], p: Projection, tx?: RawTxHandle) {
  const groups = wants(p, "groups") ? await directoryUsersRepo(ctx, tx).groupsOf(rows.map((r) => r.id)) : new Map();
  return rows.map((r) => project(toResource(r, groups.get(r.id) ?? []), p, USER_RESOURCE));
}

async function assertUnique(ctx: OrgContext, tx: RawTxHandle, f: UserFields, selfId?: string) {
  const repo = directoryUsersRepo(ctx, tx);
  const byName = await repo.findByUserNameLower(f.userNameLower);
  if (byName && byName.id !== selfId) throw uniqueness(`userName ${JSON.stringify(f.userName)} is already taken in this organization`);
}

/** The Gatehouse user this SCIM user is: by email, unless another SCIM user here already is that person. */
async function linkUser(ctx: OrgContext, tx: RawTxHandle, f: UserFields): Promise<{ userId: string | null; created: boolean; mapping?: MappingInputs }> {
  const email = accountEmail(f);
  if (!email) return { userId: null, created: false };
  const name = f.displayName ?? ([f.givenName, f.familyName].filter(Boolean).join(" ") || null);
  const link = await provisioningRepo(ctx, tx).linkByEmail(email, name);
  return link.taken ? { userId: null, created: false } : { userId: link.userId, created: link.created, mapping: link.mapping };
}

const hashPassword = (pw: string) => hash(pw);

const summary = (f: Partial<UserFields>) => ({
  userName: f.userName,
  externalId: f.externalId,
  active: f.active,
  displayName: f.displayName,
});

function changedFields(row: DirectoryUserRow, f: UserFields): (keyof UserFields)[] {
  const cur = row as unknown as Record<string, unknown>;
  // jsonb does not keep key order: compare canonical JSON.
  return (Object.keys(f) as (keyof UserFields)[]).filter((k) => stableJson(cur[k] ?? null) !== stableJson(f[k] ?? null));
}

/**
 * POST /Users. 409 uniqueness when userName (case-insensitively) is taken in the organization
 * (externalId is the client's and need not be unique, RFC 7643 §3.1). A password is hashed with argon2id and never returned.
 */
export async function create(ctx: OrgContext, body: unknown): Promise<UserOutcome> {
  const read = readResource(body, USER_RESOURCE);
  if (!read.ok) throw scimIssue(read.error);
  const fields = userFieldsFromResource({ ...read.value.resource, ...customExtensionObjects(body) });
  const passwordHash = read.value.password ? await hashPassword(read.value.password) : null;
  const row = await rawTransaction(async (tx) => {
    // No lookup first: the unique index on (orgId, userNameLower) answers a taken userName (409), and the
    // failed insert rolls back everything before it.
    const { userId, created: newUser, mapping } = await linkUser(ctx, tx, fields);
    const created = await directoryUsersRepo(ctx, tx)
      .create({ ...fields, userId, passwordHash })
      .catch((e) => asUniqueness(e, { userNameLower: `userName ${JSON.stringify(fields.userName)}` }));
    // The effects' event and the creation's in one INSERT, in that order.
    const audits: AuditInput[] = [];
    const effect = await applyEffectsToCreated(ctx, tx, created, newUser, { mapping, audits });
    audits.push({
      action: "scim.user_created",
      targetType: "scim_user",
      targetId: created.id,
      targetLabel: created.userName,
      after: { ...summary(fields), userId, membership: effect?.membership.after ?? null, teams: effect?.teams.after ?? [] },
    });
    await recordAuditMany(tx, ctx, audits);
    return created;
  });
  return { resource: toResource(row, []), version: row.version, quirks: read.value.quirks };
}

export async function get(ctx: OrgContext, id: string, projection: { attributes?: string; excludedAttributes?: string } = {}): Promise<UserOutcome> {
  const p = parseProjection(projection.attributes, projection.excludedAttributes, USER_RESOURCE);
  const found = await directoryUsersRepo(ctx).findByIdWithGroups(id, wants(p, "groups"));
  if (!found) throw scimNotFound("User", id);
  return { resource: project(toResource(found.row, found.groups), p, USER_RESOURCE), version: found.row.version, quirks: [] };
}

/** GET /Users: the filter runs in PostgreSQL; stable order (created, id); count capped at 100. */
export async function list(ctx: OrgContext, q: ListQuery) {
  const { where, quirks } = compileFilter(q.filter, USER_RESOURCE, userTargets(scimBaseUrl()), ctx.orgId);
  const p = parseProjection(q.attributes, q.excludedAttributes, USER_RESOURCE);
  const { rows, groups, total } = await directoryUsersRepo(ctx).list(where, q.startIndex - 1, q.count, wants(p, "groups"));
  const resources = rows.map((r) => project(toResource(r, groups.get(r.id) ?? []), p, USER_RESOURCE));
  return { body: listResponse(resources, total, q), quirks };
}

/** PUT /Users/{id}: the body replaces the user; `active` left out keeps its value, a password left out stays. */
export async function replace(ctx: OrgContext, id: string, body: unknown, ifMatch?: string | null): Promise<UserOutcome> {
  const read = readResource(body, USER_RESOURCE);
  if (!read.ok) throw scimIssue(read.error);
  const passwordHash = read.value.password ? await hashPassword(read.value.password) : undefined;
  const row = await rawTransaction(async (tx) => {
    const repo = directoryUsersRepo(ctx, tx);
    const current = await repo.lockById(id);
    if (!current) throw scimNotFound("User", id);
    checkIfMatch(ifMatch, current.version);
    const fields = userFieldsFromResource({ ...read.value.resource, ...customExtensionObjects(body) }, current.active);
    const changed = changedFields(current, fields);
    if (!changed.length && passwordHash === undefined) return current;
    await assertUnique(ctx, tx, fields, current.id);
    const userId = current.userId ?? (await linkUser(ctx, tx, fields)).userId;
    const updated = await repo.update(current.id, { ...fields, userId, ...(passwordHash !== undefined ? { passwordHash } : {}) }).catch((e) => asUniqueness(e, UNIQUE_FIELDS));
    await applyEffects(ctx, tx, [current.id]);
    await recordAudit(tx, ctx, {
      action: "scim.user_updated",
      targetType: "scim_user",
      targetId: current.id,
      targetLabel: updated.userName,
      before: summary(current as unknown as UserFields),
      after: { ...summary(fields), changed: [...changed, ...(passwordHash !== undefined ? ["password"] : [])] },
    });
    return updated;
  });
  const groups = await directoryUsersRepo(ctx).groupsOf([row.id]);
  return { resource: toResource(row, groups.get(row.id) ?? []), version: row.version, quirks: read.value.quirks };
}

/** PATCH /Users/{id} (RFC 7644 §3.5.2). A PATCH that changes nothing leaves the version and lastModified alone. */
export async function patch(ctx: OrgContext, id: string, body: unknown, ifMatch?: string | null): Promise<UserOutcome> {
  let quirks: Quirk[] = [];
  const row = await rawTransaction(async (tx) => {
    const repo = directoryUsersRepo(ctx, tx);
    const current = await repo.lockById(id);
    if (!current) throw scimNotFound("User", id);
    checkIfMatch(ifMatch, current.version);
    const outcome = applyPatchRequest(toResource(current), body, USER_RESOURCE);
    if (!outcome.ok) throw scimIssue(outcome.error);
    quirks = outcome.value.quirks;
    if (!outcome.value.changed) return current;
    const fields = userFieldsFromResource(outcome.value.resource, current.active);
    const changed = changedFields(current, fields);
    const pw = outcome.value.password;
    const passwordHash = pw === undefined ? undefined : pw === null ? null : await hashPassword(pw);
    if (!changed.length && passwordHash === undefined) return current;
    await assertUnique(ctx, tx, fields, current.id);
    const userId = current.userId ?? (await linkUser(ctx, tx, fields)).userId;
    const updated = await repo.update(current.id, { ...fields, userId, ...(passwordHash !== undefined ? { passwordHash } : {}) }).catch((e) => asUniqueness(e, UNIQUE_FIELDS));
    await applyEffects(ctx, tx, [current.id]);
    await recordAudit(tx, ctx, {
      action: "scim.user_updated",
      targetType: "scim_user",
      targetId: current.id,
      targetLabel: updated.userName,
      before: summary(current as unknown as UserFields),
      after: { ...summary(fields), changed: [...changed, ...(passwordHash !== undefined ? ["password"] : [])] },
    });
    return updated;
  });
  const groups = await directoryUsersRepo(ctx).groupsOf([row.id]);
  return { resource: toResource(row, groups.get(row.id) ?? []), version: row.version, quirks };
}

/**
 * DELETE /Users/{id}: deprovisions (effects.deprovisionAndDelete: membership removed or suspended, sessions
 * revoked, API keys disabled) and deletes the SCIM user, so its id is 404 afterwards (RFC 7644 §3.6)
 * and its userName free again. The audit trail keeps the record.
 */
export async function remove(ctx: OrgContext, id: string, ifMatch?: string | null): Promise<void> {
  await rawTransaction(async (tx) => {
    const repo = directoryUsersRepo(ctx, tx);
    const current = await repo.lockById(id);
    if (!current) throw scimNotFound("User", id);
    checkIfMatch(ifMatch, current.version);
    const result = await deprovisionAndDelete(ctx, tx, current);
    await recordAudit(tx, ctx, {
      action: "scim.user_deprovisioned",
      targetType: "scim_user",
      targetId: current.id,
      targetLabel: current.userName,
      before: { ...summary(current as unknown as UserFields), userId: current.userId },
      after: { membership: result.membership },
    });
  });
}
