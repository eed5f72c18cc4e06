import { db } from "@/lib/db/client";
import { unwrap, type TxHandle } from "@/lib/db/unit-of-work";

// SECURITY: failed sign-ins happen before anyone is known; rows carry only the attempted email
// (lower-cased) and the client IP, never the password.
export const loginAttemptsRepo = (tx?: TxHandle) => {
  const c = async () => unwrap(tx) ?? (await db());
  return {
    async record(data: { email: string | null; ip: string | null }) {
      await (await c()).loginAttempt.create({ data });
    },
    /** The newest `take` failures for an account since `since` (only their times are needed). */
    async recentForEmail(email: string, since: Date, take: number) {
      const rows = await (await c()).loginAttempt.findMany({
        where: { email, createdAt: { gt: since } }, orderBy: { createdAt: "desc" }, take, select: { createdAt: true },
      });
      return rows.map((r) => r.createdAt);
    },
    async recentForIp(ip: string, since: Date, take: number) {
      const rows = await (await c()).loginAttempt.findMany({
        where: { ip, createdAt: { gt: since } }, orderBy: { createdAt: "desc" }, take, select: { createdAt: true },
      });
      return rows.map((r) => r.createdAt);
    },
    /** A successful sign-in clears the account's failures (the IP's stay: one good account must not unlock an IP). */
    async clearForEmail(email: string) {
      await (await c()).loginAttempt.deleteMany({ where: { email } });
    },
    /** This account's and this IP's failures older than `before` (the throttle no longer counts them). */
    async deleteExpiredFor(key: { email: string | null; ip: string | null }, before: Date) {
      const or = [...(key.email ? [{ email: key.email }] : []), ...(key.ip ? [{ ip: key.ip }] : [])];
      if (!or.length) return;
      await (await c()).loginAttempt.deleteMany({ where: { createdAt: { lt: before }, OR: or } });
    },
    async deleteOlderThan(before: Date) {
      await (await c()).loginAttempt.deleteMany({ where: { createdAt: { lt: before } } });
    },
  };
};
