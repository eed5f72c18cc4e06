"use server";

import { orgAction, type RevalidateSpec } from "@/lib/http/action";
import * as apiKeys from "@/lib/api-keys/service";
import { apiKeyParamsSchema, createApiKeySchema } from "@/lib/api-keys/schemas";

const paths = (_d: unknown, orgId: string): RevalidateSpec[] => [`/orgs/${orgId}/api-keys`];

/** Returns the secret once; the page never sees it again. */
// No revalidation on create: re-rendering the page could unmount the dialog that shows the secret once
// (the first key swaps the empty state for the table). The dialog refreshes the page when it closes.
export const createApiKeyAction = orgAction(createApiKeySchema, "apikey:manage", (ctx, input) => apiKeys.create(ctx, input));

export const revokeApiKeyAction = orgAction(apiKeyParamsSchema, "apikey:manage", (ctx, { keyId }) => apiKeys.revoke(ctx, keyId), { revalidate: paths });
