import type { OrgContext } from "@/lib/auth/org-context";
import { actorId } from "@/lib/auth/org-context";
import { AppError } from "@/lib/errors";
import { decrypt } from "@/lib/crypto";
import { log } from "@/lib/log";
import { transaction } from "@/lib/db/unit-of-work";
import { sessionChecksRepo, type CheckableSession } from "@/lib/db/repos/session-checks";
import { refreshSsoSessionWithReason, type RefreshDeps } from "@/lib/sso/refresh";
import { loadRuntime, type SsoRuntime } from "@/lib/sso/runtime";
import { createRun, finishRun } from "@/lib/directory-sync/service";
import type { RunErrorEntry, RunTrigger, SyncRunDto } from "@/lib/directory-sync/dto";
import { directoryAdapterFor } from "@/lib/provisioning/service";
import type { DirectoryAdapter } from "@/lib/directory/types";
import { decommissionUsers } from "./decommission";

// Session refresh checks (issue #6 "Lifecycle jobs", every 15 minutes): each active SSO session with a
// stored refresh token is refreshed; when the provider refuses, we ask it whether the person is still
// active and decommission them only on a clear "no". A provider that cannot be reached changes nothing
// (never decommission on an outage): the failure is recorded on the run.

export type SessionCheckCounts = { checked: number; refreshed: number; ended: number; decommissioned: number; errors: number };
export type SessionCheckPage = { next: string | null; counts: SessionCheckCounts; errors: RunErrorEntry[] };

export type SessionCheckDeps = {
  refresh?: Omit<RefreshDeps, "force">;
  /** fetch for the userinfo and introspection requests */
  fetch?: typeof fetch;
  /** the directory adapter (tests); by default the organization's provisioning configuration, when enabled */
  adapter?: DirectoryAdapter | null;
  pageSize?: number;
  now?: () => number;
};

const PAGE_SIZE = 100;
const MAX_ERRORS = 200;
const TIMEOUT_MS = 5000;

export const emptyCounts = (): SessionCheckCounts => ({ checked: 0, refreshed: 0, ended: 0, decommissioned: 0, errors: 0 });

export function addCounts(a: SessionCheckCounts, b: SessionCheckCounts): SessionCheckCounts {
  return { checked: a.checked + b.checked, refreshed: a.refreshed + b.refreshed, ended: a.ended + b.ended, decommissioned: a.decommissioned + b.decommissioned, errors: a.errors + b.errors };
}

/** What the provider says about a person whose refresh it refused. */
export type Activity =
  | { state: "active"; source: string }
  | { state: "inactive"; source: string; detail: string }
  | { state: "unknown"; detail: string };

/** Creates the session_check run (409 when one is already running in this organization). */
export function startSessionCheck(ctx: OrgContext, opts: { trigger: RunTrigger }): Promise<SyncRunDto> {
  const actor = ctx.actor.type === "user" ? actorId(ctx.actor) : null;
  return createRun(ctx, { kind: "session_check", trigger: opts.trigger, actorUserId: actor });
}

/**
 * Checks one page of sessions (ordered by id, after `cursor`). Idempotent enough to retry: a session
 * already ended is skipped by the next page query, and decommissioning is idempotent.
 */
export async function checkSessionsPage(ctx: OrgContext, runId: string, cursor: string | null, deps: SessionCheckDeps = {}): Promise<SessionCheckPage> {
  const repo = sessionChecksRepo(ctx);
  const now = deps.now ?? Date.now;
  const take = deps.pageSize ?? PAGE_SIZE;
  const sessions = await repo.page(cursor, take, new Date(now()));
  const counts = emptyCounts();
  const errors: RunErrorEntry[] = [];
  if (!sessions.length) return { next: null, counts, errors };

  const at = () => new Date(now()).toISOString();
  const refused: CheckableSession[] = [];
  for (const s of sessions) {
    counts.checked++;
    const r = await refreshSsoSessionWithReason(s.id, { ...deps.refresh, now, force: true });
    if (r.outcome === "refreshed") counts.refreshed++;
    else if (r.outcome === "deferred") {
      counts.errors++;
      errors.push({ at: at(), kind: "provider_unreachable", message: `Session ${s.id}: the provider could not be reached (${r.detail ?? "no answer"}); nothing changed` });
    } else if (r.outcome === "ended") {
      counts.ended++;
      if (r.reason === "refresh-refused") refused.push(s);
    }
  }

  if (refused.length) {
    const { decided, problems } = await decide(ctx, refused, deps, now);
    for (const p of problems) errors.push({ at: at(), kind: "provider_unreachable", message: p });
    counts.errors += problems.length;
    // One decommission call per reason; a person with several refused sessions is decommissioned once.
    const byReason = new Map<string, string[]>();
    for (const [userId, a] of decided) {
      if (a.state !== "inactive") continue;
      const reason = `Session check: the identity provider refused the session refresh and ${a.detail}`;
      byReason.set(reason, [...(byReason.get(reason) ?? []), userId]);
    }
    for (const [reason, userIds] of byReason) {
      const r = await transaction((tx) => decommissionUsers(ctx, tx, userIds, { reason, runId }));
      counts.decommissioned += r.decommissioned.length;
      for (const sk of r.skipped) errors.push({ at: at(), kind: "skipped", message: `User ${sk.userId} was not decommissioned: ${sk.reason}` });
    }
  }
  return { next: sessions.length < take ? null : sessions[sessions.length - 1]!.id, counts, errors: errors.slice(0, MAX_ERRORS) };
}

/** Records the totals on the run; the run fails when no session could be checked because the provider was down. */
export function finishSessionCheck(ctx: OrgContext, runId: string, counts: SessionCheckCounts, errors: RunErrorEntry[]): Promise<SyncRunDto> {
  const allFailed = counts.checked > 0 && counts.errors >= counts.checked && counts.refreshed === 0;
  return finishRun(ctx, runId, {
    status: allFailed ? "failed" : "succeeded",
    counts: { checked: counts.checked, refreshed: counts.refreshed, decommissioned: counts.decommissioned, errors: counts.errors },
    processed: counts.checked,
    total: counts.checked,
    error: allFailed ? "The identity provider could not be reached; nobody was decommissioned" : null,
    errors: errors.slice(0, MAX_ERRORS),
  });
}

/**
 * The whole check in one call (run now from the portal, the CLI or the REST API without Inngest).
 * Uses `runId` when the caller created the run already.
 */
export async function runSessionCheck(ctx: OrgContext, opts: { runId?: string; trigger?: RunTrigger } = {}, deps: SessionCheckDeps = {}): Promise<SyncRunDto> {
  const runId = opts.runId ?? (await startSessionCheck(ctx, { trigger: opts.trigger ?? "api" })).id;
  let counts = emptyCounts();
  const errors: RunErrorEntry[] = [];
  let cursor: string | null = null;
  try {
    do {
      const page: SessionCheckPage = await checkSessionsPage(ctx, runId, cursor, deps);
      counts = addCounts(counts, page.counts);
      errors.push(...page.errors);
      cursor = page.next;
    } while (cursor);
  } catch (e) {
    log.error("session check failed", { orgId: ctx.orgId, runId, err: e });
    return finishRun(ctx, runId, {
      status: "failed", counts: { ...counts }, processed: counts.checked, total: null, errors: errors.slice(0, MAX_ERRORS),
      error: e instanceof AppError ? e.message : "The session check stopped on an internal error; nobody else was checked",
    });
  }
  return finishSessionCheck(ctx, runId, counts, errors);
}

// --- asking the provider -----------------------------------------------------------------------

async function decide(ctx: OrgContext, sessions: CheckableSession[], deps: SessionCheckDeps, now: () => number) {
  const problems: string[] = [];
  const decided = new Map<string, Activity>();
  const userIds = [...new Set(sessions.map((s) => s.userId))];
  const repo = sessionChecksRepo(ctx);
  const [externalIds, emails] = await Promise.all([repo.directoryIds(userIds), repo.emails(userIds)]);
  const loaded = await loadRuntime(ctx.orgId);
  const rt = loaded.ok ? loaded.runtime : null;
  let adapter: DirectoryAdapter | null | undefined = deps.adapter;
  const directory = async () => {
    if (adapter !== undefined) return adapter;
    try {
      adapter = (await directoryAdapterFor(ctx)).adapter;
    } catch (e) {
      // invalid_input: no enabled provisioning configuration; the session tokens are all we can ask.
      if (!(e instanceof AppError && e.code === "invalid_input")) log.warn("session check: directory adapter unavailable", { orgId: ctx.orgId, err: e });
      adapter = null;
    }
    return adapter;
  };

  for (const s of sessions) {
    const prior = decided.get(s.userId);
    if (prior && prior.state !== "unknown") continue;
    const a = await activity({ rt, session: s, externalId: externalIds.get(s.userId), directory, fetchImpl: deps.fetch ?? fetch, now: now() });
    decided.set(s.userId, a);
    if (a.state === "unknown") problems.push(`${emails.get(s.userId) ?? s.userId}: session ended, but whether the account is still active is unknown (${a.detail}); not decommissioned`);
  }
  return { decided, problems };
}

/**
 * Asks, in order of authority: the directory (when provisioning is enabled and the person came from it),
 * then the provider's userinfo endpoint and its introspection endpoint with the last access token.
 * A token answer only counts as "inactive" while that access token should still be valid: an expired
 * token is refused for being expired, which says nothing about the person.
 */
export async function activity(input: {
  rt: SsoRuntime | null;
  session: Pick<CheckableSession, "accessTokenEnc" | "tokenExpiresAt">;
  externalId?: string;
  directory: () => Promise<DirectoryAdapter | null>;
  fetchImpl: typeof fetch;
  now: number;
}): Promise<Activity> {
  const notes: string[] = [];
  if (input.externalId) {
    const adapter = await input.directory();
    if (adapter) {
      try {
        const status = await adapter.getUserStatus(input.externalId);
        if (status === "active") return { state: "active", source: "directory" };
        return { state: "inactive", source: "directory", detail: status === "not_found" ? "the directory no longer has the account" : "the directory reports the account disabled" };
      } catch (e) {
        notes.push(`directory: ${(e as Error).message}`);
      }
    }
  }

  const token = input.session.accessTokenEnc ? safeDecrypt(input.session.accessTokenEnc) : null;
  const live = !!input.session.tokenExpiresAt && input.session.tokenExpiresAt.getTime() > input.now;
  const rt = input.rt;
  if (!rt) return { state: "unknown", detail: [...notes, "the SSO connection is not usable"].join("; ") };
  if (!token) return { state: "unknown", detail: [...notes, "no access token to ask with"].join("; ") };

  if (rt.endpoints.userinfo_endpoint) {
    try {
      const res = await input.fetchImpl(rt.endpoints.userinfo_endpoint, {
        headers: { authorization: `Bearer ${token}`, accept: "application/json" },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return { state: "active", source: "userinfo" };
      if ((res.status === 401 || res.status === 403) && live) {
        return { state: "inactive", source: "userinfo", detail: `refuses the account's unexpired access token at userinfo (HTTP ${res.status})` };
      }
      notes.push(res.status === 401 || res.status === 403 ? "userinfo refused an expired access token" : `userinfo answered HTTP ${res.status}`);
    } catch (e) {
      notes.push(`userinfo: ${(e as Error).message}`);
    }
  }

  const introspection = (rt.endpoints as { introspection_endpoint?: string }).introspection_endpoint;
  if (introspection) {
    try {
      const res = await input.fetchImpl(introspection, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json", authorization: basicAuth(rt) },
        body: new URLSearchParams({ token, token_type_hint: "access_token" }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const body = (await res.json().catch(() => null)) as { active?: unknown } | null;
      if (res.ok && body?.active === true) return { state: "active", source: "introspection" };
      if (res.ok && body?.active === false && live) return { state: "inactive", source: "introspection", detail: "introspection reports the account's unexpired access token inactive" };
      notes.push(res.ok ? "introspection: the access token has expired" : `introspection answered HTTP ${res.status}`);
    } catch (e) {
      notes.push(`introspection: ${(e as Error).message}`);
    }
  }
  return { state: "unknown", detail: notes.join("; ") || "the provider offers no way to ask" };
}

const formEncode = (s: string) => encodeURIComponent(s).replace(/%20/g, "+");
const basicAuth = (rt: SsoRuntime) => `Basic ${Buffer.from(`${formEncode(rt.resolved.clientId)}:${formEncode(rt.resolved.clientSecret ?? "")}`).toString("base64")}`;

function safeDecrypt(enc: string): string | null {
  try {
    return decrypt(enc);
  } catch {
    return null;
  }
}
