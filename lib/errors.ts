import type { ZodError } from "zod";

export const ERROR_STATUS = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  invalid_input: 422,
  rate_limited: 429,
  internal: 500,
  upstream_failed: 502,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type FieldIssue = { path: string; message: string };

/** The one error type services throw. Transports map it to HTTP (lib/http/*). */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues?: FieldIssue[];
  readonly scimType?: string;
  readonly retryAfter?: number;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { cause?: unknown; issues?: FieldIssue[]; scimType?: string; retryAfter?: number } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = "AppError";
    this.code = code;
    this.issues = opts.issues;
    this.scimType = opts.scimType;
    this.retryAfter = opts.retryAfter;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what: string) => new AppError("not_found", `${what} not found`);
export const forbidden = (message = "You do not have permission to do this") => new AppError("forbidden", message);
export const conflict = (message: string) => new AppError("conflict", message);
export const invalid = (message: string, issues?: FieldIssue[]) => new AppError("invalid_input", message, { issues });

export function zodIssues(err: ZodError): FieldIssue[] {
  return err.issues.map((i) => ({ path: i.path.map(String).join(".") || "(body)", message: i.message }));
}

type PrismaLikeError = { code?: string; meta?: { target?: unknown; modelName?: string } };

/**
 * Maps anything thrown to an AppError: AppError passes through, ZodError becomes invalid_input,
 * Prisma P2002 conflict, P2025 not_found; everything else is internal with a fixed message
 * (the cause is kept for the log, never sent to a client).
 */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err && typeof err === "object" && (err as { name?: string }).name === "ZodError") {
    const ze = err as ZodError;
    return new AppError("invalid_input", "The request is invalid: see issues", { issues: zodIssues(ze), cause: err });
  }
  const p = err as PrismaLikeError;
  if (p && typeof p === "object" && typeof p.code === "string") {
    if (p.code === "P2002") {
      const target = Array.isArray(p.meta?.target) ? (p.meta!.target as string[]).filter((t) => t !== "scopeKey" && t !== "orgId").join(", ") : "";
      return new AppError("conflict", target ? `A record with this ${target} already exists` : "A record with these values already exists", { cause: err });
    }
    if (p.code === "P2025") return new AppError("not_found", "Not found", { cause: err });
    if (p.code === "P2003") return new AppError("conflict", "A related record is missing or still referenced", { cause: err });
  }
  return new AppError("internal", "Something went wrong on our side. Try again; if it persists, contact support.", { cause: err });
}
