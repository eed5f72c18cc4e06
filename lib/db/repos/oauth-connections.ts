import { db } from "@/lib/db/client";
import { unwrap, type TxHandle } from "@/lib/db/unit-of-work";
import type { OrgContext } from "@/lib/auth/org-context";
import type { Prisma } from "@/lib/db/generated/prisma/client";
import { GLOBAL_SCOPE } from "@/lib/db/repos/configs";

export type OAuthConnectionRow = {
  id: string; orgId: string | null; scopeKey: string; name: string; provider: string; clientId: string;
  clientSecretEnc: string | null; scopes: string[]; issuer: string | null; authorizationUrl: string | null;
  tokenUrl: string | null; userinfoUrl: string | null; jwksUrl: string | null; createdAt: Date; updatedAt: Date;
};
/** Everything a write stores; the client secret arrives already encrypted. */
export type OAuthConnectionData = {
  provider: string; clientId: string; clientSecretEnc: string | null; scopes: string[]; issuer: string | null;
  authorizationUrl: string | null; tokenUrl: string | null; userinfoUrl: string | null; jwksUrl: string | null;
};

const search = (s?: string): Prisma.OAuthConnectionWhereInput => (s ? { name: { contains: s.toLowerCase() } } : {});

/** The organization's own connections, plus read access to the global connections its names resolve to. */
export const oauthConnectionsRepo = (ctx: OrgContext, tx?: TxHandle) => {
  const c = async () => unwrap(tx) ?? (await db());
  return {
    /** Effective items: every org item and every global item the org does not override, by name. */
    async listEffective(opts: { search?: string; skip: number; take: number }) {
      const client = await c();
      const own = await client.oAuthConnection.findMany({ where: { scopeKey: ctx.orgId }, select: { name: true } });
      const where: Prisma.OAuthConnectionWhereInput = {
        AND: [search(opts.search), { OR: [{ scopeKey: ctx.orgId }, { scopeKey: GLOBAL_SCOPE, name: { notIn: own.map((r) => r.name) } }] }],
      };
      const [rows, total] = await Promise.all([
        client.oAuthConnection.findMany({ where, orderBy: [{ name: "asc" }], skip: opts.skip, take: opts.take }),
        client.oAuthConnection.count({ where }),
      ]);
      const pageOwn = rows.filter((r) => r.orgId !== null).map((r) => r.name);
      const shadowed = pageOwn.length
        ? await client.oAuthConnection.findMany({ where: { scopeKey: GLOBAL_SCOPE, name: { in: pageOwn } }, select: { name: true } })
        : [];
      return { rows, total, overridden: new Set(shadowed.map((r) => r.name)) };
    },
    /** The org's item and the global item of that name (either may be null). */
    async findBoth(name: string) {
      const rows = await (await c()).oAuthConnection.findMany({ where: { name, scopeKey: { in: [ctx.orgId, GLOBAL_SCOPE] } } });
      return { own: rows.find((r) => r.orgId === ctx.orgId) ?? null, global: rows.find((r) => r.orgId === null) ?? null };
    },
    async create(name: string, data: OAuthConnectionData) {
      return (await c()).oAuthConnection.create({ data: { orgId: ctx.orgId, scopeKey: ctx.orgId, name, ...data } });
    },
    async update(id: string, data: OAuthConnectionData) {
      return (await c()).oAuthConnection.update({ where: { orgId_id: { orgId: ctx.orgId, id } }, data });
    },
    async delete(id: string) {
      return (await c()).oAuthConnection.delete({ where: { orgId_id: { orgId: ctx.orgId, id } } });
    },
  };
};

// SECURITY: global connections (orgId null) are shared by every organization.
// lib/oauth-connections/service.ts only lets provider administrators and platform-wide keys call the writes.
export const globalOAuthConnectionsRepo = (tx?: TxHandle) => {
  const c = async () => unwrap(tx) ?? (await db());
  const key = (name: string) => ({ scopeKey_name: { scopeKey: GLOBAL_SCOPE, name } });
  return {
    async list(opts: { search?: string; skip: number; take: number }) {
      const client = await c();
      const where: Prisma.OAuthConnectionWhereInput = { scopeKey: GLOBAL_SCOPE, ...search(opts.search) };
      const [rows, total] = await Promise.all([
        client.oAuthConnection.findMany({ where, orderBy: [{ name: "asc" }], skip: opts.skip, take: opts.take }),
        client.oAuthConnection.count({ where }),
      ]);
      return { rows, total };
    },
    async find(name: string) {
      return (await c()).oAuthConnection.findUnique({ where: key(name) });
    },
    async create(name: string, data: OAuthConnectionData) {
      return (await c()).oAuthConnection.create({ data: { orgId: null, scopeKey: GLOBAL_SCOPE, name, ...data } });
    },
    async update(name: string, data: OAuthConnectionData) {
      return (await c()).oAuthConnection.update({ where: key(name), data });
    },
    async delete(name: string) {
      return (await c()).oAuthConnection.delete({ where: key(name) });
    },
  };
};
