"use server";

import { z } from "zod";
import { orgAction, type RevalidateSpec } from "@/lib/http/action";
import * as members from "@/lib/members/service";
import { createMemberSchema, memberParamsSchema, transferOwnershipSchema, updateMemberRoleSchema } from "@/lib/members/schemas";

// The org layout shows the member count and the viewer's own role: revalidate the whole subtree.
const paths = (_d: unknown, orgId: string): RevalidateSpec[] => [[`/orgs/${orgId}`, "layout"]];

export const addMemberAction = orgAction(createMemberSchema, "member:create", (ctx, input) => members.add(ctx, input), { revalidate: paths });

export const changeMemberRoleAction = orgAction(
  updateMemberRoleSchema.extend({ userId: z.uuid() }),
  "member:update",
  (ctx, { userId, ...input }) => members.changeRole(ctx, userId, input),
  { revalidate: paths },
);

export const removeMemberAction = orgAction(memberParamsSchema, "member:delete", (ctx, { userId }) => members.remove(ctx, userId), { revalidate: paths });

export const transferOwnershipAction = orgAction(transferOwnershipSchema, "ownership:transfer", (ctx, input) => members.transferOwnership(ctx, input), { revalidate: paths });
