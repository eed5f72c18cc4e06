import { db } from "@/lib/db/client";

export type OutboxInsert = { orgId?: string | null; to: string; subject: string; text: string; html?: string | null };

// SECURITY: the development outbox is not tenant data and is never read in production (lib/mail
// refuses to write it there and app/dev/outbox 404s); the dev page shows every organization's mail.
export const outboxRepo = {
  async insertMany(rows: OutboxInsert[]) {
    if (!rows.length) return;
    await (await db()).outboxMessage.createMany({ data: rows.map((r) => ({ ...r, orgId: r.orgId ?? null, html: r.html ?? null })) });
  },
  async latest(take: number, to?: string) {
    return (await db()).outboxMessage.findMany({
      where: to ? { to: { contains: to.toLowerCase(), mode: "insensitive" } } : {},
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take,
    });
  },
  async findById(id: string) {
    return (await db()).outboxMessage.findUnique({ where: { id } });
  },
  async clear() {
    await (await db()).outboxMessage.deleteMany({});
  },
};
