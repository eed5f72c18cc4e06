import { describe, expect, test } from "vitest";
import { buildOpenApiDocument } from "./document";
import { API_ROUTES } from "./routes";
import * as shapes from "./responses";
import { exportedMethods, folderToPath, scanRouteFiles } from "./route-files";
import { toOrganizationDto } from "@/lib/organizations/dto";
import { toMemberDto } from "@/lib/members/dto";
import { builtinRoleDto, toRoleDto } from "@/lib/roles/dto";
import { toApiKeyDto } from "@/lib/api-keys/dto";
import { toAuditEventDto } from "@/lib/audit/dto";
import { toConfigDto } from "@/lib/configs/dto";
import { toOAuthConnectionDto } from "@/lib/oauth-connections/dto";
import { toMeUserDto } from "@/lib/users/dto";

// Routes that are deliberately not part of the document.
const UNDOCUMENTED = new Set(["GET /openapi.json"]);

const doc = buildOpenApiDocument() as unknown as {
  openapi: string;
  paths: Record<string, Record<string, { operationId: string; parameters?: { in: string; name: string }[]; responses: Record<string, unknown> }>>;
  components: Record<string, Record<string, unknown>>;
};

function refs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refs(n, out));
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (k === "$ref" && typeof v === "string") out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

function resolve(ref: string): unknown {
  expect(ref.startsWith("#/"), ref).toBe(true);
  return ref
    .slice(2)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>((node, key) => (node && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined), doc);
}

describe("OpenAPI document", () => {
  test("is OpenAPI 3.1 with both security schemes", () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(Object.keys(doc.components.securitySchemes!)).toEqual(["apiKey", "session"]);
    expect(doc.components.securitySchemes!.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.components.securitySchemes!.session).toMatchObject({ type: "apiKey", in: "cookie" });
  });

  test("every route of the table is an operation, with unique operation ids", () => {
    for (const r of API_ROUTES) expect(doc.paths[r.path]?.[r.method], `${r.method} ${r.path}`).toBeDefined();
    const ops = Object.values(doc.paths).flatMap((p) => Object.values(p));
    expect(ops).toHaveLength(API_ROUTES.length);
    const ids = ops.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test("path templates and declared path parameters agree", () => {
    for (const [p, item] of Object.entries(doc.paths)) {
      const inTemplate = [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      for (const op of Object.values(item)) {
        const declared = (op.parameters ?? []).filter((x) => x.in === "path").map((x) => x.name).sort();
        expect(declared, p).toEqual(inTemplate);
      }
    }
  });

  test("4xx answers use the error shape", () => {
    for (const [p, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const fourxx = Object.keys(op.responses).filter((s) => s.startsWith("4"));
        expect(fourxx.length, `${method} ${p}`).toBeGreaterThan(0);
        for (const s of fourxx) {
          let r = op.responses[s] as { $ref?: string; content?: Record<string, { schema: { $ref?: string } }> };
          if (r.$ref) r = resolve(r.$ref) as typeof r;
          expect(r.content?.["application/json"]?.schema.$ref, `${method} ${p} ${s}`).toBe("#/components/schemas/Error");
        }
      }
    }
  });

  test("every $ref resolves", () => {
    const all = refs(doc);
    expect(all.length).toBeGreaterThan(0);
    for (const r of all) expect(resolve(r), r).toBeDefined();
  });

  test("request schemas come from the routes' own zod schemas", () => {
    const create = doc.paths["/organizations"]!.post as unknown as { requestBody: { content: { "application/json": { schema: { properties: Record<string, unknown>; additionalProperties: boolean } } } } };
    const schema = create.requestBody.content["application/json"].schema;
    expect(Object.keys(schema.properties).sort()).toEqual(["domain", "name", "slug"]);
    expect(schema.additionalProperties).toBe(false);
  });
});

describe("the route table cannot drift from app/api/v1", () => {
  const files = scanRouteFiles();
  const exported = new Set(files.flatMap((f) => f.methods.map((m) => `${m} ${f.path}`)));
  const documented = new Set(API_ROUTES.map((r) => `${r.method.toUpperCase()} ${r.path}`));

  test("every documented operation is exported by a route file", () => {
    expect([...documented].filter((k) => !exported.has(k))).toEqual([]);
  });

  test("every exported handler is documented", () => {
    expect([...exported].filter((k) => !documented.has(k) && !UNDOCUMENTED.has(k))).toEqual([]);
  });

  test("the scanner reads exports and folders the way Next.js does", () => {
    expect(exportedMethods("export const GET = x;\nexport async function POST() {}\nexport const PATCH = PUT;\nexport { DELETE, handler as PUT } from './x';\nconst HEAD = 1;"))
      .toEqual(["GET", "POST", "PUT", "PATCH", "DELETE"]);
    expect(folderToPath("organizations/[id]/members/[user_id]/role")).toBe("/organizations/{id}/members/{user_id}/role");
    expect(folderToPath("(group)/me/sessions/[id]")).toBe("/me/sessions/{id}");
  });
});

describe("response shapes match the DTO mappers", () => {
  const at = new Date("2026-01-02T03:04:05Z");
  const id = "6f1c1c9e-2b1a-4c8e-9a51-3f1d2f0e7a10";
  const id2 = "0b5e2a6c-7d1f-4a3b-8c9d-1e2f3a4b5c6d";
  // strictObject shapes: a field added to a DTO but not to the document fails here.
  const ok = (schema: { safeParse: (v: unknown) => { success: boolean; error?: unknown } }, value: unknown) => {
    const r = schema.safeParse(value);
    expect(r.success, JSON.stringify(r.error)).toBe(true);
  };

  test("organization", () => {
    ok(shapes.organizationSchema, toOrganizationDto({ id, name: "Acme", slug: "acme", domain: null, isProvider: false, isActive: true, defaultRole: "member", createdAt: at, updatedAt: at, deactivatedAt: null, _count: { memberships: 2 } }));
  });

  test("member", () => {
    ok(shapes.memberSchema, toMemberDto({ id, userId: id2, role: "admin", status: "active", source: "manual", createdAt: at, updatedAt: at, user: { id: id2, email: "jane@acme.test", name: null } }));
  });

  test("role (custom and built-in)", () => {
    ok(shapes.roleSchema, toRoleDto({ id, orgId: null, name: "developer", description: null, permissions: ["org:read"], rank: 30, isSystem: true, createdAt: at, updatedAt: at }, { memberCount: 1 }));
    ok(shapes.roleSchema, builtinRoleDto("owner"));
  });

  test("API key, and the created key with its secret", () => {
    const dto = toApiKeyDto({ id, orgId: null, name: "ci", prefix: "gh_abcdefgh", scopes: ["org:read"], createdById: null, expiresAt: at, lastUsedAt: null, revokedAt: null, disabledAt: null, createdAt: at });
    ok(shapes.apiKeySchema, dto);
    ok(shapes.createdApiKeySchema, { ...dto, secret: "gh_secret" });
    expect(shapes.apiKeySchema.safeParse({ ...dto, secret: "gh_secret" }).success).toBe(false);
  });

  test("audit event", () => {
    ok(shapes.auditEventSchema, toAuditEventDto({ id, orgId: id2, orgName: "Acme", actorType: "user", actorId: id2, actorLabel: "jane@acme.test", action: "member.added", targetType: "user", targetId: id2, targetLabel: "x", before: null, after: { role: "admin" }, ip: null, userAgent: null, createdAt: at }));
  });

  test("config and OAuth connection", () => {
    ok(shapes.configSchema, toConfigDto({ id, orgId: id2, scopeKey: id2, name: "billing.plan", value: { tier: 1 }, valueEnc: null, isSecret: false, createdAt: at, updatedAt: at }, { overridesGlobal: true }));
    ok(shapes.oauthConnectionSchema, toOAuthConnectionDto({ id, orgId: null, scopeKey: "global", name: "okta", provider: "okta", clientId: "abc", clientSecretEnc: "enc", scopes: ["openid"], issuer: "https://idp.test", authorizationUrl: null, tokenUrl: null, userinfoUrl: null, jwksUrl: null, createdAt: at, updatedAt: at }));
  });

  test("me", () => {
    ok(shapes.meUserSchema, toMeUserDto({ id, email: "jane@acme.test", name: "Jane", mfaEnabledAt: at, lastLoginAt: null, createdAt: at, isPlatformAdmin: false }));
  });

  test("error", () => {
    ok(shapes.errorSchema, { error: { code: "invalid_input", message: "Invalid body", issues: [{ path: "name", message: "Required" }] } });
  });
});
