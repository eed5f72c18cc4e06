import { revalidatePath } from "next/cache";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { requirePrincipal } from "@/lib/auth/require";
import { orgContext, type OrgContext, type Principal } from "@/lib/auth/org-context";
import { can, type Permission } from "@/lib/auth/permissions";
import { log } from "@/lib/log";
import { formDataToObject, toActionFailure, type ActionResult } from "./action-result";

export type { ActionResult, ActionFailure } from "./action-result";

/** Paths to revalidate after success: "/orgs" (page) or ["/orgs/x", "layout"] (everything under it). */
export type RevalidateSpec = string | [path: string, type: "page" | "layout"];
export type ActionOptions<T, Extra = void> = {
  revalidate?: RevalidateSpec[] | ((data: T, extra: Extra) => RevalidateSpec[]);
};

function doRevalidate<T, E>(opts: ActionOptions<T, E>, data: T, extra: E) {
  const specs = typeof opts.revalidate === "function" ? opts.revalidate(data, extra) : (opts.revalidate ?? []);
  for (const s of specs) {
    if (typeof s === "string") revalidatePath(s);
    else revalidatePath(s[0], s[1]);
  }
}

function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const value = raw instanceof FormData ? formDataToObject(raw) : (raw ?? {});
  return schema.parse(value) as z.output<S>;
}

function failure(err: unknown) {
  // Next.js redirect()/notFound() are control flow: let them through to the framework.
  unstable_rethrow(err);
  const f = toActionFailure(err);
  if (f.code === "internal") log.error("server action failed", { cause: err });
  return f;
}

/**
 * Builds a server action that acts in one organization. The returned action takes the
 * organization id FIRST, separately from the input, because domain schemas are strict objects
 * and the org is not part of them:
 *
 * ```ts
 * // actions.ts ("use server")
 * export const updateOrganizationAction = orgAction(updateOrganizationSchema, "org:update",
 *   (ctx, input) => organizations.update(ctx, input), { revalidate: (_d, orgId) => [[`/orgs/${orgId}`, "layout"]] });
 * // client: await updateOrganizationAction(orgId, values)  or  <form action={updateOrganizationAction.bind(null, orgId)}>
 * ```
 *
 * Steps: requirePrincipal() (no session -> redirect to /login, owners/admins without MFA -> enrolment),
 * orgContext(principal, orgId) (the same check requireOrgMember makes, but a foreign or unknown
 * organization is returned as `not_found` instead of rendering the 404 page, so the form can say so),
 * `can(ctx, permission)` (null skips it for services that decide themselves), then `schema.parse`
 * of the input (FormData is flattened first; z.coerce is the schema's job), then `fn(ctx, input)`.
 * Any error becomes `{ ok: false, code, message, fieldErrors? }` via toAppError; never throws except
 * for Next.js redirect/notFound control flow.
 */
export function orgAction<S extends z.ZodType, T>(
  schema: S,
  permission: Permission | null,
  fn: (ctx: OrgContext, input: z.output<S>) => Promise<T>,
  opts: ActionOptions<T, string> = {},
): (orgId: string, input?: z.input<S> | FormData) => Promise<ActionResult<T>> {
  return async (orgId, input) => {
    const principal = await requirePrincipal();
    try {
      const ctx = await orgContext(principal, String(orgId));
      if (permission && !can(ctx, permission)) {
        throw new AppError("forbidden", `Your role (${ctx.role}) does not allow this: it needs the ${permission} permission`);
      }
      const parsed = parseInput(schema, input);
      const data = await fn(ctx, parsed);
      doRevalidate(opts, data, ctx.orgId);
      return { ok: true, data };
    } catch (err) {
      return failure(err);
    }
  };
}

/**
 * Like orgAction for actions outside any organization (e.g. creating one): the principal is
 * passed to fn, which (or whose service) makes the authorization decision.
 *
 * `export const createOrganizationAction = principalAction(createOrganizationSchema, (p, input) => organizations.create(p, input));`
 */
export function principalAction<S extends z.ZodType, T>(
  schema: S,
  fn: (principal: Principal, input: z.output<S>) => Promise<T>,
  opts: ActionOptions<T> = {},
): (input?: z.input<S> | FormData) => Promise<ActionResult<T>> {
  return async (input) => {
    const principal = await requirePrincipal();
    try {
      const parsed = parseInput(schema, input);
      const data = await fn(principal, parsed);
      doRevalidate(opts, data, undefined);
      return { ok: true, data };
    } catch (err) {
      return failure(err);
    }
  };
}
