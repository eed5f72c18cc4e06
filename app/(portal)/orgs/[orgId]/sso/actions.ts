"use server";

import { z } from "zod";
import { orgAction, type RevalidateSpec } from "@/lib/http/action";
import * as sso from "@/lib/sso/service";
import { mappingPreviewSchema, setEnforcementSchema, ssoConfigFormSchema } from "@/lib/sso/schemas";

const paths = (_d: unknown, orgId: string): RevalidateSpec[] => [`/orgs/${orgId}/sso`];

export const saveSsoProviderAction = orgAction(ssoConfigFormSchema, "sso:manage", async (ctx, input) => (await sso.putProvider(ctx, input)).dto, { revalidate: paths });

export const deleteSsoProviderAction = orgAction(z.strictObject({}), "sso:manage", (ctx) => sso.deleteProvider(ctx), { revalidate: paths });

export const verifySsoProviderAction = orgAction(z.strictObject({}), "sso:manage", (ctx) => sso.verifyProvider(ctx), { revalidate: paths });

export const previewMappingsAction = orgAction(mappingPreviewSchema, "sso:manage", (ctx, rules) => sso.previewMappings(ctx, rules));

export const setEnforcementAction = orgAction(setEnforcementSchema, "sso:manage", (ctx, { requireSso }) => sso.setEnforcement(ctx, requireSso), { revalidate: paths });
