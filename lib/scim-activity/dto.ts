import { QUIRKS, type Quirk } from "@/lib/scim/quirks";

type Row = {
  id: string; method: string; path: string; resourceType: string | null; resourceId: string | null; status: number;
  scimType: string | null; detail: string | null; quirks: string[]; durationMs: number; requestBody: unknown; createdAt: Date;
};

export type ScimActivityDto = {
  id: string;
  createdAt: string;
  method: string;
  path: string;
  /** "create User", "patch Group", "list Users", "discovery"... */
  operation: string;
  resourceType: string | null;
  resourceId: string | null;
  status: number;
  outcome: "success" | "error";
  scimType: string | null;
  detail: string | null;
  quirks: { name: string; description: string }[];
  durationMs: number;
  /** Redacted of passwords and tokens before it was stored. */
  requestBody: unknown;
};

export function operationOf(method: string, resourceType: string | null, resourceId: string | null): string {
  if (resourceType !== "User" && resourceType !== "Group") return "discovery";
  const m = method.toUpperCase();
  if (m === "GET") return resourceId ? `get ${resourceType}` : `list ${resourceType}s`;
  if (m === "POST") return `create ${resourceType}`;
  if (m === "PUT") return `replace ${resourceType}`;
  if (m === "PATCH") return `patch ${resourceType}`;
  if (m === "DELETE") return `delete ${resourceType}`;
  return `${m.toLowerCase()} ${resourceType}`;
}

export function toScimActivityDto(r: Row): ScimActivityDto {
  return {
    id: r.id,
    createdAt: r.createdAt.toISOString(),
    method: r.method,
    path: r.path,
    operation: operationOf(r.method, r.resourceType, r.resourceId),
    resourceType: r.resourceType,
    resourceId: r.resourceId,
    status: r.status,
    outcome: r.status < 400 ? "success" : "error",
    scimType: r.scimType,
    detail: r.detail,
    quirks: r.quirks.map((q) => ({ name: q, description: QUIRKS[q as Quirk] ?? q })),
    durationMs: r.durationMs,
    requestBody: r.requestBody ?? null,
  };
}
