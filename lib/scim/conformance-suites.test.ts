/**
 * Sweeps the public conformance suites kept in ../shared/conformance/external (outside this repo, so
 * skipped when absent): every filter and every PATCH body they send must parse and apply.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { parseAndResolveFilter } from "./filter";
import { applyPatchRequest } from "./patch";
import { readResource } from "./resource";
import { GROUP_RESOURCE, USER_RESOURCE } from "./schema";

const DIR = path.resolve(import.meta.dirname, "../../../shared/conformance/external");
const MS = path.join(DIR, "ms-scim-reference-tests.postman_collection.json");
const OKTA = path.join(DIR, "Okta-SCIM-20-SPEC-Test.json");

type Req = { method: string; url: string; body?: string; expects400?: boolean };

// Postman/Runscope variables become fixed sample values.
const fillVars = (s: string) => s.replace(/\{\{(\w+)\}\}/g, (_, name: string) => `${name}-5d48dfd1`).replace(/\$\{__UUID\}/g, "uuid-1");

function msRequests(): Req[] {
  type Item = {
    item?: Item[];
    request?: { method: string; url: string | { raw: string }; body?: { raw?: string } };
    event?: { listen: string; script: { exec: string[] } }[];
  };
  const col = JSON.parse(readFileSync(MS, "utf8")) as { item: Item[] };
  const out: Req[] = [];
  const walk = (items: Item[]) => {
    for (const it of items) {
      if (it.item) walk(it.item);
      else if (it.request) {
        const u = typeof it.request.url === "string" ? it.request.url : it.request.url.raw;
        const tests = (it.event ?? []).filter((e) => e.listen === "test").flatMap((e) => e.script.exec).join("\n");
        out.push({
          method: it.request.method,
          url: fillVars(u),
          body: it.request.body?.raw ? fillVars(it.request.body.raw) : undefined,
          expects400: tests.includes("have.status(400)"),
        });
      }
    }
  };
  walk(col.item);
  return out;
}

function oktaRequests(): Req[] {
  const suite = JSON.parse(readFileSync(OKTA, "utf8")) as { steps: { method?: string; url?: string; body?: string }[] };
  return suite.steps
    .filter((s) => s.method && s.url)
    .map((s) => ({ method: s.method!, url: fillVars(s.url!), body: s.body ? fillVars(s.body) : undefined }));
}

/** The `filter` query parameter as a server would decode it (`+` is a space in a query string). */
function filterParam(url: string): string | undefined {
  const q = url.indexOf("?");
  if (q < 0) return undefined;
  for (const part of url.slice(q + 1).split("&")) {
    const [k, ...v] = part.split("=");
    if (k === "filter") return decodeURIComponent(v.join("=").replace(/\+/g, " "));
  }
  return undefined;
}

const resourceFor = (url: string) =>
  /\/Groups/i.test(url)
    ? { rs: GROUP_RESOURCE, resource: { schemas: [GROUP_RESOURCE.core.id], id: "g-1", displayName: "Group 1" } }
    : { rs: USER_RESOURCE, resource: { schemas: [USER_RESOURCE.core.id], id: "u-1", userName: "someone", active: true } };

describe.skipIf(!existsSync(MS))("Microsoft SCIM reference collection", () => {
  const reqs = existsSync(MS) ? msRequests() : [];

  test("every filter parses and resolves", () => {
    const filters = reqs.map((r) => filterParam(r.url)).filter((f): f is string => f !== undefined);
    expect(filters.length).toBeGreaterThanOrEqual(4);
    for (const f of filters) {
      const rs = USER_RESOURCE;
      const r = parseAndResolveFilter(f, rs);
      expect(r.ok, `${f}: ${r.ok ? "" : r.error.detail}`).toBe(true);
    }
  });

  test("every PATCH body applies", () => {
    const patches = reqs.filter((r) => r.method === "PATCH");
    expect(patches.length).toBeGreaterThanOrEqual(8);
    for (const p of patches) {
      const { rs, resource } = resourceFor(p.url);
      const r = applyPatchRequest(resource, JSON.parse(p.body!), rs);
      expect(r.ok, `${p.url}: ${r.ok ? "" : r.error.detail}`).toBe(true);
    }
  });
});

function tryJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

describe.skipIf(!existsSync(MS))("Microsoft SCIM reference collection: POST and PUT bodies", () => {
  const reqs = existsSync(MS) ? msRequests().filter((r) => (r.method === "POST" || r.method === "PUT") && /\/(Users|Groups)/.test(r.url)) : [];

  test("read as the suite expects: 400 cases fail, the rest succeed", () => {
    let checked = 0;
    for (const r of reqs) {
      const body = tryJson(r.body ?? "");
      if (body === undefined) continue; // "Post junk": malformed JSON is the route's invalidSyntax
      const rs = /\/Groups/.test(r.url) ? GROUP_RESOURCE : USER_RESOURCE;
      const res = readResource(body, rs);
      expect(res.ok, `${r.method} ${r.url}: ${res.ok ? "accepted" : res.error.detail}`).toBe(!r.expects400);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(20);
  });
});

describe.skipIf(!existsSync(OKTA))("Okta SCIM 2.0 spec test", () => {
  const reqs = existsSync(OKTA) ? oktaRequests() : [];

  test("every filter parses and resolves", () => {
    const filters = reqs.map((r) => filterParam(r.url)).filter((f): f is string => f !== undefined);
    expect(filters.length).toBeGreaterThanOrEqual(3);
    for (const f of filters) {
      const r = parseAndResolveFilter(f, USER_RESOURCE);
      expect(r.ok, `${f}: ${r.ok ? "" : r.error.detail}`).toBe(true);
    }
  });

  test("every POST body reads", () => {
    const posts = reqs.filter((r) => r.method === "POST");
    expect(posts.length).toBeGreaterThanOrEqual(1);
    for (const p of posts) expect(readResource(JSON.parse(p.body!), USER_RESOURCE).ok).toBe(true);
  });

  test("every PATCH body applies (the suite currently sends none)", () => {
    for (const p of reqs.filter((r) => r.method === "PATCH")) {
      const { rs, resource } = resourceFor(p.url);
      expect(applyPatchRequest(resource, JSON.parse(p.body!), rs).ok).toBe(true);
    }
  });
});
