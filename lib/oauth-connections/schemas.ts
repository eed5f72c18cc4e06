import { z } from "zod";
import { isProduction } from "@/lib/env";
import { pageQuerySchema } from "@/lib/http/pagination";
import { configNameSchema } from "@/lib/configs/schemas";

export const OAUTH_PROVIDERS = ["okta", "entra", "google", "keycloak", "zitadel", "github", "generic-oidc", "other"] as const;
export type OAuthProvider = (typeof OAUTH_PROVIDERS)[number];

export const OAUTH_ENDPOINT_FIELDS = ["issuer", "authorizationUrl", "tokenUrl", "userinfoUrl", "jwksUrl"] as const;
export type OAuthEndpointField = (typeof OAUTH_ENDPOINT_FIELDS)[number];

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * https always; http only for a loopback host or outside production (a local IdP in development).
 * Returns an error message or null.
 */
export function checkEndpointUrl(raw: string, production: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "Enter an absolute URL, e.g. https://idp.example.com/oauth2/token";
  }
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:") {
    if (LOOPBACK.has(url.hostname) || !production) return null;
    return "Use https: plain http is allowed only for localhost";
  }
  return "Use an https URL";
}

// The browser bundle cannot read the server environment: forms accept http there and the server,
// which parses the same schema, enforces the production rule.
const production = () => typeof window === "undefined" && isProduction();

export const endpointUrlSchema = z
  .string()
  .trim()
  .max(2048, "URL must be at most 2048 characters")
  .superRefine((v, ctx) => {
    const message = checkEndpointUrl(v, production());
    if (message) ctx.addIssue({ code: "custom", message });
  });

export const oauthConnectionNameSchema = configNameSchema;

export const oauthScopeSchema = z
  .string()
  // RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
  .regex(/^[\x21\x23-\x5b\x5d-\x7e]{1,200}$/, "A scope is one token without spaces or quotes, e.g. openid");

const fields = {
  provider: z.enum(OAUTH_PROVIDERS, { error: `provider must be one of ${OAUTH_PROVIDERS.join(", ")}` }),
  clientId: z.string().trim().min(1, "Client id is required").max(512),
  /** Write-only. Omitted on PUT keeps the stored secret; null removes it. */
  clientSecret: z.string().min(1, "Client secret cannot be empty; omit it to keep the stored one").max(4096).nullable().optional(),
  scopes: z.array(oauthScopeSchema).max(50, "At most 50 scopes").default([]),
  issuer: endpointUrlSchema.nullable().optional(),
  authorizationUrl: endpointUrlSchema.nullable().optional(),
  tokenUrl: endpointUrlSchema.nullable().optional(),
  userinfoUrl: endpointUrlSchema.nullable().optional(),
  jwksUrl: endpointUrlSchema.nullable().optional(),
};

export const putOAuthConnectionSchema = z.strictObject(fields);
export type PutOAuthConnectionInput = z.infer<typeof putOAuthConnectionSchema>;

export const createOAuthConnectionSchema = z.strictObject({ name: oauthConnectionNameSchema, ...fields });
export type CreateOAuthConnectionInput = z.infer<typeof createOAuthConnectionSchema>;

export const listOAuthConnectionsQuerySchema = pageQuerySchema.extend({
  search: z.string().trim().max(100).optional(),
});
export type ListOAuthConnectionsQuery = z.infer<typeof listOAuthConnectionsQuerySchema>;

export const oauthConnectionNameParamsSchema = z.object({ name: oauthConnectionNameSchema });

export const deleteOAuthConnectionSchema = z.strictObject({ name: oauthConnectionNameSchema });
export type DeleteOAuthConnectionInput = z.infer<typeof deleteOAuthConnectionSchema>;

// The create/edit dialog: the API fields as the inputs hold them (scopes as space-separated text,
// blank URLs, a blank secret meaning "keep"), turned into the API shape by the same rules.
const optionalUrlText = z
  .string()
  .trim()
  .transform((v) => (v === "" ? null : v))
  .pipe(endpointUrlSchema.nullable());

export const oauthConnectionFormSchema = z
  .strictObject({
    name: oauthConnectionNameSchema,
    provider: fields.provider,
    clientId: fields.clientId,
    clientSecret: z.string().max(4096),
    removeClientSecret: z.boolean(),
    scopes: z
      .string()
      .transform((v) => v.split(/[\s,]+/).filter(Boolean))
      .pipe(fields.scopes.unwrap()),
    issuer: optionalUrlText,
    authorizationUrl: optionalUrlText,
    tokenUrl: optionalUrlText,
    userinfoUrl: optionalUrlText,
    jwksUrl: optionalUrlText,
  })
  .transform(({ clientSecret, removeClientSecret, ...rest }) => ({
    ...rest,
    clientSecret: removeClientSecret ? null : clientSecret === "" ? undefined : clientSecret,
  }));
export type OAuthConnectionFormInput = z.input<typeof oauthConnectionFormSchema>;
export type OAuthConnectionFormOutput = z.output<typeof oauthConnectionFormSchema>;
