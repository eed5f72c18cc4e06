"use server";

import { z } from "zod";
import { principalAction } from "@/lib/http/action";
import { withFieldError } from "@/lib/http/action-result";
import * as configs from "@/lib/configs/service";
import * as oauthConnections from "@/lib/oauth-connections/service";
import { configFormSchema, deleteConfigSchema } from "@/lib/configs/schemas";
import { deleteOAuthConnectionSchema, oauthConnectionFormSchema } from "@/lib/oauth-connections/schemas";
import * as roles from "@/lib/roles/service";
import { createRoleSchema, roleParamsSchema, updateRoleSchema } from "@/lib/roles/schemas";
import * as apiKeys from "@/lib/api-keys/service";
import { apiKeyParamsSchema, createApiKeySchema } from "@/lib/api-keys/schemas";

// The services refuse anyone but provider administrators (forbidden), so these need no extra check.
const revalidate = ["/global"];

export const createGlobalConfigAction = principalAction(
  configFormSchema,
  (p, input) => configs.createGlobal(p, input).catch((e) => { throw withFieldError(e, "name"); }),
  { revalidate },
);

export const putGlobalConfigAction = principalAction(
  configFormSchema,
  async (p, { name, ...input }) => (await configs.putGlobal(p, name, input)).config,
  { revalidate },
);

export const deleteGlobalConfigAction = principalAction(deleteConfigSchema, (p, { name }) => configs.removeGlobal(p, name), { revalidate });

export const createGlobalOAuthConnectionAction = principalAction(
  oauthConnectionFormSchema,
  (p, input) => oauthConnections.createGlobal(p, input).catch((e) => { throw withFieldError(e, "name"); }),
  { revalidate },
);

export const putGlobalOAuthConnectionAction = principalAction(
  oauthConnectionFormSchema,
  async (p, { name, ...input }) => (await oauthConnections.putGlobal(p, name, input)).connection,
  { revalidate },
);

export const deleteGlobalOAuthConnectionAction = principalAction(
  deleteOAuthConnectionSchema,
  (p, { name }) => oauthConnections.removeGlobal(p, name),
  { revalidate },
);

// Conflicts on create/rename are about the name (taken, held by members, a system role): show them there.
const onName = (e: unknown) => withFieldError(e, "name");

export const createGlobalRoleAction = principalAction(
  createRoleSchema,
  (p, input) => roles.createGlobal(p, input).catch((e) => { throw onName(e); }),
  { revalidate },
);

export const updateGlobalRoleAction = principalAction(
  z.strictObject({ roleId: z.uuid(), changes: updateRoleSchema }),
  (p, { roleId, changes }) => roles.updateGlobal(p, roleId, changes).catch((e) => { throw changes.name ? onName(e) : e; }),
  { revalidate },
);

export const deleteGlobalRoleAction = principalAction(roleParamsSchema, (p, { roleId }) => roles.removeGlobal(p, roleId), { revalidate });

/**
 * Returns the secret once; the page never sees it again. No revalidation: re-rendering the page would
 * move the "New platform key" button out of the empty state and unmount the dialog showing the secret.
 * The dialog refreshes the page when it closes.
 */
export const createPlatformApiKeyAction = principalAction(createApiKeySchema, (p, input) => apiKeys.createPlatform(p, input));

export const revokePlatformApiKeyAction = principalAction(apiKeyParamsSchema, (p, { keyId }) => apiKeys.revokePlatform(p, keyId), { revalidate });
