// Resource endpoints in another letter case (`/scim/v2/users`: Microsoft's reference suite sends it), and
// a SCIM 404 for anything else under /scim/v2. Static folders (Users, Groups, ...) win over this route.
import { AppError } from "@/lib/errors";
import { scimRoute } from "@/lib/http/scim";
import * as Users from "../Users/[[...id]]/route";
import * as Groups from "../Groups/[[...id]]/route";
import * as ServiceProviderConfig from "../ServiceProviderConfig/route";
import * as ResourceTypes from "../ResourceTypes/[[...id]]/route";
import * as Schemas from "../Schemas/[[...id]]/route";

type Handler = (request: Request, rc: { params: Promise<Record<string, string | string[] | undefined>> }) => Promise<Response>;
type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

const ENDPOINTS: Record<string, Partial<Record<Method, Handler>>> = {
  users: Users,
  groups: Groups,
  serviceproviderconfig: ServiceProviderConfig,
  resourcetypes: ResourceTypes,
  schemas: Schemas,
};

const notFound = scimRoute({ scope: null, resourceType: "Unknown" }, async ({ url }) => {
  throw new AppError("not_found", `No SCIM endpoint at ${url.pathname}`);
});

function dispatch(method: Method): Handler {
  return async (request, rc) => {
    const params = await rc.params;
    const [head = "", ...rest] = ([] as string[]).concat(params.path ?? []);
    const handler = ENDPOINTS[head.toLowerCase()]?.[method];
    if (!handler) return notFound(request, { params: Promise.resolve({}) });
    return handler(request, { params: Promise.resolve(rest.length ? { id: rest } : {}) });
  };
}

export const GET = dispatch("GET");
export const POST = dispatch("POST");
export const PUT = dispatch("PUT");
export const PATCH = dispatch("PATCH");
export const DELETE = dispatch("DELETE");
