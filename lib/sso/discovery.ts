import { ALLOWED_ALGS } from "./id-token";
import type { ResolvedConfig } from "./config";

// OpenID Provider metadata (OIDC Discovery 1.0): fetched on Verify and cached on the connection, so a
// sign-in never waits for discovery once a connection has been used.

export type ProviderEndpoints = {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  userinfo_endpoint?: string;
  jwks_uri: string;
  revocation_endpoint?: string;
  end_session_endpoint?: string;
  id_token_signing_alg_values_supported?: string[];
};

export type HttpGet = (url: string) => Promise<{ status: number; json: unknown }>;

export const httpGetJson: HttpGet = async (url) => {
  const res = await fetch(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(5000), redirect: "follow" });
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  return { status: res.status, json: body };
};

export type DiscoveryResult = { ok: true; endpoints: ProviderEndpoints } | { ok: false; detail: string };

const str = (v: unknown) => (typeof v === "string" && v ? v : undefined);

/** Reads the provider's metadata; the caller checks the issuer (verify reports it as its own check). */
export async function discover(resolved: ResolvedConfig, get: HttpGet = httpGetJson): Promise<DiscoveryResult> {
  if (resolved.explicitEndpoints) {
    return { ok: true, endpoints: { issuer: resolved.issuer, ...resolved.explicitEndpoints } };
  }
  let r: Awaited<ReturnType<HttpGet>>;
  try {
    r = await get(resolved.discoveryUrl);
  } catch (e) {
    return { ok: false, detail: `Could not reach ${resolved.discoveryUrl}: ${(e as Error).message}` };
  }
  if (r.status !== 200) return { ok: false, detail: `${resolved.discoveryUrl} answered HTTP ${r.status}` };
  const d = r.json as Record<string, unknown> | null;
  if (!d || typeof d !== "object") return { ok: false, detail: `${resolved.discoveryUrl} did not return a JSON document` };
  const issuer = str(d.issuer);
  const authorization_endpoint = str(d.authorization_endpoint);
  const token_endpoint = str(d.token_endpoint);
  const jwks_uri = str(d.jwks_uri);
  if (!issuer || !authorization_endpoint || !token_endpoint || !jwks_uri) {
    const missing = ["issuer", "authorization_endpoint", "token_endpoint", "jwks_uri"].filter((k) => !str(d[k]));
    return { ok: false, detail: `The discovery document lacks ${missing.join(", ")}` };
  }
  const algs = Array.isArray(d.id_token_signing_alg_values_supported) ? d.id_token_signing_alg_values_supported.filter((a): a is string => typeof a === "string") : undefined;
  return {
    ok: true,
    endpoints: {
      issuer, authorization_endpoint, token_endpoint, jwks_uri,
      ...(str(d.userinfo_endpoint) ? { userinfo_endpoint: str(d.userinfo_endpoint) } : {}),
      ...(str(d.revocation_endpoint) ? { revocation_endpoint: str(d.revocation_endpoint) } : {}),
      ...(str(d.end_session_endpoint) ? { end_session_endpoint: str(d.end_session_endpoint) } : {}),
      ...(algs ? { id_token_signing_alg_values_supported: algs } : {}),
    },
  };
}

/** The algorithm next-auth should expect on ID tokens: the provider's first one we accept (RS256 default). */
export function preferredIdTokenAlg(endpoints: Pick<ProviderEndpoints, "id_token_signing_alg_values_supported">): string {
  const allowed = new Set<string>(ALLOWED_ALGS);
  return endpoints.id_token_signing_alg_values_supported?.find((a) => allowed.has(a)) ?? "RS256";
}

export type VerifyCheck = { check: string; ok: boolean; reason: string | null };
