"use server";

import { principalAction } from "@/lib/http/action";
import { withFieldError } from "@/lib/http/action-result";
import * as configs from "@/lib/configs/service";
import * as oauthConnections from "@/lib/oauth-connections/service";
import { configFormSchema, deleteConfigSchema } from "@/lib/configs/schemas";
import { deleteOAuthConnectionSchema, oauthConnectionFormSchema } from "@/lib/oauth-connections/schemas";

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
