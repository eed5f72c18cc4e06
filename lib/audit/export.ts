import { csvRecord } from "./csv";
import type { AuditEventDto } from "./dto";
import type { ExportFormat } from "./schemas";

export const CSV_COLUMNS = [
  "time", "organization", "actor type", "actor", "action", "target type", "target id", "target", "ip", "user agent", "before", "after",
] as const;

const asJson = (v: unknown) => (v === null || v === undefined ? "" : JSON.stringify(v));

export function csvEventRecord(e: AuditEventDto): string {
  return csvRecord([
    e.createdAt, e.orgName ?? e.orgId, e.actor.type, e.actor.label ?? e.actor.id, e.action,
    e.target.type, e.target.id, e.target.label, e.ip, e.userAgent, asJson(e.before), asJson(e.after),
  ]);
}

/** Encodes events one line at a time: CSV with a header row, or JSON Lines (one DTO per line). */
export async function* encodeEvents(events: AsyncIterable<AuditEventDto>, format: ExportFormat): AsyncGenerator<string> {
  if (format === "csv") yield csvRecord(CSV_COLUMNS);
  for await (const e of events) yield format === "csv" ? csvEventRecord(e) : JSON.stringify(e) + "\n";
}

/**
 * A pull-based byte stream: the database is read only as fast as the client consumes, and lines are
 * batched into ~64 KB chunks. Cancelling the download stops the database cursor.
 */
export function toByteStream(lines: AsyncGenerator<string>, chunkBytes = 64 * 1024): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk = "";
      while (chunk.length < chunkBytes) {
        const next = await lines.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += next.value;
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
}

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  jsonl: "application/x-ndjson; charset=utf-8",
};
