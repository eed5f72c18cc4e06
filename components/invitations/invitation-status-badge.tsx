import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { InvitationStatus } from "@/lib/invitations/schemas";
import type { BulkRowStatus } from "@/lib/invitations/service";

const STATUS: Record<InvitationStatus, { tone: BadgeTone; label: string }> = {
  pending: { tone: "indigo", label: "Pending" },
  accepted: { tone: "green", label: "Accepted" },
  expired: { tone: "amber", label: "Expired" },
  revoked: { tone: "slate", label: "Revoked" },
};

export function InvitationStatusBadge({ status }: { status: InvitationStatus }) {
  const s = STATUS[status];
  return <Badge tone={s.tone} dot>{s.label}</Badge>;
}

const ROW: Record<BulkRowStatus | "invited", { tone: BadgeTone; label: string }> = {
  "will-invite": { tone: "green", label: "Will invite" },
  invited: { tone: "green", label: "Invited" },
  "already-member": { tone: "slate", label: "Already a member" },
  "already-invited": { tone: "amber", label: "Already invited" },
  invalid: { tone: "red", label: "Invalid" },
};

export function BulkRowBadge({ status }: { status: BulkRowStatus | "invited" }) {
  const s = ROW[status];
  return <Badge tone={s.tone}>{s.label}</Badge>;
}
