"use server";

import { orgAction, type RevalidateSpec } from "@/lib/http/action";
import * as domains from "@/lib/domains/service";
import { createDomainSchema, domainIdSchema, updateDomainActionSchema } from "@/lib/domains/schemas";
import { scheduleDomainVerification } from "@/inngest/send";

// The layout shows domain warnings: revalidate the whole organization subtree.
const paths = (_d: unknown, orgId: string): RevalidateSpec[] => [[`/orgs/${orgId}`, "layout"]];

export const addDomainAction = orgAction(createDomainSchema, "domain:manage", (ctx, input) => domains.add(ctx, input), { revalidate: paths });

export const removeDomainAction = orgAction(domainIdSchema, "domain:manage", (ctx, { domainId }) => domains.remove(ctx, domainId), { revalidate: paths });

export const confirmDomainAction = orgAction(domainIdSchema, "domain:manage", (ctx, { domainId }) => domains.confirm(ctx, domainId), { revalidate: paths });

export const startDomainVerificationAction = orgAction(domainIdSchema, "domain:manage", (ctx, { domainId }) => domains.startVerification(ctx, domainId, scheduleDomainVerification), { revalidate: paths });

export const updateDomainAction = orgAction(updateDomainActionSchema, "domain:manage", (ctx, { domainId, ...input }) => domains.update(ctx, domainId, input), { revalidate: paths });
