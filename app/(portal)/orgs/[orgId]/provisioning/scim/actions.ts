"use server";

import { orgAction, type RevalidateSpec } from "@/lib/http/action";
import * as scimTokens from "@/lib/scim-tokens/service";
import { createScimTokenSchema, scimTokenParamsSchema } from "@/lib/scim-tokens/schemas";

const paths = (_d: unknown, orgId: string): RevalidateSpec[] => [`/orgs/${orgId}/provisioning/scim`];

/** Returns the token once; the page never sees it again. */
// No revalidation on create: the dialog showing the token once must survive; it refreshes the page when closed.
export const createScimTokenAction = orgAction(createScimTokenSchema, "scim:manage", (ctx, input) => scimTokens.create(ctx, input));

export const revokeScimTokenAction = orgAction(scimTokenParamsSchema, "scim:manage", (ctx, { tokenId }) => scimTokens.revoke(ctx, tokenId), { revalidate: paths });
