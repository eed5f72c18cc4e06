"use server";

import { z } from "zod";
import { orgAction, type RevalidateSpec } from "@/lib/http/action";
import { withFieldError } from "@/lib/http/action-result";
import * as roles from "@/lib/roles/service";
import { createRoleSchema, roleParamsSchema, updateRoleSchema } from "@/lib/roles/schemas";

const paths = (_d: unknown, orgId: string): RevalidateSpec[] => [`/orgs/${orgId}/roles`, `/orgs/${orgId}/members`];
// Conflicts on create/rename are about the name (taken, or held by members): show them on that field.
const nameField = (e: unknown) => withFieldError(e, "name");

export const createRoleAction = orgAction(
  createRoleSchema,
  "role:manage",
  async (ctx, input) => {
    try {
      return await roles.create(ctx, input);
    } catch (e) {
      throw nameField(e);
    }
  },
  { revalidate: paths },
);

export const updateRoleAction = orgAction(
  z.strictObject({ roleId: z.uuid(), changes: updateRoleSchema }),
  "role:manage",
  async (ctx, { roleId, changes }) => {
    try {
      return await roles.update(ctx, roleId, changes);
    } catch (e) {
      throw changes.name ? nameField(e) : e;
    }
  },
  { revalidate: paths },
);

export const deleteRoleAction = orgAction(roleParamsSchema, "role:manage", (ctx, { roleId }) => roles.remove(ctx, roleId), { revalidate: paths });
