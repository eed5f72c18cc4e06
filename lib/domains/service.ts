import { randomBytes } from "node:crypto";
import { transaction, type TxHandle } from "@/lib/db/unit-of-work";
import { domainsRepo, domainsSystemRepo, type DomainRow } from "@/lib/db/repos/domains";
import { recordAudit } from "@/lib/audit/service";
import { AppError, conflict, invalid, notFound } from "@/lib/errors";
import type { OrgContext } from "@/lib/auth/org-context";
import { can } from "@/lib/auth/permissions";
import { env } from "@/lib/env";
import { toPage, type Page } from "@/lib/http/pagination";
import { assertHolds, assertRankAtMost } from "@/lib/roles/grants";
import { resolve } from "@/lib/roles/service";
import { toDomainDto, type DomainDto } from "./dto";
import { lookupTxt } from "./dns";
import { challengeRecordName, matchChallenge } from "./txt";
import { isPublicMailboxDomain } from "./public-mailbox";
import type { CreateDomainInput, ListDomainsQuery, UpdateDomainInput } from "./schemas";

const HOUR = 3_600_000;
const CLAIMED_ELSEWHERE = (domain: string) =>
  `${domain} is already verified by another organization. A domain can be verified by only one organization at a time; if you own it, ask that organization to remove it or contact support`;
const PUBLIC = (domain: string) =>
  `${domain} is a public mailbox domain (anyone can get an address there): routing and auto-join are not available for it`;

const newToken = () => randomBytes(16).toString("hex");
const snapshot = (d: DomainRow) => ({ domain: d.domain, status: d.status, routingEnabled: d.routingEnabled, autoJoinEnabled: d.autoJoinEnabled, autoJoinRole: d.autoJoinRole });

async function find(ctx: OrgContext, id: string, tx?: TxHandle): Promise<DomainRow> {
  const d = await domainsRepo(ctx, tx).findById(id);
  if (!d) throw notFound("Domain");
  return d;
}

export async function list(ctx: OrgContext, q: ListDomainsQuery): Promise<Page<DomainDto>> {
  const { rows, total } = await domainsRepo(ctx).list({ status: q.status }, (q.page - 1) * q.limit, q.limit);
  return toPage(rows.map(toDomainDto), total, q);
}

export async function get(ctx: OrgContext, id: string): Promise<DomainDto> {
  return toDomainDto(await find(ctx, id));
}

/**
 * Claims a domain for ctx's organization (status pending) and returns the TXT record to publish.
 * Conflict when this organization already has it, or another organization has verified it (the
 * message names no organization). Public mailbox domains are refused by the schema.
 * Assumes domain:manage.
 */
export async function add(ctx: OrgContext, input: CreateDomainInput): Promise<DomainDto> {
  return transaction(async (tx) => {
    const repo = domainsRepo(ctx, tx);
    await repo.lockName(input.domain);
    const existing = await repo.findByName(input.domain);
    if (existing) throw conflict(`${input.domain} has already been added to this organization (status ${existing.status})`);
    if (await repo.isVerifiedElsewhere(input.domain)) throw conflict(CLAIMED_ELSEWHERE(input.domain));
    const d = await repo.create({ domain: input.domain, verificationToken: newToken() });
    await recordAudit(tx, ctx, { action: "domain.added", targetType: "domain", targetId: d.id, targetLabel: d.domain, after: snapshot(d) });
    return toDomainDto(d);
  });
}

/** Removes the claim in any state; the domain becomes free for other organizations. Assumes domain:manage. */
export async function remove(ctx: OrgContext, id: string): Promise<void> {
  await transaction(async (tx) => {
    const repo = domainsRepo(ctx, tx);
    const d = await find(ctx, id, tx);
    await repo.delete(d.id);
    await recordAudit(tx, ctx, { action: "domain.removed", targetType: "domain", targetId: d.id, targetLabel: d.domain, before: snapshot(d) });
  });
}

/**
 * Routing, auto-join and the auto-join role. Turning something on, or choosing the role, needs a
 * verified domain (409 otherwise); turning things off is always allowed. The role must exist, may not
 * be owner, and may not outrank the actor. Assumes domain:manage.
 */
export async function update(ctx: OrgContext, id: string, input: UpdateDomainInput): Promise<DomainDto> {
  return transaction(async (tx) => {
    const repo = domainsRepo(ctx, tx);
    const d = await find(ctx, id, tx);
    const enabling = input.routingEnabled === true || input.autoJoinEnabled === true || input.autoJoinRole !== undefined;
    if (enabling && d.status !== "verified") {
      throw conflict(`Verify ${d.domain} first: routing and auto-join need a verified domain (it is ${d.status})`);
    }
    if (enabling && isPublicMailboxDomain(d.domain)) throw new AppError("invalid_input", PUBLIC(d.domain));
    if (input.autoJoinRole !== undefined) {
      if (input.autoJoinRole === "owner") {
        throw invalid("Auto-join cannot grant the owner role", [{ path: "autoJoinRole", message: "Choose admin, member or a custom role" }]);
      }
      const role = await resolve(ctx, input.autoJoinRole, tx);
      if (!role) throw invalid(`Unknown role "${input.autoJoinRole}"`, [{ path: "autoJoinRole", message: `Unknown role "${input.autoJoinRole}"` }]);
      assertRankAtMost(ctx, role.rank, `The role "${role.name}"`);
      assertHolds(ctx, [...role.permissions], `the role "${role.name}"`);
    }
    const after = await repo.update(d.id, {
      ...(input.routingEnabled !== undefined ? { routingEnabled: input.routingEnabled } : {}),
      ...(input.autoJoinEnabled !== undefined ? { autoJoinEnabled: input.autoJoinEnabled } : {}),
      ...(input.autoJoinRole !== undefined ? { autoJoinRole: input.autoJoinRole } : {}),
    });
    const before = snapshot(d);
    const now = snapshot(after);
    if (JSON.stringify(before) !== JSON.stringify(now)) {
      await recordAudit(tx, ctx, { action: "domain.settings_changed", targetType: "domain", targetId: d.id, targetLabel: d.domain, before, after: now });
    }
    return toDomainDto(after);
  });
}

// Verification

type Check = { match: true } | { match: false; missing: boolean; reason: string };

async function checkDns(d: DomainRow): Promise<Check> {
  const name = challengeRecordName(d.domain);
  const r = await lookupTxt(name);
  if (!r.ok) return { match: false, missing: r.kind === "missing", reason: r.message };
  const m = matchChallenge(r.records, d.verificationToken);
  if (m.match) return { match: true };
  return { match: false, missing: true, reason: `${m.reason} at ${name}` };
}

/** Marks d verified, or throws conflict if another organization got there first. Runs under the name lock. */
async function markVerified(ctx: OrgContext, tx: TxHandle, d: DomainRow, now: Date) {
  const repo = domainsRepo(ctx, tx);
  if (await repo.isVerifiedElsewhere(d.domain)) throw conflict(CLAIMED_ELSEWHERE(d.domain));
  const after = await repo.update(d.id, {
    status: "verified", verifiedAt: now, lastCheckedAt: now, checkAttempts: d.checkAttempts + 1, failureReason: null, recordMissingSince: null,
  });
  await recordAudit(tx, ctx, { action: "domain.verified", targetType: "domain", targetId: d.id, targetLabel: d.domain, before: { status: d.status }, after: { status: "verified" } });
  return after;
}

/**
 * "Confirm": checks the TXT record now. Pending/failed/expired domains become verified when it
 * matches, else failed with the reason. On a verified domain it refreshes the check (a missing record
 * sets recordMissingSince; the daily re-check applies the grace period). Conflict, with nothing
 * written, when another organization has verified the domain meanwhile. Assumes domain:manage.
 */
export async function confirm(ctx: OrgContext, id: string): Promise<DomainDto> {
  const d0 = await find(ctx, id);
  // The lookup runs outside the transaction: no locks are held across network I/O.
  const check = await checkDns(d0);
  return transaction(async (tx) => {
    const repo = domainsRepo(ctx, tx);
    await repo.lockName(d0.domain);
    const d = await find(ctx, id, tx);
    const now = new Date();
    if (d.status === "verified") return toDomainDto(await refreshVerified(ctx, tx, d, check, now));
    if (check.match) return toDomainDto(await markVerified(ctx, tx, d, now));
    const after = await repo.update(d.id, { status: "failed", lastCheckedAt: now, checkAttempts: d.checkAttempts + 1, failureReason: check.reason });
    if (d.status !== "failed") {
      await recordAudit(tx, ctx, { action: "domain.verification_failed", targetType: "domain", targetId: d.id, targetLabel: d.domain, before: { status: d.status }, after: { status: "failed", reason: check.reason } });
    }
    return toDomainDto(after);
  });
}

async function refreshVerified(ctx: OrgContext, tx: TxHandle, d: DomainRow, check: Check, now: Date): Promise<DomainRow> {
  const repo = domainsRepo(ctx, tx);
  if (check.match) {
    if (d.recordMissingSince) {
      await recordAudit(tx, ctx, { action: "domain.record_restored", targetType: "domain", targetId: d.id, targetLabel: d.domain, before: { recordMissingSince: d.recordMissingSince.toISOString() } });
    }
    return repo.update(d.id, { lastCheckedAt: now, recordMissingSince: null, failureReason: null });
  }
  // A lookup error (timeout, SERVFAIL) says nothing about the record: note it, flag nothing.
  if (!check.missing) return repo.update(d.id, { lastCheckedAt: now, failureReason: check.reason });
  if (!d.recordMissingSince) {
    await recordAudit(tx, ctx, { action: "domain.record_missing", targetType: "domain", targetId: d.id, targetLabel: d.domain, after: { reason: check.reason } });
  }
  return repo.update(d.id, { lastCheckedAt: now, recordMissingSince: d.recordMissingSince ?? now, failureReason: check.reason });
}

export type ScheduleVerification = (payload: { orgId: string; domainId: string; startedAt: string }) => Promise<{ scheduled: boolean; message?: string }>;
export type StartVerificationResult = { domain: DomainDto; scheduled: boolean; message: string };

/**
 * "Start verification": (re)opens the verification window (DOMAIN_VERIFY_WINDOW_HOURS, 72 h) and asks
 * `schedule` (the Inngest sender, injected by the transport so lib does not import inngest/) to run
 * the background checks. Without Inngest the window still opens and the result says to use Confirm.
 * Conflict for a domain that is already verified. Assumes domain:manage.
 */
export async function startVerification(ctx: OrgContext, id: string, schedule: ScheduleVerification): Promise<StartVerificationResult> {
  const d = await transaction(async (tx) => {
    const d = await find(ctx, id, tx);
    if (d.status === "verified") throw conflict(`${d.domain} is already verified; use Confirm to re-check the record`);
    const after = await domainsRepo(ctx, tx).update(d.id, { status: "pending", verificationStartedAt: new Date(), failureReason: null });
    await recordAudit(tx, ctx, { action: "domain.verification_started", targetType: "domain", targetId: d.id, targetLabel: d.domain, before: { status: d.status }, after: { status: "pending" } });
    return after;
  });
  const r = await schedule({ orgId: ctx.orgId, domainId: d.id, startedAt: d.verificationStartedAt!.toISOString() });
  const hours = env().DOMAIN_VERIFY_WINDOW_HOURS;
  return {
    domain: toDomainDto(d),
    scheduled: r.scheduled,
    message: r.scheduled
      ? `Publish the TXT record; Gatehouse will check it in the background for up to ${hours} hours`
      : (r.message ?? "Background verification needs Inngest; use Confirm to check now"),
  };
}

/** Delay before background attempt n+1: 1, 5, 15, 30 min, 1, 2, 4, 8 h, then every 12 h. */
export function backoffMs(attempt: number): number {
  const steps = [1, 5, 15, 30, 60, 120, 240, 480];
  return (steps[attempt] ?? 720) * 60_000;
}

export type ScheduledCheckOutcome =
  | { state: "verified" }
  | { state: "retry"; retryInMs: number; reason: string }
  | { state: "expired"; reason: string }
  /** a newer Start verification (or a Confirm that verified it) took over: this run stops */
  | { state: "superseded" }
  | { state: "conflict"; reason: string };

/**
 * One background attempt (the Inngest function's step). Idempotent per (startedAt, attempt): it only
 * acts while the domain is unverified and its verificationStartedAt is the run's own. Past the
 * window an unverified domain becomes expired. not_found if the domain was removed.
 */
export async function runScheduledCheck(ctx: OrgContext, id: string, run: { startedAt: string; attempt: number }): Promise<ScheduledCheckOutcome> {
  const d0 = await find(ctx, id);
  if (d0.status === "verified") return { state: "verified" };
  if (d0.verificationStartedAt?.toISOString() !== run.startedAt) return { state: "superseded" };
  const check = await checkDns(d0);
  return transaction(async (tx) => {
    const repo = domainsRepo(ctx, tx);
    await repo.lockName(d0.domain);
    const d = await find(ctx, id, tx);
    if (d.status === "verified") return { state: "verified" } as const;
    if (d.verificationStartedAt?.toISOString() !== run.startedAt) return { state: "superseded" } as const;
    const now = new Date();
    if (check.match) {
      try {
        await markVerified(ctx, tx, d, now);
        return { state: "verified" } as const;
      } catch (e) {
        if (!(e instanceof AppError && e.code === "conflict")) throw e;
        await repo.update(d.id, { status: "failed", lastCheckedAt: now, checkAttempts: d.checkAttempts + 1, failureReason: e.message });
        return { state: "conflict", reason: e.message } as const;
      }
    }
    const deadline = d.verificationStartedAt!.getTime() + env().DOMAIN_VERIFY_WINDOW_HOURS * HOUR;
    if (now.getTime() >= deadline) {
      await repo.update(d.id, { status: "expired", lastCheckedAt: now, checkAttempts: d.checkAttempts + 1, failureReason: check.reason });
      await recordAudit(tx, ctx, { action: "domain.verification_expired", targetType: "domain", targetId: d.id, targetLabel: d.domain, before: { status: d.status }, after: { status: "expired", reason: check.reason } });
      return { state: "expired", reason: check.reason } as const;
    }
    await repo.update(d.id, { lastCheckedAt: now, checkAttempts: d.checkAttempts + 1, failureReason: check.reason });
    return { state: "retry", retryInMs: Math.max(1000, Math.min(backoffMs(run.attempt), deadline - now.getTime())), reason: check.reason } as const;
  });
}

// The daily re-check

/** Organizations with at least one verified domain, for the daily fan-out. */
export const orgIdsToRecheck = () => domainsSystemRepo.orgIdsWithVerifiedDomains();

export type RecheckSummary = { checked: number; missing: number; restored: number; disabled: number };

/**
 * Re-checks every verified domain of ctx's organization. A missing record sets recordMissingSince
 * (audited once); after DOMAIN_RECHECK_GRACE_HOURS the domain loses its verification, routing and
 * auto-join (domain.verification_lost). Lookup errors never count as missing. Idempotent.
 */
export async function recheckVerified(ctx: OrgContext, now = new Date()): Promise<RecheckSummary> {
  const summary: RecheckSummary = { checked: 0, missing: 0, restored: 0, disabled: 0 };
  const graceMs = env().DOMAIN_RECHECK_GRACE_HOURS * HOUR;
  for (const d0 of await domainsRepo(ctx).listVerified()) {
    const check = await checkDns(d0);
    summary.checked++;
    await transaction(async (tx) => {
      const repo = domainsRepo(ctx, tx);
      await repo.lockName(d0.domain);
      const d = await repo.findById(d0.id);
      if (!d || d.status !== "verified") return;
      if (check.match && d.recordMissingSince) summary.restored++;
      const after = await refreshVerified(ctx, tx, d, check, now);
      if (!after.recordMissingSince) return;
      summary.missing++;
      if (now.getTime() - after.recordMissingSince.getTime() < graceMs) return;
      await repo.update(d.id, { status: "failed", routingEnabled: false, autoJoinEnabled: false, failureReason: `The TXT record has been missing since ${after.recordMissingSince.toISOString()}` });
      await recordAudit(tx, ctx, {
        action: "domain.verification_lost", targetType: "domain", targetId: d.id, targetLabel: d.domain,
        before: snapshot(d), after: { ...snapshot(d), status: "failed", routingEnabled: false, autoJoinEnabled: false, recordMissingSince: after.recordMissingSince.toISOString() },
      });
      summary.disabled++;
    });
  }
  return summary;
}

export type DomainWarning = {
  domainId: string;
  domain: string;
  kind: "record-missing" | "verification-lost";
  since: string;
  /** record-missing: when routing and auto-join turn off unless the record is back */
  disablesAt: string | null;
  message: string;
};

/**
 * For the organization layout's banner (admins): verified domains whose TXT record disappeared and
 * domains that lost verification that way. Empty without domain:manage.
 */
export async function domainWarnings(ctx: OrgContext): Promise<DomainWarning[]> {
  if (!can(ctx, "domain:manage")) return [];
  const graceMs = env().DOMAIN_RECHECK_GRACE_HOURS * HOUR;
  return (await domainsRepo(ctx).listFlagged())
    .filter((d) => d.status === "verified" || d.status === "failed")
    .map((d) => {
      const since = d.recordMissingSince!;
      if (d.status === "verified") {
        const at = new Date(since.getTime() + graceMs);
        return {
          domainId: d.id, domain: d.domain, kind: "record-missing" as const, since: since.toISOString(), disablesAt: at.toISOString(),
          message: `The verification TXT record of ${d.domain} has disappeared. Publish it again before ${at.toUTCString()} or the domain loses its verification, routing and auto-join.`,
        };
      }
      return {
        domainId: d.id, domain: d.domain, kind: "verification-lost" as const, since: since.toISOString(), disablesAt: null,
        message: `${d.domain} lost its verification because its TXT record disappeared; routing and auto-join were turned off. Publish the record and Confirm to restore it.`,
      };
    });
}
