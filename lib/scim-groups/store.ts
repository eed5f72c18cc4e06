/** How a SCIM Group is stored (prisma DirectoryGroup + DirectoryGroupMember) and read back. Pure. */
import { SCHEMA_URNS } from "@/lib/scim/schema";
import type { ScimResource } from "@/lib/scim/patch";
import type { ScalarTarget, Target, TargetMap } from "@/lib/scim-common/filter-sql";
import { etagOf, metaTargets } from "@/lib/scim-common/resource";

export type GroupFields = { displayName: string; displayNameLower: string; externalId: string | null };
export type GroupRowLike = GroupFields & { id: string; version: number; createdAt: Date; updatedAt: Date };

export const lowerDisplayName = (s: string) => s.normalize("NFC").toLowerCase();

export function groupFieldsFromResource(resource: ScimResource): GroupFields {
  const displayName = String(resource.displayName);
  const externalId = typeof resource.externalId === "string" && resource.externalId !== "" ? resource.externalId : null;
  return { displayName, displayNameLower: lowerDisplayName(displayName), externalId };
}

/** The group without `members` (members are streamed separately, see lib/scim-groups/service.ts). */
export function groupResource(row: GroupRowLike, baseUrl: string): ScimResource {
  return {
    schemas: [SCHEMA_URNS.group],
    id: row.id,
    ...(row.externalId ? { externalId: row.externalId } : {}),
    displayName: row.displayName,
    meta: {
      resourceType: "Group",
      created: row.createdAt.toISOString(),
      lastModified: row.updatedAt.toISOString(),
      location: `${baseUrl}/Groups/${row.id}`,
      version: etagOf(row.version),
    },
  };
}

export function memberValue(m: { directoryUserId: string; display: string | null }, baseUrl: string) {
  return { value: m.directoryUserId, ...(m.display ? { display: m.display } : {}), $ref: `${baseUrl}/Users/${m.directoryUserId}`, type: "User" };
}

const text = (expr: string, caseExact = false): ScalarTarget => ({ kind: "scalar", expr, type: "text", caseExact });

/** Filter storage map, alias `g` = directory_group. */
export function groupTargets(baseUrl: string): TargetMap {
  const meta = metaTargets("g", "Group", `${baseUrl}/Groups/`);
  return (path): Target | undefined => {
    if (path.uri) return { kind: "never" };
    switch (path.attr) {
      case "id":
        return { kind: "scalar", expr: `g."id"`, type: "uuid", caseExact: true };
      case "externalId":
        return text(`g."externalId"`, true);
      case "displayName":
        return { kind: "scalar", expr: `g."displayNameLower"`, type: "lowered", caseExact: false };
      case "meta":
        return meta(path.sub);
      case "members":
        return {
          kind: "multi",
          source: `"directory_group_member" gm WHERE gm."groupId" = g."id"`,
          sub: (name) =>
            name === "value" ? { kind: "scalar", expr: `gm."directoryUserId"`, type: "uuid", caseExact: true }
            : name === "display" ? text(`gm."display"`)
            : name === "type" ? text(`'User'`)
            : undefined,
          defaultSub: "value",
        };
      default:
        return { kind: "never" };
    }
  };
}
