// Test support: a fetch that serves /api/v1/... from the exported handlers of app/api/v1/**/route.ts
// in-process, matching paths the way Next.js does (static segments win over dynamic ones).
import { scanRouteFiles } from "@/lib/openapi/route-files";
import type { FetchLike } from "../client";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Compiled = { file: string; segments: string[]; statics: number };

function match(route: Compiled, parts: string[]): Record<string, string> | null {
  if (route.segments.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const seg = route.segments[i]!;
    const dyn = /^\{(.+)\}$/.exec(seg);
    if (dyn) params[dyn[1]!] = decodeURIComponent(parts[i]!);
    else if (seg !== parts[i]) return null;
  }
  return params;
}

export function routeFetch(): FetchLike & { calls: { method: string; path: string; status: number }[] } {
  const routes: Compiled[] = scanRouteFiles().map((r) => {
    const segments = r.path.split("/").filter(Boolean);
    return { file: r.file, segments, statics: segments.filter((s) => !s.startsWith("{")).length };
  });
  const modules = new Map<string, Promise<Record<string, unknown>>>();
  const calls: { method: string; path: string; status: number }[] = [];

  const fetchImpl = async (input: string, init?: RequestInit) => {
    const url = new URL(input);
    const method = (init?.method ?? "GET").toUpperCase();
    if (!url.pathname.startsWith("/api/v1/")) return new Response("Not Found", { status: 404 });
    const parts = url.pathname.slice("/api/v1/".length).split("/").filter(Boolean);
    const hits = routes.map((r) => ({ r, params: match(r, parts) })).filter((h) => h.params).sort((a, b) => b.r.statics - a.r.statics);
    const hit = hits[0];
    let res: Response;
    if (!hit) res = new Response("<html>Not Found</html>", { status: 404, headers: { "content-type": "text/html" } });
    else {
      if (!modules.has(hit.r.file)) modules.set(hit.r.file, import(/* @vite-ignore */ hit.r.file));
      const handler = (await modules.get(hit.r.file)!)[method] as Handler | undefined;
      res = handler
        ? await handler(new Request(url, init), { params: Promise.resolve(hit.params!) })
        : new Response(null, { status: 405 });
    }
    calls.push({ method, path: url.pathname + url.search, status: res.status });
    return res;
  };
  return Object.assign(fetchImpl, { calls });
}
