import { methodNotAllowed, projectionParams, resourceId, SCIM_CONTENT_TYPE, scimJson, scimRoute } from "@/lib/http/scim";
import { parseListQuery } from "@/lib/scim-common/list";
import { etagOf } from "@/lib/scim-common/resource";
import * as scimGroups from "@/lib/scim-groups/service";

const isSearch = (segments: string[]) => segments.length === 1 && segments[0] === ".search";
const streamed = (body: ReadableStream<Uint8Array>, status: number, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { "content-type": `${SCIM_CONTENT_TYPE}; charset=utf-8`, "cache-control": "no-store", ...headers } });

export const GET = scimRoute({ scope: "groups:read", resourceType: "Group" }, async ({ ctx, url, segments, trace }) => {
  if (segments.length === 0) {
    const r = await scimGroups.list(ctx, parseListQuery(url.searchParams));
    trace.quirks = r.quirks;
    return streamed(scimGroups.streamGroupList(ctx, r), 200);
  }
  const id = (trace.resourceId = resourceId(segments, "Group"));
  const r = await scimGroups.get(ctx, id, projectionParams(url));
  return streamed(scimGroups.streamGroup(ctx, r.view), 200, { etag: etagOf(r.version) });
});

export const POST = scimRoute(
  { scope: (segments) => (isSearch(segments) ? "groups:read" : "groups:write"), resourceType: "Group", body: true },
  async ({ ctx, segments, body, trace }) => {
    if (isSearch(segments)) {
      const r = await scimGroups.list(ctx, parseListQuery((body ?? {}) as Record<string, unknown>));
      trace.quirks = r.quirks;
      return streamed(scimGroups.streamGroupList(ctx, r), 200);
    }
    if (segments.length) return methodNotAllowed("POST creates a Group at /Groups; use PUT or PATCH on /Groups/{id}");
    const r = await scimGroups.create(ctx, body);
    trace.resourceId = r.view.id;
    trace.quirks = r.quirks;
    const location = (r.view.resource.meta as { location: string }).location;
    return streamed(scimGroups.streamGroup(ctx, r.view), 201, { etag: etagOf(r.version), location });
  },
);

export const PUT = scimRoute({ scope: "groups:write", resourceType: "Group", body: true }, async ({ ctx, request, segments, body, trace }) => {
  if (!segments.length) return methodNotAllowed("PUT replaces one Group: /Groups/{id}");
  const id = (trace.resourceId = resourceId(segments, "Group"));
  const r = await scimGroups.replace(ctx, id, body, request.headers.get("if-match"));
  trace.quirks = r.quirks;
  return streamed(scimGroups.streamGroup(ctx, r.view), 200, { etag: etagOf(r.version) });
});

// RFC 7644 §3.5.2: 204 unless the client asks for attributes (Okta Group Push and Entra accept 204).
export const PATCH = scimRoute({ scope: "groups:write", resourceType: "Group", body: true }, async ({ ctx, request, url, segments, body, trace }) => {
  if (!segments.length) return methodNotAllowed("PATCH modifies one Group: /Groups/{id}");
  const id = (trace.resourceId = resourceId(segments, "Group"));
  const r = await scimGroups.patch(ctx, id, body, request.headers.get("if-match"));
  trace.quirks = r.quirks;
  const projection = projectionParams(url);
  if (projection.attributes === undefined && projection.excludedAttributes === undefined) {
    return new Response(null, { status: 204, headers: { etag: etagOf(r.version) } });
  }
  const view = (await scimGroups.get(ctx, id, projection)).view;
  return streamed(scimGroups.streamGroup(ctx, view), 200, { etag: etagOf(r.version) });
});

export const DELETE = scimRoute({ scope: "groups:write", resourceType: "Group" }, async ({ ctx, request, segments, trace }) => {
  if (!segments.length) return methodNotAllowed("DELETE removes one Group: /Groups/{id}");
  const id = (trace.resourceId = resourceId(segments, "Group"));
  await scimGroups.remove(ctx, id, request.headers.get("if-match"));
  return new Response(null, { status: 204 });
});
