import { AppError, toAppError, type ErrorCode, type FieldIssue } from "@/lib/errors";

// The client-safe half of the server-action transport: the result type and pure mappers.
// lib/http/action.ts (server only) wraps actions with them; forms import this file.

export type ActionFailure = { ok: false; code: ErrorCode; message: string; fieldErrors?: Record<string, string> };
export type ActionResult<T> = { ok: true; data: T } | ActionFailure;

const ROOT = "(body)";

/** First message per field path; issues about the whole input (no path) are not field errors. */
export function fieldErrorsFromIssues(issues: readonly FieldIssue[] | undefined): Record<string, string> | undefined {
  if (!issues?.length) return undefined;
  const out: Record<string, string> = {};
  for (const i of issues) {
    if (!i.path || i.path === ROOT) continue;
    out[i.path] ??= i.message;
  }
  return Object.keys(out).length ? out : undefined;
}

// Prisma P2002 names the unique columns it hit; the tenant columns are not something a user can fix.
const HIDDEN_UNIQUE = new Set(["orgId", "scopeKey", "id"]);
function uniqueTargets(cause: unknown): string[] {
  const target = (cause as { code?: string; meta?: { target?: unknown } } | null)?.meta?.target;
  if ((cause as { code?: string } | null)?.code !== "P2002" || !Array.isArray(target)) return [];
  return target.map(String).filter((t) => !HIDDEN_UNIQUE.has(t));
}

/**
 * Maps anything a server action threw to an ActionFailure (via toAppError, so unknown errors keep
 * their fixed "internal" message). Zod issues and unique-constraint conflicts become fieldErrors.
 */
export function toActionFailure(err: unknown): ActionFailure {
  const e = toAppError(err);
  let fieldErrors = fieldErrorsFromIssues(e.issues);
  let message = e.message;
  if (e.code === "invalid_input") {
    const root = e.issues?.find((i) => !i.path || i.path === ROOT);
    message = root?.message ?? (fieldErrors ? "Check the highlighted fields and try again." : e.message);
  }
  if (e.code === "conflict" && !fieldErrors) {
    const fields = uniqueTargets(e.cause);
    if (fields.length) fieldErrors = Object.fromEntries(fields.map((f) => [f, `This ${f} is already in use`]));
  }
  return { ok: false, code: e.code, message, ...(fieldErrors ? { fieldErrors } : {}) };
}

/**
 * Pins a conflict that names no field to `field`, optionally with a clearer `message` (Prisma's
 * unique-constraint error under driver adapters does not say which column). Other errors pass through.
 * Lets an action say "the slug is taken" on the slug input rather than above the form.
 */
export function withFieldError(err: unknown, field: string, message?: string): unknown {
  const e = toAppError(err);
  if (e.code !== "conflict" || e.issues?.some((i) => i.path && i.path !== ROOT)) return err;
  const text = message ?? e.message;
  return new AppError("conflict", text, { cause: e.cause, issues: [{ path: field, message: text }] });
}

/**
 * FormData to a plain object for zod: repeated keys become arrays; Next.js's internal `$ACTION_*`
 * fields are dropped. Values stay strings: coercion (z.coerce) is the schema's job.
 */
export function formDataToObject(fd: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of fd.entries()) {
    if (key.startsWith("$ACTION")) continue;
    if (key in out) {
      const prev = out[key];
      out[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
    } else out[key] = value;
  }
  return out;
}

/**
 * For forms: sends each fieldError the form knows to `setError` (react-hook-form's) and returns
 * the message to show above the form when no field took it (null when one did).
 */
export function applyFieldErrors<F extends string>(
  result: ActionFailure,
  fields: readonly F[],
  setError: (name: F, error: { type: string; message: string }) => void,
): string | null {
  let applied = 0;
  for (const [path, message] of Object.entries(result.fieldErrors ?? {})) {
    const name = path.split(".")[0] as F;
    if (fields.includes(name)) {
      setError(name, { type: "server", message });
      applied++;
    }
  }
  return applied ? null : result.message;
}
