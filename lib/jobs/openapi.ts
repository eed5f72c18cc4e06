import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { directoryFilterSchema, runTriggerSchema, syncKindSchema } from "@/lib/directory-sync/schemas";

// Response shapes of the directory-sync job routes for the OpenAPI document (mirrors lib/directory-sync/dto.ts).
extendZodWithOpenApi(z);

const timestamp = z.iso.datetime();
const RUN_STATUSES = ["queued", "running", "succeeded", "failed", "awaiting_approval", "cancelled"] as const;

export const syncRunResponse = z.looseObject({
  id: z.uuid(),
  kind: syncKindSchema,
  status: z.enum(RUN_STATUSES).meta({ description: "awaiting_approval: the run would decommission more than the configured share; approve or reject it" }),
  trigger: runTriggerSchema,
  filter: directoryFilterSchema.nullable(),
  processed: z.int().min(0),
  total: z.int().min(0).nullable(),
  counts: z.record(z.string(), z.number()).meta({ description: "created, updated, unchanged, skipped, decommissioned, …; session checks: checked, refreshed, decommissioned, errors" }),
  error: z.string().nullable(),
  createdAt: timestamp,
  startedAt: timestamp.nullable(),
  finishedAt: timestamp.nullable(),
  durationMs: z.int().min(0).nullable(),
  approvedAt: timestamp.nullable(),
}).openapi("SyncRun");

export const syncRunDetailResponse = syncRunResponse.extend({
  skipped: z.array(z.looseObject({ externalId: z.string().nullable(), email: z.string().nullable(), reason: z.string() })),
  errors: z.array(z.looseObject({ at: z.string(), message: z.string(), kind: z.string().optional() })),
  drift: z.array(z.looseObject({
    userId: z.string().nullable(),
    externalId: z.string(),
    email: z.string().nullable(),
    decommission: z.strictObject({
      reason: z.enum(["disabled", "unassigned", "missing"]),
      outcome: z.enum(["pending", "decommissioned", "kept"]),
      note: z.string().optional(),
    }).optional().meta({ description: "A reconciliation's decommission of this person and why: pending while the run awaits approval, then decommissioned or kept (rejected, or refused e.g. for an owner)" }),
  })),
  pending: z.array(z.looseObject({ userId: z.string(), externalId: z.string(), email: z.string(), reason: z.string() })).nullable(),
  createdById: z.string().nullable(),
  approvedById: z.string().nullable(),
}).openapi("SyncRunDetail");

export const startJobResponse = z.strictObject({
  run: syncRunResponse,
  mode: z.enum(["inngest", "background", "inline"]).meta({ description: "inngest: queued there; background: running in the Gatehouse server (no Inngest); inline: finished (wait: true)" }),
  message: z.string(),
}).openapi("SyncRunStarted");

export const previewResponse = z.looseObject({
  filter: directoryFilterSchema,
  users: z.array(z.looseObject({
    externalId: z.string(),
    email: z.string().nullable(),
    displayName: z.string().nullable(),
    active: z.boolean(),
    role: z.string().nullable(),
    teams: z.array(z.string()),
    businessUnits: z.array(z.string()),
    outcome: z.enum(["create", "update", "unchanged", "skip"]),
    reason: z.string().optional(),
  })).max(50),
  hasMore: z.boolean(),
  counts: z.record(z.string(), z.number()),
}).openapi("ImportPreview");
