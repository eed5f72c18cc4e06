import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { SSO_PROVIDERS } from "./schemas";

// Response shapes of the sso-provider routes for the OpenAPI document (mirrors lib/sso/dto.ts).
extendZodWithOpenApi(z);

const timestamp = z.iso.datetime();
const check = z.strictObject({ check: z.string(), ok: z.boolean(), reason: z.string().nullable() });

export const ssoProviderResponse = z.looseObject({
  id: z.uuid(),
  orgId: z.uuid(),
  provider: z.enum(SSO_PROVIDERS),
  hasClientSecret: z.boolean().meta({ description: "The client secret is write-only" }),
  hasApiToken: z.boolean(),
  scopes: z.array(z.string()),
  userIdField: z.string(),
  rolesField: z.string().nullable(),
  teamIdsField: z.string().nullable(),
  attributeRoleMappings: z.array(z.unknown()),
  attributeTeamMappings: z.array(z.unknown()),
  attributeBusinessUnitMappings: z.array(z.unknown()),
  issuer: z.string().nullable().meta({ description: "null while it depends on an environment variable" }),
  redirectUri: z.string().meta({ description: "Register this at the provider" }),
  requireSso: z.boolean(),
  verifiedAt: timestamp.nullable(),
  lastVerifyChecks: z.array(check).nullable(),
  testSignIn: z.strictObject({ at: timestamp, email: z.string().nullable() }).nullable(),
  lastTestResult: z.unknown().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
}).openapi("SsoProvider");

export const ssoVerifyResponse = z.strictObject({ ok: z.boolean(), issuer: z.string().nullable(), checks: z.array(check) }).openapi("SsoVerifyResult");

export const ssoFailureResponse = z.strictObject({
  id: z.uuid(),
  traceId: z.string(),
  reason: z.string(),
  detail: z.string().nullable(),
  email: z.string().nullable(),
  claims: z.unknown(),
  test: z.boolean(),
  createdAt: timestamp,
}).openapi("SsoLoginFailure");
