import type { AuditExport } from "./service";

/** The download response for an export: streamed, never cached, saved as a file. */
export function exportResponse(e: AuditExport): Response {
  return new Response(e.body, {
    status: 200,
    headers: {
      "content-type": e.contentType,
      "content-disposition": `attachment; filename="${e.filename}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
