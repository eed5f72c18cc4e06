/**
 * Cross-node cache invalidation over PostgreSQL LISTEN/NOTIFY (issue #5: "if any node caches tokens, a
 * write invalidates that cache on every node before it responds").
 *
 * Every node that caches opens one dedicated connection (application_name `gatehouse-cache:<nodeId>`)
 * that LISTENs on `gatehouse_invalidate`. Database triggers (migration scim_user_count) notify it at
 * commit whenever a SCIM token is revoked, changed or deleted, or an organization is deactivated, renamed
 * or deleted, whatever code path did it. A writer that must not answer before every node has dropped
 * the entry calls `fence()` after its commit: it notifies `fence:<nonce>` on the same channel, and since
 * PostgreSQL delivers notifications in commit order, a node that answers the fence has already handled
 * the invalidation. The fence waits for an ack from every node whose listener connection is alive
 * (pg_stat_activity); a node whose listener drops forgets everything and stops caching until it is back.
 *
 * Caches use `epoch()` to avoid a stale fill: read the epoch, query, and store only if the epoch did not
 * move meanwhile (`canStore`). Embedded PGlite (no DATABASE_URL) never caches.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { env } from "@/lib/env";
import { log } from "@/lib/log";

const CHANNEL = "gatehouse_invalidate";
const ACK_CHANNEL = "gatehouse_invalidate_ack";
const APP_PREFIX = "gatehouse-cache:";
const FENCE_TIMEOUT_MS = 2_000;

export type Invalidation = { topic: string; key: string } | { topic: "*"; key: "*" };
type Handler = (inv: Invalidation) => void;

export class CacheBus {
  readonly nodeId = randomUUID();
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private live = false;
  private closed = false;
  private gen = 0;
  private readonly handlers = new Set<Handler>();
  private readonly waiters = new Map<string, { pending: Set<string>; done: () => void }>();

  constructor(private readonly url: string) {}

  /** True while the listener is connected: only then may a node serve from its caches. */
  get enabled(): boolean {
    return this.live;
  }

  /** Moves on every invalidation, connect and disconnect. */
  epoch(): number {
    return this.gen;
  }

  /** A value read while epoch() was `at` may be stored only if nothing was invalidated since. */
  canStore(at: number): boolean {
    return this.live && this.gen === at;
  }

  subscribe(h: Handler): () => void {
    this.handlers.add(h);
    return () => this.handlers.delete(h);
  }

  /** Connects the listener (idempotent); resolves once LISTEN is active, or after a failure (caching stays off). */
  start(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.live) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async connect() {
    const client = new pg.Client({ connectionString: this.url, application_name: `${APP_PREFIX}${this.nodeId}` });
    client.on("notification", (msg) => this.onNotification(msg.channel, msg.payload ?? ""));
    client.on("error", (err) => {
      log.warn("cache listener connection failed", { err });
      this.drop(client);
    });
    client.on("end", () => this.drop(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}; LISTEN ${ACK_CHANNEL}`);
      if (this.closed) {
        await client.end().catch(() => undefined);
        return;
      }
      // The listener alone never keeps a process (a CLI script, a test worker) from exiting.
      (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
      this.client = client;
      this.live = true;
      this.bump({ topic: "*", key: "*" });
    } catch (err) {
      log.warn("cache listener could not connect; caching stays off", { err });
      await client.end().catch(() => undefined);
      this.scheduleReconnect();
    }
  }

  private drop(client: pg.Client) {
    if (this.client !== client) return;
    this.client = null;
    this.live = false;
    this.bump({ topic: "*", key: "*" });
    this.scheduleReconnect();
  }

  private scheduleReconnect() {
    if (this.closed) return;
    setTimeout(() => void this.start(), 1_000).unref();
  }

  private bump(inv: Invalidation) {
    this.gen++;
    for (const h of this.handlers) {
      try {
        h(inv);
      } catch (err) {
        log.error("cache invalidation handler failed", { err });
      }
    }
  }

  private onNotification(channel: string, payload: string) {
    if (channel === ACK_CHANNEL) {
      const [nonce, node] = payload.split(":");
      const w = nonce ? this.waiters.get(nonce) : undefined;
      if (w && node) {
        w.pending.delete(node);
        if (!w.pending.size) w.done();
      }
      return;
    }
    if (payload.startsWith("fence:")) {
      const nonce = payload.slice("fence:".length);
      this.client?.query("SELECT pg_notify($1, $2)", [ACK_CHANNEL, `${nonce}:${this.nodeId}`]).catch((err: unknown) => log.warn("could not ack a cache fence", { err }));
      return;
    }
    const i = payload.indexOf(":");
    if (i < 0) return;
    this.bump({ topic: payload.slice(0, i), key: payload.slice(i + 1) });
  }

  /**
   * Returns once every node with a live cache listener has handled every invalidation committed before
   * this call. Call it after the commit of a change that cached entries must not survive.
   */
  async fence(timeoutMs = FENCE_TIMEOUT_MS): Promise<void> {
    const client = this.client;
    if (!client) {
      // This node does not cache; other nodes still may: ask them through a short-lived connection.
      return this.fenceVia(timeoutMs);
    }
    return this.fenceOn(client, timeoutMs);
  }

  private async fenceOn(client: pg.Client, timeoutMs: number) {
    const nonce = randomUUID();
    const { rows } = await client.query<{ node: string }>(
      `SELECT substr(application_name, ${APP_PREFIX.length + 1}) AS node FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE '${APP_PREFIX}%'`,
    );
    const pending = new Set(rows.map((r) => r.node));
    if (!pending.size) return;
    let timer: NodeJS.Timeout | undefined;
    const acked = new Promise<void>((resolve) => {
      this.waiters.set(nonce, { pending, done: resolve });
      timer = setTimeout(() => {
        log.error("cache fence timed out: some nodes did not confirm an invalidation", { nodes: [...pending] });
        resolve();
      }, timeoutMs);
    });
    try {
      await client.query("SELECT pg_notify($1, $2)", [CHANNEL, `fence:${nonce}`]);
      await acked;
    } finally {
      clearTimeout(timer);
      this.waiters.delete(nonce);
    }
  }

  private async fenceVia(timeoutMs: number) {
    const client = new pg.Client({ connectionString: this.url });
    try {
      await client.connect();
      const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE '${APP_PREFIX}%'`);
      if (!rows[0]?.n) return;
      await client.query(`LISTEN ${ACK_CHANNEL}`);
      client.on("notification", (msg) => this.onNotification(msg.channel, msg.payload ?? ""));
      await this.fenceOn(client, timeoutMs);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  async close() {
    this.closed = true;
    this.live = false;
    const c = this.client;
    this.client = null;
    this.bump({ topic: "*", key: "*" });
    if (c) await c.end().catch(() => undefined);
  }
}

// One bus per process, also across Next.js dev reloads.
const g = globalThis as unknown as { __gatehouseCacheBus?: CacheBus | null };

/** The process's bus (listener started on first use), or null on embedded PGlite. */
export function cacheBus(): CacheBus | null {
  if (g.__gatehouseCacheBus === undefined) {
    const url = env().DATABASE_URL;
    g.__gatehouseCacheBus = url ? new CacheBus(url) : null;
    void g.__gatehouseCacheBus?.start();
  }
  return g.__gatehouseCacheBus;
}

/** After committing a change to cached data: wait until every node has dropped it (no-op on PGlite). */
export async function fenceCaches(): Promise<void> {
  const url = env().DATABASE_URL;
  if (!url) return;
  await (cacheBus() ?? new CacheBus(url)).fence();
}

/** Tests and disconnect(): closes this process's listener. */
export async function closeCacheBus() {
  const b = g.__gatehouseCacheBus;
  g.__gatehouseCacheBus = undefined;
  if (b) await b.close();
}
