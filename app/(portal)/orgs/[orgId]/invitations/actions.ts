"use server";

import { orgAction, type RevalidateSpec } from "@/lib/http/action";
import * as invitations from "@/lib/invitations/service";
import { bulkInvitationsSchema, createInvitationSchema, invitationIdSchema } from "@/lib/invitations/schemas";

const paths = (_d: unknown, orgId: string): RevalidateSpec[] => [`/orgs/${orgId}/invitations`];

export const createInvitationAction = orgAction(createInvitationSchema, "invitation:create", (ctx, input) => invitations.create(ctx, input), { revalidate: paths });

export const bulkInvitationsAction = orgAction(bulkInvitationsSchema, "invitation:create", (ctx, input) => invitations.bulk(ctx, input), {
  revalidate: (d, orgId) => (d.dryRun ? [] : paths(d, orgId)),
});

export const resendInvitationAction = orgAction(invitationIdSchema, "invitation:create", (ctx, { invitationId }) => invitations.resend(ctx, invitationId), { revalidate: paths });

export const revokeInvitationAction = orgAction(invitationIdSchema, "invitation:revoke", (ctx, { invitationId }) => invitations.revoke(ctx, invitationId), { revalidate: paths });
