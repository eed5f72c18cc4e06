"use server";

import { z } from "zod";
import { orgAction, type RevalidateSpec } from "@/lib/http/action";
import * as provisioning from "@/lib/provisioning/service";
import { provisioningConfigFormSchema } from "@/lib/provisioning/schemas";

const paths = (_d: unknown, orgId: string): RevalidateSpec[] => [`/orgs/${orgId}/provisioning/directory`];

export const saveProvisioningAction = orgAction(provisioningConfigFormSchema, "provisioning:manage", (ctx, input) => provisioning.putProvisioning(ctx, input), { revalidate: paths });

export const verifyProvisioningAction = orgAction(z.strictObject({}), "provisioning:manage", (ctx) => provisioning.verifyProvisioning(ctx), { revalidate: paths });
