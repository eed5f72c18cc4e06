"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { orgAction, type RevalidateSpec } from "@/lib/http/action";
import { withFieldError } from "@/lib/http/action-result";
import { invalid } from "@/lib/errors";
import * as organizations from "@/lib/organizations/service";
import { updateOrganizationSchema } from "@/lib/organizations/schemas";

const orgPaths = (_data: unknown, orgId: string): RevalidateSpec[] => [[`/orgs/${orgId}`, "layout"], "/orgs"];

/** Name, slug, domain, default role. isActive goes through setOrganizationActiveAction. */
export const updateOrganizationAction = orgAction(
  updateOrganizationSchema,
  "org:update",
  async (ctx, input) => {
    try {
      return await organizations.update(ctx, input);
    } catch (e) {
      // Slug is the organization's only unique column a user can change.
      throw input.slug !== undefined ? withFieldError(e, "slug", `The slug "${input.slug}" is already taken; choose another`) : e;
    }
  },
  { revalidate: orgPaths },
);

/** Deactivate / reactivate: the service allows provider administrators only. */
export const setOrganizationActiveAction = orgAction(
  z.strictObject({ isActive: z.boolean() }),
  "org:deactivate",
  (ctx, { isActive }) => organizations.update(ctx, { isActive }),
  { revalidate: orgPaths },
);

/**
 * Deletes the organization and redirects to /orgs (in the same response, so the deleted
 * organization's pages are never re-rendered). The typed name is checked here too, not only in the browser.
 */
export const deleteOrganizationAction = orgAction(
  z.strictObject({ confirmName: z.string() }),
  "org:delete",
  async (ctx, { confirmName }): Promise<never> => {
    if (confirmName !== ctx.orgName) throw invalid(`Type the organization's name exactly ("${ctx.orgName}") to delete it`);
    await organizations.remove(ctx);
    revalidatePath("/orgs", "layout");
    redirect("/orgs");
  },
);
