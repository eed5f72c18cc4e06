/** RFC 7643 §5-7 discovery documents, generated from lib/scim/schema.ts so they say what we enforce. */
import { RESOURCE_SCHEMAS, SCHEMAS, SCHEMA_URNS, toResourceTypeResource, toSchemaResource } from "@/lib/scim/schema";
import { MAX_COUNT } from "./resource";

export function serviceProviderConfig(baseUrl: string) {
  return {
    schemas: [SCHEMA_URNS.serviceProviderConfig],
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_COUNT },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "OAuth Bearer Token",
        description: "A SCIM token created in Gatehouse (Governance → User Provisioning → SCIM), sent as Authorization: Bearer <token>.",
        primary: true,
      },
    ],
    meta: { resourceType: "ServiceProviderConfig", location: `${baseUrl}/ServiceProviderConfig` },
  };
}

const list = (resources: Record<string, unknown>[]) => ({
  schemas: [SCHEMA_URNS.listResponse],
  totalResults: resources.length,
  startIndex: 1,
  itemsPerPage: resources.length,
  Resources: resources,
});

export const schemasList = (baseUrl: string) => list(SCHEMAS.map((s) => toSchemaResource(s, baseUrl)));
export const schemaById = (id: string, baseUrl: string) => {
  const s = SCHEMAS.find((x) => x.id.toLowerCase() === id.toLowerCase());
  return s ? toSchemaResource(s, baseUrl) : null;
};
export const resourceTypesList = (baseUrl: string) => list(RESOURCE_SCHEMAS.map((r) => toResourceTypeResource(r, baseUrl)));
export const resourceTypeById = (id: string, baseUrl: string) => {
  const r = RESOURCE_SCHEMAS.find((x) => x.name.toLowerCase() === id.toLowerCase());
  return r ? toResourceTypeResource(r, baseUrl) : null;
};
