import { AppError } from "@/lib/errors";
import { scimJson, scimRoute } from "@/lib/http/scim";
import { scimBaseUrl } from "@/lib/scim-common/base-url";
import { resourceTypeById, resourceTypesList } from "@/lib/scim-common/discovery";

export const GET = scimRoute({ scope: null, resourceType: "ResourceTypes" }, async ({ segments, trace }) => {
  if (!segments.length) return scimJson(resourceTypesList(scimBaseUrl()));
  const id = (trace.resourceId = segments.join("/"));
  const rt = segments.length === 1 ? resourceTypeById(id, scimBaseUrl()) : null;
  if (!rt) throw new AppError("not_found", `ResourceType ${JSON.stringify(id)} not found`);
  return scimJson(rt);
});
