import { Badge, type BadgeTone } from "@/components/ui/badge";

const TONE: Record<string, BadgeTone> = { owner: "indigo", admin: "indigo" };

export const roleLabel = (role: string) => role.charAt(0).toUpperCase() + role.slice(1);

export function RoleBadge({ role }: { role: string }) {
  return <Badge tone={TONE[role] ?? "slate"}>{roleLabel(role)}</Badge>;
}

export function MemberStatusBadge({ status }: { status: string }) {
  return (
    <Badge tone={status === "active" ? "green" : "amber"} dot>
      {status === "active" ? "Active" : "Suspended"}
    </Badge>
  );
}
