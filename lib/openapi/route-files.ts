// Test support (reads the file system): the handlers app/api/v1/**/route.ts export, so the route
// table and the CLI's in-process test router follow the real files.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type RouteFile = {
  /** absolute path of route.ts */
  file: string;
  /** OpenAPI-style path under /api/v1, e.g. /organizations/{id}/configs/{name} */
  path: string;
  methods: HttpMethod[];
};

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : e.name === "route.ts" ? [path.join(dir, e.name)] : [],
  );
}

/** The HTTP methods a route module exports, read from its source (nothing is imported). */
export function exportedMethods(source: string): HttpMethod[] {
  const found = new Set<string>();
  for (const m of source.matchAll(/export\s+(?:const|let|async\s+function|function)\s+([A-Z]+)\b/g)) found.add(m[1]!);
  for (const m of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of m[1]!.split(",")) {
      const name = part.trim().split(/\s+as\s+/).pop()?.trim();
      if (name) found.add(name);
    }
  }
  return HTTP_METHODS.filter((x) => found.has(x));
}

/** `organizations/[id]/configs/[name]` -> `/organizations/{id}/configs/{name}`; route groups `(x)` vanish. */
export function folderToPath(rel: string): string {
  const segs = rel.split(/[\\/]/).filter((s) => s && !/^\(.*\)$/.test(s));
  return "/" + segs.map((s) => s.replace(/^\[(?:\.\.\.)?(.+)\]$/, "{$1}")).join("/");
}

export function scanRouteFiles(root = process.cwd()): RouteFile[] {
  const base = path.join(root, "app", "api", "v1");
  return walk(base)
    .map((file) => ({
      file,
      path: folderToPath(path.relative(base, path.dirname(file))),
      methods: exportedMethods(readFileSync(file, "utf8")),
    }))
    .sort((a, b) => a.path.localeCompare(b.path));
}
