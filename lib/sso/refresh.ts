import { decrypt, encrypt, sha256 } from "@/lib/crypto";
import { log } from "@/lib/log";
import { transaction } from "@/lib/db/unit-of-work";
import { ssoSessionsRepo } from "@/lib/db/repos/sso-connections";
import { usersRepo } from "@/lib/db/repos/users";
import { recordAccountAudit } from "@/lib/auth/account-audit";
import { validateIdToken } from "./id-token";
import { jwksCache as defaultJwks, type JwksCache } from "./jwks";
import { loadRuntime, type SsoRuntime } from "./runtime";

// SSO session upkeep (issue #4 "Tokens"): an expired access token is refreshed with the refresh token when
// the session is next used; a provider that refuses the refresh (the person was deactivated there, or
// the grant revoked) ends the session. Sign-out revokes the tokens at the provider when it can.

/** Seconds before expiry at which a token counts as expired (refresh a little early). */
const EARLY_SECONDS = 10;
/** After a provider outage (network, 5xx), the next attempt waits this long instead of every request. */
const RETRY_AFTER_MS = 60_000;

type SessionRow = NonNullable<Awaited<ReturnType<ReturnType<typeof ssoSessionsRepo>["findById"]>>>;

export type TokenPost = (url: string, body: URLSearchParams, basicAuth: string) => Promise<{ status: number; json: Record<string, unknown> | null }>;

const postForm: TokenPost = async (url, body, basicAuth) => {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json", authorization: basicAuth },
    body,
    signal: AbortSignal.timeout(5000),
  });
  let json: Record<string, unknown> | null = null;
  try {
    json = (await res.json()) as Record<string, unknown>;
  } catch {
    json = null;
  }
  return { status: res.status, json };
};

const formEncode = (s: string) => encodeURIComponent(s).replace(/%20/g, "+");
const basic = (rt: SsoRuntime) => `Basic ${Buffer.from(`${formEncode(rt.resolved.clientId)}:${formEncode(rt.resolved.clientSecret ?? "")}`).toString("base64")}`;

/** True when the session's access token has expired (cheap: no I/O). */
export function needsRefresh(row: { source: string; tokenExpiresAt: Date | null }, now = Date.now()): boolean {
  return row.source === "sso" && !!row.tokenExpiresAt && row.tokenExpiresAt.getTime() - EARLY_SECONDS * 1000 <= now;
}

export type RefreshOutcome = "fresh" | "refreshed" | "deferred" | "ended";

export type RefreshDeps = {
  post?: TokenPost;
  jwks?: JwksCache;
  now?: () => number;
  /** Refresh even though the access token has not expired yet (the 15-minute session check asks the provider). */
  force?: boolean;
};

/** The outcome with its reason: "ended" says why (refresh-refused, connection-replaced...), "deferred" what failed. */
export type RefreshResult = { outcome: RefreshOutcome; reason?: string; detail?: string };

const inflight = new Map<string, Promise<RefreshResult>>();

/**
 * Refreshes an SSO session's tokens if they expired. "ended" means the session was revoked (the provider
 * refused the refresh, or the connection is gone) and the caller must treat the request as signed out.
 * One refresh per session at a time in this process.
 */
export function refreshSsoSession(sessionId: string, deps: RefreshDeps = {}): Promise<RefreshOutcome> {
  return refreshSsoSessionWithReason(sessionId, deps).then((r) => r.outcome);
}

/** refreshSsoSession with the reason of an "ended" or "deferred" outcome (lib/lifecycle/session-check.ts). */
export function refreshSsoSessionWithReason(sessionId: string, deps: RefreshDeps = {}): Promise<RefreshResult> {
  const running = inflight.get(sessionId);
  if (running) return running;
  const p = doRefresh(sessionId, deps).finally(() => inflight.delete(sessionId));
  inflight.set(sessionId, p);
  return p;
}

async function end(row: SessionRow, reason: string, detail: string): Promise<RefreshResult> {
  const user = await usersRepo().findById(row.userId);
  const orgs = row.ssoOrgId ? (await usersRepo().auditOrgs(row.userId)).filter((o) => o.id === row.ssoOrgId) : [];
  await transaction(async (tx) => {
    if (!(await ssoSessionsRepo(tx).revoke(row.id))) return;
    await recordAccountAudit(tx, { userId: row.userId, email: user?.email ?? row.userId }, orgs, { ip: row.ip, userAgent: row.userAgent }, {
      action: "auth.sso_session_ended", after: { sessionId: row.id, reason, detail: detail.slice(0, 300) },
    });
  });
  log.info("sso session ended", { sessionId: row.id, reason });
  return { outcome: "ended", reason, detail };
}

async function doRefresh(sessionId: string, deps: RefreshDeps): Promise<RefreshResult> {
  const now = deps.now?.() ?? Date.now();
  const row = await ssoSessionsRepo().findById(sessionId);
  if (!row || row.revokedAt) return { outcome: "ended", reason: "already-ended" };
  if (deps.force ? row.source !== "sso" : !needsRefresh(row, now)) return { outcome: "fresh" };
  if (!row.ssoOrgId) return { outcome: "fresh" };
  const loaded = await loadRuntime(row.ssoOrgId);
  if (!loaded.ok) {
    if (loaded.reason === "discovery-failed") return defer(row, now, loaded.detail);
    return end(row, loaded.reason, loaded.detail);
  }
  const rt = loaded.runtime;
  if (row.ssoConnectionId && row.ssoConnectionId !== rt.connectionId) return end(row, "connection-replaced", "The organization's SSO connection was replaced");
  if (!row.refreshTokenEnc) {
    // Nothing to refresh with (the provider issued no refresh token): keep the session, stop trying.
    await ssoSessionsRepo().saveTokens(row.id, { accessTokenEnc: row.accessTokenEnc, refreshTokenEnc: null, idTokenEnc: row.idTokenEnc, tokenExpiresAt: null });
    return { outcome: "fresh" };
  }
  let res: Awaited<ReturnType<TokenPost>>;
  try {
    res = await (deps.post ?? postForm)(rt.endpoints.token_endpoint, new URLSearchParams({ grant_type: "refresh_token", refresh_token: decrypt(row.refreshTokenEnc) }), basic(rt));
  } catch (e) {
    return defer(row, now, (e as Error).message);
  }
  if (res.status >= 500 || res.status === 429) return defer(row, now, `token endpoint answered HTTP ${res.status}`);
  const body = res.json ?? {};
  if (res.status !== 200 || typeof body.access_token !== "string") {
    // invalid_grant: the refresh token is no longer good (user deactivated, consent or session revoked).
    return end(row, "refresh-refused", `${String(body.error ?? `HTTP ${res.status}`)}: ${String(body.error_description ?? "")}`);
  }
  if (typeof body.id_token === "string") {
    const v = await validateIdToken(body.id_token, deps.jwks ?? defaultJwks(), {
      jwksUri: rt.endpoints.jwks_uri, issuer: rt.resolved.issuer, audiences: rt.resolved.audiences, clientId: rt.resolved.clientId, nonce: null,
      now: Math.floor(now / 1000),
    });
    if (!v.ok) return end(row, "refresh-id-token-invalid", `${v.reason}: ${v.detail}`);
    const before = row.idTokenEnc ? safeSub(decrypt(row.idTokenEnc)) : null;
    // OIDC Core §12.2: the refreshed ID token must be about the same person.
    if (before && v.claims.sub !== before) return end(row, "refresh-subject-changed", "The refreshed ID token names a different subject");
  }
  const expiresIn = Number(body.expires_in ?? 300);
  const saved = await ssoSessionsRepo().saveTokens(row.id, {
    accessTokenEnc: encrypt(body.access_token),
    refreshTokenEnc: typeof body.refresh_token === "string" ? encrypt(body.refresh_token) : row.refreshTokenEnc, // rotation
    idTokenEnc: typeof body.id_token === "string" ? encrypt(body.id_token) : row.idTokenEnc,
    tokenExpiresAt: new Date(now + (Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 300) * 1000),
  });
  return saved ? { outcome: "refreshed" } : { outcome: "ended", reason: "already-ended" };
}

function safeSub(idToken: string): string | null {
  try {
    const payload = JSON.parse(Buffer.from(idToken.split(".")[1] ?? "", "base64url").toString("utf8")) as { sub?: unknown };
    return typeof payload.sub === "string" ? payload.sub : null;
  } catch {
    return null;
  }
}

async function defer(row: SessionRow, now: number, detail: string): Promise<RefreshResult> {
  log.warn("sso token refresh deferred (provider unavailable)", { sessionId: row.id, detail });
  // A forced refresh of a still-valid token keeps its expiry; an expired one is retried in a minute.
  const retryAt = now + RETRY_AFTER_MS;
  const keep = row.tokenExpiresAt && row.tokenExpiresAt.getTime() > retryAt;
  await ssoSessionsRepo().saveTokens(row.id, { accessTokenEnc: row.accessTokenEnc, refreshTokenEnc: row.refreshTokenEnc, idTokenEnc: row.idTokenEnc, tokenExpiresAt: keep ? row.tokenExpiresAt : new Date(retryAt) });
  return { outcome: "deferred", reason: "provider-unavailable", detail };
}

/**
 * Sign-out: revokes the session's refresh and access tokens at the provider (RFC 7009) when it has a
 * revocation endpoint. Best effort: a provider error never blocks signing out here.
 */
export async function revokeAtProvider(sessionToken: string, deps: { post?: TokenPost } = {}): Promise<boolean> {
  const row = await ssoSessionsRepo().findActiveByTokenHash(sha256(sessionToken));
  if (!row || row.source !== "sso" || !row.ssoOrgId) return false;
  const loaded = await loadRuntime(row.ssoOrgId);
  if (!loaded.ok || !loaded.runtime.endpoints.revocation_endpoint) return false;
  const rt = loaded.runtime;
  const post = deps.post ?? postForm;
  let revoked = false;
  for (const [enc, hint] of [[row.refreshTokenEnc, "refresh_token"], [row.accessTokenEnc, "access_token"]] as const) {
    if (!enc) continue;
    try {
      const r = await post(rt.endpoints.revocation_endpoint!, new URLSearchParams({ token: decrypt(enc), token_type_hint: hint }), basic(rt));
      revoked ||= r.status === 200;
    } catch (e) {
      log.warn("token revocation failed", { err: e });
    }
  }
  return revoked;
}
