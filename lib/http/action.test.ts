import { beforeEach, describe, expect, test, vi } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { applyFieldErrors, fieldErrorsFromIssues, formDataToObject, toActionFailure, withFieldError } from "./action-result";

// orgAction/principalAction are exercised with the session and context layers mocked out:
// what is tested here is the order of checks and the error mapping, not authentication itself.
const requirePrincipal = vi.fn();
const orgContext = vi.fn();
const revalidatePath = vi.fn();
vi.mock("@/lib/auth/require", () => ({ requirePrincipal: () => requirePrincipal() }));
vi.mock("@/lib/auth/org-context", () => ({ orgContext: (p: unknown, id: string) => orgContext(p, id) }));
vi.mock("next/cache", () => ({ revalidatePath: (...a: unknown[]) => revalidatePath(...a) }));
vi.mock("@/lib/log", () => ({ log: { error: vi.fn(), warn: vi.fn(), info: vi.fn(), debug: vi.fn() } }));

const { orgAction, principalAction } = await import("./action");

describe("toActionFailure", () => {
  test("an AppError keeps its code and message", () => {
    expect(toActionFailure(new AppError("forbidden", "Nope"))).toEqual({ ok: false, code: "forbidden", message: "Nope" });
  });

  test("a ZodError becomes invalid_input with one message per field", () => {
    const schema = z.strictObject({ name: z.string().min(2, "Too short"), slug: z.string().regex(/^[a-z]+$/, "Lower-case only") });
    const r = schema.safeParse({ name: "x", slug: "A B" });
    const f = toActionFailure(r.error);
    expect(f.code).toBe("invalid_input");
    expect(f.fieldErrors).toEqual({ name: "Too short", slug: "Lower-case only" });
    expect(f.message).toMatch(/highlighted fields/);
  });

  test("a whole-input zod issue (refine without path) is the message, not a field error", () => {
    const schema = z.object({ a: z.string().optional() }).refine((v) => Object.keys(v).length > 0, "Send at least one field to change");
    const f = toActionFailure(schema.safeParse({}).error);
    expect(f).toEqual({ ok: false, code: "invalid_input", message: "Send at least one field to change" });
  });

  test("nested paths are dotted", () => {
    const f = toActionFailure(z.object({ a: z.object({ b: z.number() }) }).safeParse({ a: { b: "x" } }).error);
    expect(Object.keys(f.fieldErrors ?? {})).toEqual(["a.b"]);
  });

  test("Prisma P2002 is a conflict on the named unique field, without tenant columns", () => {
    const f = toActionFailure({ code: "P2002", meta: { target: ["scopeKey", "slug"] } });
    expect(f.code).toBe("conflict");
    expect(f.fieldErrors).toEqual({ slug: "This slug is already in use" });
  });

  test("unknown errors are internal with a fixed message that leaks nothing", () => {
    const f = toActionFailure(new Error("connection string postgres://secret@db"));
    expect(f.code).toBe("internal");
    expect(f.message).not.toMatch(/secret/);
    expect(f.fieldErrors).toBeUndefined();
  });
});

describe("field helpers", () => {
  test("fieldErrorsFromIssues keeps the first message per path and skips the root", () => {
    expect(fieldErrorsFromIssues([{ path: "name", message: "a" }, { path: "name", message: "b" }, { path: "(body)", message: "c" }])).toEqual({ name: "a" });
    expect(fieldErrorsFromIssues([])).toBeUndefined();
  });

  test("withFieldError pins a conflict to a field, leaves other errors alone", () => {
    const e = withFieldError(new AppError("conflict", 'The slug "acme" is already taken'), "slug");
    expect(toActionFailure(e).fieldErrors).toEqual({ slug: 'The slug "acme" is already taken' });
    const prisma = withFieldError({ code: "P2002", meta: { modelName: "Organization" } }, "slug", "That slug is taken");
    expect(toActionFailure(prisma)).toEqual({ ok: false, code: "conflict", message: "That slug is taken", fieldErrors: { slug: "That slug is taken" } });
    const other = new AppError("forbidden", "no");
    expect(withFieldError(other, "slug")).toBe(other);
  });

  test("formDataToObject flattens, collects repeated keys and drops Next's $ACTION fields", () => {
    const fd = new FormData();
    fd.append("name", "Acme");
    fd.append("scopes", "a");
    fd.append("scopes", "b");
    fd.append("$ACTION_ID_abc", "");
    expect(formDataToObject(fd)).toEqual({ name: "Acme", scopes: ["a", "b"] });
  });

  test("applyFieldErrors sets known fields and returns the message when none matched", () => {
    const setError = vi.fn();
    expect(applyFieldErrors({ ok: false, code: "invalid_input", message: "m", fieldErrors: { slug: "bad" } }, ["name", "slug"], setError)).toBeNull();
    expect(setError).toHaveBeenCalledWith("slug", { type: "server", message: "bad" });
    expect(applyFieldErrors({ ok: false, code: "conflict", message: "taken", fieldErrors: { other: "x" } }, ["name"], vi.fn())).toBe("taken");
  });
});

describe("orgAction", () => {
  const principal = { actor: { type: "user", userId: "u1", email: "a@b.c" }, meta: {}, providerRole: null, needsMfaEnrolment: false };
  const ctx = (perms: string[]) => ({ orgId: "org-1", role: "member", permissions: new Set(perms) });
  const schema = z.strictObject({ name: z.string().min(2, "Too short"), seats: z.coerce.number().int() });

  beforeEach(() => {
    requirePrincipal.mockReset().mockResolvedValue(principal);
    orgContext.mockReset();
    revalidatePath.mockReset();
  });

  test("checks the permission before parsing or calling fn", async () => {
    orgContext.mockResolvedValue(ctx(["org:read"]));
    const fn = vi.fn();
    const action = orgAction(schema, "org:update", fn);
    const r = await action("org-1", { name: "x", seats: 1 });
    expect(r).toMatchObject({ ok: false, code: "forbidden" });
    expect(!r.ok && r.message).toMatch(/org:update/);
    expect(fn).not.toHaveBeenCalled();
  });

  test("a foreign organization is a not_found result (no 404 page, no fn call)", async () => {
    orgContext.mockRejectedValue(new AppError("not_found", "Organization not found"));
    const fn = vi.fn();
    const r = await orgAction(schema, null, fn)("other-org", { name: "Acme", seats: 1 });
    expect(r).toEqual({ ok: false, code: "not_found", message: "Organization not found" });
    expect(orgContext).toHaveBeenCalledWith(principal, "other-org");
    expect(fn).not.toHaveBeenCalled();
  });

  test("parses FormData with the schema's coercion, calls fn with the context, revalidates", async () => {
    const c = ctx(["org:update"]);
    orgContext.mockResolvedValue(c);
    const fn = vi.fn(async (_ctx: unknown, input: { name: string; seats: number }) => ({ id: "x", ...input }));
    const fd = new FormData();
    fd.set("name", "Acme");
    fd.set("seats", "12");
    const action = orgAction(schema, "org:update", fn, { revalidate: (_d, orgId) => [`/orgs/${orgId}`, ["/orgs", "layout"]] });
    const r = await action("org-1", fd);
    expect(r).toEqual({ ok: true, data: { id: "x", name: "Acme", seats: 12 } });
    expect(fn).toHaveBeenCalledWith(c, { name: "Acme", seats: 12 });
    expect(revalidatePath).toHaveBeenNthCalledWith(1, "/orgs/org-1");
    expect(revalidatePath).toHaveBeenNthCalledWith(2, "/orgs", "layout");
  });

  test("invalid input returns field errors and writes nothing", async () => {
    orgContext.mockResolvedValue(ctx(["org:update"]));
    const fn = vi.fn();
    const r = await orgAction(schema, "org:update", fn)("org-1", { name: "x", seats: "many" } as never);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.fieldErrors).toMatchObject({ name: "Too short", seats: expect.any(String) });
    expect(fn).not.toHaveBeenCalled();
    expect(revalidatePath).not.toHaveBeenCalled();
  });

  test("errors thrown by the service are mapped; nothing is revalidated", async () => {
    orgContext.mockResolvedValue(ctx(["org:update"]));
    const r = await orgAction(schema, "org:update", async () => { throw new AppError("conflict", "Taken"); })("org-1", { name: "Acme", seats: 1 });
    expect(r).toEqual({ ok: false, code: "conflict", message: "Taken" });
    expect(revalidatePath).not.toHaveBeenCalled();
  });

  test("Next.js redirect() thrown inside fn is rethrown, not swallowed", async () => {
    orgContext.mockResolvedValue(ctx(["org:delete"]));
    const { redirect } = await import("next/navigation");
    const action = orgAction(z.object({}), "org:delete", async () => redirect("/orgs"));
    await expect(action("org-1", {})).rejects.toMatchObject({ digest: expect.stringMatching(/^NEXT_REDIRECT/) });
  });
});

describe("principalAction", () => {
  test("passes the principal and the parsed input", async () => {
    const principal = { actor: { type: "user" }, providerRole: "owner" };
    requirePrincipal.mockReset().mockResolvedValue(principal);
    const fn = vi.fn(async (_p: unknown, i: { name: string }) => i.name.toUpperCase());
    const r = await principalAction(z.strictObject({ name: z.string() }), fn)({ name: "acme" });
    expect(r).toEqual({ ok: true, data: "ACME" });
    expect(fn).toHaveBeenCalledWith(principal, { name: "acme" });
  });

  test("unknown fields are rejected by strict schemas", async () => {
    requirePrincipal.mockReset().mockResolvedValue({});
    const r = await principalAction(z.strictObject({ name: z.string() }), vi.fn())({ name: "a", isProvider: true } as never);
    expect(r).toMatchObject({ ok: false, code: "invalid_input" });
  });
});
