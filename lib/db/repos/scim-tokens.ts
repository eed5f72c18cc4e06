import { db, rawDb, runInBackground } from "@/lib/db/client";
import { cacheBus, type CacheBus } from "@/lib/db/cache-bus";
import { unwrap, type TxHandle } from "@/lib/db/unit-of-work";
import type { OrgContext } from "@/lib/auth/org-context";
import type { Prisma } from "@/lib/db/generated/prisma/client";

export type NewScimToken = { name: string; prefix: string; tokenHash: string; scopes: string[]; createdById: string | null; expiresAt: Date | null };
export type ScimTokenStatusFilter = "active" | "revoked" | "all";

function statusWhere(status: ScimTokenStatusFilter, now: Date): Prisma.ScimTokenWhereInput {
  switch (status) {
    case "active": return { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
    case "revoked": return { revokedAt: { not: null } };
    default: return {};
  }
}

export const scimTokensRepo = (ctx: OrgContext, tx?: TxHandle) => {
  const c = async () => unwrap(tx) ?? (await db());
  return {
    async list(status: ScimTokenStatusFilter, skip: number, take: number) {
      const where: Prisma.ScimTokenWhereInput = { orgId: ctx.orgId, ...statusWhere(status, new Date()) };
      const client = await c();
      const [rows, total] = await Promise.all([
        client.scimToken.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], skip, take }),
        client.scimToken.count({ where }),
      ]);
      return { rows, total };
    },
    async findById(id: string) {
      return (await c()).scimToken.findUnique({ where: { orgId_id: { orgId: ctx.orgId, id } } });
    },
    async create(data: NewScimToken) {
      return (await c()).scimToken.create({ data: { ...data, orgId: ctx.orgId } });
    },
    async revoke(id: string) {
      return (await c()).scimToken.update({ where: { orgId_id: { orgId: ctx.orgId, id } }, data: { revokedAt: new Date() } });
    },
  };
};

export type ScimTokenAuth = {
  id: string;
  name: string;
  prefix: string;
  tokenHash: string;
  scopes: string[];
  revokedAt: Date | null;
  expiresAt: Date | null;
  org: { id: string; name: string; isProvider: boolean; isActive: boolean };
};

type AuthRow = Omit<ScimTokenAuth, "org"> & { orgId: string; orgName: string; orgIsProvider: boolean; orgIsActive: boolean };

/**
 * Valid tokens by hash, on nodes with a live cache listener only (lib/db/cache-bus.ts): dropped when the
 * database notifies a change of the token or its organization, and the revoking request fences every node
 * before it answers. Revoked, unknown and expired tokens are never cached.
 */
const CACHE_MAX = 10_000;

/** A node's cache of valid tokens by hash, kept in step with the database through `bus`. */
export function createScimTokenCache(bus: CacheBus) {
  const map = new Map<string, ScimTokenAuth>();
  bus.subscribe((inv) => {
    if (inv.topic === "*") map.clear();
    else if (inv.topic === "scim_token") map.delete(inv.key);
    else if (inv.topic === "org") for (const [k, v] of map) if (v.org.id === inv.key) map.delete(k);
  });
  return {
    bus,
    /** Tests: whether this node would answer from memory. */
    has: (tokenHash: string) => map.has(tokenHash),
    async find(tokenHash: string): Promise<ScimTokenAuth | null> {
      if (!bus.enabled) return loadByHash(tokenHash);
      const hit = map.get(tokenHash);
      if (hit) return hit;
      const at = bus.epoch();
      const token = await loadByHash(tokenHash);
      const cacheable = token && !token.revokedAt && token.org.isActive && (!token.expiresAt || token.expiresAt.getTime() > Date.now());
      if (cacheable && bus.canStore(at)) {
        if (map.size >= CACHE_MAX) map.clear();
        map.set(tokenHash, token);
      }
      return token;
    },
  };
}

export type ScimTokenCache = ReturnType<typeof createScimTokenCache>;

const g = globalThis as unknown as { __gatehouseScimTokenCache?: ScimTokenCache };

/** This process's token cache, or null where nothing is cached (embedded PGlite). */
export function processScimTokenCache(): ScimTokenCache | null {
  const bus = cacheBus();
  if (!bus) return null;
  if (g.__gatehouseScimTokenCache?.bus !== bus) g.__gatehouseScimTokenCache = createScimTokenCache(bus);
  return g.__gatehouseScimTokenCache;
}

async function loadByHash(tokenHash: string): Promise<ScimTokenAuth | null> {
  // Token and organization in one round trip.
  const rows = await (await rawDb()).$queryRawUnsafe<AuthRow[]>(
    `SELECT t."id"::text AS "id", t."name", t."prefix", t."tokenHash", t."scopes", t."revokedAt", t."expiresAt",
            o."id"::text AS "orgId", o."name" AS "orgName", o."isProvider" AS "orgIsProvider", o."isActive" AS "orgIsActive"
       FROM "scim_token" t JOIN "organization" o ON o."id" = t."orgId"
      WHERE t."tokenHash" = $1`,
    tokenHash,
  );
  const r = rows[0];
  if (!r) return null;
  const { orgId, orgName, orgIsProvider, orgIsActive, ...t } = r;
  return { ...t, org: { id: orgId, name: orgName, isProvider: orgIsProvider, isActive: orgIsActive } };
}

const lastTouch = new Map<string, number>();
const TOUCH_EVERY_MS = 60_000;

// SECURITY: unscoped by design. It runs before an OrgContext exists, to decide whether one may be
// created (lib/auth/org-context.ts authenticateScim is the only caller); the lookup key is the SHA-256 of
// a 256-bit secret, so it can only find the token the caller holds.
export const scimTokenAuthRepo = {
  async findByHash(tokenHash: string): Promise<ScimTokenAuth | null> {
    const cache = processScimTokenCache();
    return cache ? cache.find(tokenHash) : loadByHash(tokenHash);
  },
  /**
   * Not awaited by callers: at most one write a minute per token and node (the in-memory check spares the
   * UPDATE on every request; the WHERE keeps several nodes from writing more often), tracked so a
   * disconnect waits for it.
   */
  touch(id: string) {
    const now = Date.now();
    if (now - (lastTouch.get(id) ?? 0) < TOUCH_EVERY_MS) return;
    if (lastTouch.size > CACHE_MAX) lastTouch.clear();
    lastTouch.set(id, now);
    runInBackground(
      db().then((c) =>
        c.scimToken.updateMany({
          where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now - TOUCH_EVERY_MS) } }] },
          data: { lastUsedAt: new Date(now) },
        }),
      ),
    );
  },
};
