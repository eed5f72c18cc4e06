// Test-only SCIM fixtures: tokens, mapping rules, and an in-process caller for the /scim/v2 route handlers.
import { db } from "@/lib/db/client";
import { fenceCaches } from "@/lib/db/cache-bus";
import { flushScimLogs } from "@/lib/db/repos/scim-log";
import { randomToken, sha256 } from "@/lib/crypto";

export const ALL_SCIM_SCOPES = ["users:read", "users:write", "groups:read", "groups:write"];

let n = 0;

export async function createScimToken(orgId: string, opts: { scopes?: string[]; revoked?: boolean; expiresAt?: Date; name?: string } = {}) {
  const raw = `scim_${randomToken(32)}`;
  const row = await (await db()).scimToken.create({
    data: {
      orgId,
      name: opts.name ?? `token-${Date.now().toString(36)}${(n++).toString(36)}`,
      prefix: raw.slice(0, 13),
      tokenHash: sha256(raw),
      scopes: opts.scopes ?? ALL_SCIM_SCOPES,
      revokedAt: opts.revoked ? new Date() : null,
      expiresAt: opts.expiresAt ?? null,
    },
  });
  return { raw, row };
}

export async function setMappings(
  orgId: string,
  rules: { attributeRoleMappings?: unknown[]; attributeTeamMappings?: unknown[]; attributeBusinessUnitMappings?: unknown[] },
) {
  const data = {
    attributeRoleMappings: (rules.attributeRoleMappings ?? []) as object[],
    attributeTeamMappings: (rules.attributeTeamMappings ?? []) as object[],
    attributeBusinessUnitMappings: (rules.attributeBusinessUnitMappings ?? []) as object[],
  };
  return (await db()).identityMappingSet.upsert({ where: { orgId }, create: { orgId, ...data }, update: data });
}

type ScimHandler = (req: Request, ctx: { params: Promise<Record<string, string | string[] | undefined>> }) => Promise<Response>;

/**
 * Calls a /scim/v2 route handler in-process. `path` is what follows /scim/v2 (e.g. "/Users/abc?x=1");
 * the catch-all segment after the resource folder becomes the `id` param, as Next.js would pass it.
 */
export async function scim(
  handler: ScimHandler,
  opts: { method?: string; path: string; token?: string | null; body?: unknown; rawBody?: string; headers?: Record<string, string> },
) {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined) headers["content-type"] ??= "application/scim+json";
  const url = `http://localhost:3000/scim/v2${opts.path}`;
  const pathname = new URL(url).pathname.replace(/^\/scim\/v2\/[^/]+\/?/, "");
  const segments = pathname ? pathname.split("/").map(decodeURIComponent) : [];
  const req = new Request(url, { method: opts.method ?? "GET", headers, body });
  const res = await handler(req, { params: Promise.resolve(segments.length ? { id: segments } : {}) });
  const text = await res.text();
  let json: any = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: res.status, json, text, headers: res.headers };
}

export async function scimLogRows(orgId: string) {
  await flushScimLogs();
  return (await db()).scimRequestLog.findMany({ where: { orgId }, orderBy: { createdAt: "asc" } });
}

export async function membershipOf(orgId: string, userId: string) {
  return (await db()).membership.findUnique({ where: { orgId_userId: { orgId, userId } } });
}

export async function directoryUserRow(id: string) {
  return (await db()).directoryUser.findUnique({ where: { id } });
}

export async function teamNames(orgId: string, userId: string) {
  const rows = await (await db()).teamMembership.findMany({ where: { orgId, userId }, include: { team: true } });
  return rows.map((r) => ({ name: r.team.name, source: r.source })).sort((a, b) => a.name.localeCompare(b.name) || a.source.localeCompare(b.source));
}

export async function businessUnitNames(orgId: string, userId: string) {
  const rows = await (await db()).businessUnitMembership.findMany({ where: { orgId, userId }, include: { businessUnit: true } });
  return rows.map((r) => ({ name: r.businessUnit.name, source: r.source })).sort((a, b) => a.name.localeCompare(b.name) || a.source.localeCompare(b.source));
}

/** Revokes as the portal does: the database change, then every node's token cache confirms (lib/db/cache-bus.ts). */
export async function revokeScimToken(id: string) {
  await (await db()).scimToken.update({ where: { id }, data: { revokedAt: new Date() } });
  await fenceCaches();
}

export async function scimTokenRow(id: string) {
  return (await db()).scimToken.findUniqueOrThrow({ where: { id } });
}

export async function setOrgActive(orgId: string, isActive: boolean) {
  await (await db()).organization.update({ where: { id: orgId }, data: { isActive } });
  await fenceCaches();
}

export async function countDirectoryUsers(orgId?: string) {
  return (await db()).directoryUser.count({ where: orgId ? { orgId } : {} });
}

export async function countDirectoryGroups(orgId?: string) {
  return (await db()).directoryGroup.count({ where: orgId ? { orgId } : {} });
}

export async function groupMemberIds(groupId: string) {
  const rows = await (await db()).directoryGroupMember.findMany({ where: { groupId }, orderBy: { directoryUserId: "asc" } });
  return rows.map((r) => r.directoryUserId);
}

export async function createSessionFor(userId: string, opts: { activeOrgId?: string | null; ssoOrgId?: string | null } = {}) {
  return (await db()).session.create({
    data: {
      tokenHash: sha256(randomToken()),
      userId,
      activeOrgId: opts.activeOrgId ?? null,
      ssoOrgId: opts.ssoOrgId ?? null,
      source: opts.ssoOrgId ? "sso" : "password",
      refreshTokenEnc: opts.ssoOrgId ? "v1.sealed.refresh.token" : null,
      accessTokenEnc: opts.ssoOrgId ? "v1.sealed.access.token" : null,
      expiresAt: new Date(Date.now() + 3_600_000),
    },
  });
}

export async function sessionRow(id: string) {
  return (await db()).session.findUniqueOrThrow({ where: { id } });
}

export async function createApiKeyBy(orgId: string, userId: string) {
  const raw = `gh_${randomToken(24)}`;
  return (await db()).apiKey.create({
    data: { orgId, name: `key-${(n++).toString(36)}`, prefix: raw.slice(0, 11), keyHash: sha256(raw), scopes: ["member:read"], createdById: userId },
  });
}

export async function apiKeyRow(id: string) {
  return (await db()).apiKey.findUniqueOrThrow({ where: { id } });
}

export async function userByEmail(email: string) {
  return (await db()).user.findUnique({ where: { email } });
}

export async function createCustomRole(orgId: string, name: string, rank: number) {
  return (await db()).role.create({ data: { orgId, scopeKey: orgId, name, rank, permissions: ["member:read"] } });
}

export async function addTeamMembership(orgId: string, userId: string, team: string, source = "manual") {
  const c = await db();
  const t = await c.team.upsert({ where: { orgId_name: { orgId, name: team } }, create: { orgId, name: team }, update: {} });
  return c.teamMembership.create({ data: { orgId, teamId: t.id, userId, source } });
}

/** Many SCIM users at once (straight rows, no effects): for size tests. Returns their ids in creation order. */
export async function bulkDirectoryUsers(orgId: string, count: number, prefix = "bulk") {
  const c = await db();
  const base = Date.now();
  const rows = Array.from({ length: count }, (_, i) => ({
    id: crypto.randomUUID(),
    orgId,
    userName: `${prefix}${i}@bulk.test`,
    userNameLower: `${prefix}${i}@bulk.test`,
    createdAt: new Date(base + i),
  }));
  for (let i = 0; i < rows.length; i += 1000) await c.directoryUser.createMany({ data: rows.slice(i, i + 1000) });
  return rows.map((r) => r.id);
}

/** Removes an organization and everything it owns (the conformance runner's cleanup). */
export async function deleteOrg(orgId: string) {
  await (await db()).organization.delete({ where: { id: orgId } });
  await fenceCaches();
}

export async function insertScimLog(orgId: string, createdAt: Date) {
  return (await db()).scimRequestLog.create({ data: { orgId, method: "GET", path: "/scim/v2/Users", status: 200, quirks: [], durationMs: 1, createdAt } });
}
