/**
 * Directory sync (issue #6): preview, import, team/business-unit sync and reconciliation. Each job is a
 * run (DirectorySyncRun) worked page by page by `runStep`; the position (phase, cursor) is persisted in
 * the run row in the same transaction as the page's writes, so a retried or resumed step never applies a
 * page twice. Services assume the transport checked provisioning:read / provisioning:manage.
 *
 * Safety: a reconciliation decommissions only at the end, after a complete read of the directory. A
 * failed read (any DirectoryError, a paging loop, an empty directory while people are imported) fails
 * the run and decommissions nobody; more decommissions than the configured share (and at least the
 * configured minimum) wait for approveRun.
 */
import { actorId, type OrgContext } from "@/lib/auth/org-context";
import { AppError, notFound } from "@/lib/errors";
import { transaction, type TxHandle } from "@/lib/db/unit-of-work";
import { syncRunsRepo, type SyncRunRow } from "@/lib/db/repos/sync-runs";
import { directoryAccountsRepo, directoryIdentityRepo } from "@/lib/db/repos/directory-accounts";
import { teamsRepo } from "@/lib/db/repos/teams";
import { recordAudit, recordAuditMany, type AuditInput } from "@/lib/audit/service";
import { loadMappingContext } from "@/lib/scim-users/effects";
import { directoryAdapterFor } from "@/lib/provisioning/service";
import { decommissionUsers } from "@/lib/lifecycle/decommission";
import { DirectoryError, type DirectoryAdapter, type DirectoryFilter, type DirectoryPerson, type Page as DirectoryPage } from "@/lib/directory/types";
import { toPage, type Page } from "@/lib/http/pagination";
import { log } from "@/lib/log";
import {
  accountHash,
  capped,
  desiredFor,
  needsApproval,
  planPerson,
  previewOutcome,
  relevantGroup,
  validatePeople,
  type Current,
  type GroupIndex,
  type MappingSetup,
  type PersonPlan,
  type ValidPerson,
} from "./plan";
import { toSyncRunDetailDto, toSyncRunDto } from "./mappers";
import type {
  DecommissionReason,
  DriftEntry,
  PendingDecommission,
  PreviewDto,
  PreviewUserDto,
  RunCounts,
  RunErrorEntry,
  RunStatus,
  RunTrigger,
  SkippedEntry,
  SyncKind,
  SyncRunDetailDto,
  SyncRunDto,
} from "./dto";

export type SyncOptions = {
  /** The directory to read (tests, benchmarks); default: the organization's configured adapter. */
  adapter?: DirectoryAdapter;
  /** Page size asked of the directory (default 200, Okta's maximum for /users with search). */
  pageSize?: number;
};

const PAGE_SIZE = 200;
const PREVIEW_LIMIT = 50;
const LIST_CAP = 1000;
const STALE_RUN_MS = 30 * 60_000;
const USER_KINDS = new Set<SyncKind>(["import", "reconcile"]);

// ---- directory access --------------------------------------------------------------------------------

/** The directory to read and the organization's sync settings, from one read of its configuration. */
async function sourceFor(ctx: OrgContext, opts: SyncOptions): Promise<{ adapter: DirectoryAdapter; settings: Settings }> {
  if (opts.adapter) return { adapter: opts.adapter, settings: await settingsOf(ctx, opts.adapter) };
  const { adapter, config } = await directoryAdapterFor(ctx);
  return {
    adapter,
    settings: { teamIdsField: config.teamIdsField, maxShare: config.decommissionMaxShare, minCount: config.decommissionMinCount, provider: adapter.provider },
  };
}

// Per-run memo of what every page needs (the adapter, thresholds, mapping rules): re-read at most every
// 30 seconds, so a 500-page run does not re-read the configuration 500 times. Process-local; another
// process simply reads it again.
type RunMemo = {
  adapter: DirectoryAdapter;
  settings: Settings;
  setup: MappingSetup;
  at: number;
  /** The next page of people, requested while this page is written (HTTP and database overlap). */
  prefetch?: { cursor: string; promise: Promise<DirectoryPage<DirectoryPerson>> };
};
const runMemo = new Map<string, RunMemo>();
const RUN_MEMO_MS = 30_000;

async function memoFor(ctx: OrgContext, runId: string, opts: SyncOptions): Promise<RunMemo> {
  const now = Date.now();
  for (const [k, v] of runMemo) if (now - v.at > RUN_MEMO_MS) runMemo.delete(k);
  const hit = runMemo.get(runId);
  if (hit && (!opts.adapter || hit.adapter === opts.adapter)) return hit;
  const { adapter, settings } = await sourceFor(ctx, opts);
  const setup = await transaction((tx) => loadSetup(ctx, tx, settings.teamIdsField));
  const memo = { adapter, settings, setup, at: now };
  runMemo.set(runId, memo);
  return memo;
}

function forgetRun(runId: string) {
  runMemo.delete(runId);
  groupCache.delete(runId);
}

async function allPages<T>(fetch: (cursor: string | null) => Promise<{ items: T[]; next?: string | null }>, what: string): Promise<T[]> {
  const out: T[] = [];
  const seen = new Set<string>();
  let cursor: string | null = null;
  for (;;) {
    const page = await fetch(cursor);
    out.push(...page.items);
    const next = page.next ?? null;
    if (!next) return out;
    if (seen.has(next)) throw new DirectoryError("malformed", `The directory returned the same page cursor twice while listing ${what}: the listing is incomplete`);
    seen.add(next);
    cursor = next;
  }
}

/** Group names by id; `members` also reads every group's members (for people the directory lists without groupIds). */
export async function loadGroupIndex(adapter: DirectoryAdapter, members: ((g: { id: string; name: string }) => boolean) | null, pageSize: number): Promise<GroupIndex> {
  const groups = await allPages((cursor) => adapter.listGroups({ cursor, pageSize }), "groups");
  const byId = new Map(groups.map((g) => [g.id, g.name]));
  if (!members) return { byId, memberOf: null };
  const memberOf = new Map<string, string[]>();
  for (const g of groups.filter(members)) {
    const ids = await allPages((cursor) => adapter.listGroupMembers(g.id, { cursor, pageSize }), `the members of group ${g.name}`);
    for (const id of ids) {
      const list = memberOf.get(id);
      if (list) list.push(g.id);
      else memberOf.set(id, [g.id]);
    }
  }
  return { byId, memberOf };
}

// A run's group index, kept between its steps in this process (Inngest steps of one run reach the same
// server in practice). Another process rebuilds it from the directory: correct, only slower.
const groupCache = new Map<string, { index: GroupIndex; at: number }>();
const GROUP_CACHE_MS = 60 * 60_000;

async function groupIndexFor(key: string | null, adapter: DirectoryAdapter, setup: MappingSetup, people: readonly DirectoryPerson[], pageSize: number): Promise<GroupIndex> {
  const needMembers = people.some((p) => !p.groupIds) && (setup.hasGroupRules || setup.linkedTeams.size > 0);
  const now = Date.now();
  for (const [k, v] of groupCache) if (now - v.at > GROUP_CACHE_MS) groupCache.delete(k);
  const hit = key ? groupCache.get(key) : undefined;
  if (hit && (hit.index.memberOf || !needMembers)) return hit.index;
  const index = await loadGroupIndex(adapter, needMembers ? relevantGroup(setup) : null, pageSize);
  if (key) groupCache.set(key, { index, at: now });
  return index;
}

// ---- mapping setup -------------------------------------------------------------------------------------

async function loadSetup(ctx: OrgContext, tx: TxHandle, teamIdsField: string | null): Promise<MappingSetup> {
  const idn = directoryIdentityRepo(ctx, tx);
  const [mc, teams, units] = await Promise.all([loadMappingContext(ctx, tx), idn.allTeamNames(), idn.allBusinessUnitNames()]);
  const teamsByKey = new Map<string, string>();
  const linkedTeams = new Map<string, string>();
  for (const t of teams) {
    teamsByKey.set(t.name, t.name);
    teamsByKey.set(t.id, t.name);
    if (t.externalId) {
      teamsByKey.set(t.externalId, t.name);
      linkedTeams.set(t.externalId, t.name);
    }
  }
  const linkedUnits = new Map<string, string>();
  for (const u of units) if (u.externalId) linkedUnits.set(u.externalId, u.name);
  return { ...mc, teamIdsField, teamsByKey, linkedTeams, linkedUnits };
}

/** The organization's mapping setup as the engine uses it (benchmarks seed "already imported" state with it). */
export async function mappingSetupFor(ctx: OrgContext): Promise<MappingSetup> {
  const s = await settingsOf(ctx, null);
  return transaction((tx) => loadSetup(ctx, tx, s.teamIdsField));
}

type Settings = { teamIdsField: string | null; maxShare: number; minCount: number; provider: string };

async function settingsOf(ctx: OrgContext, adapter: DirectoryAdapter | null): Promise<Settings> {
  const row = await syncRunsRepo(ctx).settings();
  return {
    teamIdsField: row?.teamIdsField ?? null,
    maxShare: row?.decommissionMaxShare ?? 0.1,
    minCount: row?.decommissionMinCount ?? 5,
    provider: adapter?.provider ?? row?.provider ?? "unknown",
  };
}

// ---- one page of people: read what Gatehouse holds, plan, write ----------------------------------------

type PagePlan = { v: ValidPerson; plan: PersonPlan; hash: string; desired: ReturnType<typeof desiredFor>; current: Current };

async function planPage(ctx: OrgContext, tx: TxHandle, valid: ValidPerson[], setup: MappingSetup, mode: "import" | "reconcile"): Promise<PagePlan[]> {
  const idn = directoryIdentityRepo(ctx, tx);
  const accounts = directoryAccountsRepo(ctx, tx);
  const byEmail = await idn.userIdsByEmails(valid.map((v) => v.email));
  const accountRows = await accounts.findByExternalIdsOrUsers(valid.map((v) => v.person.id), [...byEmail.values()]);
  const byExternal = new Map(accountRows.map((a) => [a.externalId, a]));
  const byUser = new Map(accountRows.map((a) => [a.userId, a]));
  const userIds = [...new Set([...byEmail.values(), ...accountRows.map((a) => a.userId)])];
  const [memberships, assigned] = await Promise.all([idn.memberships(userIds), idn.directoryAssignments(userIds)]);
  const membershipOf = new Map(memberships.map((m) => [m.userId, m]));
  return valid.map((v) => {
    const account = byExternal.get(v.person.id) ?? null;
    const emailUser = byEmail.get(v.email) ?? null;
    const userId = account?.userId ?? emailUser;
    const current: Current = {
      account,
      userId: emailUser,
      accountOfUser: emailUser ? byUser.get(emailUser) ?? null : null,
      membership: userId ? membershipOf.get(userId) ?? null : null,
      teams: userId ? assigned.teams.get(userId) ?? [] : [],
      businessUnits: userId ? assigned.businessUnits.get(userId) ?? [] : [],
    };
    const desired = desiredFor(v.person, v.email, v.groups, setup);
    const hash = accountHash(v.person, v.email, v.groups, desired);
    return { v, plan: planPerson(v, desired, hash, current, mode, setup.defaultRole), hash, desired, current };
  });
}

type PageOutcome = {
  counts: RunCounts;
  skipped: SkippedEntry[];
  drift: DriftEntry[];
  candidates: PendingDecommission[];
};

const add = (c: RunCounts, k: keyof RunCounts, n = 1) => {
  if (n) c[k] = (c[k] ?? 0) + n;
};

function accountWrite(p: PagePlan, userId: string, status: "active" | "decommissioned") {
  const person = p.v.person;
  return {
    userId,
    externalId: person.id,
    email: p.v.email,
    displayName: person.displayName ?? null,
    directoryActive: person.active,
    department: person.department ?? null,
    orgUnit: person.orgUnit ?? null,
    groups: p.v.groups.map((g) => ({ id: g.id ?? null, name: g.displayName })),
    attributes: person.attributes,
    hash: p.hash,
    status,
  };
}

/** Applies a planned page in the caller's transaction: one statement per kind of write, audit in bulk. */
async function applyPage(ctx: OrgContext, tx: TxHandle, plans: PagePlan[], run: { id: string; provider: string }): Promise<PageOutcome> {
  const out: PageOutcome = { counts: {}, skipped: [], drift: [], candidates: [] };
  const idn = directoryIdentityRepo(ctx, tx);
  const writes = plans.filter((p): p is PagePlan & { plan: Extract<PersonPlan, { kind: "create" | "update" | "unchanged" }> } =>
    p.plan.kind === "create" || p.plan.kind === "update" || p.plan.kind === "unchanged");

  const toCreate = writes.filter((p) => p.plan.userId === null);
  const { ids: created, created: newEmails } = await idn.findOrCreateUsers(toCreate.map((p) => ({ email: p.v.email, name: p.v.person.displayName ?? null })));
  const userOf = (p: PagePlan & { plan: { userId: string | null } }) => p.plan.userId ?? created.get(p.v.email)!;

  await idn.createMemberships(writes.filter((p) => p.plan.createMembership).map((p) => ({ userId: userOf(p), ...p.plan.createMembership! })));
  await idn.updateMemberships(writes.filter((p) => p.plan.updateMembership).map((p) => p.plan.updateMembership!));

  const teamNames = [...new Set(writes.flatMap((p) => p.plan.teams.add))];
  const unitNames = [...new Set(writes.flatMap((p) => p.plan.businessUnits.add))];
  const teams = teamsRepo(ctx, tx);
  const [teamIds, unitIds] = await Promise.all([teams.ensureTeams(teamNames), teams.ensureBusinessUnits(unitNames)]);
  await idn.addTeamMemberships(writes.flatMap((p) => p.plan.teams.add.map((n) => ({ userId: userOf(p), teamId: teamIds.get(n)! }))).filter((x) => x.teamId));
  await idn.removeTeamMemberships(writes.flatMap((p) => p.plan.teams.remove.map((t) => ({ userId: userOf(p), teamId: t.id }))));
  await idn.addBusinessUnitMemberships(writes.flatMap((p) => p.plan.businessUnits.add.map((n) => ({ userId: userOf(p), unitId: unitIds.get(n)! }))).filter((x) => x.unitId));
  await idn.removeBusinessUnitMemberships(writes.flatMap((p) => p.plan.businessUnits.remove.map((t) => ({ userId: userOf(p), unitId: t.id }))));

  const accountRows = [
    ...writes.filter((p) => p.plan.writeAccount || !p.current.account).map((p) => accountWrite(p, userOf(p), "active")),
    // Reconciliation: people about to be decommissioned keep their account status until that happens,
    // but their stored directory data is refreshed.
    ...plans
      .filter((p) => p.plan.kind === "decommission" && p.plan.accountChanged && p.current.account)
      .map((p) => accountWrite(p, p.current.account!.userId, p.current.account!.status === "active" ? "active" : "decommissioned")),
  ];
  await directoryAccountsRepo(ctx, tx).upsertMany(accountRows, run.provider, run.id);

  const audits: AuditInput[] = [];
  for (const p of plans) {
    const plan = p.plan;
    const person = p.v.person;
    switch (plan.kind) {
      case "skip":
        out.skipped.push({ externalId: person.id, email: p.v.email, reason: plan.reason });
        break;
      case "ignore":
        break;
      case "decommission":
        if (!plan.alreadyDecommissioned) out.candidates.push({ userId: plan.userId, externalId: person.id, email: p.v.email, reason: plan.reason });
        else add(out.counts, "unchanged");
        break;
      default: {
        add(out.counts, plan.kind === "create" ? "created" : plan.kind === "update" ? "updated" : "unchanged");
        if (plan.reactivated) add(out.counts, "reactivated");
        const userId = userOf(p as PagePlan & { plan: { userId: string | null } });
        if (plan.drift) out.drift.push({ userId, externalId: person.id, email: p.v.email, ...plan.drift });
        const m = p.current.membership;
        const identityChanged = plan.createMembership || plan.updateMembership || plan.reactivated || plan.teams.add.length || plan.teams.remove.length
          || plan.businessUnits.add.length || plan.businessUnits.remove.length;
        if (!identityChanged) break;
        audits.push({
          action: plan.kind === "create" ? "directory.user_imported" : plan.reactivated ? "directory.user_reactivated" : "directory.user_updated",
          targetType: "member",
          targetId: userId,
          targetLabel: p.v.email,
          before: m ? { role: m.role, status: m.status, source: m.source, teams: p.current.teams.map((t) => t.name), businessUnits: p.current.businessUnits.map((t) => t.name) } : null,
          after: {
            role: plan.createMembership?.role ?? plan.updateMembership?.role ?? m?.role ?? null,
            status: plan.createMembership?.status ?? plan.updateMembership?.status ?? m?.status ?? null,
            teams: p.desired.teams,
            businessUnits: p.desired.businessUnits,
            externalId: person.id,
            runId: run.id,
            ...(plan.userId === null ? { userCreated: newEmails.has(p.v.email) } : {}),
          },
        });
      }
    }
  }
  await recordAuditMany(tx, ctx, audits);
  return out;
}

// ---- preview -------------------------------------------------------------------------------------------

/**
 * Up to 50 people matching the filter and what an import would do to each: role, teams, business
 * units, and create / update / unchanged / skip (with the reason). Reads only. Throws
 * upstream_failed when the directory cannot be read, invalid_input when nothing is configured.
 */
export async function previewImport(ctx: OrgContext, filter: DirectoryFilter, opts: SyncOptions = {}): Promise<PreviewDto> {
  const { adapter, settings } = await sourceFor(ctx, opts);
  const people: DirectoryPerson[] = [];
  let hasMore = false;
  let cursor: string | null = null;
  try {
    // Providers that filter client-side (IdentityIQ roles) return short pages: keep reading until 50
    // people or the end, within a time budget that keeps the preview under 2 s.
    const deadline = Date.now() + 1200;
    for (let guard = 0; guard < 40 && people.length < PREVIEW_LIMIT && (guard < 5 || Date.now() < deadline); guard++) {
      const page = await adapter.listUsers(filter, { cursor, pageSize: PREVIEW_LIMIT });
      people.push(...page.items);
      cursor = page.next ?? null;
      if (!cursor) break;
    }
    hasMore = people.length > PREVIEW_LIMIT || cursor !== null;
    people.splice(PREVIEW_LIMIT);
  } catch (e) {
    throw directoryFailure(e);
  }
  const users = await transaction(async (tx) => {
    const setup = await loadSetup(ctx, tx, settings.teamIdsField);
    let index: GroupIndex;
    try {
      index = await groupIndexFor(null, adapter, setup, people, PAGE_SIZE);
    } catch (e) {
      throw directoryFailure(e);
    }
    const { valid, skipped } = validatePeople(people, index);
    const plans = await planPage(ctx, tx, valid, setup, "import");
    const byId = new Map(plans.map((p) => [p.v.person.id, p]));
    const skippedById = new Map(skipped.map((s) => [s.externalId, s]));
    return people.map((p): PreviewUserDto => {
      const planned = byId.get(p.id);
      if (!planned) {
        return { externalId: p.id, email: p.email ?? null, displayName: p.displayName ?? null, active: p.active, role: null, teams: [], businessUnits: [], outcome: "skip", reason: skippedById.get(p.id)?.reason ?? "skipped" };
      }
      const { outcome, reason } = previewOutcome(planned.plan);
      const m = planned.current.membership;
      const role = !planned.desired.granted ? null
        : planned.plan.kind === "skip" && m ? m.role
        : m && m.source !== "directory" ? m.role
        : planned.desired.role ?? m?.role ?? setup.defaultRole;
      return {
        externalId: p.id,
        email: planned.v.email,
        displayName: p.displayName ?? null,
        active: p.active,
        role,
        teams: planned.desired.teams,
        businessUnits: planned.desired.businessUnits,
        outcome,
        ...(reason ? { reason } : {}),
      };
    });
  });
  const counts = { create: 0, update: 0, unchanged: 0, skip: 0 };
  for (const u of users) counts[u.outcome]++;
  return { filter, users, hasMore, counts };
}

function directoryFailure(e: unknown): AppError {
  if (e instanceof AppError) return e;
  if (e instanceof DirectoryError) {
    const code = e.kind === "config" || e.kind === "unsupported" ? "invalid_input" : e.kind === "rate_limited" ? "rate_limited" : "upstream_failed";
    return new AppError(code, `The directory could not be read (${e.kind}): ${e.message}`, { cause: e });
  }
  return new AppError("internal", "The directory could not be read", { cause: e });
}

// ---- runs ----------------------------------------------------------------------------------------------

type RunState = {
  phase: "users" | "finalize" | "groups" | "group_members" | "units" | "unit_members" | "done";
  cursor: string | null;
  pages: number;
  /** People the directory listed so far (reconcile: an empty directory never decommissions anyone). */
  seen: number;
  /** Recent cursors: a directory that hands one out twice is paging in a loop (an incomplete snapshot). */
  cursors: string[];
  /** Reconcile: disabled / unassigned people found while paging, decommissioned at the end. */
  candidates: PendingDecommission[];
  /** Team sync: the linked teams, worked one group per step. */
  groups?: { groupId: string; teamId: string; name: string }[];
  groupIndex?: number;
  units?: { keys: string[]; unitId: string; name: string }[];
};

const initialState = (kind: SyncKind): RunState => ({
  phase: kind === "team_sync" ? "groups" : "users",
  cursor: null,
  pages: 0,
  seen: 0,
  cursors: [],
  candidates: [],
});

/** Whether a run is still where a step read it (a concurrent or retried step must not apply a page twice). */
function samePosition(a: unknown, b: unknown): boolean {
  const x = a as Partial<RunState> | null;
  const y = b as Partial<RunState> | null;
  return x?.phase === y?.phase && (x?.cursor ?? null) === (y?.cursor ?? null) && x?.pages === y?.pages && x?.groupIndex === y?.groupIndex;
}

const isoNow = () => new Date().toISOString();

/**
 * Creates a queued run. Conflict (409) when a run of the same kind is queued or running in this
 * organization (a run left running for 30 minutes without progress is marked failed first).
 * invalid_input when directory jobs are asked for without an enabled directory configuration.
 */
export async function createRun(
  ctx: OrgContext,
  input: { kind: SyncKind; filter?: DirectoryFilter; trigger: RunTrigger; actorUserId?: string | null },
): Promise<SyncRunDto> {
  if (input.kind !== "session_check") {
    const s = await syncRunsRepo(ctx).settings();
    if (!s) throw new AppError("invalid_input", "Configure the directory connection (User provisioning → Directory) before running directory jobs");
    if (!s.enabled) throw new AppError("invalid_input", "Directory provisioning is disabled for this organization; enable it first");
  }
  const filter: DirectoryFilter | null = input.kind === "import" || input.kind === "reconcile" ? input.filter ?? { kind: "all" } : null;
  return transaction(async (tx) => {
    const repo = syncRunsRepo(ctx, tx);
    await repo.lockKind(input.kind);
    const active = await repo.findActive(input.kind);
    if (active) {
      if (Date.now() - active.updatedAt.getTime() > STALE_RUN_MS) {
        await repo.update(active.id, finished(active, "failed", { error: "The run stopped making progress (abandoned); nobody was decommissioned by it" }));
      } else {
        throw new AppError("conflict", `A ${input.kind.replace("_", " ")} run is already ${active.status} in this organization (started ${active.createdAt.toISOString()})`);
      }
    }
    const row = await repo.create({ kind: input.kind, trigger: input.trigger, filter, createdById: input.actorUserId ?? null });
    return toSyncRunDto(row);
  });
}

function finished(row: SyncRunRow, status: string, extra: { error?: string | null } = {}) {
  const now = new Date();
  const started = row.startedAt ?? row.createdAt;
  return { status, finishedAt: now, durationMs: Math.max(0, now.getTime() - started.getTime()), ...extra };
}

async function loadRun(ctx: OrgContext, runId: string) {
  const row = /^[0-9a-f-]{36}$/i.test(runId) ? await syncRunsRepo(ctx).findById(runId) : null;
  if (!row) throw notFound("Sync run");
  return row;
}

const TERMINAL = new Set(["succeeded", "failed", "cancelled", "awaiting_approval"]);

/**
 * Works one page of a run (import / reconcile: one page of people; team sync: one page of groups, one
 * group's members, or the business units). Idempotent per page: the page's writes and the new position
 * commit together. A directory failure fails the run (recorded, nobody decommissioned) and returns done.
 */
export async function runStep(ctx: OrgContext, runId: string, opts: SyncOptions = {}): Promise<{ done: boolean; run: SyncRunDto }> {
  let row = await loadRun(ctx, runId);
  if (TERMINAL.has(row.status)) return { done: true, run: toSyncRunDto(row) };
  if (row.kind === "session_check") throw new AppError("invalid_input", "Session checks are worked by the session-check job, not by runStep");
  if (row.status === "queued") {
    const total = row.kind === "reconcile" ? await directoryAccountsRepo(ctx).countActive() : null;
    await syncRunsRepo(ctx).transition(row.id, ["queued"], { status: "running", startedAt: new Date(), state: initialState(row.kind as SyncKind), total });
    row = await loadRun(ctx, runId);
    if (row.status !== "running") return { done: TERMINAL.has(row.status), run: toSyncRunDto(row) };
  }
  const state = (row.state as RunState | null) ?? initialState(row.kind as SyncKind);
  try {
    const memo = await memoFor(ctx, row.id, opts);
    const pageSize = opts.pageSize ?? PAGE_SIZE;
    if (USER_KINDS.has(row.kind as SyncKind)) {
      if (state.phase === "users") return await usersStep(ctx, row, state, memo, pageSize);
      forgetRun(row.id);
      return await finalizeReconcile(ctx, row, state, memo.settings);
    }
    const r = await teamSyncStep(ctx, row, state, memo.adapter, memo.settings, pageSize);
    if (r.done) forgetRun(row.id);
    return r;
  } catch (e) {
    forgetRun(row.id);
    // Anything but a directory or configuration failure (a lost database connection, a deadlock) is
    // thrown on: the step's transaction rolled back, so a retry (Inngest, or the caller) resumes from the
    // same position; JOBS marks the run failed when it gives up, and a run idle for 30 minutes is failed
    // by the next createRun.
    if (!(e instanceof DirectoryError) && !(e instanceof AppError)) {
      log.error("directory sync step failed", { orgId: ctx.orgId, runId, err: e });
      throw e;
    }
    const reason = e instanceof DirectoryError ? `Directory read failed (${e.kind}${e.status ? ` ${e.status}` : ""}): ${e.message}` : e.message;
    const error = row.kind === "reconcile" ? `${reason}. Nobody was decommissioned.` : reason;
    const errors = capped(Array.isArray(row.errors) ? (row.errors as RunErrorEntry[]) : [], [{ at: isoNow(), message: reason, ...(e instanceof DirectoryError ? { kind: e.kind } : {}) }], LIST_CAP);
    await syncRunsRepo(ctx).transition(row.id, ["running"], { ...finished(row, "failed", { error }), errors, counts: { ...(row.counts as RunCounts), errors: ((row.counts as RunCounts).errors ?? 0) + 1 } });
    return { done: true, run: toSyncRunDto(await loadRun(ctx, runId)) };
  }
}

function mergeCounts(a: RunCounts, b: RunCounts): RunCounts {
  const out: RunCounts = { ...a };
  for (const [k, v] of Object.entries(b) as [keyof RunCounts, number][]) if (v) out[k] = (out[k] ?? 0) + v;
  return out;
}

async function usersStep(ctx: OrgContext, row: SyncRunRow, state: RunState, memo: RunMemo, pageSize: number) {
  const { adapter, settings, setup } = memo;
  const mode = row.kind as "import" | "reconcile";
  const filter = (row.filter as DirectoryFilter | null) ?? { kind: "all" };
  const fetchPage = (cursor: string | null) => adapter.listUsers(filter, { cursor, pageSize });
  const ahead = memo.prefetch && memo.prefetch.cursor === state.cursor ? memo.prefetch.promise : null;
  memo.prefetch = undefined;
  const page = await (ahead ?? fetchPage(state.cursor));
  const next = page.next ?? null;
  if (next && !state.cursors.includes(next) && next !== state.cursor) {
    const promise = fetchPage(next);
    promise.catch(() => undefined); // surfaces (and fails the run) when the next step awaits it
    memo.prefetch = { cursor: next, promise };
  }
  if (next && (next === state.cursor || state.cursors.includes(next))) {
    throw new DirectoryError("malformed", "The directory returned a page cursor it had already returned: the listing is incomplete");
  }
  const index = await groupIndexFor(row.id, adapter, setup, page.items, pageSize);
  const { valid, skipped } = validatePeople(page.items, index);

  return transaction(async (tx) => {
    const runs = syncRunsRepo(ctx, tx);
    const locked = await runs.lock(row.id);
    // Another worker moved the run on (or it was cancelled) since this step read it: do nothing twice.
    if (!locked || locked.status !== "running" || !samePosition(locked.state, row.state)) {
      return { done: !locked || TERMINAL.has(locked.status), run: toSyncRunDto(await loadRun(ctx, row.id)) };
    }
    const plans = await planPage(ctx, tx, valid, setup, mode);
    const out = await applyPage(ctx, tx, plans, { id: row.id, provider: settings.provider });
    if (mode === "reconcile") await directoryAccountsRepo(ctx, tx).markSeen(page.items.map((p) => p.id).filter(Boolean), row.id);

    const skippedAll = [...skipped, ...out.skipped];
    const counts = mergeCounts(row.counts as RunCounts, { ...out.counts, skipped: skippedAll.length, drifted: out.drift.length });
    const nextState: RunState = {
      ...state,
      cursor: next,
      pages: state.pages + 1,
      seen: state.seen + page.items.length,
      cursors: next ? [...state.cursors, next].slice(-20) : state.cursors,
      candidates: [...state.candidates, ...out.candidates],
      phase: next ? "users" : mode === "reconcile" ? "finalize" : "done",
    };
    const processed = row.processed + page.items.length;
    // Reconcile's total is the imported people; the directory may hold more (not imported): never past 100%.
    const total = row.total !== null && processed > row.total ? processed : undefined;
    const skippedList = capped(row.skipped as SkippedEntry[], skippedAll, LIST_CAP);
    const driftList = capped(row.drift as DriftEntry[], out.drift, LIST_CAP);
    const patch = {
      state: nextState,
      processed,
      counts,
      // Rewritten only when they grew: a 100,000-person run must not rewrite 1,000 entries every page.
      ...(skippedList !== row.skipped ? { skipped: skippedList } : {}),
      ...(driftList !== row.drift ? { drift: driftList } : {}),
      ...(total !== undefined ? { total } : {}),
      ...(mode === "import" && !next ? { ...finished(row, "succeeded"), total: processed } : {}),
    };
    const updated = await runs.update(row.id, patch);
    if (!next) forgetRun(row.id);
    return { done: mode === "import" && !next, run: toSyncRunDto(updated) };
  });
}

async function finalizeReconcile(ctx: OrgContext, row: SyncRunRow, state: RunState, settings: Settings) {
  const accounts = directoryAccountsRepo(ctx);
  const importedActive = await accounts.countActive();
  const filter = (row.filter as DirectoryFilter | null) ?? { kind: "all" };
  if (state.seen === 0 && importedActive > 0) {
    throw new DirectoryError("malformed", `The directory returned no users while ${importedActive} imported people are active: treated as an incomplete read`);
  }
  // Only a full listing says who is gone; a filtered reconciliation cannot tell "outside the filter" from "deleted".
  const missing = filter.kind === "all" ? await accounts.missingSince(row.id, 1_000_000) : [];
  const byUser = new Map<string, PendingDecommission>();
  for (const c of state.candidates) byUser.set(c.userId, c);
  for (const m of missing) if (!byUser.has(m.userId)) byUser.set(m.userId, { userId: m.userId, externalId: m.externalId, email: m.email, reason: "missing" });
  const pending = [...byUser.values()].sort((a, b) => a.email.localeCompare(b.email));
  const counts: RunCounts = { ...(row.counts as RunCounts) };

  if (needsApproval(pending.length, importedActive, settings.maxShare, settings.minCount)) {
    counts.pending = pending.length;
    counts.drifted = (counts.drifted ?? 0) + pending.length;
    const updated = await syncRunsRepo(ctx).update(row.id, {
      status: "awaiting_approval",
      pending,
      counts,
      // Who would go, and why, ahead of the role/team drift (the list is capped; these matter most).
      drift: [...pending.map(pendingDrift), ...((row.drift as DriftEntry[] | null) ?? [])].slice(0, LIST_CAP),
      state: { ...state, phase: "done", candidates: [] },
      error: `This run would decommission ${pending.length} of ${importedActive} imported people (more than ${Math.round(settings.maxShare * 100)}%); an administrator must approve it`,
    });
    groupCache.delete(row.id);
    return { done: true, run: toSyncRunDto(updated) };
  }
  const result = await applyDecommissions(ctx, row.id, pending);
  counts.decommissioned = (counts.decommissioned ?? 0) + result.decommissioned;
  if (result.drift.length) counts.drifted = (counts.drifted ?? 0) + result.drift.length;
  const updated = await syncRunsRepo(ctx).update(row.id, {
    ...finished(row, "succeeded"),
    counts,
    state: { ...state, phase: "done", candidates: [] },
    skipped: capped(row.skipped as SkippedEntry[], result.skipped, LIST_CAP),
    drift: capped(row.drift as DriftEntry[], result.drift, LIST_CAP),
  });
  groupCache.delete(row.id);
  return { done: true, run: toSyncRunDto(updated) };
}

const pendingDrift = (p: PendingDecommission): DriftEntry => ({
  userId: p.userId,
  externalId: p.externalId,
  email: p.email,
  status: { before: "active", after: `pending decommission (${p.reason})` },
  decommission: { reason: p.reason, outcome: "pending" },
});

/**
 * The drift of a run that awaited approval, once decided: each pending entry says what happened
 * (`decided` by user id); pending people the drift did not list yet (runs from before pending drift
 * was kept, or a capped list) are appended while there is room. Returns the new list and how many were added.
 */
function decidedDrift(row: SyncRunRow, pending: PendingDecommission[], decided: Map<string, DriftEntry>): { drift: DriftEntry[]; added: number } {
  const listed = new Set<string>();
  const drift = ((row.drift as DriftEntry[] | null) ?? []).map((d) => {
    if (d.decommission?.outcome !== "pending" || !d.userId) return d;
    listed.add(d.userId);
    return decided.get(d.userId) ?? d;
  });
  const extra = pending.filter((p) => !listed.has(p.userId)).map((p) => decided.get(p.userId)!).filter(Boolean);
  const out = capped(drift, extra, LIST_CAP);
  return { drift: out, added: out.length - drift.length };
}

async function applyDecommissions(ctx: OrgContext, runId: string, pending: PendingDecommission[]) {
  let decommissioned = 0;
  const skipped: SkippedEntry[] = [];
  const drift: DriftEntry[] = [];
  /** Pending people decommissionUsers refused (an owner, no longer an active imported account), by user id. */
  const kept = new Map<string, DriftEntry>();
  const byUser = new Map(pending.map((p) => [p.userId, p]));
  for (let i = 0; i < pending.length; i += 1000) {
    const batch = pending.slice(i, i + 1000);
    const reasons = new Map<string, DecommissionReason>(batch.map((p) => [p.userId, p.reason]));
    const r = await transaction((tx) => decommissionUsers(ctx, tx, batch.map((p) => p.userId), { reason: "directory", reasons, runId }));
    decommissioned += r.decommissioned.length;
    for (const s of r.skipped) {
      const p = byUser.get(s.userId);
      skipped.push({ externalId: p?.externalId ?? null, email: p?.email ?? null, reason: `not decommissioned: ${s.reason}` });
      if (p) {
        kept.set(s.userId, {
          userId: s.userId, externalId: p.externalId, email: p.email,
          status: { before: "active", after: "active" },
          decommission: { reason: p.reason, outcome: "kept", note: `not decommissioned: ${s.reason}` },
        });
      }
    }
    for (const id of r.decommissioned) {
      const p = byUser.get(id)!;
      drift.push({ userId: id, externalId: p.externalId, email: p.email, status: { before: "active", after: `decommissioned (${p.reason})` }, decommission: { reason: p.reason, outcome: "decommissioned" } });
    }
  }
  return { decommissioned, skipped, drift, kept };
}

// ---- team and business-unit sync ----------------------------------------------------------------------

function uniqueName(name: string, suffix: string, taken: (n: string) => boolean): string {
  const base = name.trim().slice(0, 200) || suffix;
  if (!taken(base)) return base;
  const alt = `${base} (${suffix})`;
  return taken(alt) ? `${base} (${suffix}-${Date.now().toString(36)})` : alt;
}

async function teamSyncStep(ctx: OrgContext, row: SyncRunRow, state: RunState, adapter: DirectoryAdapter, settings: Settings, pageSize: number) {
  switch (state.phase) {
    case "groups": {
      const page = await adapter.listGroups({ cursor: state.cursor, pageSize });
      const next = page.next ?? null;
      if (next && state.cursors.includes(next)) throw new DirectoryError("malformed", "The directory returned a group page cursor twice: the listing is incomplete");
      return stepTx(ctx, row, async (tx) => {
        const idn = directoryIdentityRepo(ctx, tx);
        const all = await idn.allTeamNames();
        const byExt = new Map(all.filter((t) => t.externalId).map((t) => [t.externalId!, t]));
        const byName = new Map(all.map((t) => [t.name, t]));
        const counts: RunCounts = {};
        const audits: AuditInput[] = [];
        const groups = [...(state.groups ?? [])];
        for (const g of page.items) {
          let team = byExt.get(g.id);
          if (team && team.name !== g.name) {
            const name = uniqueName(g.name, g.id, (n) => byName.has(n) && byName.get(n)!.id !== team!.id);
            if (name !== team.name) {
              byName.delete(team.name);
              const before = team.name;
              team = await idn.updateTeam(team.id, { name });
              byName.set(team.name, team);
              add(counts, "teamsRenamed");
              audits.push({ action: "team.renamed", targetType: "team", targetId: team.id, targetLabel: team.name, before: { name: before }, after: { name: team.name, externalId: g.id, runId: row.id } });
            } else add(counts, "teamsUnchanged");
          } else if (team) {
            add(counts, "teamsUnchanged");
          } else {
            const sameName = byName.get(g.name);
            if (sameName && !sameName.externalId) {
              // An existing team of that name (made by hand or by a mapping) becomes the group's team.
              team = await idn.updateTeam(sameName.id, { externalId: g.id });
              add(counts, "teamsUnchanged");
              audits.push({ action: "team.linked", targetType: "team", targetId: team.id, targetLabel: team.name, after: { externalId: g.id, runId: row.id } });
            } else {
              team = await idn.createTeam(uniqueName(g.name, g.id, (n) => byName.has(n)), g.id);
              add(counts, "teamsCreated");
              audits.push({ action: "team.created", targetType: "team", targetId: team.id, targetLabel: team.name, after: { name: team.name, externalId: g.id, source: "directory", runId: row.id } });
            }
            byName.set(team.name, team);
            byExt.set(g.id, team);
          }
          groups.push({ groupId: g.id, teamId: team.id, name: team.name });
        }
        await recordAuditMany(tx, ctx, audits);
        return {
          state: { ...state, cursor: next, cursors: next ? [...state.cursors, next].slice(-20) : state.cursors, pages: state.pages + 1, groups, ...(next ? {} : { phase: "group_members" as const, groupIndex: 0 }) },
          counts,
          processedDelta: 0,
          // Groups are known first (units are listed after their members): the total grows by the units then.
          total: next ? null : groups.length,
        };
      });
    }
    case "group_members": {
      const groups = state.groups ?? [];
      const i = state.groupIndex ?? 0;
      const g = groups[i];
      if (!g) return stepTx(ctx, row, async () => ({ state: { ...state, phase: "units", cursor: null, cursors: [] }, counts: {}, processedDelta: 0 }));
      const memberIds = await allPages((cursor) => adapter.listGroupMembers(g.groupId, { cursor, pageSize }), `the members of group ${g.name}`);
      return stepTx(ctx, row, async (tx) => {
        const idn = directoryIdentityRepo(ctx, tx);
        const wanted = new Set((await directoryAccountsRepo(ctx, tx).userIdsByExternalIds(memberIds)).values());
        const have = new Set(await idn.teamDirectoryMembers(g.teamId));
        const toAdd = [...wanted].filter((u) => !have.has(u));
        let toRemove = [...have].filter((u) => !wanted.has(u));
        toRemove = await keepMapped(ctx, tx, settings, toRemove, "teams", g.name);
        await idn.addTeamMemberships(toAdd.map((userId) => ({ userId, teamId: g.teamId })));
        await idn.removeTeamMemberships(toRemove.map((userId) => ({ userId, teamId: g.teamId })));
        if (toAdd.length || toRemove.length) {
          await recordAudit(tx, ctx, {
            action: "team.members_synced", targetType: "team", targetId: g.teamId, targetLabel: g.name,
            after: { added: toAdd.slice(0, LIST_CAP), removed: toRemove.slice(0, LIST_CAP), addedCount: toAdd.length, removedCount: toRemove.length, source: "directory", runId: row.id },
          });
        }
        return { state: { ...state, groupIndex: i + 1 }, counts: { teamMembershipsAdded: toAdd.length, teamMembershipsRemoved: toRemove.length }, processedDelta: 1 };
      });
    }
    case "units": {
      const page = await adapter.listOrgUnits({ cursor: state.cursor, pageSize });
      const next = page.next ?? null;
      if (next && state.cursors.includes(next)) throw new DirectoryError("malformed", "The directory returned an org-unit page cursor twice: the listing is incomplete");
      return stepTx(ctx, row, async (tx) => {
        const idn = directoryIdentityRepo(ctx, tx);
        const all = await idn.allBusinessUnitNames();
        const byExt = new Map(all.filter((t) => t.externalId).map((t) => [t.externalId!, t]));
        const byName = new Map(all.map((t) => [t.name, t]));
        const counts: RunCounts = {};
        const audits: AuditInput[] = [];
        const units = [...(state.units ?? [])];
        for (const u of page.items) {
          let unit = byExt.get(u.id);
          if (unit && unit.name !== u.name) {
            const name = uniqueName(u.name, u.id, (n) => byName.has(n) && byName.get(n)!.id !== unit!.id);
            const before = unit.name;
            byName.delete(unit.name);
            unit = await idn.updateBusinessUnit(unit.id, { name });
            byName.set(unit.name, unit);
            add(counts, "businessUnitsRenamed");
            audits.push({ action: "business_unit.renamed", targetType: "business_unit", targetId: unit.id, targetLabel: unit.name, before: { name: before }, after: { name: unit.name, externalId: u.id, runId: row.id } });
          } else if (unit) {
            add(counts, "businessUnitsUnchanged");
          } else {
            const sameName = byName.get(u.name);
            if (sameName && !sameName.externalId) {
              unit = await idn.updateBusinessUnit(sameName.id, { externalId: u.id });
              add(counts, "businessUnitsUnchanged");
              audits.push({ action: "business_unit.linked", targetType: "business_unit", targetId: unit.id, targetLabel: unit.name, after: { externalId: u.id, runId: row.id } });
            } else {
              unit = await idn.createBusinessUnit(uniqueName(u.name, u.id, (n) => byName.has(n)), u.id);
              add(counts, "businessUnitsCreated");
              audits.push({ action: "business_unit.created", targetType: "business_unit", targetId: unit.id, targetLabel: unit.name, after: { name: unit.name, externalId: u.id, kind: u.kind, source: "directory", runId: row.id } });
            }
            byName.set(unit.name, unit);
            byExt.set(u.id, unit);
          }
          // People point at a unit by id, path or (departments) name.
          units.push({ keys: [...new Set([u.id, u.path, u.kind === "department" ? u.name : null].filter((k): k is string => !!k))], unitId: unit.id, name: unit.name });
        }
        await recordAuditMany(tx, ctx, audits);
        return {
          state: { ...state, cursor: next, cursors: next ? [...state.cursors, next].slice(-20) : state.cursors, units, ...(next ? {} : { phase: "unit_members" as const }) },
          counts,
          processedDelta: 0,
          // A team sync's work is its groups (one step each) and then its units: once both are listed,
          // the total is their sum, which is what `processed` reaches at the end.
          ...(next ? {} : { total: (state.groups?.length ?? 0) + units.length }),
        };
      });
    }
    case "unit_members": {
      const units = state.units ?? [];
      return stepTx(ctx, row, async (tx) => {
        const idn = directoryIdentityRepo(ctx, tx);
        const people = await directoryAccountsRepo(ctx, tx).usersByUnitKeys(units.flatMap((u) => u.keys));
        const counts: RunCounts = {};
        const audits: AuditInput[] = [];
        for (const u of units) {
          const keys = new Set(u.keys);
          const wanted = new Set(people.filter((p) => (p.orgUnit && keys.has(p.orgUnit)) || (p.department && keys.has(p.department))).map((p) => p.userId));
          const have = new Set(await idn.unitDirectoryMembers(u.unitId));
          const toAdd = [...wanted].filter((x) => !have.has(x));
          const toRemove = await keepMapped(ctx, tx, settings, [...have].filter((x) => !wanted.has(x)), "businessUnits", u.name);
          await idn.addBusinessUnitMemberships(toAdd.map((userId) => ({ userId, unitId: u.unitId })));
          await idn.removeBusinessUnitMemberships(toRemove.map((userId) => ({ userId, unitId: u.unitId })));
          add(counts, "businessUnitMembershipsAdded", toAdd.length);
          add(counts, "businessUnitMembershipsRemoved", toRemove.length);
          if (toAdd.length || toRemove.length) {
            audits.push({
              action: "business_unit.members_synced", targetType: "business_unit", targetId: u.unitId, targetLabel: u.name,
              after: { added: toAdd.slice(0, LIST_CAP), removed: toRemove.slice(0, LIST_CAP), addedCount: toAdd.length, removedCount: toRemove.length, source: "directory", runId: row.id },
            });
          }
        }
        await recordAuditMany(tx, ctx, audits);
        return { state: { ...state, phase: "done" }, counts, processedDelta: units.length, done: true };
      });
    }
    default:
      return stepTx(ctx, row, async () => ({ state: { ...state, phase: "done" }, counts: {}, processedDelta: 0, done: true }));
  }
}

/** Of people about to lose a directory-sourced team/unit, those whose mappings still give it (stored directory data) stay. */
async function keepMapped(ctx: OrgContext, tx: TxHandle, settings: Settings, userIds: string[], kind: "teams" | "businessUnits", name: string): Promise<string[]> {
  if (!userIds.length) return userIds;
  const setup = { ...(await loadSetup(ctx, tx, settings.teamIdsField)), linkedTeams: new Map(), linkedUnits: new Map() };
  const stored = new Map((await directoryAccountsRepo(ctx, tx).storedByUserIds(userIds)).map((a) => [a.userId, a]));
  return userIds.filter((id) => {
    const a = stored.get(id);
    if (!a || a.status !== "active") return true;
    const groups = (Array.isArray(a.groups) ? (a.groups as { id?: string | null; name: string }[]) : []).map((g) => ({ ...(g.id ? { id: g.id } : {}), displayName: g.name }));
    const person: DirectoryPerson = {
      id: a.externalId, email: a.email, displayName: a.displayName, active: a.directoryActive, department: a.department, orgUnit: a.orgUnit,
      attributes: (a.attributes ?? {}) as Record<string, unknown>,
    };
    return !desiredFor(person, a.email, groups, setup)[kind].includes(name);
  });
}

type StepResult = { state: RunState; counts: RunCounts; processedDelta: number; total?: number | null; done?: boolean };

/** Runs a team-sync step's writes and moves the run on in one transaction (a concurrent step does nothing). */
async function stepTx(ctx: OrgContext, row: SyncRunRow, fn: (tx: TxHandle) => Promise<StepResult>) {
  return transaction(async (tx) => {
    const runs = syncRunsRepo(ctx, tx);
    const locked = await runs.lock(row.id);
    if (!locked || locked.status !== "running" || !samePosition(locked.state, row.state)) {
      return { done: !locked || TERMINAL.has(locked.status), run: toSyncRunDto(await loadRun(ctx, row.id)) };
    }
    const r = await fn(tx);
    const done = r.done || r.state.phase === "done";
    const updated = await runs.update(row.id, {
      state: r.state,
      counts: mergeCounts(row.counts as RunCounts, r.counts),
      processed: row.processed + r.processedDelta,
      ...(r.total !== undefined ? { total: r.total } : {}),
      ...(done ? finished(row, "succeeded") : {}),
    });
    return { done, run: toSyncRunDto(updated) };
  });
}

/** Runs a created run to its end in this process (run now, without Inngest). */
export async function executeRun(ctx: OrgContext, runId: string, opts: SyncOptions = {}): Promise<SyncRunDto> {
  for (;;) {
    const r = await runStep(ctx, runId, opts);
    if (r.done) return r.run;
  }
}

/**
 * Applies a reconciliation's pending decommissions (awaiting_approval → succeeded). Conflict for a run
 * in any other state. People no longer active imported accounts are skipped by decommissionUsers.
 */
export async function approveRun(ctx: OrgContext, runId: string): Promise<SyncRunDto> {
  const row = await loadRun(ctx, runId);
  if (row.status !== "awaiting_approval") throw new AppError("conflict", `Only a run awaiting approval can be approved (this one is ${row.status})`);
  const approver = ctx.actor.type === "user" ? actorId(ctx.actor) : null;
  const claimed = await transaction(async (tx) => {
    const ok = await syncRunsRepo(ctx, tx).transition(row.id, ["awaiting_approval"], { status: "running", approvedAt: new Date(), approvedById: approver, error: null });
    if (ok) {
      await recordAudit(tx, ctx, { action: "directory_sync.run_approved", targetType: "sync_run", targetId: row.id, targetLabel: row.kind, after: { pending: (row.pending as unknown[] | null)?.length ?? 0 } });
    }
    return ok;
  });
  if (!claimed) throw new AppError("conflict", "The run was approved or rejected by someone else");
  const pending = (row.pending as PendingDecommission[] | null) ?? [];
  const result = await applyDecommissions(ctx, row.id, pending);
  const counts: RunCounts = { ...(row.counts as RunCounts), decommissioned: ((row.counts as RunCounts).decommissioned ?? 0) + result.decommissioned };
  // The drift's pending entries now say what happened: decommissioned, or kept and why.
  const decided = new Map<string, DriftEntry>([...result.drift.map((d) => [d.userId!, d] as const), ...result.kept]);
  const { drift, added } = decidedDrift(row, pending, decided);
  if (added) counts.drifted = (counts.drifted ?? 0) + added;
  const updated = await syncRunsRepo(ctx).update(row.id, {
    ...finished(row, "succeeded"),
    counts,
    skipped: capped(row.skipped as SkippedEntry[], result.skipped, LIST_CAP),
    drift,
  });
  return toSyncRunDto(updated);
}

/** Cancels a run awaiting approval: nobody is decommissioned. Conflict in any other state. */
export async function rejectRun(ctx: OrgContext, runId: string): Promise<SyncRunDto> {
  const row = await loadRun(ctx, runId);
  if (row.status !== "awaiting_approval") throw new AppError("conflict", `Only a run awaiting approval can be rejected (this one is ${row.status})`);
  const pending = (row.pending as PendingDecommission[] | null) ?? [];
  const decided = new Map(pending.map((p): [string, DriftEntry] => [p.userId, {
    userId: p.userId, externalId: p.externalId, email: p.email,
    status: { before: "active", after: "active" },
    decommission: { reason: p.reason, outcome: "kept", note: "decommission rejected by an administrator" },
  }]));
  const { drift, added } = decidedDrift(row, pending, decided);
  const counts = (row.counts as RunCounts) ?? {};
  return transaction(async (tx) => {
    const ok = await syncRunsRepo(ctx, tx).transition(row.id, ["awaiting_approval"], {
      ...finished(row, "cancelled", { error: "Rejected by an administrator: nobody was decommissioned" }),
      approvedById: ctx.actor.type === "user" ? actorId(ctx.actor) : null,
      drift,
      ...(added ? { counts: { ...counts, drifted: (counts.drifted ?? 0) + added } } : {}),
    });
    if (!ok) throw new AppError("conflict", "The run was approved or rejected by someone else");
    await recordAudit(tx, ctx, { action: "directory_sync.run_rejected", targetType: "sync_run", targetId: row.id, targetLabel: row.kind, after: { pending: (row.pending as unknown[] | null)?.length ?? 0 } });
    return toSyncRunDto((await syncRunsRepo(ctx, tx).findById(row.id))!);
  });
}

/** Runs newest first, optionally of one kind and of one or several statuses (the total counts the same filter). */
export async function listRuns(ctx: OrgContext, q: { page: number; limit: number; kind?: SyncKind; status?: RunStatus | readonly RunStatus[] }): Promise<Page<SyncRunDto>> {
  const status = q.status === undefined ? undefined : typeof q.status === "string" ? [q.status] : q.status;
  const { rows, total } = await syncRunsRepo(ctx).list({ kind: q.kind, status }, (q.page - 1) * q.limit, q.limit);
  return toPage(rows.map(toSyncRunDto), total, q);
}

export async function getRun(ctx: OrgContext, runId: string): Promise<SyncRunDetailDto> {
  return toSyncRunDetailDto(await loadRun(ctx, runId));
}

export type FinishRunInput = {
  status: "succeeded" | "failed";
  counts?: RunCounts;
  processed?: number;
  total?: number | null;
  error?: string | null;
  errors?: RunErrorEntry[];
  drift?: DriftEntry[];
};

/** For runs whose work happens elsewhere (the session check): finishes a queued or running run. Conflict otherwise. */
export async function finishRun(ctx: OrgContext, runId: string, input: FinishRunInput): Promise<SyncRunDto> {
  const row = await loadRun(ctx, runId);
  const ok = await syncRunsRepo(ctx).transition(row.id, ["queued", "running"], {
    ...finished(row, input.status, { error: input.error ?? null }),
    startedAt: row.startedAt ?? row.createdAt,
    ...(input.counts ? { counts: mergeCounts(row.counts as RunCounts, input.counts) } : {}),
    ...(input.processed !== undefined ? { processed: input.processed } : {}),
    ...(input.total !== undefined ? { total: input.total } : {}),
    ...(input.errors ? { errors: capped(row.errors as RunErrorEntry[], input.errors, LIST_CAP) } : {}),
    ...(input.drift ? { drift: capped(row.drift as DriftEntry[], input.drift, LIST_CAP) } : {}),
  });
  if (!ok) throw new AppError("conflict", `The run is already ${row.status}`);
  return toSyncRunDto(await loadRun(ctx, runId));
}
