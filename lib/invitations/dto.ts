import type { InvitationRow } from "@/lib/db/repos/invitations";
import type { InvitationStatus } from "./schemas";

export function invitationStatus(i: Pick<InvitationRow, "status" | "expiresAt">, now = new Date()): InvitationStatus {
  if (i.status === "pending" && i.expiresAt.getTime() <= now.getTime()) return "expired";
  return i.status as InvitationStatus;
}

/** Never includes the token or its hash. */
export function toInvitationDto(i: InvitationRow, now = new Date()) {
  return {
    id: i.id,
    orgId: i.orgId,
    email: i.email,
    role: i.role,
    status: invitationStatus(i, now),
    expiresAt: i.expiresAt.toISOString(),
    invitedBy: i.invitedByLabel,
    invitedById: i.invitedById,
    acceptedAt: i.acceptedAt?.toISOString() ?? null,
    acceptedUserId: i.acceptedUserId,
    revokedAt: i.revokedAt?.toISOString() ?? null,
    lastSentAt: i.lastSentAt?.toISOString() ?? null,
    sendCount: i.sendCount,
    createdAt: i.createdAt.toISOString(),
  };
}
export type InvitationDto = ReturnType<typeof toInvitationDto>;
