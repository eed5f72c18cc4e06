import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { DomainStatus } from "@/lib/db/repos/domains";

const STATUS: Record<DomainStatus, { tone: BadgeTone; label: string }> = {
  pending: { tone: "indigo", label: "Pending" },
  verified: { tone: "green", label: "Verified" },
  failed: { tone: "red", label: "Failed" },
  expired: { tone: "amber", label: "Expired" },
};

export function DomainStatusBadge({ status }: { status: DomainStatus }) {
  const s = STATUS[status];
  return <Badge tone={s.tone} dot>{s.label}</Badge>;
}
