/**
 * SCIM Groups (RFC 7644) of the token's organization.
 *
 * Members are never loaded whole: writes insert or delete member rows by id list in batches of
 * MEMBER_BATCH (INSERT ... ON CONFLICT DO NOTHING / DELETE ... RETURNING, so adds and removes are
 * idempotent), and reads stream the member list as keyset pages of MEMBER_PAGE rows straight into the
 * response body. `excludedAttributes=members` never queries the member table. A streamed list reflects
 * the member table as each page is read (no snapshot across pages).
 *
 * Member ids that are not SCIM users of this organization (another organization's, nested groups, junk
 * such as Microsoft's "string id 1") are skipped: they cannot be members here.
 *
 * When the organization has group-based mapping rules, every user whose groups changed (or all members,
 * on a rename or delete) is re-evaluated in the same transaction (lib/scim-users/effects.ts).
 */
import type { OrgContext } from "@/lib/auth/org-context";
import { rawTransaction, type RawTxHandle } from "@/lib/db/unit-of-work";
import { directoryGroupsRepo, MEMBER_BATCH, type DirectoryGroupRow } from "@/lib/db/repos/directory-groups";
import { directoryUsersRepo } from "@/lib/db/repos/directory-users";
import { recordAudit } from "@/lib/audit/service";
import { applyPatchRequest, type ScimResource } from "@/lib/scim/patch";
import type { Quirk } from "@/lib/scim/quirks";
import { readResource } from "@/lib/scim/resource";
import { GROUP_RESOURCE } from "@/lib/scim/schema";
import { scimBaseUrl } from "@/lib/scim-common/base-url";
import { asUniqueness, checkIfMatch, scimIssue, scimNotFound, uniqueness } from "@/lib/scim-common/errors";
import { compileFilter, type ListQuery } from "@/lib/scim-common/list";
import { parseProjection, project, wants, type Projection } from "@/lib/scim-common/projection";
import { SCHEMA_URNS } from "@/lib/scim/schema";
import { applyEffects, loadMappingContext, type MappingContext } from "@/lib/scim-users/effects";
import { groupFieldsFromResource, groupResource, groupTargets, memberValue, type GroupFields } from "./store";

/** Members per page when streaming a group's member list. */
export const MEMBER_PAGE = 1000;

const UNIQUE_FIELDS = { displayNameLower: "displayName" };

/** A group ready to be written out: the resource without members, and whether to stream them. */
export type GroupView = { id: string; resource: ScimResource; withMembers: boolean; projection: Projection };

export type GroupOutcome = { view: GroupView; version: number; quirks: Quirk[] };

const toResource = (row: DirectoryGroupRow) => groupResource(row, scimBaseUrl());

function view(row: DirectoryGroupRow, p: Projection): GroupView {
  return { id: row.id, resource: project(toResource(row), p, GROUP_RESOURCE), withMembers: wants(p, "members"), projection: p };
}

async function assertUnique(ctx: OrgContext, tx: RawTxHandle, f: GroupFields, selfId?: string) {
  const other = await directoryGroupsRepo(ctx, tx).findByDisplayNameLower(f.displayNameLower);
  if (other && other.id !== selfId) throw uniqueness(`displayName ${JSON.stringify(f.displayName)} is already taken in this organization`);
}

const chunks = <T>(list: T[], size = MEMBER_BATCH) => {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
};

const NO_GROUP_RULES: MappingContext = { rules: {}, knownRoles: [], defaultRole: "member", hasGroupRules: false };

/** The mapping context, or (when the organization cannot have group rules) one that re-evaluates nobody. */
const mappingContextIf = async (ctx: OrgContext, tx: RawTxHandle, mayHaveGroupRules: boolean) =>
  mayHaveGroupRules ? loadMappingContext(ctx, tx) : NO_GROUP_RULES;

/** Re-evaluates the given users when group rules exist (their pushed groups changed). */
async function reevaluate(ctx: OrgContext, tx: RawTxHandle, mc: MappingContext, userIds: string[]) {
  if (!mc.hasGroupRules || !userIds.length) return;
  for (const batch of chunks([...new Set(userIds)].sort(), 500)) {
    await directoryUsersRepo(ctx, tx).lockMany(batch);
    await applyEffects(ctx, tx, batch, mc);
  }
}

/** Re-evaluates every member, page by page (a rename changes what group rules see). */
async function reevaluateAllMembers(ctx: OrgContext, tx: RawTxHandle, mc: MappingContext, groupId: string) {
  if (!mc.hasGroupRules) return;
  const repo = directoryGroupsRepo(ctx, tx);
  let after: string | null = null;
  for (;;) {
    const page = await repo.memberPage(groupId, after, 500);
    if (!page.length) break;
    await reevaluate(ctx, tx, mc, page.map((m) => m.directoryUserId));
    after = page[page.length - 1]!.directoryUserId;
  }
}

type MemberChange = { added: string[]; removed: string[] };

async function addMembers(ctx: OrgContext, tx: RawTxHandle, groupId: string, ids: string[], display: Record<string, string>) {
  const added: string[] = [];
  for (const batch of chunks(ids)) added.push(...(await directoryGroupsRepo(ctx, tx).addMembers(groupId, batch, display)));
  return added;
}

async function replaceMembers(ctx: OrgContext, tx: RawTxHandle, groupId: string, ids: string[], display: Record<string, string>): Promise<MemberChange> {
  const repo = directoryGroupsRepo(ctx, tx);
  const removed: string[] = [];
  for (;;) {
    const gone = await repo.removeMembersExcept(groupId, ids);
    removed.push(...gone);
    if (gone.length < MEMBER_BATCH) break;
  }
  return { added: await addMembers(ctx, tx, groupId, ids, display), removed };
}

/** POST /Groups. 409 uniqueness when the displayName is taken (case-insensitively). */
export async function create(ctx: OrgContext, body: unknown): Promise<GroupOutcome> {
  const read = readResource(body, GROUP_RESOURCE);
  if (!read.ok) throw scimIssue(read.error);
  const fields = groupFieldsFromResource(read.value.resource);
  const members = read.value.members ?? { ids: [], display: {} };
  const row = await rawTransaction(async (tx) => {
    await assertUnique(ctx, tx, fields);
    const created = await directoryGroupsRepo(ctx, tx).create(fields).catch((e) => asUniqueness(e, UNIQUE_FIELDS));
    const added = await addMembers(ctx, tx, created.id, members.ids, members.display);
    if (added.length) await reevaluate(ctx, tx, await loadMappingContext(ctx, tx), added);
    await recordAudit(tx, ctx, {
      action: "scim.group_created",
      targetType: "scim_group",
      targetId: created.id,
      targetLabel: created.displayName,
      after: { displayName: created.displayName, externalId: created.externalId, membersAdded: added.length },
    });
    return created;
  });
  return { view: view(row, { mode: "all" }), version: row.version, quirks: read.value.quirks };
}

export async function get(ctx: OrgContext, id: string, projection: { attributes?: string; excludedAttributes?: string } = {}): Promise<GroupOutcome> {
  const row = await directoryGroupsRepo(ctx).findById(id);
  if (!row) throw scimNotFound("Group", id);
  return { view: view(row, parseProjection(projection.attributes, projection.excludedAttributes, GROUP_RESOURCE)), version: row.version, quirks: [] };
}

export async function list(ctx: OrgContext, q: ListQuery) {
  const { where, quirks } = compileFilter(q.filter, GROUP_RESOURCE, groupTargets(scimBaseUrl()), ctx.orgId);
  const { rows, total } = await directoryGroupsRepo(ctx).list(where, q.startIndex - 1, q.count);
  const p = parseProjection(q.attributes, q.excludedAttributes, GROUP_RESOURCE);
  return { views: rows.map((r) => view(r, p)), totalResults: total, startIndex: q.startIndex, quirks };
}

/** PUT /Groups/{id}: replaces displayName, externalId and the whole member list. */
export async function replace(ctx: OrgContext, id: string, body: unknown, ifMatch?: string | null): Promise<GroupOutcome> {
  const read = readResource(body, GROUP_RESOURCE);
  if (!read.ok) throw scimIssue(read.error);
  const fields = groupFieldsFromResource(read.value.resource);
  const members = read.value.members ?? { ids: [], display: {} };
  const row = await rawTransaction(async (tx) => {
    const repo = directoryGroupsRepo(ctx, tx);
    const locked = await repo.lockForWrite(id);
    if (!locked) throw scimNotFound("Group", id);
    const current = locked.row;
    checkIfMatch(ifMatch, current.version);
    await assertUnique(ctx, tx, fields, current.id);
    const renamed = fields.displayName !== current.displayName;
    const attrsChanged = renamed || fields.externalId !== current.externalId;
    const change = await replaceMembers(ctx, tx, current.id, members.ids, members.display);
    if (!attrsChanged && !change.added.length && !change.removed.length) return current;
    const updated = attrsChanged
      ? await repo.update(current.id, fields).catch((e) => asUniqueness(e, UNIQUE_FIELDS))
      : await repo.bumpVersion(current.id);
    const mc = await mappingContextIf(ctx, tx, locked.mayHaveGroupRules);
    if (renamed) {
      await reevaluate(ctx, tx, mc, change.removed);
      await reevaluateAllMembers(ctx, tx, mc, current.id);
    } else await reevaluate(ctx, tx, mc, [...change.added, ...change.removed]);
    await recordAudit(tx, ctx, {
      action: "scim.group_updated",
      targetType: "scim_group",
      targetId: current.id,
      targetLabel: updated.displayName,
      before: { displayName: current.displayName, externalId: current.externalId },
      after: { displayName: updated.displayName, externalId: updated.externalId, membersAdded: change.added.length, membersRemoved: change.removed.length },
    });
    return updated;
  });
  return { view: view(row, { mode: "all" }), version: row.version, quirks: read.value.quirks };
}

/** PATCH /Groups/{id}: attributes and member deltas in one transaction; member add/remove is idempotent. */
export async function patch(ctx: OrgContext, id: string, body: unknown, ifMatch?: string | null): Promise<GroupOutcome> {
  let quirks: Quirk[] = [];
  const row = await rawTransaction(async (tx) => {
    const repo = directoryGroupsRepo(ctx, tx);
    const locked = await repo.lockForWrite(id);
    if (!locked) throw scimNotFound("Group", id);
    const current = locked.row;
    checkIfMatch(ifMatch, current.version);
    const outcome = applyPatchRequest(toResource(current), body, GROUP_RESOURCE);
    if (!outcome.ok) throw scimIssue(outcome.error);
    quirks = outcome.value.quirks;
    const fields = groupFieldsFromResource(outcome.value.resource);
    const renamed = fields.displayName !== current.displayName;
    const attrsChanged = renamed || fields.externalId !== current.externalId;
    if (renamed) await assertUnique(ctx, tx, fields, current.id);
    let change: MemberChange = { added: [], removed: [] };
    const delta = outcome.value.members;
    if (delta?.replaceMembers) change = await replaceMembers(ctx, tx, current.id, delta.replaceMembers, delta.display);
    else if (delta) {
      for (const batch of chunks(delta.removeMembers)) change.removed.push(...(await repo.removeMembers(current.id, batch)));
      change.added = await addMembers(ctx, tx, current.id, delta.addMembers, delta.display);
    }
    if (!attrsChanged && !change.added.length && !change.removed.length) return current;
    const updated = attrsChanged
      ? await repo.update(current.id, fields).catch((e) => asUniqueness(e, UNIQUE_FIELDS))
      : await repo.bumpVersion(current.id);
    const mc = await mappingContextIf(ctx, tx, locked.mayHaveGroupRules);
    if (renamed) {
      await reevaluate(ctx, tx, mc, change.removed);
      await reevaluateAllMembers(ctx, tx, mc, current.id);
    } else await reevaluate(ctx, tx, mc, [...change.added, ...change.removed]);
    await recordAudit(tx, ctx, {
      action: "scim.group_updated",
      targetType: "scim_group",
      targetId: current.id,
      targetLabel: updated.displayName,
      before: { displayName: current.displayName, externalId: current.externalId },
      after: { displayName: updated.displayName, externalId: updated.externalId, membersAdded: change.added.length, membersRemoved: change.removed.length },
    });
    return updated;
  });
  return { view: view(row, { mode: "all" }), version: row.version, quirks };
}

/** DELETE /Groups/{id}: members are released in batches (re-evaluated when group rules exist), then the group goes. */
export async function remove(ctx: OrgContext, id: string, ifMatch?: string | null): Promise<void> {
  await rawTransaction(async (tx) => {
    const repo = directoryGroupsRepo(ctx, tx);
    const locked = await repo.lockForWrite(id);
    if (!locked) throw scimNotFound("Group", id);
    const current = locked.row;
    checkIfMatch(ifMatch, current.version);
    const mc = await mappingContextIf(ctx, tx, locked.mayHaveGroupRules);
    let released = 0;
    for (;;) {
      const gone = await repo.removeMembersExcept(current.id, []);
      released += gone.length;
      await reevaluate(ctx, tx, mc, gone);
      if (gone.length < MEMBER_BATCH) break;
    }
    await repo.delete(current.id);
    await recordAudit(tx, ctx, {
      action: "scim.group_deleted",
      targetType: "scim_group",
      targetId: current.id,
      targetLabel: current.displayName,
      before: { displayName: current.displayName, externalId: current.externalId, members: released },
    });
  });
}

// ---- Streaming the JSON of groups with their members.

const encoder = new TextEncoder();

function memberProjector(p: Projection) {
  if (p.mode === "all") return (m: Record<string, unknown>) => m;
  return (m: Record<string, unknown>) => {
    const out = project({ schemas: [SCHEMA_URNS.group], id: "", members: [m] }, p, GROUP_RESOURCE).members;
    return Array.isArray(out) ? (out[0] as Record<string, unknown> | undefined) : undefined;
  };
}

/** The JSON text of one group, members streamed page by page between the attributes and `meta`. */
async function* groupJson(ctx: OrgContext, v: GroupView): AsyncGenerator<string> {
  if (!v.withMembers) {
    yield JSON.stringify(v.resource);
    return;
  }
  const repo = directoryGroupsRepo(ctx);
  const base = scimBaseUrl();
  const pick = memberProjector(v.projection);
  const { meta, ...head } = v.resource;
  let after: string | null = null;
  let first = true;
  for (;;) {
    const page = await repo.memberPage(v.id, after, MEMBER_PAGE);
    const items = page.map((m) => pick(memberValue(m, base))).filter((m) => m !== undefined);
    if (items.length) {
      yield `${first ? `${JSON.stringify(head).slice(0, -1)},"members":[` : ","}${items.map((m) => JSON.stringify(m)).join(",")}`;
      first = false;
    }
    if (page.length < MEMBER_PAGE) break;
    after = page[page.length - 1]!.directoryUserId;
  }
  if (first) {
    yield JSON.stringify(v.resource);
    return;
  }
  yield `]${meta === undefined ? "" : `,"meta":${JSON.stringify(meta)}`}}`;
}

function toStream(parts: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await parts.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      } catch (e) {
        controller.error(e);
      }
    },
    async cancel() {
      await parts.return(undefined);
    },
  });
}

/** One group as a streamed JSON body. */
export function streamGroup(ctx: OrgContext, v: GroupView): ReadableStream<Uint8Array> {
  return toStream(groupJson(ctx, v));
}

/** A ListResponse of groups as a streamed JSON body (each group's members paged from the database). */
export function streamGroupList(ctx: OrgContext, r: { views: GroupView[]; totalResults: number; startIndex: number }): ReadableStream<Uint8Array> {
  async function* parts(): AsyncGenerator<string> {
    const head = { schemas: [SCHEMA_URNS.listResponse], totalResults: r.totalResults, startIndex: r.startIndex, itemsPerPage: r.views.length };
    yield `${JSON.stringify(head).slice(0, -1)},"Resources":[`;
    for (const [i, v] of r.views.entries()) {
      if (i > 0) yield ",";
      yield* groupJson(ctx, v);
    }
    yield "]}";
  }
  return toStream(parts());
}

