import { methodNotAllowed, projectionParams, resourceId, scimJson, scimRoute } from "@/lib/http/scim";
import { parseListQuery } from "@/lib/scim-common/list";
import { etagOf } from "@/lib/scim-common/resource";
import * as scimUsers from "@/lib/scim-users/service";

const isSearch = (segments: string[]) => segments.length === 1 && segments[0] === ".search";

export const GET = scimRoute({ scope: "users:read", resourceType: "User" }, async ({ ctx, url, segments, trace }) => {
  if (segments.length === 0) {
    const r = await scimUsers.list(ctx, parseListQuery(url.searchParams));
    trace.quirks = r.quirks;
    return scimJson(r.body);
  }
  const id = (trace.resourceId = resourceId(segments, "User"));
  const r = await scimUsers.get(ctx, id, projectionParams(url));
  return scimJson(r.resource, 200, { etag: etagOf(r.version) });
});

export const POST = scimRoute(
  { scope: (segments) => (isSearch(segments) ? "users:read" : "users:write"), resourceType: "User", body: true },
  async ({ ctx, segments, body, trace }) => {
    if (isSearch(segments)) {
      // RFC 7644 §3.4.3: a query sent as a SearchRequest body.
      const r = await scimUsers.list(ctx, parseListQuery((body ?? {}) as Record<string, unknown>));
      trace.quirks = r.quirks;
      return scimJson(r.body);
    }
    if (segments.length) return methodNotAllowed("POST creates a User at /Users; use PUT or PATCH on /Users/{id}");
    const r = await scimUsers.create(ctx, body);
    trace.resourceId = String(r.resource.id);
    trace.quirks = r.quirks;
    const location = (r.resource.meta as { location: string }).location;
    return scimJson(r.resource, 201, { etag: etagOf(r.version), location });
  },
);

export const PUT = scimRoute({ scope: "users:write", resourceType: "User", body: true }, async ({ ctx, request, segments, body, trace }) => {
  if (!segments.length) return methodNotAllowed("PUT replaces one User: /Users/{id}");
  const id = (trace.resourceId = resourceId(segments, "User"));
  const r = await scimUsers.replace(ctx, id, body, request.headers.get("if-match"));
  trace.quirks = r.quirks;
  return scimJson(r.resource, 200, { etag: etagOf(r.version) });
});

// RFC 7644 §3.5.2: 200 with the resource, or 204. Microsoft's reference suite expects 204; Okta's
// documentation shows the user returned, so its client (and anyone asking for attributes) gets 200.
export const PATCH = scimRoute({ scope: "users:write", resourceType: "User", body: true }, async ({ ctx, request, url, segments, body, trace }) => {
  if (!segments.length) return methodNotAllowed("PATCH modifies one User: /Users/{id}");
  const id = (trace.resourceId = resourceId(segments, "User"));
  const r = await scimUsers.patch(ctx, id, body, request.headers.get("if-match"));
  trace.quirks = r.quirks;
  const projection = projectionParams(url);
  const wantsBody = projection.attributes !== undefined || projection.excludedAttributes !== undefined || /okta/i.test(request.headers.get("user-agent") ?? "");
  if (!wantsBody) return new Response(null, { status: 204, headers: { etag: etagOf(r.version) } });
  const shown = projection.attributes || projection.excludedAttributes ? (await scimUsers.get(ctx, id, projection)).resource : r.resource;
  return scimJson(shown, 200, { etag: etagOf(r.version) });
});

export const DELETE = scimRoute({ scope: "users:write", resourceType: "User" }, async ({ ctx, request, segments, trace }) => {
  if (!segments.length) return methodNotAllowed("DELETE removes one User: /Users/{id}");
  const id = (trace.resourceId = resourceId(segments, "User"));
  await scimUsers.remove(ctx, id, request.headers.get("if-match"));
  return new Response(null, { status: 204 });
});
