/**
 * Shared machinery of the directory contract servers (issue #6): a loopback HTTP server with a request
 * log and fault injection, and a people/groups population that is either a fixed fixture (tests) or
 * GENERATED lazily and deterministically from a seed (benchmarks: 100k users cost no memory, any page is
 * computed on demand in O(page)).
 *
 * Each provider file (okta.ts, entra.ts, keycloak.ts, ...) turns this neutral population into its
 * provider's documented JSON shapes, paging and error bodies.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// ---------------------------------------------------------------------------------------------------
// Population

/** A person in the contract server's directory, provider-neutral. */
export type ContractUser = {
  id: string;
  /** null = the malformed "no email" case. Two users may share one (the "duplicate emails" case). */
  email: string | null;
  userName: string;
  givenName: string | null;
  familyName: string | null;
  displayName?: string | null;
  active: boolean;
  /** Provider-specific raw status (Okta: "ACTIVE", "SUSPENDED", "LOCKED_OUT"...). Defaults from `active`. */
  status?: string;
  department: string | null;
  title: string | null;
  employeeType: string | null;
  /** Group ids; may name groups that do not exist (the "unknown group ids" case). */
  groupIds: string[];
  /** Realm roles (Keycloak). */
  roles: string[];
  /** Extra provider attributes. */
  extra?: Record<string, string>;
};

export type ContractGroup = { id: string; name: string; description?: string | null; parentId?: string | null; builtIn?: boolean };

/** How a generated user differs from the baseline at the current generation. */
export type ContractChange = "department" | "title" | "deactivated" | "removed";

export type GenerateOptions = {
  /** Number of users (index space 0..users-1). */
  users: number;
  /** Number of ordinary groups; user i belongs to group (i % groups). Default 20. */
  groups?: number;
  /** Seed for names, departments and which users change. Default 1. */
  seed?: number;
  /**
   * Share of users that differ from the baseline once the generation is ≥ 1 (`setGeneration(1)`),
   * e.g. 0.01. Of those: ~40% change department, ~30% title, ~20% are deactivated, ~10% removed.
   * Generation 0 (the default) is the baseline. Default 0.
   */
  changedShare?: number;
  /** Start at this generation (default 0). */
  generation?: number;
  /** Email domain. Default "example.com". */
  domain?: string;
  departments?: string[];
  /**
   * Reshapes generated users (must be deterministic): malformed records for integration tests, e.g.
   * `(i, u) => (i === 5 ? { ...u, email: null } : i === 6 ? { ...u, email: "dup@example.com" } : u)`;
   * return null to leave user i out. Group member listings keep the generated layout (i % groups).
   */
  override?: (index: number, user: ContractUser) => ContractUser | null;
};

export type PopulationOptions = {
  /** A fixed population (tests). Group membership comes from each user's groupIds. */
  users?: ContractUser[];
  groups?: ContractGroup[];
  /** Or a generated one (benchmarks). `users`/`groups` are then ignored. */
  generate?: GenerateOptions;
};

/** How a provider spells ids: the generated population derives them from indexes and back. */
export type IdScheme = {
  user(index: number): string;
  /** The index of a generated user id, or -1. */
  userIndex(id: string): number;
  group(index: number): string;
  groupIndex(id: string): number;
};

export interface Population {
  /** Size of the index space (removed users leave holes: `at` returns null). */
  readonly size: number;
  at(index: number): ContractUser | null;
  indexOf(id: string): number;
  readonly groups: readonly ContractGroup[];
  group(id: string): ContractGroup | undefined;
  /** The next index ≥ from that is a member of the group (direct or through a subgroup), or -1. */
  nextMember(groupId: string, from: number): number;
  /** Generated populations: the generation (0 = baseline) and how user i differs at it. */
  generation: number;
  setGeneration(n: number): void;
  changeOf(index: number): ContractChange | null;
}

/** 32-bit mix (murmur3 fmix) of a few integers: deterministic per (seed, index, salt). */
export function hash32(...xs: number[]): number {
  let h = 0x9e3779b9;
  for (const x of xs) {
    h ^= x | 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

const FIRST = ["Ada", "Alan", "Grace", "Linus", "Margaret", "Ken", "Barbara", "Dennis", "Frances", "Edsger", "Radia", "Tim", "Hedy", "John", "Katherine", "Niklaus"];
const LAST = ["Lovelace", "Turing", "Hopper", "Torvalds", "Hamilton", "Thompson", "Liskov", "Ritchie", "Allen", "Dijkstra", "Perlman", "Berners-Lee", "Lamarr", "Backus", "Johnson", "Wirth"];
export const DEFAULT_DEPARTMENTS = ["Engineering", "Sales", "Marketing", "Finance", "Support", "Legal", "People", "Operations", "Product", "Design", "Security", "Research"];
const TITLES = ["Engineer", "Senior Engineer", "Manager", "Analyst", "Specialist", "Director", "Associate", "Consultant"];

function generatedPopulation(g: GenerateOptions, ids: IdScheme, opts: { everyoneGroup?: boolean }): Population {
  const seed = g.seed ?? 1;
  const groupCount = g.groups ?? 20;
  const depts = g.departments ?? DEFAULT_DEPARTMENTS;
  const domain = g.domain ?? "example.com";
  const share = g.changedShare ?? 0;
  const offset = opts.everyoneGroup ? 1 : 0;
  const groups: ContractGroup[] = [];
  if (opts.everyoneGroup) groups.push({ id: ids.group(0), name: "Everyone", description: "All users in your organization", builtIn: true });
  for (let k = 0; k < groupCount; k++) groups.push({ id: ids.group(k + offset), name: `Team ${String(k + 1).padStart(2, "0")}`, description: `Generated group ${k + 1}` });
  const byId = new Map(groups.map((x) => [x.id, x]));

  const pop: Population = {
    size: g.users,
    generation: g.generation ?? 0,
    groups,
    group: (id) => byId.get(id),
    setGeneration(n) {
      pop.generation = n;
    },
    changeOf(i) {
      if (pop.generation <= 0 || share <= 0) return null;
      if (hash32(seed, i, pop.generation, 7) / 2 ** 32 >= share) return null;
      const k = hash32(seed, i, pop.generation, 11) % 10;
      return k < 4 ? "department" : k < 7 ? "title" : k < 9 ? "deactivated" : "removed";
    },
    at(i) {
      if (i < 0 || i >= g.users) return null;
      const change = pop.changeOf(i);
      if (change === "removed") return null;
      const h = hash32(seed, i);
      const given = FIRST[h % FIRST.length]!;
      const family = LAST[(h >>> 8) % LAST.length]!;
      let dept = (h >>> 16) % depts.length;
      let title = (h >>> 20) % TITLES.length;
      if (change === "department") dept = (dept + 1 + (hash32(seed, i, pop.generation, 13) % (depts.length - 1))) % depts.length;
      if (change === "title") title = (title + 1) % TITLES.length;
      const email = `${given}.${family}.${i}@${domain}`.toLowerCase();
      const groupIds = groupCount > 0 ? [ids.group(offset + (i % groupCount))] : [];
      if (opts.everyoneGroup) groupIds.unshift(ids.group(0));
      const user: ContractUser = {
        id: ids.user(i),
        email,
        userName: email,
        givenName: given,
        familyName: family,
        displayName: `${given} ${family}`,
        active: change !== "deactivated",
        department: depts[dept]!,
        title: TITLES[title]!,
        employeeType: i % 10 === 9 ? "Contractor" : "Employee",
        groupIds,
        roles: i % 25 === 0 ? ["employee", "manager"] : ["employee"],
      };
      return g.override ? g.override(i, user) : user;
    },
    indexOf(id) {
      const i = ids.userIndex(id);
      return i >= 0 && i < g.users && pop.at(i) ? i : -1;
    },
    nextMember(groupId, from) {
      const gi = ids.groupIndex(groupId);
      if (gi < 0 || gi >= groups.length) return -1;
      let i: number;
      if (opts.everyoneGroup && gi === 0) i = Math.max(0, from);
      else {
        const k = gi - offset;
        i = from <= k ? k : k + Math.ceil((from - k) / groupCount) * groupCount;
      }
      const step = opts.everyoneGroup && gi === 0 ? 1 : groupCount;
      for (; i < g.users; i += step) if (pop.at(i)) return i;
      return -1;
    },
  };
  return pop;
}

function fixedPopulation(users: ContractUser[], groups: ContractGroup[]): Population {
  const index = new Map<string, number>();
  users.forEach((u, i) => index.set(u.id, i));
  const byId = new Map(groups.map((x) => [x.id, x]));
  // Members of a group include members of its subgroups (transitive), as Graph's transitiveMembers does.
  const descendants = (id: string): Set<string> => {
    const out = new Set([id]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const g of groups) if (g.parentId && out.has(g.parentId) && !out.has(g.id)) out.add(g.id), (grew = true);
    }
    return out;
  };
  const pop: Population = {
    size: users.length,
    generation: 0,
    groups,
    group: (id) => byId.get(id),
    setGeneration(n) {
      pop.generation = n;
    },
    changeOf: () => null,
    at: (i) => users[i] ?? null,
    indexOf: (id) => index.get(id) ?? -1,
    nextMember(groupId, from) {
      if (!byId.has(groupId)) return -1;
      const ids = descendants(groupId);
      for (let i = Math.max(0, from); i < users.length; i++) if (users[i]!.groupIds.some((g) => ids.has(g))) return i;
      return -1;
    },
  };
  return pop;
}

export function createPopulation(opts: PopulationOptions, ids: IdScheme, extra: { everyoneGroup?: boolean } = {}): Population {
  if (opts.generate) return generatedPopulation(opts.generate, ids, extra);
  return fixedPopulation(opts.users ?? [], opts.groups ?? []);
}

/** Indexes i ≥ from (in order) whose user passes `pred`, up to `limit`; `next` is where to continue or -1. */
export function scan(pop: Population, from: number, limit: number, pred: (u: ContractUser) => boolean): { items: ContractUser[]; next: number } {
  const items: ContractUser[] = [];
  let i = Math.max(0, from);
  for (; i < pop.size && items.length < limit; i++) {
    const u = pop.at(i);
    if (u && pred(u)) items.push(u);
  }
  // Look ahead so the last page has no "next" when nothing else matches.
  for (; i < pop.size; i++) {
    const u = pop.at(i);
    if (u && pred(u)) return { items, next: i };
  }
  return { items, next: -1 };
}

/** Members of a group from index `from`, up to `limit`. */
export function scanMembers(pop: Population, groupId: string, from: number, limit: number): { items: ContractUser[]; next: number } {
  const items: ContractUser[] = [];
  let i = pop.nextMember(groupId, from);
  while (i >= 0 && items.length < limit) {
    items.push(pop.at(i)!);
    i = pop.nextMember(groupId, i + 1);
  }
  return { items, next: i };
}

/** Ids for generated populations: a provider prefix, the index in base 36, and a seed tag (Okta-like, 20 chars). */
export function prefixedIds(userPrefix: string, groupPrefix: string, seed = 1): IdScheme {
  const tag = hash32(seed).toString(36).padStart(7, "0").slice(0, 7);
  const enc = (p: string, i: number) => `${p}${i.toString(36).padStart(10, "0")}${tag}`;
  const dec = (p: string, id: string) => {
    if (!id.startsWith(p) || !id.endsWith(tag) || id.length !== p.length + 17) return -1;
    const n = parseInt(id.slice(p.length, p.length + 10), 36);
    return Number.isFinite(n) ? n : -1;
  };
  return { user: (i) => enc(userPrefix, i), userIndex: (id) => dec(userPrefix, id), group: (i) => enc(groupPrefix, i), groupIndex: (id) => dec(groupPrefix, id) };
}

/** Ids for generated populations as UUIDs (Graph object ids, Keycloak ids): the index is the last 12 hex digits. */
export function uuidIds(seed = 1): IdScheme {
  const tag = hash32(seed).toString(16).padStart(8, "0");
  const enc = (kind: string, i: number) => `${tag}-0000-4000-${kind}-${i.toString(16).padStart(12, "0")}`;
  const dec = (kind: string, id: string) => {
    const m = /^([0-9a-f]{8})-0000-4000-([0-9a-f]{4})-([0-9a-f]{12})$/.exec(id);
    return m && m[1] === tag && m[2] === kind ? parseInt(m[3]!, 16) : -1;
  };
  return { user: (i) => enc("8000", i), userIndex: (id) => dec("8000", id), group: (i) => enc("9000", i), groupIndex: (id) => dec("9000", id) };
}

// ---------------------------------------------------------------------------------------------------
// Faults

/**
 * Fault injection, mutable at any time through `server.faults`. Request numbers are 1-based and count
 * the directory API requests the server received (token requests are not counted), retries included.
 */
export type FaultOptions = {
  /** Answer these request numbers with 429 (and the provider's rate-limit headers). */
  rateLimitOn?: number[];
  /** Retry-After (seconds) sent with an injected 429 (default 1). */
  retryAfterSeconds?: number;
  /** Answer every request for this 1-based page of a user listing with HTTP 500 (retries do not help). */
  failUsersPage?: number;
  /** Delay responses by this many ms: every directory request, or only those numbered in `slowOn`. */
  slowMs?: number;
  slowOn?: number[];
};

export type RecordedRequest = { method: string; path: string; query: URLSearchParams; headers: IncomingMessage["headers"]; body: string };

export type ContractRequest = RecordedRequest & { url: URL; number: number };

export type ContractServer = {
  /** http://127.0.0.1:<port> */
  url: string;
  faults: FaultOptions;
  /** The last 500 requests (directory and token), oldest first. */
  requests: RecordedRequest[];
  /** Directory API requests received (token requests excluded). */
  requestCount: number;
  population: Population;
  close(): Promise<void>;
};

export type ProviderHooks = {
  /** true for token endpoints (not counted, not rate-limited or slowed). */
  isToken?(req: ContractRequest): boolean;
  /** Writes the provider's 429 response. */
  rateLimited(res: ServerResponse, retryAfterSeconds: number): void;
  handle(req: ContractRequest, res: ServerResponse): void | Promise<void>;
};

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (res.destroyed || res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text).toString(), ...headers });
  res.end(text);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function startContractServer(population: Population, hooks: ProviderHooks, faults: FaultOptions = {}): Promise<ContractServer> {
  const state: ContractServer = {
    url: "",
    faults: { ...faults },
    requests: [],
    requestCount: 0,
    population,
    close: async () => {},
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const url = new URL(req.url ?? "/", state.url);
        const rec: RecordedRequest = { method: req.method ?? "GET", path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
        state.requests.push(rec);
        if (state.requests.length > 500) state.requests.splice(0, state.requests.length - 500);
        const creq: ContractRequest = { ...rec, url, number: 0 };
        const token = hooks.isToken?.(creq) ?? false;
        if (!token) {
          creq.number = ++state.requestCount;
          const f = state.faults;
          if (f.slowMs && (!f.slowOn || f.slowOn.includes(creq.number))) await sleep(f.slowMs);
          if (res.destroyed) return;
          if (f.rateLimitOn?.includes(creq.number)) return hooks.rateLimited(res, f.retryAfterSeconds ?? 1);
        }
        await hooks.handle(creq, res);
      })().catch((e) => {
        sendJson(res, 500, { error: "contract server bug", message: String(e) });
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return state;
}

/** Reads an x-www-form-urlencoded body plus HTTP Basic client credentials (token endpoints). */
export function clientCredentials(req: RecordedRequest): { form: URLSearchParams; clientId?: string; clientSecret?: string } {
  const form = new URLSearchParams(req.body);
  const auth = req.headers.authorization;
  if (auth?.startsWith("Basic ")) {
    const [id, secret] = Buffer.from(auth.slice(6), "base64").toString("utf8").split(":");
    return { form, clientId: decodeURIComponent(id ?? ""), clientSecret: decodeURIComponent(secret ?? "") };
  }
  return { form, clientId: form.get("client_id") ?? undefined, clientSecret: form.get("client_secret") ?? undefined };
}

/** A fixture user with sensible defaults. */
export function contractUser(p: Partial<ContractUser> & { id: string }): ContractUser {
  const email = p.email === undefined ? `${p.id}@example.com` : p.email;
  return {
    userName: p.userName ?? email ?? p.id,
    givenName: null,
    familyName: null,
    active: true,
    department: null,
    title: null,
    employeeType: null,
    groupIds: [],
    roles: [],
    ...p,
    email,
  };
}
