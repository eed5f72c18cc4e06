import { AppError } from "@/lib/errors";
import { scimJson, scimRoute } from "@/lib/http/scim";
import { scimBaseUrl } from "@/lib/scim-common/base-url";
import { schemaById, schemasList } from "@/lib/scim-common/discovery";

export const GET = scimRoute({ scope: null, resourceType: "Schemas" }, async ({ segments, trace }) => {
  if (!segments.length) return scimJson(schemasList(scimBaseUrl()));
  const id = (trace.resourceId = segments.join("/"));
  const schema = segments.length === 1 ? schemaById(id, scimBaseUrl()) : null;
  if (!schema) throw new AppError("not_found", `Schema ${JSON.stringify(id)} not found`);
  return scimJson(schema);
});
