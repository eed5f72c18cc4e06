import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";

// Adds .openapi(refId) so response shapes become named components ($ref) of the document.
extendZodWithOpenApi(z);

// Response shapes for the OpenAPI document. Requests use the domain schemas directly; responses are
// DTOs (plain mappers, not zod), so these mirror lib/<domain>/dto.ts and document.test.ts parses
// real DTO output with them so the two cannot drift apart.

const timestamp = z.iso.datetime();

export const errorSchema = z.strictObject({
  error: z.strictObject({
    code: z.string().meta({ description: "Machine-readable code, e.g. not_found, invalid_input, conflict", example: "invalid_input" }),
    message: z.string().meta({ description: "A sentence for humans" }),
    issues: z
      .array(z.strictObject({ path: z.string().meta({ example: "name" }), message: z.string() }))
      .optional()
      .meta({ description: "Field-level problems (validation errors)" }),
  }),
}).openapi("Error");

export const paginationSchema = z.strictObject({
  page: z.int().min(1),
  limit: z.int().min(1),
  total: z.int().min(0),
  totalPages: z.int().min(1),
}).openapi("Pagination");

/** `{ data, pagination }` as built by lib/http/pagination.ts toPage(). */
export const pageOf = <T extends z.ZodType>(item: T) => z.strictObject({ data: z.array(item), pagination: paginationSchema });

export const organizationSchema = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  domain: z.string().nullable(),
  isProvider: z.boolean(),
  isActive: z.boolean(),
  defaultRole: z.string(),
  memberCount: z.int().optional().meta({ description: "Present on lists and reads" }),
  createdAt: timestamp,
  updatedAt: timestamp,
  deactivatedAt: timestamp.nullable(),
}).openapi("Organization");

const scopeFields = {
  source: z.enum(["organization", "global"]).meta({ description: "Where the effective item is defined" }),
  orgId: z.uuid().nullable().meta({ description: "null for a global item" }),
  overridesGlobal: z.boolean().meta({ description: "An organization item that shadows a global one of the same name" }),
  createdAt: timestamp,
  updatedAt: timestamp,
};

export const configSchema = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  value: z.unknown().meta({ description: "Any JSON value; `********` when isSecret (secrets are never returned)" }),
  isSecret: z.boolean(),
  ...scopeFields,
}).openapi("Config");

const url = z.string().nullable();
export const oauthConnectionSchema = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  provider: z.string(),
  clientId: z.string(),
  hasClientSecret: z.boolean().meta({ description: "The client secret is write-only" }),
  scopes: z.array(z.string()),
  issuer: url,
  authorizationUrl: url,
  tokenUrl: url,
  userinfoUrl: url,
  jwksUrl: url,
  ...scopeFields,
}).openapi("OAuthConnection");

export const memberSchema = z.strictObject({
  id: z.uuid().meta({ description: "The membership id" }),
  userId: z.uuid(),
  email: z.email(),
  name: z.string().nullable(),
  role: z.string().meta({ description: "owner, admin, member or a custom role's name" }),
  status: z.enum(["active", "suspended"]),
  source: z.enum(["manual", "sso", "scim", "directory"]),
  createdAt: timestamp,
  updatedAt: timestamp,
}).openapi("Member");

export const ownershipTransferSchema = z.strictObject({
  owner: memberSchema,
  previousOwner: memberSchema.nullable(),
}).openapi("OwnershipTransfer");

export const roleSchema = z.strictObject({
  id: z.uuid().nullable().meta({ description: "null for the built-in roles" }),
  name: z.string(),
  description: z.string().nullable(),
  permissions: z.array(z.string()),
  rank: z.int(),
  source: z.enum(["builtin", "global", "org"]),
  isSystem: z.boolean(),
  overridesGlobal: z.boolean(),
  memberCount: z.int().optional(),
  createdAt: timestamp.nullable(),
  updatedAt: timestamp.nullable(),
}).openapi("Role");

export const roleListSchema = z.strictObject({ data: z.array(roleSchema) });

const apiKeyFields = {
  id: z.uuid(),
  orgId: z.uuid().nullable().meta({ description: "null for a platform-wide key" }),
  name: z.string(),
  prefix: z.string().meta({ description: "The visible start of the key, e.g. gh_AbC1234" }),
  scopes: z.array(z.string()),
  status: z.enum(["active", "expired", "revoked"]),
  createdById: z.uuid().nullable(),
  expiresAt: timestamp.nullable(),
  lastUsedAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
  createdAt: timestamp,
};
export const apiKeySchema = z.strictObject(apiKeyFields).openapi("ApiKey");
export const createdApiKeySchema = z.strictObject({
  ...apiKeyFields,
  secret: z.string().meta({ description: "The full key (gh_…). Returned once, here only: store it now" }),
}).openapi("CreatedApiKey");

const ref = z.strictObject({ type: z.string().nullable(), id: z.string().nullable(), label: z.string().nullable() });
export const auditEventSchema = z.strictObject({
  id: z.uuid(),
  orgId: z.uuid().nullable(),
  orgName: z.string().nullable(),
  actor: ref,
  action: z.string().meta({ example: "member.role_changed" }),
  target: ref,
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  createdAt: timestamp,
}).openapi("AuditEvent");

const membershipSummarySchema = z.strictObject({
  orgId: z.uuid(),
  orgName: z.string(),
  orgSlug: z.string(),
  isProvider: z.boolean(),
  isActive: z.boolean(),
  role: z.string(),
  since: timestamp,
});

export const meUserSchema = z.strictObject({
  id: z.uuid(),
  email: z.email(),
  name: z.string().nullable(),
  mfaEnabled: z.boolean(),
  mfaEnabledAt: timestamp.nullable(),
  lastLoginAt: timestamp.nullable(),
  createdAt: timestamp,
});

export const meSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("user"),
    user: meUserSchema,
    memberships: z.array(membershipSummarySchema),
    activeOrgId: z.uuid().nullable(),
    needsMfaEnrolment: z.boolean(),
    isProviderAdmin: z.boolean(),
  }),
  z.strictObject({
    type: z.literal("api_key"),
    apiKey: z.strictObject({ id: z.uuid(), label: z.string(), orgId: z.uuid().nullable(), scopes: z.array(z.string()) }),
    memberships: z.array(membershipSummarySchema).max(0),
    activeOrgId: z.uuid().nullable(),
  }),
]).openapi("Me");

export const sessionSchema = z.strictObject({
  id: z.uuid(),
  device: z.string().meta({ description: "Browser and OS, from the user agent" }),
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  source: z.string().meta({ description: "How the session was created, e.g. password or sso" }),
  createdAt: timestamp,
  lastSeenAt: timestamp,
  expiresAt: timestamp,
  mfaVerified: z.boolean(),
  isCurrent: z.boolean(),
}).openapi("Session");
