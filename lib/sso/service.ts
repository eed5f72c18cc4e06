import type { OrgContext } from "@/lib/auth/org-context";
import { recordAudit } from "@/lib/audit/service";
import { AppError, notFound, type FieldIssue } from "@/lib/errors";
import { env, isProduction } from "@/lib/env";
import { toPage, type Page } from "@/lib/http/pagination";
import { transaction } from "@/lib/db/unit-of-work";
import { ssoConnectionsRepo, type SsoConnectionRow } from "@/lib/db/repos/sso-connections";
import { ssoFailuresRepo } from "@/lib/db/repos/sso-failures";
import { identityMappingsRepo } from "@/lib/db/repos/identity-mappings";
import { userIdentitiesRepo } from "@/lib/db/repos/user-identities";
import { teamsRepo } from "@/lib/db/repos/teams";
import { membersRepo } from "@/lib/db/repos/members";
import { extractIdentity } from "@/lib/mappings/claims";
import { diffAssignments, mappingInputFromIdentity, type Assignment, type AssignmentChange, type MappingRuleSet } from "@/lib/mappings/evaluate";
import { suggestMappingValues, type MappingSuggestions, type ObservedSample } from "@/lib/mappings/suggest";
import { mappingAttributes } from "@/lib/scim-users/store";
import { defaultRolesField, resolveEnvRefs, type ResolvedConfig } from "./config";
import { discover, preferredIdTokenAlg, httpGetJson, type HttpGet, type VerifyCheck } from "./discovery";
import { ALLOWED_ALGS } from "./id-token";
import { fetchJwksOverHttp, jwksCache, type JwksFetcher } from "./jwks";
import { openSecrets, resolveRow, sealSecrets } from "./runtime";
import { decideRole, evaluateFor, parseStoredRules, ssoKnownRoles } from "./assign";
import { processEnvLookup } from "./env-refs";
import { toSsoConnectionDto, toSsoFailureDto, type SsoConnectionDto, type SsoFailureDto } from "./dto";
import { PROVIDER_FIELDS, SECRET_FIELDS, ENV_REFERENCE, type ListFailuresQuery, type MappingPreviewInput, type SsoConfigInput, type SsoProvider } from "./schemas";

// Managing the organization's SSO provider (issue #4 "SSO provider configuration", "Safe rollout").
// Every function assumes the transport checked sso:read or sso:manage.

const appUrl = () => env().APP_URL;

async function loadRules(ctx: OrgContext): Promise<MappingRuleSet> {
  return parseStoredRules(await identityMappingsRepo(ctx).get());
}

async function requireRow(ctx: OrgContext): Promise<SsoConnectionRow> {
  const row = await ssoConnectionsRepo(ctx).get();
  if (!row) throw notFound("SSO provider");
  return row;
}

/** The organization's provider configuration (no secrets). not_found when none is configured. */
export async function getProvider(ctx: OrgContext): Promise<SsoConnectionDto> {
  const [row, rules] = await Promise.all([requireRow(ctx), loadRules(ctx)]);
  return toSsoConnectionDto(row, rules, appUrl());
}

/** The provider configuration, or null (the portal page shows an empty form). */
export async function findProvider(ctx: OrgContext): Promise<SsoConnectionDto | null> {
  const row = await ssoConnectionsRepo(ctx).get();
  return row ? toSsoConnectionDto(row, await loadRules(ctx), appUrl()) : null;
}

function splitInput(input: SsoConfigInput) {
  const provider = input.provider as SsoProvider;
  const src = input as unknown as Record<string, unknown>;
  const config: Record<string, unknown> = {};
  for (const k of PROVIDER_FIELDS[provider]) if (src[k] !== undefined) config[k] = src[k];
  const secrets: { clientSecret?: string; apiToken?: string } = {};
  for (const k of SECRET_FIELDS) if (typeof src[k] === "string") secrets[k] = src[k] as string;
  return { provider, config, secrets };
}

/** URL fields written literally must be https outside development (env references are checked at use). */
function httpsIssues(provider: SsoProvider, config: Record<string, unknown>): FieldIssue[] {
  if (!isProduction()) return [];
  const urlFields = ["issuerUrl", "serverUrl", "issuer", "authorizationEndpoint", "tokenEndpoint", "userinfoEndpoint", "jwksUri"];
  const issues: FieldIssue[] = [];
  for (const k of urlFields) {
    const v = config[k];
    if (typeof v !== "string" || ENV_REFERENCE.test(v)) continue;
    if (!v.startsWith("https://")) issues.push({ path: k, message: `${k} must use https outside development` });
  }
  void provider;
  return issues;
}

// Changing any of these points the connection at another provider or client: the cached endpoints, the
// verification and the test sign-in evidence no longer apply.
const IDENTITY_KEYS = ["issuerUrl", "tenantId", "cloud", "serverUrl", "realm", "domain", "issuer", "authorizationEndpoint", "tokenEndpoint", "jwksUri", "clientId", "audience", "appIdUri"];

const snapshot = (row: Pick<SsoConnectionRow, "provider" | "config" | "scopes" | "userIdField" | "rolesField" | "teamIdsField" | "requireSso">) => ({
  provider: row.provider, ...(row.config as Record<string, unknown>), scopes: row.scopes, userIdField: row.userIdField,
  rolesField: row.rolesField, teamIdsField: row.teamIdsField, requireSso: row.requireSso,
});

/**
 * Creates or replaces the provider configuration (PUT). Secrets are write-only: omitted, the stored one
 * is kept (for the same provider); required on create. Mapping arrays go to the organization's
 * IdentityMappingSet (shared with SCIM). `requireSso` runs the enforcement preconditions.
 * Audits sso.configured / sso.updated (and sso.enforcement_changed) in the same transaction.
 */
export async function putProvider(ctx: OrgContext, input: SsoConfigInput): Promise<{ dto: SsoConnectionDto; created: boolean }> {
  const { provider, config, secrets } = splitInput(input);
  const https = httpsIssues(provider, config);
  if (https.length) throw new AppError("invalid_input", https.map((i) => i.message).join("; "), { issues: https });

  const result = await transaction(async (tx) => {
    const repo = ssoConnectionsRepo(ctx, tx);
    const existing = await repo.get();
    if (existing) await repo.lock();
    const kept = existing && existing.provider === provider ? openSecrets(existing.secretsEnc) : {};
    const merged = { ...kept, ...secrets };
    if (!merged.clientSecret) {
      throw new AppError("invalid_input", "clientSecret is required", { issues: [{ path: "clientSecret", message: existing ? "clientSecret is required when the provider changes" : "clientSecret is required" }] });
    }
    const write = {
      provider,
      config,
      secretsEnc: sealSecrets(merged),
      scopes: input.scopes,
      userIdField: input.userIdField,
      rolesField: input.rolesField ?? null,
      teamIdsField: input.teamIdsField ?? null,
    };
    const rulesBefore = parseStoredRules(await identityMappingsRepo(ctx, tx).get());
    const rules = {
      attributeRoleMappings: input.attributeRoleMappings,
      attributeTeamMappings: input.attributeTeamMappings,
      attributeBusinessUnitMappings: input.attributeBusinessUnitMappings,
    };
    await identityMappingsRepo(ctx, tx).upsert(rules);
    const mappingsChanged = JSON.stringify(rulesBefore) !== JSON.stringify(parseStoredRules(rules));

    let row: SsoConnectionRow;
    if (!existing) {
      row = await repo.create(write);
      await recordAudit(tx, ctx, {
        action: "sso.configured", targetType: "sso_connection", targetId: row.id, targetLabel: provider,
        after: { ...snapshot(row), hasClientSecret: true, hasApiToken: !!merged.apiToken, mappings: rules },
      });
    } else {
      const before = existing.config as Record<string, unknown>;
      const repointed = existing.provider !== provider || IDENTITY_KEYS.some((k) => JSON.stringify(before[k]) !== JSON.stringify(config[k]));
      row = await repo.update(existing.id, {
        ...write,
        ...(repointed ? { endpoints: null, endpointsFetchedAt: null, verifiedAt: null, lastVerifyResult: null, testSignInAt: null, testSignInEmail: null, testSignInUserId: null } : {}),
      });
      await recordAudit(tx, ctx, {
        action: "sso.updated", targetType: "sso_connection", targetId: row.id, targetLabel: provider,
        before: { ...snapshot(existing), ...(mappingsChanged ? { mappings: rulesBefore } : {}) },
        after: { ...snapshot(row), secretsChanged: Object.keys(secrets), repointed, ...(mappingsChanged ? { mappings: rules } : {}) },
      });
    }
    if (input.requireSso !== undefined && input.requireSso !== row.requireSso) {
      row = (await applyEnforcement(ctx, tx, row, input.requireSso)).row;
    }
    return { row, created: !existing, rules };
  });
  return { dto: toSsoConnectionDto(result.row, parseStoredRules(result.rules), appUrl()), created: result.created };
}

/** Removes the provider (and its identity links); the mapping rules stay, SCIM uses them too. */
export async function deleteProvider(ctx: OrgContext): Promise<void> {
  await transaction(async (tx) => {
    const repo = ssoConnectionsRepo(ctx, tx);
    const row = await repo.get();
    if (!row) throw notFound("SSO provider");
    await repo.delete(row.id);
    await recordAudit(tx, ctx, { action: "sso.deleted", targetType: "sso_connection", targetId: row.id, targetLabel: row.provider, before: snapshot(row) });
  });
}

// ---- enforcement --------------------------------------------------------------------------------------

export type EnforcementStatus = {
  requireSso: boolean;
  testSignIn: { at: string; email: string | null } | null;
  breakGlassAccounts: { userId: string; email: string }[];
  canEnforce: boolean;
  blockers: string[];
  /** While not enforced: how many sessions turning it on would end (members' non-SSO sessions, break-glass excepted). */
  sessionsToEnd: number;
  /** Set by setEnforcement when it turned enforcement on: how many sessions that ended. */
  sessionsEnded?: number;
};

function blockersFor(row: SsoConnectionRow, breakGlass: unknown[]): string[] {
  const out: string[] = [];
  if (!row.testSignInAt) {
    out.push("Run a successful test sign-in with a non-admin account first (the SSO page's Test sign-in button).");
  }
  if (breakGlass.length === 0) {
    out.push("Keep at least one break-glass account: an owner of this organization with a local password and two-factor authentication.");
  }
  return out;
}

/** What "require SSO" needs and whether it is met (the SSO page explains the preconditions with this). */
export async function enforcementStatus(ctx: OrgContext): Promise<EnforcementStatus> {
  const repo = ssoConnectionsRepo(ctx);
  const row = await requireRow(ctx);
  const [breakGlass, sessionsToEnd] = await Promise.all([repo.breakGlassAccounts(), row.requireSso ? 0 : repo.revokeSessionsOutsideSso({ countOnly: true })]);
  const blockers = blockersFor(row, breakGlass);
  return {
    requireSso: row.requireSso,
    testSignIn: row.testSignInAt ? { at: row.testSignInAt.toISOString(), email: row.testSignInEmail } : null,
    breakGlassAccounts: breakGlass,
    canEnforce: blockers.length === 0,
    blockers,
    sessionsToEnd,
  };
}

async function applyEnforcement(ctx: OrgContext, tx: Parameters<Parameters<typeof transaction>[0]>[0], row: SsoConnectionRow, requireSso: boolean) {
  const repo = ssoConnectionsRepo(ctx, tx);
  if (requireSso) {
    const blockers = blockersFor(row, await repo.breakGlassAccounts());
    if (blockers.length) throw new AppError("precondition_failed", `Single sign-on cannot be required yet: ${blockers.join(" ")}`);
  }
  const updated = await repo.update(row.id, { requireSso });
  // Sessions that began before the switch (passwords, another organization's SSO) stop working here too:
  // the login rule alone would leave them running until they expire.
  const sessionsEnded = requireSso ? await repo.revokeSessionsOutsideSso() : 0;
  await recordAudit(tx, ctx, {
    action: "sso.enforcement_changed", targetType: "sso_connection", targetId: row.id, targetLabel: row.provider,
    before: { requireSso: row.requireSso }, after: { requireSso, ...(requireSso ? { sessionsEnded } : {}) },
  });
  return { row: updated, sessionsEnded };
}

/**
 * Turns "require SSO" on or off (precondition_failed when the preconditions are not met). Turning it on
 * revokes, in the same transaction, the sessions of members that did not come through this organization's
 * SSO (break-glass accounts excepted); the result says how many (`sessionsEnded`).
 */
export async function setEnforcement(ctx: OrgContext, requireSso: boolean): Promise<EnforcementStatus> {
  const sessionsEnded = await transaction(async (tx) => {
    const repo = ssoConnectionsRepo(ctx, tx);
    await repo.lock();
    const row = await repo.get();
    if (!row) throw notFound("SSO provider");
    return row.requireSso !== requireSso ? (await applyEnforcement(ctx, tx, row, requireSso)).sessionsEnded : 0;
  });
  return { ...(await enforcementStatus(ctx)), ...(requireSso ? { sessionsEnded } : {}) };
}

// ---- verify -------------------------------------------------------------------------------------------

export type VerifyResult = { ok: boolean; issuer: string | null; checks: VerifyCheck[] };

/**
 * Verify (issue #4): resolves the configuration, fetches discovery and the JWKS and checks that the issuer
 * matches; each check is reported with the reason it failed. On success the endpoints are cached on the
 * connection (sign-in then needs no discovery). Audited as sso.verified.
 */
export async function verifyProvider(ctx: OrgContext, deps: { get?: HttpGet; fetchJwks?: JwksFetcher } = {}): Promise<VerifyResult> {
  const row = await requireRow(ctx);
  const checks: VerifyCheck[] = [];
  const skip = (check: string, after: string) => checks.push({ check, ok: false, reason: `Skipped: ${after} failed` });
  let issuer: string | null = null;
  let endpoints: Awaited<ReturnType<typeof discover>> | null = null;
  let resolved: ResolvedConfig | null = null;

  const r = resolveRow(row);
  if (!r.ok) checks.push({ check: "configuration", ok: false, reason: r.issues.map((i) => i.message).join("; ") });
  else {
    resolved = r.value;
    issuer = resolved.issuer;
    checks.push({ check: "configuration", ok: true, reason: null });
  }

  if (!resolved) {
    for (const c of ["discovery", "issuer", "jwks", "algorithms"]) skip(c, "configuration");
  } else {
    endpoints = await discover(resolved, deps.get ?? httpGetJson);
    if (!endpoints.ok) {
      checks.push({ check: "discovery", ok: false, reason: endpoints.detail });
      for (const c of ["issuer", "jwks", "algorithms"]) skip(c, "discovery");
    } else {
      const e = endpoints.endpoints;
      checks.push({ check: "discovery", ok: true, reason: resolved.explicitEndpoints ? "Explicit endpoints (no discovery document)" : null });
      const template = resolved.issuer.includes("{tenantid}");
      const issuerOk = template ? /^https:\/\/[^/]+\/(\{tenantid\}|[0-9a-f-]{36})\/v2\.0$/i.test(e.issuer) : e.issuer.replace(/\/+$/, "") === resolved.issuer;
      checks.push({ check: "issuer", ok: issuerOk, reason: issuerOk ? null : `The provider's issuer is "${e.issuer}", expected "${resolved.issuer}"` });
      let jwksOk = false;
      try {
        const set = await (deps.fetchJwks ?? fetchJwksOverHttp)(e.jwks_uri);
        const usable = set.keys.filter((k) => ["RSA", "EC", "OKP"].includes(String(k.kty)) && (k.use === undefined || k.use === "sig"));
        jwksOk = usable.length > 0;
        checks.push({ check: "jwks", ok: jwksOk, reason: jwksOk ? null : `${e.jwks_uri} has no signing keys (RSA, EC or OKP with use "sig")` });
        if (jwksOk) jwksCache().prime(e.jwks_uri, set);
      } catch (err) {
        checks.push({ check: "jwks", ok: false, reason: `Could not fetch ${e.jwks_uri}: ${(err as Error).message}` });
      }
      const advertised = e.id_token_signing_alg_values_supported;
      const algOk = !advertised || advertised.some((a) => (ALLOWED_ALGS as readonly string[]).includes(a));
      checks.push({
        check: "algorithms", ok: algOk,
        reason: algOk ? (advertised ? `ID tokens will be checked as ${preferredIdTokenAlg(e)}` : "Not advertised: RS256 assumed") : `The provider signs ID tokens only with ${advertised!.join(", ")}; accepted: ${ALLOWED_ALGS.join(", ")}`,
      });
    }
  }

  const ok = checks.every((c) => c.ok);
  await transaction(async (tx) => {
    await ssoConnectionsRepo(ctx, tx).update(row.id, {
      lastVerifyResult: { ok, checks, at: new Date().toISOString() },
      verifiedAt: ok ? new Date() : null,
      ...(ok && endpoints?.ok ? { endpoints: endpoints.endpoints, endpointsFetchedAt: new Date() } : {}),
    });
    await recordAudit(tx, ctx, {
      action: "sso.verified", targetType: "sso_connection", targetId: row.id, targetLabel: row.provider,
      after: { ok, failed: checks.filter((c) => !c.ok).map((c) => c.check) },
    });
  });
  return { ok, issuer, checks };
}

// ---- failures, suggestions, preview -------------------------------------------------------------------

/** Failed sign-ins of the last 7 days, newest first. */
export async function listFailures(ctx: OrgContext, q: ListFailuresQuery): Promise<Page<SsoFailureDto>> {
  await requireRow(ctx);
  const { rows, total } = await ssoFailuresRepo(ctx).list((q.page - 1) * q.limit, q.limit);
  return toPage(rows.map(toSsoFailureDto), total, q);
}

/** Attribute names and values seen in recent SSO sign-ins and SCIM pushes (the mapping editor). */
export async function mappingSuggestions(ctx: OrgContext): Promise<MappingSuggestions> {
  const [samples, scim] = await Promise.all([ssoFailuresRepo(ctx).samples(), userIdentitiesRepo(ctx).recentDirectoryUsers()]);
  const observed: ObservedSample[] = [
    ...samples.map((s) => ({ attributes: (s.attributes ?? {}) as Record<string, unknown>, groups: (Array.isArray(s.groups) ? s.groups : []) as ObservedSample["groups"] })),
    ...scim.map((u) => ({
      attributes: mappingAttributes({
        ...u,
        emails: (Array.isArray(u.emails) ? u.emails : []) as unknown[],
        phoneNumbers: (Array.isArray(u.phoneNumbers) ? u.phoneNumbers : []) as unknown[],
        attributes: (u.attributes ?? {}) as Record<string, unknown>,
        profile: (u.profile ?? {}) as Record<string, unknown>,
      } as Parameters<typeof mappingAttributes>[0]) as Record<string, unknown>,
      groups: u.groups.map((g) => g.group.displayName),
    })),
  ];
  return suggestMappingValues(observed);
}

export type PreviewChange = AssignmentChange & { email: string };
export type MappingPreview = { evaluated: number; changes: PreviewChange[]; skipped: { email: string; reason: string }[] };

/**
 * Mapping preview (issue #4 "Safe rollout"): for every member with an SSO identity, what their next
 * sign-in would assign under `rules` compared with what they hold now (role, SSO-sourced teams and
 * business units). Re-evaluates each identity's last received claims; writes nothing.
 */
export async function previewMappings(ctx: OrgContext, rules: MappingPreviewInput): Promise<MappingPreview> {
  const row = await requireRow(ctx);
  const mappings = identityMappingsRepo(ctx);
  const [identities, custom, defaultRole] = await Promise.all([userIdentitiesRepo(ctx).listWithClaims(), mappings.customRoles(), mappings.defaultRole()]);
  const userIds = identities.map((i) => i.userId);
  const current = await teamsRepo(ctx).assignments(userIds, "sso");
  const members = membersRepo(ctx);
  const resolvedRoles = row.rolesField ?? defaultRolesField({ provider: row.provider as SsoProvider, zitadelProjectId: ((row.config as Record<string, unknown>).projectId as string) ?? null });
  const before = new Map<string, Assignment>();
  const after = new Map<string, Assignment>();
  const emails = new Map<string, string>();
  const skipped: MappingPreview["skipped"] = [];
  for (const idn of identities) {
    const m = await members.findByUserId(idn.userId);
    if (!m) continue;
    emails.set(m.id, idn.email);
    before.set(m.id, {
      role: m.status === "active" ? m.role : null,
      teams: (current.teams.get(idn.userId) ?? []).map((t) => t.name),
      businessUnits: (current.businessUnits.get(idn.userId) ?? []).map((u) => u.name),
    });
    const claims = (idn.lastClaims ?? null) as Record<string, unknown> | null;
    const x = claims ? extractIdentity(claims, null, { userIdField: row.userIdField, rolesField: resolvedRoles ?? undefined, teamIdsField: row.teamIdsField ?? undefined }) : null;
    if (!x?.ok) {
      skipped.push({ email: idn.email, reason: "No claims from a previous sign-in to evaluate" });
      after.set(m.id, before.get(m.id)!);
      continue;
    }
    const result = evaluateFor(mappingInputFromIdentity(x.identity), rules, custom);
    const decision = decideRole(result, { role: m.role, source: m.source }, { defaultRole, hasSsoMembers: true });
    after.set(m.id, decision.kind === "deny"
      ? { role: null, teams: [], businessUnits: [] }
      : { role: decision.role, teams: [...(result.outcome === "no-match" ? [] : result.teams)], businessUnits: [...(result.outcome === "no-match" ? [] : result.businessUnits)] });
  }
  const changes = diffAssignments(before, after).map((c) => ({ ...c, email: emails.get(c.memberId) ?? c.memberId }));
  return { evaluated: before.size, changes, skipped };
}

/** Resolves env references for display in Verify ("which variable is missing") without revealing values. */
export function missingEnvReferences(config: Record<string, unknown>): string[] {
  return resolveEnvRefs(config, processEnvLookup).issues.map((i) => i.message);
}

/** Role names a mapping rule may assign (the editor's suggestions): admin, member and the custom roles; never owner. */
export async function mappableRoles(ctx: OrgContext): Promise<string[]> {
  return ssoKnownRoles(await identityMappingsRepo(ctx).customRoles()).map((r) => r.name);
}
