import { requireOrgMember } from "@/lib/auth/require";
import { can } from "@/lib/auth/permissions";
import * as sso from "@/lib/sso/service";
import { Alert } from "@/components/ui/alert";
import { SsoProviderForm } from "@/components/sso/sso-provider-form";
import { VerifyPanel } from "@/components/sso/verify-panel";
import { TestSignInPanel } from "@/components/sso/test-sign-in-panel";
import { EnforcementCard } from "@/components/sso/enforcement-card";
import { FailuresTable } from "@/components/sso/failures-table";
import { previewMappingsAction, saveSsoProviderAction, setEnforcementAction, verifySsoProviderAction } from "./actions";

export const metadata = { title: "Single sign-on" };

const TEST_MESSAGES: Record<string, string> = {
  forbidden: "Only members who may manage SSO can run a test sign-in.",
  unavailable: "The provider cannot be used yet: save a complete configuration and run Verify first.",
};

// Governance → SSO (issue #4): provider configuration and mappings, Verify, test sign-in, require SSO,
// and the failures of the last 7 days.
export default async function SsoPage({ params, searchParams }: { params: Promise<{ orgId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { orgId } = await params;
  const ctx = await requireOrgMember(orgId);
  if (!can(ctx, "sso:read")) {
    return <Alert tone="info" title="No access to single sign-on">Your role ({ctx.role}) cannot see this organization&apos;s SSO settings.</Alert>;
  }
  const sp = await searchParams;
  const test = Array.isArray(sp.test) ? sp.test[0] : sp.test;
  const canManage = can(ctx, "sso:manage");
  const dto = await sso.findProvider(ctx);
  const [suggestions, roles, enforcement, failures] = await Promise.all([
    sso.mappingSuggestions(ctx),
    sso.mappableRoles(ctx),
    dto ? sso.enforcementStatus(ctx) : null,
    dto ? sso.listFailures(ctx, { page: 1, limit: 25 }) : null,
  ]);

  return (
    <div className="space-y-6">
      <p className="max-w-3xl text-sm text-slate-500">
        People whose email is on one of this organization&apos;s verified domains (with sign-in routing on) sign in through this identity provider.
        The first sign-in creates their account; the mappings decide their role, teams and business units at every sign-in.
      </p>
      {test && TEST_MESSAGES[test] ? <Alert tone="warning">{TEST_MESSAGES[test]}</Alert> : null}
      {dto ? (
        <TestSignInPanel orgId={ctx.orgId} result={dto.lastTestResult} justTested={test === "done"} canManage={canManage} />
      ) : null}
      <SsoProviderForm
        dto={dto}
        suggestions={suggestions}
        roles={roles}
        canManage={canManage}
        actions={{ save: saveSsoProviderAction.bind(null, ctx.orgId), preview: previewMappingsAction.bind(null, ctx.orgId) }}
      />
      {dto ? (
        <>
          <VerifyPanel redirectUri={dto.redirectUri} verifiedAt={dto.verifiedAt} lastChecks={dto.lastVerifyChecks} canManage={canManage} verify={verifySsoProviderAction.bind(null, ctx.orgId, {})} />
          {enforcement ? <EnforcementCard status={enforcement} canManage={canManage} setEnforcement={setEnforcementAction.bind(null, ctx.orgId)} /> : null}
          {failures ? <FailuresTable page={failures} /> : null}
        </>
      ) : null}
    </div>
  );
}
