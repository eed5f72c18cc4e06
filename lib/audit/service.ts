import type { RawTxHandle } from "@/lib/db/unit-of-work";
import { auditReadRepo, insertAuditEvent, insertAuditEvents, type AuditEventRow, type AuditFilter } from "@/lib/db/repos/audit";
import { actorId, actorLabel, type OrgContext, type Principal } from "@/lib/auth/org-context";
import { AppError } from "@/lib/errors";
import type { Permission } from "@/lib/auth/permissions";
import { toPage, type Page } from "@/lib/http/pagination";
import { slugify } from "@/lib/organizations/schemas";
import { toAuditEventDto, type AuditEventDto } from "./dto";
import { EXPORT_CONTENT_TYPES, encodeEvents, toByteStream } from "./export";
import type { AuditFilters, ExportAllAuditEventsQuery, ExportAuditEventsQuery, ListAllAuditEventsQuery, ListAuditEventsQuery } from "./schemas";

export type AuditInput = {
  action: string;
  targetType?: string;
  targetId?: string | null;
  targetLabel?: string | null;
  before?: unknown;
  after?: unknown;
};

/** Who did it, from where, and in which organization: the columns every event of one actor shares. */
function eventBase(principal: Pick<Principal, "actor" | "meta">, org: { id: string; name: string } | null) {
  return {
    orgId: org?.id ?? null,
    orgName: org?.name ?? null,
    actorType: principal.actor.type,
    actorId: actorId(principal.actor),
    actorLabel: actorLabel(principal.actor),
    ip: principal.meta.ip ?? null,
    userAgent: principal.meta.userAgent ?? null,
  };
}

const orgOf = (ctx: OrgContext) => ({ id: ctx.orgId, name: ctx.orgName });

/** Records an event for a change made in ctx's organization; call inside the change's transaction. */
export function recordAudit(tx: RawTxHandle, ctx: OrgContext, input: AuditInput) {
  return insertAuditEvent(tx, { ...eventBase(ctx, orgOf(ctx)), ...input });
}

/** recordAudit for many changes at once (one INSERT): bulk jobs such as directory sync. */
export function recordAuditMany(tx: RawTxHandle, ctx: OrgContext, inputs: AuditInput[]) {
  const base = eventBase(ctx, orgOf(ctx));
  return insertAuditEvents(tx, inputs.map((input) => ({ ...base, ...input })));
}

/** For events that happen before or outside an organization context (org creation, sign-ins). */
export function recordPrincipalAudit(
  tx: RawTxHandle,
  principal: Pick<Principal, "actor" | "meta">,
  org: { id: string; name: string } | null,
  input: AuditInput,
) {
  return insertAuditEvent(tx, { ...eventBase(principal, org), ...input });
}

/** recordPrincipalAudit for several events of one action at once (one INSERT): the SSO callback. */
export function recordPrincipalAuditMany(
  tx: RawTxHandle,
  principal: Pick<Principal, "actor" | "meta">,
  org: { id: string; name: string } | null,
  inputs: AuditInput[],
) {
  const base = eventBase(principal, org);
  return insertAuditEvents(tx, inputs.map((input) => ({ ...base, ...input })));
}

// Reading and exporting the log.

function requireProviderAudit(principal: Principal, permission: Permission) {
  if (!principal.providerRole) throw new AppError("forbidden", "Only provider administrators can read every organization's audit log");
  if (principal.actor.type === "api_key" && !principal.actor.scopes.includes(permission)) {
    throw new AppError("forbidden", `This API key lacks the ${permission} scope`);
  }
}

const filterOf = (q: AuditFilters): AuditFilter => ({ actor: q.actor, action: q.action, from: q.from, to: q.to });

/** One organization's events, newest first. Assumes audit:read (checked by the transport). */
export async function list(ctx: OrgContext, q: ListAuditEventsQuery): Promise<Page<AuditEventDto>> {
  const { rows, total } = await auditReadRepo([ctx.orgId]).list(filterOf(q), q.page, q.limit);
  return toPage(rows.map(toAuditEventDto), total, q);
}

/** Every organization's events, deleted organizations' and organization-less ones included. Provider administrators only. */
export async function listAll(principal: Principal, q: ListAllAuditEventsQuery): Promise<Page<AuditEventDto>> {
  requireProviderAudit(principal, "audit:read");
  const { rows, total } = await auditReadRepo(q.orgId ? [q.orgId] : null).list(filterOf(q), q.page, q.limit);
  return toPage(rows.map(toAuditEventDto), total, q);
}

export type AuditExport = { filename: string; contentType: string; body: ReadableStream<Uint8Array> };

async function* dtos(rows: AsyncIterable<AuditEventRow>) {
  for await (const r of rows) yield toAuditEventDto(r);
}

function stamp(d = new Date()) {
  return d.toISOString().slice(0, 16).replace(/[-:]/g, "").replace("T", "-");
}

function streamExport(orgIds: string[] | null, q: ExportAuditEventsQuery, label: string): AuditExport {
  return {
    filename: `gatehouse-audit-${label}-${stamp()}.${q.format}`,
    contentType: EXPORT_CONTENT_TYPES[q.format],
    body: toByteStream(encodeEvents(dtos(auditReadRepo(orgIds).iterate(filterOf(q))), q.format)),
  };
}

/** Streams one organization's filtered events as CSV or JSON Lines. Assumes audit:export (checked by the transport). */
export function exportEvents(ctx: OrgContext, q: ExportAuditEventsQuery): AuditExport {
  return streamExport([ctx.orgId], q, slugify(ctx.orgName));
}

/** Streams every organization's filtered events. Provider administrators only. */
export function exportAll(principal: Principal, q: ExportAllAuditEventsQuery): AuditExport {
  requireProviderAudit(principal, "audit:export");
  return streamExport(q.orgId ? [q.orgId] : null, q, "all");
}
