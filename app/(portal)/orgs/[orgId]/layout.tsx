import Link from "next/link";
import { unstable_rethrow } from "next/navigation";
import { requireOrgMember } from "@/lib/auth/require";
import { AppError } from "@/lib/errors";
import type { OrgContext } from "@/lib/auth/org-context";
import * as organizations from "@/lib/organizations/service";
import { domainWarnings } from "@/lib/domains/service";
import { Alert } from "@/components/ui/alert";
import { StatusBadge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ChevronRightIcon, PowerIcon } from "@/components/ui/icons";
import { ProviderStar } from "@/components/organizations/provider-star";
import { OrgTabs } from "@/components/organizations/org-tabs";
import { roleLabel } from "@/components/organizations/format";
import { CurrentOrgBeacon } from "@/components/layout/current-org";

// The one place the organization is authorized for the whole subtree's chrome; each page still
// builds its own context (pages render in parallel with layouts and can be requested alone).
export default async function OrgLayout({ children, params }: { children: React.ReactNode; params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  let ctx: OrgContext;
  try {
    ctx = await requireOrgMember(orgId);
  } catch (e) {
    unstable_rethrow(e);
    // A member of an inactive organization: say so instead of an error page.
    if (e instanceof AppError && e.code === "forbidden") {
      return (
        <Card>
          <EmptyState
            icon={<PowerIcon />}
            title="This organization is unavailable"
            text={e.message}
            action={<ButtonLink href="/orgs">Back to organizations</ButtonLink>}
          />
        </Card>
      );
    }
    throw e;
  }
  const [org, warnings] = await Promise.all([organizations.get(ctx), domainWarnings(ctx)]);

  return (
    <div className="space-y-6">
      <CurrentOrgBeacon org={{ id: org.id, name: org.name, isProvider: org.isProvider, isActive: org.isActive }} />
      <div>
        <nav aria-label="Breadcrumb" className="mb-2 flex items-center gap-1 text-sm text-slate-500">
          <Link href="/orgs" className="hover:text-slate-800">Organizations</Link>
          <ChevronRightIcon className="size-3.5 text-slate-400" />
          <span className="truncate text-slate-700">{org.name}</span>
        </nav>
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          {org.isProvider ? <ProviderStar className="size-5" /> : null}
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{org.name}</h1>
          <StatusBadge active={org.isActive} />
        </div>
        <p className="mt-1 flex flex-wrap items-center gap-x-2 text-sm text-slate-500">
          <span className="font-mono text-xs">{org.slug}</span>
          {org.domain ? <><span aria-hidden="true">·</span><span>{org.domain}</span></> : null}
          <span aria-hidden="true">·</span>
          <span>
            {ctx.viaProvider ? `Provider ${ctx.role} access` : `Your role: ${roleLabel(ctx.role)}`}
          </span>
        </p>
      </div>

      {!org.isActive ? (
        <Alert
          tone="warning"
          title="This organization is inactive"
          action={ctx.viaProvider ? <ButtonLink href={`/orgs/${org.id}/settings`} size="sm">Reactivate…</ButtonLink> : null}
        >
          Its members cannot act in it and its API keys are refused. All data is kept; a provider administrator can reactivate it.
        </Alert>
      ) : null}

      {warnings.map((w) => (
        <Alert
          key={w.domainId}
          tone="warning"
          title={w.kind === "record-missing" ? `Domain ${w.domain}: verification record missing` : `Domain ${w.domain} lost its verification`}
          action={<ButtonLink href={`/orgs/${org.id}/domains`} size="sm">Review domains</ButtonLink>}
        >
          {w.message}
        </Alert>
      ))}

      <div className="border-b border-slate-200">
        <OrgTabs orgId={org.id} />
      </div>

      <div>{children}</div>
    </div>
  );
}
