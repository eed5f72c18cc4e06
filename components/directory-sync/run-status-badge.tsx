import type { RunStatus } from "@/lib/directory-sync/dto";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { STATUS_LABELS } from "./format";

const TONES: Record<RunStatus, BadgeTone> = {
  queued: "slate",
  running: "indigo",
  succeeded: "green",
  failed: "red",
  awaiting_approval: "amber",
  cancelled: "slate",
};

export function RunStatusBadge({ status }: { status: RunStatus }) {
  return <Badge tone={TONES[status]} dot>{STATUS_LABELS[status]}</Badge>;
}
