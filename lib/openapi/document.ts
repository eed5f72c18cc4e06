import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { API_ROUTES, type ApiRoute } from "./routes";
import { errorSchema } from "./responses";

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422;

const ERROR_RESPONSES: Record<ErrorStatus, { name: string; description: string }> = {
  400: { name: "BadRequest", description: "The body is not valid JSON" },
  401: { name: "Unauthenticated", description: "No valid session or API key" },
  403: { name: "Forbidden", description: "The role or key scope does not allow this, or the organization is inactive" },
  404: { name: "NotFound", description: "Not found, or in an organization the caller cannot see (never 403)" },
  409: { name: "Conflict", description: "Conflicts with the current state" },
  413: { name: "PayloadTooLarge", description: "The body is over 1 MB" },
  415: { name: "UnsupportedMediaType", description: "The body is not sent as application/json" },
  422: { name: "InvalidInput", description: "Validation failed: `issues` lists each field" },
};

const errorRef = (status: ErrorStatus) => ({ $ref: `#/components/responses/${ERROR_RESPONSES[status].name}` });

function pathParams(route: ApiRoute): z.ZodObject | undefined {
  const names = [...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  if (names.length === 0) return undefined;
  const own = route.params?.shape ?? {};
  return z.object(Object.fromEntries(names.map((n) => [n, own[n] ?? z.uuid()])));
}

function operationId(route: ApiRoute): string {
  const words = route.path.split("/").filter(Boolean).map((s) => s.replace(/[{}]/g, "").replace(/[^a-zA-Z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase()));
  return route.method + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
}

/**
 * Request bodies go through zod's own JSON Schema converter, which handles every zod type the
 * domain schemas use (zod-to-openapi overflows on the recursive z.json()). Its local `$defs` are
 * hoisted into components/schemas (deduplicated) because `#/$defs/...` would resolve against the
 * OpenAPI document root.
 */
function bodySchema(schema: z.ZodType, shared: Map<string, string>, registered: Set<string>, registry: OpenAPIRegistry) {
  const { $schema: _, $defs, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any", target: "draft-2020-12" }) as Record<string, unknown> & { $defs?: Record<string, unknown> };
  for (const def of Object.values($defs ?? {})) {
    const text = JSON.stringify(def);
    if (shared.has(text)) continue;
    shared.set(text, isJsonValue(def) && ![...shared.values()].includes("JsonValue") ? "JsonValue" : `Shared${shared.size + 1}`);
  }
  for (const def of Object.values($defs ?? {})) {
    const name = shared.get(JSON.stringify(def))!;
    if (!registered.has(name)) {
      registered.add(name);
      registry.registerComponent("schemas", name, JSON.parse(rewrite(JSON.stringify(def), $defs!, shared)));
    }
  }
  return JSON.parse(rewrite(JSON.stringify(rest), $defs ?? {}, shared));
}

/** z.json(): any JSON value, the one recursive schema the domain uses (config values). */
function isJsonValue(def: unknown): boolean {
  const types = ((def as { anyOf?: { type?: string }[] }).anyOf ?? []).map((x) => x.type).sort().join();
  return types === "array,boolean,null,number,object,string";
}

function rewrite(text: string, defs: Record<string, unknown>, shared: Map<string, string>) {
  return text.replace(/"#\/\$defs\/([^"]+)"/g, (_, key: string) => `"#/components/schemas/${shared.get(JSON.stringify(defs[key]))}"`);
}

type Hoist = { shared: Map<string, string>; registered: Set<string> };

function toRouteConfig(route: ApiRoute, hoist: Hoist, registry: OpenAPIRegistry): RouteConfig {
  const params = pathParams(route);
  const errors = new Set<ErrorStatus>([401, 403]);
  if (params) errors.add(404);
  if (params || route.query || route.body) errors.add(422);
  if (route.body) [400, 413, 415].forEach((s) => errors.add(s as ErrorStatus));
  const responses: Record<string, ResponseConfig | { $ref: string }> = {
    [route.ok.status]: {
      description: route.ok.description,
      ...(route.ok.schema ? { content: Object.fromEntries((route.ok.contentTypes ?? ["application/json"]).map((t) => [t, { schema: route.ok.schema! }])) } : {}),
    },
  };
  if (route.created) responses[201] = { description: route.created, content: (responses[route.ok.status] as ResponseConfig).content };
  for (const s of [...errors].sort()) responses[s] = errorRef(s);
  if (route.conflict) responses[409] = { description: route.conflict, content: { "application/json": { schema: errorSchema } } };
  return {
    method: route.method,
    path: route.path,
    operationId: operationId(route),
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    request: {
      ...(params ? { params } : {}),
      ...(route.query ? { query: route.query as z.ZodObject } : {}),
      ...(route.body ? { body: { required: true, content: { "application/json": { schema: bodySchema(route.body, hoist.shared, hoist.registered, registry) } } } } : {}),
    },
    responses,
  };
}

/** Builds the OpenAPI 3.1 document of /api/v1 from the route table. */
export function buildOpenApiDocument(routes: ApiRoute[] = API_ROUTES) {
  const registry = new OpenAPIRegistry();
  // Response shapes named with .openapi(refId) become components when an operation uses them;
  // Error is also referenced by hand from the shared error responses below.
  registry.register("Error", errorSchema);

  registry.registerComponent("securitySchemes", "apiKey", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "gh_…",
    description: "An API key (`gh_` + random) created per organization, or platform-wide by a provider administrator. Also accepted as `X-API-Key`.",
  });
  registry.registerComponent("securitySchemes", "session", {
    type: "apiKey",
    in: "cookie",
    name: "authjs.session-token",
    description: "The portal's sign-in session (`__Secure-authjs.session-token` over https). The cookie holds only a session id.",
  });
  for (const { name, description } of Object.values(ERROR_RESPONSES)) {
    registry.registerComponent("responses", name, { description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });
  }
  const hoist: Hoist = { shared: new Map(), registered: new Set() };
  for (const route of routes) registry.registerPath(toRouteConfig(route, hoist, registry));

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Gatehouse API",
      version: "1",
      description: "Multi-tenant identity administration. Errors are `{ error: { code, message, issues? } }`; lists are `{ data, pagination }` with `page`/`limit`.",
    },
    servers: [{ url: "/api/v1" }],
    security: [{ apiKey: [] }, { session: [] }],
  });
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;

let cached: OpenApiDocument | undefined;
/** The document is a pure function of the code: build it once per process. */
export function openApiDocument(): OpenApiDocument {
  cached ??= buildOpenApiDocument();
  return cached;
}
