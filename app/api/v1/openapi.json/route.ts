import { openApiDocument } from "@/lib/openapi/document";

// Public on purpose: the document describes the API, it holds no data. It is a pure function of
// the code, so it is rendered at build time and cached by clients and proxies.
export const dynamic = "force-static";

export function GET() {
  return new Response(JSON.stringify(openApiDocument()), {
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "public, max-age=3600" },
  });
}
