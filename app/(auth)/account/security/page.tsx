import Link from "next/link";
import { requirePrincipal } from "@/lib/auth/require";
import { beginEnrolment, mfaStatus } from "@/lib/auth/mfa-service";
import { Wordmark } from "@/components/layout/wordmark";
import { signOutAction } from "@/components/layout/sign-out-action";
import { Card, CardBody, CardHeader, PageHeader } from "@/components/ui/card";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ChevronLeftIcon } from "@/components/ui/icons";
import { DisablePanel, EnrolPanel, RegeneratePanel } from "./security-panels";

export const metadata = { title: "Security" };

// SECURITY: outside the (portal) group on purpose: the portal layout sends owners/admins without
// MFA here (requirePrincipal), so this page must not sit under that layout or it would redirect to itself.
export default async function SecurityPage({ searchParams }: { searchParams: Promise<{ enrol?: string }> }) {
  const principal = await requirePrincipal({ allowMfaEnrolment: true });
  const { enrol } = await searchParams;
  const status = await mfaStatus(principal);
  const enrolment = status.enabled ? null : await beginEnrolment(principal);
  const forced = principal.needsMfaEnrolment;
  const email = principal.actor.type === "user" ? principal.actor.email : "";

  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex h-14 max-w-3xl items-center gap-3 px-4 sm:px-6">
          <Wordmark href="/" />
          <div className="flex-1" />
          <span className="hidden text-sm text-slate-500 sm:inline">{email}</span>
          <form action={signOutAction}>
            <Button type="submit" variant="ghost" size="sm">Sign out</Button>
          </form>
        </div>
      </header>
      <main className="mx-auto w-full max-w-3xl flex-1 px-4 py-8 sm:px-6">
        {!forced ? (
          <Link href="/account" className="mb-4 inline-flex items-center gap-1 text-sm font-medium text-slate-500 hover:text-slate-700">
            <ChevronLeftIcon className="size-4" /> Account
          </Link>
        ) : null}
        <PageHeader title="Security" description="Two-factor authentication and recovery codes for your account." />
        {forced || enrol ? (
          status.enabled ? null : (
            <Alert tone="warning" title="Set up two-factor authentication to continue" className="mb-6">
              Owners and admins must use an authenticator app in addition to their password. It takes a minute.
            </Alert>
          )
        ) : null}

        <Card>
          <CardHeader
            title="Two-factor authentication"
            description="A 6-digit code from an authenticator app, asked for after your password."
            actions={status.enabled ? <Badge tone="green" dot>On</Badge> : <Badge tone="slate" dot>Off</Badge>}
          />
          <CardBody>
            {enrolment ? (
              <EnrolPanel qrDataUrl={enrolment.qrDataUrl} secret={enrolment.secret} continueHref="/" />
            ) : (
              <p className="text-sm text-slate-600">
                On since {new Date(status.enabledAt!).toLocaleDateString("en-US", { dateStyle: "medium" })}.
                {status.required ? " Required for your role (owner or admin)." : null}
              </p>
            )}
          </CardBody>
        </Card>

        {status.enabled ? (
          <>
            <Card className="mt-6">
              <CardHeader
                title="Recovery codes"
                description="Single-use codes for signing in without your authenticator."
                actions={<Badge tone={status.recoveryCodesRemaining > 2 ? "slate" : "amber"}>{status.recoveryCodesRemaining} left</Badge>}
              />
              <CardBody>
                <RegeneratePanel />
              </CardBody>
            </Card>
            <Card className="mt-6">
              <CardHeader title="Turn off two-factor authentication" />
              <CardBody>
                {status.required ? (
                  <p className="text-sm text-slate-600">Owners and admins must keep two-factor authentication on.</p>
                ) : (
                  <DisablePanel />
                )}
              </CardBody>
            </Card>
          </>
        ) : null}
      </main>
    </div>
  );
}
