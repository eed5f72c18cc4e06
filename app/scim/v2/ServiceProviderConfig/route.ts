import { scimJson, scimRoute } from "@/lib/http/scim";
import { scimBaseUrl } from "@/lib/scim-common/base-url";
import { serviceProviderConfig } from "@/lib/scim-common/discovery";

export const GET = scimRoute({ scope: null, resourceType: "ServiceProviderConfig" }, async () => scimJson(serviceProviderConfig(scimBaseUrl())));
