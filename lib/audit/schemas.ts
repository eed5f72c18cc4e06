import { z } from "zod";
import { pageQuerySchema } from "@/lib/http/pagination";

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const HAS_OFFSET = /(Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 86_400_000;

/**
 * An ISO 8601 date (2024-05-31) or date-time (2024-05-31T12:00:00Z). A date-only `to` means the end
 * of that day (UTC), so `from=2024-05-01&to=2024-05-31` covers the whole of May.
 */
const isoBound = (bound: "from" | "to") =>
  z
    .union([z.iso.date(), z.iso.datetime({ offset: true, local: true })], {
      error: `${bound} must be an ISO 8601 date (2024-05-31) or date-time (2024-05-31T12:00:00Z)`,
    })
    .transform((s) => {
      // A date-time without an offset is read as UTC, not as the server's local time.
      const d = new Date(DATE_ONLY.test(s) ? `${s}T00:00:00.000Z` : HAS_OFFSET.test(s) ? s : `${s}Z`);
      return bound === "to" && DATE_ONLY.test(s) ? new Date(d.getTime() + DAY_MS - 1) : d;
    });

export const auditActionFilterSchema = z
  .string()
  .trim()
  .max(100)
  .regex(/^[a-z0-9_.]+\*?$|^\*$/, "action is an action name (member.added) or a prefix ending in * (member.*)");

const filterShape = {
  actor: z.string().trim().min(1).max(200).optional(),
  action: auditActionFilterSchema.optional(),
  from: isoBound("from").optional(),
  to: isoBound("to").optional(),
};
const orgShape = { orgId: z.uuid("orgId must be an organization id (UUID)").optional() };

const ordered = (f: { from?: Date; to?: Date }) => !f.from || !f.to || f.from.getTime() <= f.to.getTime();
const orderedMessage = { message: "from must be before to", path: ["to"] };

export const auditFiltersSchema = z.object(filterShape).refine(ordered, orderedMessage);
export type AuditFilters = z.infer<typeof auditFiltersSchema>;

export const listAuditEventsQuerySchema = z.object({ ...pageQuerySchema.shape, ...filterShape }).refine(ordered, orderedMessage);
export type ListAuditEventsQuery = z.infer<typeof listAuditEventsQuerySchema>;

export const EXPORT_FORMATS = ["csv", "jsonl"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
const formatShape = { format: z.enum(EXPORT_FORMATS, { error: "format must be csv or jsonl" }).default("csv") };

export const exportAuditEventsQuerySchema = z.object({ ...formatShape, ...filterShape }).refine(ordered, orderedMessage);
export type ExportAuditEventsQuery = z.infer<typeof exportAuditEventsQuerySchema>;

/** Provider-wide reads may narrow to one organization (a deleted one's id too). */
export const listAllAuditEventsQuerySchema = z.object({ ...pageQuerySchema.shape, ...filterShape, ...orgShape }).refine(ordered, orderedMessage);
export type ListAllAuditEventsQuery = z.infer<typeof listAllAuditEventsQuerySchema>;
export const exportAllAuditEventsQuerySchema = z.object({ ...formatShape, ...filterShape, ...orgShape }).refine(ordered, orderedMessage);
export type ExportAllAuditEventsQuery = z.infer<typeof exportAllAuditEventsQuerySchema>;
