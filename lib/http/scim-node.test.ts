import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { matchScimRoute, routeMethods, SCIM_ROUTE_FOLDERS, scimRequestRoute, type RouteHandler } from "./scim-node";

const ORIGIN = "http://127.0.0.1:3000";

describe("matchScimRoute: app/scim/v2 as Next's file routing resolves it", () => {
  test("optional catch-alls: the collection without params, a resource with its URL-decoded segments", () => {
    expect(matchScimRoute("/scim/v2/Users")).toEqual({ route: "Users", params: {} });
    expect(matchScimRoute("/scim/v2/Users/2819c223")).toEqual({ route: "Users", params: { id: ["2819c223"] } });
    expect(matchScimRoute("/scim/v2/Users/.search")).toEqual({ route: "Users", params: { id: [".search"] } });
    expect(matchScimRoute("/scim/v2/Groups/a%2Fb/c%20d")).toEqual({ route: "Groups", params: { id: ["a/b", "c d"] } });
    expect(matchScimRoute("/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User")).toEqual({
      route: "Schemas",
      params: { id: ["urn:ietf:params:scim:schemas:core:2.0:User"] },
    });
    expect(matchScimRoute("/scim/v2/ResourceTypes/User")).toEqual({ route: "ResourceTypes", params: { id: ["User"] } });
  });

  test("ServiceProviderConfig is a static route: anything below it falls to the catch-all", () => {
    expect(matchScimRoute("/scim/v2/ServiceProviderConfig")).toEqual({ route: "ServiceProviderConfig", params: {} });
    expect(matchScimRoute("/scim/v2/ServiceProviderConfig/x")).toEqual({ route: "[...path]", params: { path: ["ServiceProviderConfig", "x"] } });
  });

  test("folders match case-sensitively on the encoded path; everything else is [...path] with decoded segments", () => {
    expect(matchScimRoute("/scim/v2/users/abc")).toEqual({ route: "[...path]", params: { path: ["users", "abc"] } });
    expect(matchScimRoute("/scim/v2/%55sers")).toEqual({ route: "[...path]", params: { path: ["Users"] } });
    expect(matchScimRoute("/scim/v2/Bulk")).toEqual({ route: "[...path]", params: { path: ["Bulk"] } });
  });

  test("what Next answers itself is not matched: /scim/v2, trailing or repeated slashes, undecodable segments", () => {
    for (const p of ["/scim/v2", "/scim/v2/", "/scim/v2/Users/", "/scim/v2/Users//x", "/scim/v2/Users/a\\b", "/scim/v2/Users/%E0%A4%A", "/scim/v3/Users", "/SCIM/v2/Users", "/login"]) {
      expect(matchScimRoute(p), p).toBeNull();
    }
  });
});

describe("scimRequestRoute", () => {
  test("parses req.url against the server's origin, keeping the query", () => {
    const r = scimRequestRoute("/scim/v2/Users?filter=userName%20eq%20%22a%22&count=1", ORIGIN);
    expect(r?.route).toBe("Users");
    expect(r?.url.href).toBe(`${ORIGIN}/scim/v2/Users?filter=userName%20eq%20%22a%22&count=1`);
  });

  test("dot segments resolve as URL parsing does; slashes in the query do not matter", () => {
    expect(scimRequestRoute("/scim/v2/Groups/../Users", ORIGIN)?.route).toBe("Users");
    expect(scimRequestRoute("/scim/v2/../api/v1/organizations", ORIGIN)).toBeNull();
    expect(scimRequestRoute("/scim/v2/Users?filter=x//y", ORIGIN)?.route).toBe("Users");
  });

  test("everything else goes to Next", () => {
    for (const u of [undefined, "/", "/login", "/scim/v2", "/scim/v2/", "/scim/v2//Users", "/scim/v2/Users/", "http://evil/scim/v2/Users"]) {
      expect(scimRequestRoute(u, ORIGIN), String(u)).toBeNull();
    }
  });
});

describe("routeMethods: Next's app-route method handling", () => {
  const ok: RouteHandler = async () => new Response("get");

  test("HEAD runs GET; OPTIONS answers 204 with the sorted Allow list; other methods 405 without a body", async () => {
    const m = routeMethods({ GET: ok, POST: ok, PATCH: ok });
    const rc = { params: Promise.resolve({}) };
    expect(m.HEAD).toBe(ok);
    const options = await m.OPTIONS(new Request(ORIGIN), rc);
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("GET, HEAD, OPTIONS, PATCH, POST");
    const put = await m.PUT(new Request(ORIGIN, { method: "PUT" }), rc);
    expect(put.status).toBe(405);
    expect(put.body).toBeNull();
    expect(put.headers.get("allow")).toBeNull();
  });

  test("a module's own HEAD and OPTIONS are kept", () => {
    const head: RouteHandler = async () => new Response(null);
    const options: RouteHandler = async () => new Response(null, { status: 200 });
    const m = routeMethods({ GET: ok, HEAD: head, OPTIONS: options });
    expect(m.HEAD).toBe(head);
    expect(m.OPTIONS).toBe(options);
  });
});

test("SCIM_ROUTE_FOLDERS lists every route file under app/scim/v2 (a new one must be served by scripts/server.ts too)", () => {
  const root = path.resolve(__dirname, "../../app/scim/v2");
  const found = readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((f) => path.basename(f) === "route.ts")
    .map((f) => path.dirname(f).split(path.sep).join("/"))
    .sort();
  expect(found).toEqual(Object.values(SCIM_ROUTE_FOLDERS).sort());
});
