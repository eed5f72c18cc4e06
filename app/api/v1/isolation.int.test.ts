// Walks EVERY /api/v1 route file (discovered from the file system, so a new route is covered the day
// it lands) with two seeded organizations:
//   - an admin of A (session and API key) against B's ids: 404 on every method
//   - a member of B: 403 on every write to B
//   - a provider admin: reaches both A and B (every read answers 200)
//   - global routes: a customer admin is refused, a provider admin is served
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { resetDb, createOrg, createMember, createApiKey, providerOrg } from "@/lib/db/testing/fixtures";
import { call } from "@/lib/db/testing/http";
import { signInAs, userCtx } from "@/lib/members/test-helpers";
import { PERMISSIONS } from "@/lib/auth/permissions";
import * as roles from "@/lib/roles/service";
import * as configs from "@/lib/configs/service";
import * as connections from "@/lib/oauth-connections/service";
import * as invitations from "@/lib/invitations/service";
import * as domains from "@/lib/domains/service";
import * as sso from "@/lib/sso/service";
import { ssoConfigSchema } from "@/lib/sso/schemas";
import * as provisioning from "@/lib/provisioning/service";
import { provisioningConfigSchema } from "@/lib/provisioning/schemas";
import * as directorySync from "@/lib/directory-sync/service";
import { createScimToken } from "@/lib/db/testing/scim-fixtures";

const API = path.resolve(__dirname);
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Route = { pattern: string; file: string; handlers: Partial<Record<Method, Handler>> };

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return name === "route.ts" ? [full] : [];
  });
}

async function loadRoutes(): Promise<Route[]> {
  const routes: Route[] = [];
  for (const file of routeFiles(API)) {
    const pattern = "/" + path.relative(API, path.dirname(file)).split(path.sep).join("/");
    const mod = (await import(file)) as Record<string, unknown>;
    const handlers: Route["handlers"] = {};
    for (const m of METHODS) if (typeof mod[m] === "function") handlers[m] = mod[m] as Handler;
    routes.push({ pattern, file, handlers });
  }
  return routes.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

type World = Awaited<ReturnType<typeof seedOrg>>;

async function seedOrg(name: string, providerUserId: string) {
  const org = await createOrg(name);
  const owner = await createMember(org.id, "owner");
  const admin = await createMember(org.id, "admin");
  const member = await createMember(org.id, "member");
  const ctx = await userCtx(providerUserId, org.id);
  const role = await roles.create(ctx, { name: "auditor", description: "Reads the audit log", permissions: ["audit:read", "org:read"], rank: 20 });
  await configs.create(ctx, { name: "feature.flags", value: { beta: true } });
  await connections.create(ctx, { name: "okta-main", provider: "okta", clientId: "client-1", scopes: ["openid"] });
  const key = await createApiKey(org.id, [...PERMISSIONS]);
  const invitation = await invitations.create(ctx, { email: `invitee@${name.toLowerCase()}.example`, role: "member", expiresInDays: 7 });
  const domain = await domains.add(ctx, { domain: `${name.toLowerCase()}-corp.example` });
  const scimToken = await createScimToken(org.id);
  await sso.putProvider(ctx, ssoConfigSchema.parse({ provider: "oidc", issuer: `https://${name.toLowerCase()}.idp.example`, clientId: "gatehouse", clientSecret: "s3cret" }));
  await provisioning.putProvisioning(ctx, provisioningConfigSchema.parse({ provider: "okta", issuerUrl: `https://${name.toLowerCase()}.okta.example`, apiToken: "t0ken" }));
  const run = await directorySync.createRun(ctx, { kind: "session_check", trigger: "api" });
  return { org, owner, admin, member, role, key, invitation, domain, scimToken, run };
}

/** The value of each dynamic segment for a resource that exists in world's organization. */
function paramsFor(route: Route, w: World): Record<string, string> {
  const params: Record<string, string> = {};
  for (const seg of route.pattern.split("/")) {
    const m = /^\[(\w+)\]$/.exec(seg);
    if (!m) continue;
    const key = m[1]!;
    switch (key) {
      case "id": params.id = w.org.id; break;
      case "userId": params.userId = w.member.user.id; break;
      case "roleId": params.roleId = w.role.id!; break;
      case "keyId": params.keyId = w.key.row.id; break;
      case "invitationId": params.invitationId = w.invitation.id; break;
      case "domainId": params.domainId = w.domain.id; break;
      case "tokenId": params.tokenId = w.scimToken.row.id; break;
      case "runId": params.runId = w.run.id; break;
      case "name": params.name = route.pattern.includes("oauth-connections") ? "okta-main" : "feature.flags"; break;
      default: throw new Error(`isolation walker: no fixture for route parameter [${key}] in ${route.pattern}; add one`);
    }
  }
  return params;
}

const isOrgRoute = (r: Route) => r.pattern.startsWith("/organizations/[id]");
const isWrite = (m: Method) => m !== "GET";
// Global resources managed by provider administrators only.
const GLOBAL_PREFIXES = ["/configs", "/oauth-connections", "/roles", "/api-keys", "/audit-events"];
const isGlobalRoute = (r: Route) => GLOBAL_PREFIXES.some((p) => r.pattern === p || r.pattern.startsWith(`${p}/`));

describe("tenant isolation across every /api/v1 route", () => {
  let routes: Route[];
  let A: World;
  let B: World;
  let providerAdminId: string;
  let keyA: string;

  beforeAll(async () => {
    await resetDb();
    routes = await loadRoutes();
    const provider = await providerOrg();
    providerAdminId = (await createMember(provider.id, "admin")).user.id;
    A = await seedOrg("Alpha", providerAdminId);
    B = await seedOrg("Bravo", providerAdminId);
    keyA = A.key.raw;
  }, 120_000);

  afterAll(() => signInAs(null));

  test("the walker found the organization routes", () => {
    expect(routes.filter(isOrgRoute).length).toBeGreaterThanOrEqual(15);
  });

  test("an admin of A gets 404 on every method of every route for B's ids (session and API key)", async () => {
    const failures: string[] = [];
    for (const r of routes.filter(isOrgRoute)) {
      const params = paramsFor(r, B);
      for (const [method, handler] of Object.entries(r.handlers) as [Method, Handler][]) {
        signInAs(A.admin.user.id);
        const bySession = await call(handler, { method, params, body: isWrite(method) ? {} : undefined });
        signInAs(null);
        const byKey = await call(handler, { method, params, key: keyA, body: isWrite(method) ? {} : undefined });
        if (bySession.status !== 404) failures.push(`${method} ${r.pattern} (session): ${bySession.status}`);
        if (byKey.status !== 404) failures.push(`${method} ${r.pattern} (API key): ${byKey.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  test("a member of B gets 403 on every write to B, and nothing changes", async () => {
    const failures: string[] = [];
    for (const r of routes.filter(isOrgRoute)) {
      const params = paramsFor(r, B);
      for (const [method, handler] of Object.entries(r.handlers) as [Method, Handler][]) {
        if (!isWrite(method)) continue;
        signInAs(B.member.user.id);
        const res = await call(handler, { method, params, body: {} });
        if (res.status !== 403) failures.push(`${method} ${r.pattern}: ${res.status} ${JSON.stringify(res.json)?.slice(0, 120)}`);
      }
    }
    signInAs(null);
    expect(failures).toEqual([]);
  });

  test("a member of B can read B", async () => {
    signInAs(B.member.user.id);
    const failures: string[] = [];
    for (const r of routes.filter(isOrgRoute)) {
      const get = r.handlers.GET;
      if (!get || r.pattern.includes("export")) continue;
      const res = await call(get, { params: paramsFor(r, B), url: `/api/v1${r.pattern}` });
      if (res.status !== 200) failures.push(`GET ${r.pattern}: ${res.status}`);
    }
    signInAs(null);
    expect(failures).toEqual([]);
  });

  test("a provider admin reaches both organizations on every read", async () => {
    signInAs(providerAdminId);
    const failures: string[] = [];
    for (const r of routes.filter(isOrgRoute)) {
      const get = r.handlers.GET;
      if (!get) continue;
      for (const w of [A, B]) {
        const res = await call(get, { params: paramsFor(r, w), url: `/api/v1${r.pattern}` });
        if (res.status !== 200) failures.push(`GET ${r.pattern} in ${w.org.name}: ${res.status}`);
      }
    }
    signInAs(null);
    expect(failures).toEqual([]);
  });

  test("global routes: a customer admin is refused, a provider admin is served", async () => {
    const failures: string[] = [];
    for (const r of routes.filter(isGlobalRoute)) {
      const get = r.handlers.GET;
      if (!get || r.pattern.includes("[")) continue;
      signInAs(A.owner.user.id);
      const customer = await call(get, { url: `/api/v1${r.pattern}` });
      if (customer.status !== 403) failures.push(`GET ${r.pattern} as customer owner: ${customer.status}`);
      signInAs(providerAdminId);
      const provider = await call(get, { url: `/api/v1${r.pattern}` });
      if (provider.status !== 200) failures.push(`GET ${r.pattern} as provider admin: ${provider.status}`);
    }
    signInAs(null);
    expect(failures).toEqual([]);
  });

  test("organization lists: a customer admin sees only their own; the provider admin sees both", async () => {
    const list = routes.find((r) => r.pattern === "/organizations")!.handlers.GET!;
    signInAs(A.admin.user.id);
    const mine = await call(list, { url: "/api/v1/organizations?limit=200" });
    expect(mine.json.data.map((o: { id: string }) => o.id)).toEqual([A.org.id]);
    signInAs(providerAdminId);
    const all = await call(list, { url: "/api/v1/organizations?limit=200" });
    const ids = all.json.data.map((o: { id: string }) => o.id);
    expect(ids).toEqual(expect.arrayContaining([A.org.id, B.org.id]));
    signInAs(null);
  });
});
