/**
 * SCIM attribute definitions (RFC 7643 §4 and §8.7.1) as data: the PATCH engine and the filter resolver
 * read them, and `/Schemas` is generated from them, so what we advertise is what we enforce.
 */

export type AttributeType =
  | "string"
  | "boolean"
  | "decimal"
  | "integer"
  | "dateTime"
  | "binary"
  | "reference"
  | "complex";
export type Mutability = "readOnly" | "readWrite" | "immutable" | "writeOnly";
export type Returned = "always" | "never" | "default" | "request";
export type Uniqueness = "none" | "server" | "global";

export interface AttributeDef {
  readonly name: string;
  readonly type: AttributeType;
  readonly multiValued: boolean;
  readonly description: string;
  readonly required: boolean;
  readonly caseExact: boolean;
  readonly mutability: Mutability;
  readonly returned: Returned;
  readonly uniqueness: Uniqueness;
  readonly canonicalValues?: readonly string[];
  readonly referenceTypes?: readonly string[];
  readonly subAttributes?: readonly AttributeDef[];
}

export interface SchemaDef {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly attributes: readonly AttributeDef[];
}

export const SCHEMA_URNS = {
  user: "urn:ietf:params:scim:schemas:core:2.0:User",
  group: "urn:ietf:params:scim:schemas:core:2.0:Group",
  enterpriseUser: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
  patchOp: "urn:ietf:params:scim:api:messages:2.0:PatchOp",
  listResponse: "urn:ietf:params:scim:api:messages:2.0:ListResponse",
  error: "urn:ietf:params:scim:api:messages:2.0:Error",
  schema: "urn:ietf:params:scim:schemas:core:2.0:Schema",
  resourceType: "urn:ietf:params:scim:schemas:core:2.0:ResourceType",
  serviceProviderConfig: "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig",
} as const;

type AttrOpts = Partial<Omit<AttributeDef, "name" | "type" | "description">>;

// RFC 7643 §2.2 defaults: not required, not caseExact, readWrite, returned by default, no uniqueness.
function attr(name: string, type: AttributeType, description: string, opts: AttrOpts = {}): AttributeDef {
  return {
    name,
    type,
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: "readWrite",
    returned: "default",
    uniqueness: "none",
    ...opts,
  };
}

/** The value/display/type/primary shape shared by emails, phoneNumbers, ims, photos, entitlements... */
function multiValuedSubs(valueDesc: string, types: readonly string[] | undefined, valueOpts: AttrOpts = {}) {
  return [
    attr("value", "string", valueDesc, valueOpts),
    attr("display", "string", "A human-readable name, primarily used for display purposes."),
    attr("type", "string", "A label indicating the attribute's function.", types ? { canonicalValues: types } : {}),
    attr("primary", "boolean", "A Boolean value indicating the 'primary' or preferred attribute value."),
  ];
}

// RFC 7643 §3.1: id, externalId and meta belong to every resource but are not listed in /Schemas.
export const COMMON_ATTRIBUTES: readonly AttributeDef[] = [
  attr("id", "string", "Unique identifier for the SCIM resource as defined by the service provider.", {
    caseExact: true,
    mutability: "readOnly",
    returned: "always",
    uniqueness: "server",
  }),
  attr("externalId", "string", "Identifier for the resource as defined by the provisioning client.", {
    caseExact: true,
  }),
  attr("meta", "complex", "Resource metadata.", {
    mutability: "readOnly",
    subAttributes: [
      attr("resourceType", "string", "The name of the resource type of the resource.", {
        caseExact: true,
        mutability: "readOnly",
      }),
      attr("created", "dateTime", "When the resource was added to the service provider.", { mutability: "readOnly" }),
      attr("lastModified", "dateTime", "When the resource was last modified.", { mutability: "readOnly" }),
      attr("location", "reference", "The URI of the resource being returned.", {
        caseExact: true,
        mutability: "readOnly",
        referenceTypes: ["uri"],
      }),
      attr("version", "string", "The version (ETag) of the resource being returned.", {
        caseExact: true,
        mutability: "readOnly",
      }),
    ],
  }),
];

export const USER_SCHEMA: SchemaDef = {
  id: SCHEMA_URNS.user,
  name: "User",
  description: "User Account",
  attributes: [
    attr("userName", "string", "Unique identifier for the User, typically used by the user to directly authenticate.", {
      required: true,
      uniqueness: "server",
    }),
    attr("name", "complex", "The components of the user's real name.", {
      subAttributes: [
        attr("formatted", "string", "The full name, including all middle names, titles, and suffixes, formatted for display."),
        attr("familyName", "string", "The family name of the User, or last name."),
        attr("givenName", "string", "The given name of the User, or first name."),
        attr("middleName", "string", "The middle name(s) of the User."),
        attr("honorificPrefix", "string", "The honorific prefix(es) of the User, or title."),
        attr("honorificSuffix", "string", "The honorific suffix(es) of the User, or suffix."),
      ],
    }),
    attr("displayName", "string", "The name of the User, suitable for display to end-users."),
    attr("nickName", "string", "The casual way to address the user in real life."),
    attr("profileUrl", "reference", "A fully qualified URL pointing to a page representing the User's online profile.", {
      referenceTypes: ["external"],
    }),
    attr("title", "string", "The user's title, such as \"Vice President\"."),
    attr("userType", "string", "Used to identify the relationship between the organization and the user."),
    attr("preferredLanguage", "string", "Indicates the User's preferred written or spoken language."),
    attr("locale", "string", "Used to indicate the User's default location for localization purposes."),
    attr("timezone", "string", "The User's time zone in the 'Olson' time zone database format."),
    attr("active", "boolean", "A Boolean value indicating the User's administrative status."),
    attr("password", "string", "The User's cleartext password, used to set or compare a password. Never returned.", {
      mutability: "writeOnly",
      returned: "never",
    }),
    attr("emails", "complex", "Email addresses for the user.", {
      multiValued: true,
      subAttributes: multiValuedSubs("Email address for the user.", ["work", "home", "other"]),
    }),
    attr("phoneNumbers", "complex", "Phone numbers for the User.", {
      multiValued: true,
      subAttributes: multiValuedSubs("Phone number of the User.", ["work", "home", "mobile", "fax", "pager", "other"]),
    }),
    attr("ims", "complex", "Instant messaging addresses for the User.", {
      multiValued: true,
      subAttributes: multiValuedSubs("Instant messaging address for the User.", [
        "aim",
        "gtalk",
        "icq",
        "xmpp",
        "msn",
        "skype",
        "qq",
        "yahoo",
      ]),
    }),
    attr("photos", "complex", "URLs of photos of the User.", {
      multiValued: true,
      subAttributes: [
        attr("value", "reference", "URL of a photo of the User.", { referenceTypes: ["external"] }),
        ...multiValuedSubs("", ["photo", "thumbnail"]).slice(1),
      ],
    }),
    attr("addresses", "complex", "A physical mailing address for this User.", {
      multiValued: true,
      subAttributes: [
        attr("formatted", "string", "The full mailing address, formatted for display or use with a mailing label."),
        attr("streetAddress", "string", "The full street address component."),
        attr("locality", "string", "The city or locality component."),
        attr("region", "string", "The state or region component."),
        attr("postalCode", "string", "The zip code or postal code component."),
        attr("country", "string", "The country name component."),
        attr("type", "string", "A label indicating the attribute's function.", {
          canonicalValues: ["work", "home", "other"],
        }),
        attr("primary", "boolean", "A Boolean value indicating the 'primary' or preferred address."),
      ],
    }),
    attr("groups", "complex", "A list of groups to which the user belongs.", {
      multiValued: true,
      mutability: "readOnly",
      subAttributes: [
        attr("value", "string", "The identifier of the User's group.", { mutability: "readOnly" }),
        attr("$ref", "reference", "The URI of the corresponding 'Group' resource.", {
          mutability: "readOnly",
          referenceTypes: ["User", "Group"],
        }),
        attr("display", "string", "A human-readable name, primarily used for display purposes.", {
          mutability: "readOnly",
        }),
        attr("type", "string", "A label indicating the attribute's function.", {
          mutability: "readOnly",
          canonicalValues: ["direct", "indirect"],
        }),
      ],
    }),
    attr("entitlements", "complex", "A list of entitlements for the User.", {
      multiValued: true,
      subAttributes: multiValuedSubs("The value of an entitlement.", undefined),
    }),
    attr("roles", "complex", "A list of roles for the User.", {
      multiValued: true,
      subAttributes: multiValuedSubs("The value of a role.", undefined),
    }),
    attr("x509Certificates", "complex", "A list of certificates issued to the User.", {
      multiValued: true,
      subAttributes: [
        attr("value", "binary", "The value of an X.509 certificate."),
        ...multiValuedSubs("", undefined).slice(1),
      ],
    }),
  ],
};

export const GROUP_SCHEMA: SchemaDef = {
  id: SCHEMA_URNS.group,
  name: "Group",
  description: "Group",
  attributes: [
    attr("displayName", "string", "A human-readable name for the Group.", { required: true }),
    attr("members", "complex", "A list of members of the Group.", {
      multiValued: true,
      subAttributes: [
        attr("value", "string", "Identifier of the member of this Group.", { mutability: "immutable" }),
        attr("$ref", "reference", "The URI corresponding to a SCIM resource that is a member of this Group.", {
          mutability: "immutable",
          referenceTypes: ["User", "Group"],
        }),
        // Not in RFC 7643 §8.7.1, but every IdP sends it with a new member and the RFC examples return it.
        attr("display", "string", "A human-readable name for the member.", { mutability: "immutable" }),
        attr("type", "string", "A label indicating the type of resource, e.g. 'User' or 'Group'.", {
          mutability: "immutable",
          canonicalValues: ["User", "Group"],
        }),
      ],
    }),
  ],
};

export const ENTERPRISE_USER_SCHEMA: SchemaDef = {
  id: SCHEMA_URNS.enterpriseUser,
  name: "EnterpriseUser",
  description: "Enterprise User",
  attributes: [
    attr("employeeNumber", "string", "Numeric or alphanumeric identifier assigned to a person."),
    attr("costCenter", "string", "Identifies the name of a cost center."),
    attr("organization", "string", "Identifies the name of an organization."),
    attr("division", "string", "Identifies the name of a division."),
    attr("department", "string", "Identifies the name of a department."),
    attr("manager", "complex", "The User's manager.", {
      subAttributes: [
        attr("value", "string", "The id of the SCIM resource representing the User's manager."),
        attr("$ref", "reference", "The URI of the SCIM resource representing the User's manager.", {
          referenceTypes: ["User"],
        }),
        attr("displayName", "string", "The displayName of the User's manager.", { mutability: "readOnly" }),
      ],
    }),
  ],
};

export const SCHEMAS: readonly SchemaDef[] = [USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE_USER_SCHEMA];

export type ResourceTypeName = "User" | "Group";

/** A resource type with its core schema and extensions: what `applyPatch` and `resolveFilter` take. */
export interface ResourceSchema {
  readonly name: ResourceTypeName;
  readonly endpoint: string;
  readonly description: string;
  readonly core: SchemaDef;
  readonly extensions: readonly { readonly schema: SchemaDef; readonly required: boolean }[];
}

export const USER_RESOURCE: ResourceSchema = {
  name: "User",
  endpoint: "/Users",
  description: "User Account",
  core: USER_SCHEMA,
  extensions: [{ schema: ENTERPRISE_USER_SCHEMA, required: false }],
};

export const GROUP_RESOURCE: ResourceSchema = {
  name: "Group",
  endpoint: "/Groups",
  description: "Group",
  core: GROUP_SCHEMA,
  extensions: [],
};

export const RESOURCE_SCHEMAS: readonly ResourceSchema[] = [USER_RESOURCE, GROUP_RESOURCE];

const lower = (s: string) => s.toLowerCase();

/** RFC 7643 §2.1: attribute names are case-insensitive. */
export function findAttr(list: readonly AttributeDef[] | undefined, name: string): AttributeDef | undefined {
  if (!list) return undefined;
  const n = lower(name);
  return list.find((a) => lower(a.name) === n);
}

/** The schema (core or one of the extensions) whose id matches `urn`, case-insensitively. */
export function findSchema(rs: ResourceSchema, urn: string): SchemaDef | undefined {
  const u = lower(urn);
  if (lower(rs.core.id) === u) return rs.core;
  return rs.extensions.find((e) => lower(e.schema.id) === u)?.schema;
}

export type ResolvedAttribute = {
  /** The schema the attribute belongs to; `undefined` for the common attributes id/externalId/meta. */
  schema: SchemaDef | undefined;
  /** True when the attribute lives under the extension's URN key in the resource JSON. */
  isExtension: boolean;
  def: AttributeDef;
};

/**
 * Looks up a top-level attribute by optional schema URN and name. Without a URN only the core schema
 * and the common attributes are searched (RFC 7644 §3.10: only core attributes may omit the URN).
 */
export function resolveAttribute(rs: ResourceSchema, name: string, urn?: string): ResolvedAttribute | undefined {
  if (urn !== undefined) {
    const schema = findSchema(rs, urn);
    if (!schema) return undefined;
    const def = findAttr(schema.attributes, name);
    if (def) return { schema, isExtension: schema !== rs.core, def };
    const common = schema === rs.core ? findAttr(COMMON_ATTRIBUTES, name) : undefined;
    return common ? { schema: undefined, isExtension: false, def: common } : undefined;
  }
  const common = findAttr(COMMON_ATTRIBUTES, name);
  if (common) return { schema: undefined, isExtension: false, def: common };
  const core = findAttr(rs.core.attributes, name);
  return core ? { schema: rs.core, isExtension: false, def: core } : undefined;
}

/** All schema URNs a resource of this type may list in `schemas`. */
export function schemaUrns(rs: ResourceSchema): string[] {
  return [rs.core.id, ...rs.extensions.map((e) => e.schema.id)];
}

function attributeToDiscovery(a: AttributeDef): Record<string, unknown> {
  return {
    name: a.name,
    type: a.type,
    multiValued: a.multiValued,
    description: a.description,
    required: a.required,
    caseExact: a.caseExact,
    mutability: a.mutability,
    returned: a.returned,
    uniqueness: a.uniqueness,
    ...(a.canonicalValues ? { canonicalValues: [...a.canonicalValues] } : {}),
    ...(a.referenceTypes ? { referenceTypes: [...a.referenceTypes] } : {}),
    ...(a.subAttributes ? { subAttributes: a.subAttributes.map(attributeToDiscovery) } : {}),
  };
}

/** RFC 7643 §7 / §8.7.1: the `/Schemas/{id}` representation of a schema. */
export function toSchemaResource(schema: SchemaDef, baseUrl?: string): Record<string, unknown> {
  return {
    schemas: [SCHEMA_URNS.schema],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: schema.attributes.map(attributeToDiscovery),
    meta: {
      resourceType: "Schema",
      ...(baseUrl ? { location: `${baseUrl.replace(/\/+$/, "")}/Schemas/${schema.id}` } : {}),
    },
  };
}

/** RFC 7643 §6: the `/ResourceTypes/{name}` representation. */
export function toResourceTypeResource(rs: ResourceSchema, baseUrl?: string): Record<string, unknown> {
  return {
    schemas: [SCHEMA_URNS.resourceType],
    id: rs.name,
    name: rs.name,
    endpoint: rs.endpoint,
    description: rs.description,
    schema: rs.core.id,
    schemaExtensions: rs.extensions.map((e) => ({ schema: e.schema.id, required: e.required })),
    meta: {
      resourceType: "ResourceType",
      ...(baseUrl ? { location: `${baseUrl.replace(/\/+$/, "")}/ResourceTypes/${rs.name}` } : {}),
    },
  };
}
