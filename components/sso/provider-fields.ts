import { ENTRA_CLOUDS, type SsoProvider } from "@/lib/sso/schemas";
import type { SsoConnectionDto } from "@/lib/sso/dto";

// What the SSO form shows per provider (issue #4's field list), and the form's value shape.

export const PROVIDER_LABELS: Record<SsoProvider, string> = {
  okta: "Okta",
  entra: "Microsoft Entra ID",
  keycloak: "Keycloak",
  zitadel: "ZITADEL",
  google: "Google Workspace",
  oidc: "Any OpenID Connect provider",
};

export const CLOUD_LABELS: Record<(typeof ENTRA_CLOUDS)[number], string> = {
  commercial: "Commercial (login.microsoftonline.com)",
  "gcc-high": "US Government GCC High (login.microsoftonline.us)",
  dod: "US Government DoD (login.microsoftonline.us)",
};

export type FieldSpec = { name: ProviderField; label: string; placeholder?: string; hint?: string; required?: boolean; url?: boolean; secret?: boolean; select?: "cloud" };

export type ProviderField =
  | "issuerUrl" | "apiToken" | "tenantId" | "cloud" | "appIdUri" | "allowedTenants" | "serverUrl" | "realm" | "domain" | "projectId"
  | "issuer" | "authorizationEndpoint" | "tokenEndpoint" | "userinfoEndpoint" | "jwksUri";

const ENV_HINT = "May be env.VAR_NAME.";

export const PROVIDER_FIELD_SPECS: Record<SsoProvider, FieldSpec[]> = {
  okta: [
    { name: "issuerUrl", label: "Issuer URL", placeholder: "https://acme.okta.com/oauth2/default", hint: `The org or a custom authorization server. ${ENV_HINT}`, required: true, url: true },
    { name: "apiToken", label: "API token", hint: "Optional, write-only: for reading groups from Okta's API.", secret: true },
  ],
  entra: [
    { name: "tenantId", label: "Tenant ID", placeholder: "00000000-0000-0000-0000-000000000000 or common", hint: `Directory (tenant) id, a verified tenant domain, or "common". ${ENV_HINT}`, required: true },
    { name: "cloud", label: "Cloud", select: "cloud", required: true },
    { name: "appIdUri", label: "Application ID URI", placeholder: "api://gatehouse", hint: "Optional: the audience of v1.0 tokens." },
    { name: "allowedTenants", label: "Allowed tenants", placeholder: "Any tenant when empty", hint: 'With "common" or "organizations": the directory (tenant) ids whose people may sign in, separated by spaces.' },
  ],
  keycloak: [
    { name: "serverUrl", label: "Server URL", placeholder: "https://keycloak.acme.com", hint: `Without /realms/… ${ENV_HINT}`, required: true, url: true },
    { name: "realm", label: "Realm", placeholder: "acme", required: true },
  ],
  zitadel: [
    { name: "domain", label: "Instance domain", placeholder: "acme.zitadel.cloud", required: true },
    { name: "projectId", label: "Project ID", placeholder: "241856781328426253", hint: "Optional: roles are read from this project's role claim." },
  ],
  google: [{ name: "domain", label: "Workspace domain (hd)", placeholder: "acme.com", hint: "Only accounts of this hosted domain may sign in.", required: true }],
  oidc: [
    { name: "issuer", label: "Issuer", placeholder: "https://id.acme.com", hint: `Checked against every ID token's iss. ${ENV_HINT}`, required: true, url: true },
    { name: "authorizationEndpoint", label: "Authorization endpoint", placeholder: "Discovered when empty", url: true },
    { name: "tokenEndpoint", label: "Token endpoint", placeholder: "Discovered when empty", url: true },
    { name: "userinfoEndpoint", label: "Userinfo endpoint", placeholder: "Discovered when empty", url: true },
    { name: "jwksUri", label: "JWKS URI", placeholder: "Discovered when empty", url: true },
  ],
};

export type RuleRow = { attributeType: "user" | "group"; attributeName: string; attributeValue: string };
export type RoleRuleRow = RuleRow & { role: string };
export type TeamRuleRow = RuleRow & { team: string };
export type UnitRuleRow = RuleRow & { businessUnit: string };

export type SsoFormValues = { provider: SsoProvider } & Record<ProviderField, string> & {
  clientId: string;
  clientSecret: string;
  audience: string;
  scopes: string;
  userIdField: string;
  rolesField: string;
  teamIdsField: string;
  attributeRoleMappings: RoleRuleRow[];
  attributeTeamMappings: TeamRuleRow[];
  attributeBusinessUnitMappings: UnitRuleRow[];
};

const str = (v: unknown) => (typeof v === "string" ? v : "");

function rows<T extends RuleRow>(list: unknown[], target: "role" | "team" | "businessUnit"): T[] {
  return list.map((r) => {
    const o = (r ?? {}) as Record<string, unknown>;
    return { attributeType: o.attributeType === "group" ? "group" : "user", attributeName: str(o.attributeName), attributeValue: str(o.attributeValue), [target]: str(o[target]) } as T;
  });
}

export function initialValues(dto: SsoConnectionDto | null): SsoFormValues {
  const d = (dto ?? {}) as Record<string, unknown>;
  return {
    provider: (dto?.provider ?? "okta") as SsoProvider,
    issuerUrl: str(d.issuerUrl), apiToken: "", tenantId: str(d.tenantId), cloud: str(d.cloud) || "commercial", appIdUri: str(d.appIdUri), allowedTenants: str(d.allowedTenants),
    serverUrl: str(d.serverUrl), realm: str(d.realm), domain: str(d.domain), projectId: str(d.projectId), issuer: dto?.provider === "oidc" ? str(d.issuer) : "",
    authorizationEndpoint: str(d.authorizationEndpoint), tokenEndpoint: str(d.tokenEndpoint), userinfoEndpoint: str(d.userinfoEndpoint), jwksUri: str(d.jwksUri),
    clientId: str(d.clientId), clientSecret: "", audience: str(d.audience),
    scopes: (dto?.scopes ?? ["openid", "profile", "email", "offline_access"]).join(" "),
    userIdField: dto?.userIdField ?? "sub", rolesField: dto?.rolesField ?? "", teamIdsField: dto?.teamIdsField ?? "",
    attributeRoleMappings: rows<RoleRuleRow>(dto?.attributeRoleMappings ?? [], "role"),
    attributeTeamMappings: rows<TeamRuleRow>(dto?.attributeTeamMappings ?? [], "team"),
    attributeBusinessUnitMappings: rows<UnitRuleRow>(dto?.attributeBusinessUnitMappings ?? [], "businessUnit"),
  };
}
