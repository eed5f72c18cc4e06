import { Badge } from "@/components/ui/badge";

/** Where an effective item comes from, as the organization sees it. */
export function SourceBadge({ source, overridesGlobal }: { source: "organization" | "global"; overridesGlobal: boolean }) {
  if (source === "global") return <Badge tone="slate">Inherited from global</Badge>;
  if (overridesGlobal) return <Badge tone="amber">Overridden in organization</Badge>;
  return <Badge tone="indigo">Organization</Badge>;
}

export function SecretBadge() {
  return <Badge tone="red">Secret</Badge>;
}
