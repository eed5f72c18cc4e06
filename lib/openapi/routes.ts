import { z } from "zod";
import {
  createOrganizationSchema,
  listOrganizationsQuerySchema,
  updateOrganizationSchema,
  switchOrganizationSchema,
} from "@/lib/organizations/schemas";
import { createConfigSchema, configNameParamsSchema, listConfigsQuerySchema, putConfigSchema } from "@/lib/configs/schemas";
import {
  createOAuthConnectionSchema,
  listOAuthConnectionsQuerySchema,
  oauthConnectionNameParamsSchema,
  putOAuthConnectionSchema,
} from "@/lib/oauth-connections/schemas";
import { createMemberSchema, listMembersQuerySchema, memberParamsSchema, transferOwnershipSchema, updateMemberRoleSchema } from "@/lib/members/schemas";
import { createRoleSchema, listRolesQuerySchema, roleParamsSchema, updateRoleSchema } from "@/lib/roles/schemas";
import { apiKeyParamsSchema, createApiKeySchema, listApiKeysQuerySchema } from "@/lib/api-keys/schemas";
import {
  exportAllAuditEventsQuerySchema,
  exportAuditEventsQuerySchema,
  listAllAuditEventsQuerySchema,
  listAuditEventsQuerySchema,
} from "@/lib/audit/schemas";
import { EXPORT_CONTENT_TYPES } from "@/lib/audit/export";
import {
  apiKeySchema,
  auditEventSchema,
  configSchema,
  createdApiKeySchema,
  memberSchema,
  oauthConnectionSchema,
  organizationSchema,
  ownershipTransferSchema,
  pageOf,
  roleListSchema,
  roleSchema,
  meSchema,
  sessionSchema,
} from "./responses";
import { pageQuerySchema } from "@/lib/http/pagination";
import { sessionIdParams } from "@/lib/auth/schemas";
import { listFailuresQuerySchema, ssoConfigSchema } from "@/lib/sso/schemas";
import { ssoFailureResponse, ssoProviderResponse, ssoVerifyResponse } from "@/lib/sso/openapi";
import { createScimTokenSchema, listScimTokensQuerySchema, scimTokenParamsSchema } from "@/lib/scim-tokens/schemas";
import { createdScimTokenResponse, scimTokenResponse } from "@/lib/scim-tokens/openapi";
import { provisioningConfigSchema } from "@/lib/provisioning/schemas";
import { provisioningResponse, provisioningVerifyResponse } from "@/lib/provisioning/openapi";
import { bulkInvitationsSchema, createInvitationSchema, invitationParamsSchema, listInvitationsQuerySchema, resendInvitationSchema } from "@/lib/invitations/schemas";
import { bulkInvitationsResponse, createdInvitationResponse, invitationResponse } from "@/lib/invitations/openapi";
import { createDomainSchema, domainParamsSchema, listDomainsQuerySchema, updateDomainSchema } from "@/lib/domains/schemas";
import { domainResponse, startVerificationResponse } from "@/lib/domains/openapi";
import { listRunsQuerySchema, previewImportSchema } from "@/lib/directory-sync/schemas";
import { runParamsSchema, startJobSchema } from "@/lib/jobs/schemas";
import { previewResponse, startJobResponse, syncRunDetailResponse, syncRunResponse } from "@/lib/jobs/openapi";

// The route table of /api/v1. Every entry must match an exported handler of
// app/api/v1/**/route.ts and every exported handler must be here (routes.test.ts checks both).
// Requests use the very schemas the routes parse with.

export type Method = "get" | "post" | "put" | "patch" | "delete";
export type Tag = "Organizations" | "Members" | "Roles" | "Configs" | "OAuth connections" | "API keys" | "Audit" | "Account" | "SSO" | "SCIM" | "Invitations" | "Domains" | "Provisioning";

type ParamsSchema = z.ZodObject;

export type ApiRoute = {
  method: Method;
  /** OpenAPI path under /api/v1; `{x}` is the `[x]` folder of the route file. */
  path: string;
  summary: string;
  description?: string;
  tag: Tag;
  /** Path parameters the route validates itself; the rest default to UUIDs. */
  params?: ParamsSchema;
  query?: z.ZodType;
  body?: z.ZodType;
  ok: { status: 200 | 201 | 202 | 204; description: string; schema?: z.ZodType; contentTypes?: string[] };
  /** An upsert also answers 201 (same body) when it created the item. */
  created?: string;
  /** 409 answers worth documenting (others are derived from the shape of the route). */
  conflict?: string;
};

const orgPage = pageOf(organizationSchema);

const organizations: ApiRoute[] = [
  {
    method: "get", path: "/organizations", tag: "Organizations",
    summary: "List organizations",
    description: "Provider administrators and platform keys see every organization; others only their own.",
    query: listOrganizationsQuerySchema,
    ok: { status: 200, description: "A page of organizations", schema: orgPage },
  },
  {
    method: "post", path: "/organizations", tag: "Organizations",
    summary: "Create an organization",
    description: "Provider administrators and platform keys (with org:update) only.",
    body: createOrganizationSchema,
    ok: { status: 201, description: "The new organization", schema: organizationSchema },
    conflict: "The slug is taken",
  },
  {
    method: "get", path: "/organizations/{id}", tag: "Organizations",
    summary: "Get an organization",
    ok: { status: 200, description: "The organization", schema: organizationSchema },
  },
  {
    method: "put", path: "/organizations/{id}", tag: "Organizations",
    summary: "Update an organization",
    description: "`isActive` (deactivate/reactivate) needs a provider administrator.",
    body: updateOrganizationSchema,
    ok: { status: 200, description: "The updated organization", schema: organizationSchema },
    conflict: "The slug is taken, or the provider organization cannot be deactivated",
  },
  {
    method: "patch", path: "/organizations/{id}", tag: "Organizations",
    summary: "Update an organization (same as PUT)",
    body: updateOrganizationSchema,
    ok: { status: 200, description: "The updated organization", schema: organizationSchema },
    conflict: "The slug is taken, or the provider organization cannot be deactivated",
  },
  {
    method: "delete", path: "/organizations/{id}", tag: "Organizations",
    summary: "Delete an organization",
    description: "Removes the organization's data; its audit events are kept. Owners and provider administrators only.",
    ok: { status: 204, description: "Deleted" },
    conflict: "The provider organization cannot be deleted",
  },
  {
    method: "post", path: "/organizations/switch", tag: "Organizations",
    summary: "Switch the session's active organization",
    description: "Interactive sessions only (API keys are bound to their organization). Pages and API calls then act in this organization.",
    body: switchOrganizationSchema,
    ok: { status: 200, description: "The organization now active", schema: organizationSchema },
  },
];

/**
 * Items that exist per organization and globally (organization id null), addressed by name:
 * reads in an organization resolve its item, else the global one.
 */
function scopedByName(o: {
  tag: Tag; segment: string; noun: string; item: z.ZodType;
  listQuery: z.ZodType; create: z.ZodType; put: z.ZodType; nameParams: ParamsSchema;
}): ApiRoute[] {
  const page = pageOf(o.item);
  return [
    { prefix: "/organizations/{id}", where: "in an organization", list: `The effective ${o.noun}s: the organization's, plus the global ones it does not override.`, get: `The organization's ${o.noun} of that name, else the global one.` },
    { prefix: "", where: "(global)", list: `Global ${o.noun}s. Provider administrators and platform keys only.`, get: `A global ${o.noun}. Provider administrators and platform keys only.` },
  ].flatMap(({ prefix, where, list, get }): ApiRoute[] => [
    { method: "get", path: `${prefix}/${o.segment}`, tag: o.tag, summary: `List ${o.noun}s ${where}`, description: list, query: o.listQuery, ok: { status: 200, description: `A page of ${o.noun}s`, schema: page } },
    { method: "post", path: `${prefix}/${o.segment}`, tag: o.tag, summary: `Create a ${o.noun} ${where}`, body: o.create, ok: { status: 201, description: `The new ${o.noun}`, schema: o.item }, conflict: `A ${o.noun} of that name exists` },
    { method: "get", path: `${prefix}/${o.segment}/{name}`, tag: o.tag, summary: `Get a ${o.noun} ${where}`, description: get, params: o.nameParams, ok: { status: 200, description: `The ${o.noun}`, schema: o.item } },
    { method: "put", path: `${prefix}/${o.segment}/{name}`, tag: o.tag, summary: `Create or replace a ${o.noun} ${where}`, params: o.nameParams, body: o.put, ok: { status: 200, description: `The replaced ${o.noun}`, schema: o.item }, created: `The ${o.noun} was created` },
    { method: "delete", path: `${prefix}/${o.segment}/{name}`, tag: o.tag, summary: `Delete a ${o.noun} ${where}`, params: o.nameParams, ok: { status: 204, description: "Deleted" } },
  ]);
}

const configs = scopedByName({
  tag: "Configs", segment: "configs", noun: "config", item: configSchema,
  listQuery: listConfigsQuerySchema, create: createConfigSchema, put: putConfigSchema, nameParams: configNameParamsSchema,
});

const oauthConnections = scopedByName({
  tag: "OAuth connections", segment: "oauth-connections", noun: "OAuth connection", item: oauthConnectionSchema,
  listQuery: listOAuthConnectionsQuerySchema, create: createOAuthConnectionSchema, put: putOAuthConnectionSchema, nameParams: oauthConnectionNameParamsSchema,
});

const members: ApiRoute[] = [
  {
    method: "get", path: "/organizations/{id}/members", tag: "Members",
    summary: "List members", query: listMembersQuerySchema,
    ok: { status: 200, description: "A page of members", schema: pageOf(memberSchema) },
  },
  {
    method: "post", path: "/organizations/{id}/members", tag: "Members",
    summary: "Add a member",
    description: "Adds the user with this email (creating the account when there is none). `role` defaults to the organization's default role.",
    body: createMemberSchema,
    ok: { status: 201, description: "The new membership", schema: memberSchema },
    conflict: "The user is already a member",
  },
  {
    method: "delete", path: "/organizations/{id}/members/{userId}", tag: "Members",
    summary: "Remove a member", params: memberParamsSchema,
    ok: { status: 204, description: "Removed" },
    conflict: "The last owner cannot be removed",
  },
  ...(["patch", "put"] as const).map((method): ApiRoute => ({
    method, path: "/organizations/{id}/members/{userId}/role", tag: "Members",
    summary: method === "patch" ? "Change a member's role" : "Change a member's role (same as PATCH)",
    params: memberParamsSchema, body: updateMemberRoleSchema,
    ok: { status: 200, description: "The updated membership", schema: memberSchema },
    conflict: "The last owner cannot be demoted",
  })),
  {
    method: "post", path: "/organizations/{id}/transfer-ownership", tag: "Members",
    summary: "Transfer ownership to another member",
    body: transferOwnershipSchema,
    ok: { status: 200, description: "The new owner and the previous one", schema: ownershipTransferSchema },
  },
];

const roles: ApiRoute[] = [
  { prefix: "/organizations/{id}", where: "in an organization", list: "Built-in roles, the global custom roles and the organization's own (which may override a global one)." },
  { prefix: "", where: "(global)", list: "Global custom roles. Provider administrators and platform keys only." },
].flatMap(({ prefix, where, list }): ApiRoute[] => [
  { method: "get", path: `${prefix}/roles`, tag: "Roles", summary: `List roles ${where}`, description: list, ...(prefix ? { query: listRolesQuerySchema } : {}), ok: { status: 200, description: "The roles", schema: roleListSchema } },
  { method: "post", path: `${prefix}/roles`, tag: "Roles", summary: `Create a custom role ${where}`, body: createRoleSchema, ok: { status: 201, description: "The new role", schema: roleSchema }, conflict: "A role of that name exists" },
  { method: "get", path: `${prefix}/roles/{roleId}`, tag: "Roles", summary: `Get a custom role ${where}`, params: roleParamsSchema, ok: { status: 200, description: "The role", schema: roleSchema } },
  ...(["put", "patch"] as const).map((method): ApiRoute => ({
    method, path: `${prefix}/roles/{roleId}`, tag: "Roles", summary: `Update a custom role ${where}${method === "patch" ? " (same as PUT)" : ""}`,
    params: roleParamsSchema, body: updateRoleSchema, ok: { status: 200, description: "The updated role", schema: roleSchema }, conflict: "A role of that name exists",
  })),
  { method: "delete", path: `${prefix}/roles/{roleId}`, tag: "Roles", summary: `Delete a custom role ${where}`, params: roleParamsSchema, ok: { status: 204, description: "Deleted" }, conflict: "Members still hold the role" },
]);

const apiKeys: ApiRoute[] = [
  { prefix: "/organizations/{id}", where: "of an organization", who: "Organization admins." },
  { prefix: "", where: "(platform-wide)", who: "Platform-wide keys act in every organization. Provider administrators only." },
].flatMap(({ prefix, where, who }): ApiRoute[] => [
  { method: "get", path: `${prefix}/api-keys`, tag: "API keys", summary: `List API keys ${where}`, query: listApiKeysQuerySchema, ok: { status: 200, description: "A page of keys (never the secrets)", schema: pageOf(apiKeySchema) } },
  {
    method: "post", path: `${prefix}/api-keys`, tag: "API keys", summary: `Create an API key ${where}`,
    description: `${who} The response holds the secret, once; only its hash is stored. \`scopes\` defaults to every permission the creator holds.`,
    body: createApiKeySchema, ok: { status: 201, description: "The new key with its secret", schema: createdApiKeySchema },
  },
  { method: "delete", path: `${prefix}/api-keys/{keyId}`, tag: "API keys", summary: `Revoke an API key ${where}`, params: apiKeyParamsSchema, ok: { status: 200, description: "The revoked key", schema: apiKeySchema } },
]);

const exportTypes = Object.values(EXPORT_CONTENT_TYPES).map((t) => t.split(";")[0]!.trim());
const audit: ApiRoute[] = [
  { prefix: "/organizations/{id}", where: "of an organization", list: listAuditEventsQuerySchema, exp: exportAuditEventsQuerySchema, who: "" },
  { prefix: "", where: "of every organization", list: listAllAuditEventsQuerySchema, exp: exportAllAuditEventsQuerySchema, who: "Provider administrators and platform keys only. " },
].flatMap(({ prefix, where, list, exp, who }): ApiRoute[] => [
  {
    method: "get", path: `${prefix}/audit-events`, tag: "Audit", summary: `List audit events ${where}`,
    description: `${who}Newest first; filter by actor, action (or a prefix such as member.*) and date range.`,
    query: list, ok: { status: 200, description: "A page of events", schema: pageOf(auditEventSchema) },
  },
  {
    method: "get", path: `${prefix}/audit-events/export`, tag: "Audit", summary: `Export audit events ${where}`,
    description: `${who}Streams every matching event as CSV (with a header row) or JSON Lines (one event per line), as a download.`,
    query: exp, ok: { status: 200, description: "The export file", schema: z.string(), contentTypes: exportTypes },
  },
]);

const account: ApiRoute[] = [
  {
    method: "get", path: "/me", tag: "Account", summary: "Who is calling",
    description: "The signed-in user with their memberships, or the API key with its organization and scopes.",
    ok: { status: 200, description: "The caller", schema: meSchema },
  },
  {
    method: "get", path: "/me/sessions", tag: "Account", summary: "List my active sessions",
    query: pageQuerySchema, ok: { status: 200, description: "A page of sessions, most recently used first", schema: pageOf(sessionSchema) },
  },
  {
    method: "delete", path: "/me/sessions/{id}", tag: "Account", summary: "Revoke one of my sessions",
    params: sessionIdParams, ok: { status: 204, description: "Revoked" },
  },
];

// Issue #4: the organization's OIDC provider (lib/sso).
const ssoProvider: ApiRoute[] = [
  { method: "get", path: "/organizations/{id}/sso-provider", tag: "SSO", summary: "Get the SSO provider", description: "Provider fields as saved (`env.VAR_NAME` references shown as written); secrets are never returned (`hasClientSecret`).", ok: { status: 200, description: "The provider", schema: ssoProviderResponse } },
  { method: "put", path: "/organizations/{id}/sso-provider", tag: "SSO", summary: "Create or replace the SSO provider", description: "A discriminated union on `provider` (okta, entra, keycloak, zitadel, google, oidc). `clientSecret` is write-only: omit it to keep the stored one. `requireSso: true` needs a successful non-admin test sign-in and a break-glass owner (412 otherwise).", body: ssoConfigSchema, ok: { status: 200, description: "The replaced provider", schema: ssoProviderResponse }, created: "The provider was created" },
  { method: "delete", path: "/organizations/{id}/sso-provider", tag: "SSO", summary: "Remove the SSO provider", ok: { status: 204, description: "Removed" } },
  { method: "post", path: "/organizations/{id}/sso-provider/verify", tag: "SSO", summary: "Verify the SSO provider", description: "Fetches discovery and the JWKS and checks the issuer; each check is reported with the reason it failed.", ok: { status: 200, description: "The checks", schema: ssoVerifyResponse } },
  { method: "get", path: "/organizations/{id}/sso-provider/failures", tag: "SSO", summary: "List failed SSO sign-ins (last 7 days)", query: listFailuresQuerySchema, ok: { status: 200, description: "A page of failures", schema: pageOf(ssoFailureResponse) } },
];

// Issue #5: tokens identity providers use at /scim/v2 (lib/scim-tokens).
const scimTokens: ApiRoute[] = [
  { method: "get", path: "/organizations/{id}/scim-tokens", tag: "SCIM", summary: "List SCIM tokens", query: listScimTokensQuerySchema, ok: { status: 200, description: "A page of tokens (never the secrets)", schema: pageOf(scimTokenResponse) } },
  { method: "post", path: "/organizations/{id}/scim-tokens", tag: "SCIM", summary: "Create a SCIM token", description: "The response holds the secret, once, and the SCIM base URL to give the identity provider; only the token's hash is stored. Several tokens may be active, so a rotation can overlap. `scopes` defaults to all four.", body: createScimTokenSchema, ok: { status: 201, description: "The new token with its secret", schema: createdScimTokenResponse } },
  { method: "delete", path: "/organizations/{id}/scim-tokens/{tokenId}", tag: "SCIM", summary: "Revoke a SCIM token", description: "The next SCIM request with the token is refused (401).", params: scimTokenParamsSchema, ok: { status: 200, description: "The revoked token", schema: scimTokenResponse } },
];

// Issue #6: the organization's directory-sync connection (lib/provisioning).
const provisioning: ApiRoute[] = [
  { method: "get", path: "/organizations/{id}/provisioning", tag: "Provisioning", summary: "Get the directory-sync configuration", description: "Provider fields as saved (`env.VAR_NAME` references shown as written); secrets are never returned (`hasClientSecret`, `hasApiToken`, ...). 404 when none is configured.", ok: { status: 200, description: "The configuration", schema: provisioningResponse } },
  { method: "put", path: "/organizations/{id}/provisioning", tag: "Provisioning", summary: "Create or replace the directory-sync configuration", description: "A discriminated union on `provider` (okta, entra, keycloak, zitadel, google, sailpoint). Secrets are write-only: omit one to keep the stored value, send null to remove it. Mapping arrays, when given, replace the organization's rules (shared with SSO). SailPoint takes plain values only (no `env.*`).", body: provisioningConfigSchema, ok: { status: 200, description: "The saved configuration", schema: provisioningResponse }, conflict: "Managed by gatehouse.config.json (restart to change)" },
  { method: "post", path: "/organizations/{id}/provisioning/verify", tag: "Provisioning", summary: "Verify the directory connection", description: "Resolves the configuration, then reaches the provider's token and directory endpoints; each check is reported with its reason.", ok: { status: 200, description: "The checks", schema: provisioningVerifyResponse } },
  { method: "post", path: "/organizations/{id}/provisioning/preview", tag: "Provisioning", summary: "Preview an import", description: "Reads up to 50 directory users matching the filter and shows the role, teams and business units each would get and whether an import would create, update, leave or skip them. Writes nothing.", body: previewImportSchema, ok: { status: 200, description: "The preview", schema: previewResponse } },
  { method: "get", path: "/organizations/{id}/provisioning/runs", tag: "Provisioning", summary: "List sync runs", description: "Imports, team syncs, reconciliations and session checks, newest first, with counts, duration, status and error.", query: listRunsQuerySchema, ok: { status: 200, description: "A page of runs", schema: pageOf(syncRunResponse) } },
  { method: "post", path: "/organizations/{id}/provisioning/runs", tag: "Provisioning", summary: "Run a job now", description: "Creates the run, then hands it to Inngest when configured and reachable, or works it in the Gatehouse server (answering 202 at once). `wait: true` works it in the request and answers 200 with the finished run. `filter` is for imports only.", body: startJobSchema, ok: { status: 202, description: "The run was started", schema: startJobResponse }, conflict: "A run of this kind is already running in this organization" },
  { method: "get", path: "/organizations/{id}/provisioning/runs/{runId}", tag: "Provisioning", summary: "Get a sync run", description: "With the people skipped and why, errors, drift found, and the decommissions waiting for approval.", params: runParamsSchema, ok: { status: 200, description: "The run", schema: syncRunDetailResponse } },
  { method: "post", path: "/organizations/{id}/provisioning/runs/{runId}/approve", tag: "Provisioning", summary: "Approve a run's decommissions", description: "For a run that stopped because it would decommission more than the configured share of imported users: applies them.", params: runParamsSchema, ok: { status: 200, description: "The finished run", schema: syncRunResponse }, conflict: "The run is not waiting for approval" },
  { method: "post", path: "/organizations/{id}/provisioning/runs/{runId}/reject", tag: "Provisioning", summary: "Reject a run's decommissions", description: "Cancels a run waiting for approval; nobody is decommissioned.", params: runParamsSchema, ok: { status: 200, description: "The cancelled run", schema: syncRunResponse }, conflict: "The run is not waiting for approval" },
];

// Issue #3: invitations and verified domains (lib/invitations, lib/domains).
const invitations: ApiRoute[] = [
  { method: "get", path: "/organizations/{id}/invitations", tag: "Invitations", summary: "List invitations", description: "Newest first; filter by status (expired is derived) and email.", query: listInvitationsQuerySchema, ok: { status: 200, description: "A page of invitations (never their tokens)", schema: pageOf(invitationResponse) } },
  { method: "post", path: "/organizations/{id}/invitations", tag: "Invitations", summary: "Invite someone", description: "Emails a single-use link (valid 1 to 30 days, 7 by default). The role defaults to the organization's default role and may not outrank the caller. In production without SMTP_URL the request is refused (412) before anything is written.", body: createInvitationSchema, ok: { status: 201, description: "The invitation and how the email went", schema: createdInvitationResponse }, conflict: "Already a member, or a pending invitation exists for this address" },
  { method: "post", path: "/organizations/{id}/invitations/bulk", tag: "Invitations", summary: "Invite up to 50 people", description: "Send `rows` or `csv` (email[,role] per line, optional header). `dryRun: true` classifies every row (will-invite, already-member, already-invited, invalid) and writes nothing. Otherwise any invalid row (malformed, duplicate, unknown or forbidden role) refuses the whole request (422, per-row issues); already-member and already-invited rows are skipped; the rest are written in one transaction and emailed. More than 50 rows: 422.", body: bulkInvitationsSchema, ok: { status: 200, description: "The preview (dryRun), or the result when nothing new was invited", schema: bulkInvitationsResponse }, created: "At least one invitation was created" },
  { method: "get", path: "/organizations/{id}/invitations/{invitationId}", tag: "Invitations", summary: "Get an invitation", params: invitationParamsSchema, ok: { status: 200, description: "The invitation", schema: invitationResponse } },
  { method: "delete", path: "/organizations/{id}/invitations/{invitationId}", tag: "Invitations", summary: "Revoke an invitation", description: "The link stops working; revoking twice is a no-op. The row is kept with status revoked.", params: invitationParamsSchema, ok: { status: 200, description: "The revoked invitation", schema: invitationResponse }, conflict: "The invitation was already accepted" },
  { method: "post", path: "/organizations/{id}/invitations/{invitationId}/resend", tag: "Invitations", summary: "Resend an invitation", description: "New token (the previous link stops working), new expiry, sendCount + 1. Works for pending and expired invitations.", params: invitationParamsSchema, body: resendInvitationSchema, ok: { status: 200, description: "The invitation and how the email went", schema: createdInvitationResponse }, conflict: "Accepted or revoked, or a newer invitation exists" },
];

const domains: ApiRoute[] = [
  { method: "get", path: "/organizations/{id}/domains", tag: "Domains", summary: "List domains", query: listDomainsQuerySchema, ok: { status: 200, description: "A page of domains", schema: pageOf(domainResponse) } },
  { method: "post", path: "/organizations/{id}/domains", tag: "Domains", summary: "Add a domain", description: "Lower-cased, IDN converted to punycode, syntax checked; public mailbox domains (gmail.com…) are refused. The response carries the TXT record to publish.", body: createDomainSchema, ok: { status: 201, description: "The new, pending domain", schema: domainResponse }, conflict: "Already added here, or verified by another organization (which is never named)" },
  { method: "get", path: "/organizations/{id}/domains/{domainId}", tag: "Domains", summary: "Get a domain", params: domainParamsSchema, ok: { status: 200, description: "The domain", schema: domainResponse } },
  { method: "patch", path: "/organizations/{id}/domains/{domainId}", tag: "Domains", summary: "Change routing and auto-join", description: "Turning either on, or choosing the auto-join role, needs a verified domain; turning them off is always allowed. The auto-join role cannot be owner or outrank the caller.", params: domainParamsSchema, body: updateDomainSchema, ok: { status: 200, description: "The updated domain", schema: domainResponse }, conflict: "The domain is not verified" },
  { method: "delete", path: "/organizations/{id}/domains/{domainId}", tag: "Domains", summary: "Remove a domain", params: domainParamsSchema, ok: { status: 204, description: "Removed" } },
  { method: "post", path: "/organizations/{id}/domains/{domainId}/verify", tag: "Domains", summary: "Start background verification", description: "Opens a 72-hour window in which an Inngest function re-checks the TXT record with backoff. Without Inngest the answer says so (`scheduled: false`): use confirm.", params: domainParamsSchema, ok: { status: 202, description: "Verification started", schema: startVerificationResponse }, conflict: "Already verified" },
  { method: "post", path: "/organizations/{id}/domains/{domainId}/confirm", tag: "Domains", summary: "Check the TXT record now", description: "The domain comes back verified, or failed with `failureReason`.", params: domainParamsSchema, ok: { status: 200, description: "The domain after the check", schema: domainResponse }, conflict: "Verified by another organization meanwhile" },
];

export const API_ROUTES: ApiRoute[] = [...organizations, ...members, ...roles, ...configs, ...oauthConnections, ...apiKeys, ...audit, ...account, ...ssoProvider, ...scimTokens, ...provisioning, ...invitations, ...domains];
