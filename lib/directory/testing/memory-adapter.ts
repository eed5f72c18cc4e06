// Test-only: an in-memory DirectoryAdapter for the directory-sync engine's tests and benchmarks.
// Paging is by offset cursor; faults are injected per call so a test can break a read halfway through.
import {
  DirectoryError,
  type DirectoryAdapter,
  type DirectoryFilter,
  type DirectoryGroupInfo,
  type DirectoryOrgUnitInfo,
  type DirectoryPerson,
  type DirectoryProvider,
  type Page,
  type PageOptions,
  type UserStatus,
} from "../types";

export type MemoryDirectory = {
  people: DirectoryPerson[];
  groups: DirectoryGroupInfo[];
  /** group id → member person ids */
  members: Record<string, string[]>;
  orgUnits?: DirectoryOrgUnitInfo[];
};

export type FaultHook = (call: { method: "listUsers" | "listGroups" | "listGroupMembers" | "listOrgUnits" | "getUserStatus"; page: number; cursor: string | null }) => void;

export type MemoryAdapter = DirectoryAdapter & {
  dir: MemoryDirectory;
  calls: string[];
  /** Throw from the n-th call of a method (page numbers count from 1 per method and listing). */
  fault: FaultHook | null;
  /** When false, people come without groupIds (the caller must use listGroupMembers, as with Okta). */
  withGroupIds: boolean;
};

const page = <T>(items: T[], opts: PageOptions | undefined, defaultSize: number): Page<T> => {
  const start = opts?.cursor ? Number(opts.cursor) : 0;
  const size = opts?.pageSize ?? defaultSize;
  const slice = items.slice(start, start + size);
  return { items: slice, next: start + size < items.length ? String(start + size) : null };
};

function matches(p: DirectoryPerson, filter: DirectoryFilter, dir: MemoryDirectory): boolean {
  switch (filter.kind) {
    case "all":
      return true;
    case "groups":
      return filter.groupIds.some((g) => (dir.members[g] ?? []).includes(p.id));
    case "departments":
      return !!p.department && filter.departments.map((d) => d.toLowerCase()).includes(p.department.toLowerCase());
    case "roles": {
      const roles = p.attributes.roles;
      const list = Array.isArray(roles) ? roles.map(String) : typeof roles === "string" ? [roles] : [];
      return filter.roles.some((r) => list.includes(r));
    }
    case "query": {
      // A tiny query language for tests: `field eq "value"` or a substring of the email.
      const m = /^(\w+)\s+eq\s+"([^"]*)"$/.exec(filter.query.trim());
      if (m) return String((p as Record<string, unknown>)[m[1]!] ?? p.attributes[m[1]!] ?? "") === m[2];
      return (p.email ?? "").includes(filter.query);
    }
  }
}

export function createMemoryAdapter(dir: MemoryDirectory, opts: { provider?: DirectoryProvider; pageSize?: number; withGroupIds?: boolean } = {}): MemoryAdapter {
  const size = opts.pageSize ?? 100;
  const counters = new Map<string, number>();
  const tick = (method: Parameters<FaultHook>[0]["method"], cursor: string | null | undefined) => {
    const n = (counters.get(method) ?? 0) + 1;
    counters.set(method, n);
    a.calls.push(`${method}${cursor ? `@${cursor}` : ""}`);
    a.fault?.({ method, page: n, cursor: cursor ?? null });
  };
  const groupIdsOf = (id: string) => Object.entries(dir.members).filter(([, ids]) => ids.includes(id)).map(([g]) => g);
  const a: MemoryAdapter = {
    provider: opts.provider ?? "okta",
    dir,
    calls: [],
    fault: null,
    withGroupIds: opts.withGroupIds ?? false,
    async verify() {
      return [{ name: "directory", ok: true }];
    },
    async listUsers(filter, o) {
      tick("listUsers", o?.cursor);
      const people = dir.people.filter((p) => matches(p, filter, dir));
      const res = page(people, o, size);
      return { ...res, items: res.items.map((p) => (a.withGroupIds ? { ...p, groupIds: p.groupIds ?? groupIdsOf(p.id) } : { ...p, groupIds: undefined })) };
    },
    async listGroups(o) {
      tick("listGroups", o?.cursor);
      return page(dir.groups, o, size);
    },
    async listGroupMembers(groupId, o) {
      tick("listGroupMembers", o?.cursor);
      if (!dir.groups.some((g) => g.id === groupId)) throw new DirectoryError("not_found", `Group ${groupId} not found`, { status: 404 });
      return page(dir.members[groupId] ?? [], o, size);
    },
    async listOrgUnits(o) {
      tick("listOrgUnits", o?.cursor);
      const units = dir.orgUnits ?? [...new Set(dir.people.map((p) => p.department).filter((d): d is string => !!d))].map((d) => ({ id: d, name: d, kind: "department" as const }));
      return page(units, o, size);
    },
    async getUserStatus(userId): Promise<UserStatus> {
      tick("getUserStatus", null);
      const p = dir.people.find((x) => x.id === userId);
      return !p ? "not_found" : p.active ? "active" : "inactive";
    },
  };
  return a;
}

/** A person with sensible defaults. */
export function person(id: string, email: string | null, extra: Partial<DirectoryPerson> = {}): DirectoryPerson {
  return { id, email, displayName: email ? email.split("@")[0]! : null, active: true, attributes: {}, ...extra };
}
