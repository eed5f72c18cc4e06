"use server";

import { orgAction, type RevalidateSpec } from "@/lib/http/action";
import { withFieldError } from "@/lib/http/action-result";
import * as configs from "@/lib/configs/service";
import * as oauthConnections from "@/lib/oauth-connections/service";
import { configFormSchema, deleteConfigSchema } from "@/lib/configs/schemas";
import { deleteOAuthConnectionSchema, oauthConnectionFormSchema } from "@/lib/oauth-connections/schemas";

const paths = (_d: unknown, orgId: string): RevalidateSpec[] => [`/orgs/${orgId}/configs`];

export const createConfigAction = orgAction(
  configFormSchema,
  "config:manage",
  async (ctx, { name, ...input }) => configs.create(ctx, { name, ...input }).catch((e) => { throw withFieldError(e, "name"); }),
  { revalidate: paths },
);

/** Edit the organization's item, or create its override of a global one. */
export const putConfigAction = orgAction(
  configFormSchema,
  "config:manage",
  async (ctx, { name, ...input }) => (await configs.put(ctx, name, input)).config,
  { revalidate: paths },
);

export const deleteConfigAction = orgAction(deleteConfigSchema, "config:manage", (ctx, { name }) => configs.remove(ctx, name), { revalidate: paths });

export const createOAuthConnectionAction = orgAction(
  oauthConnectionFormSchema,
  "connection:manage",
  async (ctx, input) => oauthConnections.create(ctx, input).catch((e) => { throw withFieldError(e, "name"); }),
  { revalidate: paths },
);

export const putOAuthConnectionAction = orgAction(
  oauthConnectionFormSchema,
  "connection:manage",
  async (ctx, { name, ...input }) => (await oauthConnections.put(ctx, name, input)).connection,
  { revalidate: paths },
);

export const deleteOAuthConnectionAction = orgAction(
  deleteOAuthConnectionSchema,
  "connection:manage",
  (ctx, { name }) => oauthConnections.remove(ctx, name),
  { revalidate: paths },
);
