import Link from "next/link";
import type { ReactNode } from "react";
import { currentPrincipal } from "@/lib/auth/require";
import { inspectLink, type InvitationLinkProblem } from "@/lib/invitations/service";
import { invitedAccountState } from "@/lib/invitations/accounts";
import { buttonClasses } from "@/components/ui/button";
import { AcceptInvitationPanel, SignedInAsSomeoneElse, SignInOrCreateAccount } from "./accept-forms";

export const metadata = { title: "Invitation" };

const TITLES: Record<InvitationLinkProblem, string> = {
  invalid: "This invitation link is not valid",
  expired: "This invitation has expired",
  revoked: "This invitation was withdrawn",
  accepted: "This invitation has already been used",
  "org-inactive": "This organization is unavailable",
};

function Shell({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <div className="w-full max-w-md">
        <div className="mb-8 flex flex-col items-center text-center">
          <span className="flex size-11 items-center justify-center rounded-xl bg-indigo-600 text-white shadow-sm">
            <svg viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
              <path d="M4 21V9l8-5 8 5v12" />
              <path d="M9 21v-6a3 3 0 016 0v6" />
            </svg>
          </span>
          <h1 className="mt-5 text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
          {subtitle ? <p className="mt-1.5 text-sm text-slate-500">{subtitle}</p> : null}
        </div>
        <div className="rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">{children}</div>
      </div>
    </main>
  );
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

/**
 * The emailed link. A bad link gets a page that says what happened (never an error page); a good
 * one offers: accept (signed in as the invited address), sign out (signed in as someone else), or
 * sign in / create the account for the invited address.
 */
export default async function AcceptInvitationPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const token = one((await searchParams).token);
  const link = await inspectLink(token);
  const principal = await currentPrincipal();

  if (!link.ok) {
    return (
      <Shell title={TITLES[link.problem]}>
        <p className="text-sm text-slate-600" data-problem={link.problem}>{link.message}</p>
        <div className="mt-6 flex justify-end">
          <Link href={principal ? "/" : "/login"} className={buttonClasses("secondary")}>{principal ? "Go to Gatehouse" : "Go to sign in"}</Link>
        </div>
      </Shell>
    );
  }

  const invite = { orgName: link.orgName, email: link.email, role: link.role, expiresAt: link.expiresAt };
  const subtitle = <>You are invited to join <strong className="font-medium text-slate-700">{link.orgName}</strong> as <strong className="font-medium text-slate-700">{link.role}</strong>.</>;

  if (principal && principal.actor.type === "user") {
    if (principal.actor.email.toLowerCase() === link.email) {
      return (
        <Shell title={`Join ${link.orgName}`} subtitle={subtitle}>
          <AcceptInvitationPanel token={token} invite={invite} />
        </Shell>
      );
    }
    return (
      <Shell title={`Join ${link.orgName}`} subtitle={subtitle}>
        <SignedInAsSomeoneElse token={token} invitedEmail={link.email} currentEmail={principal.actor.email} />
      </Shell>
    );
  }

  const account = await invitedAccountState(link.email);
  return (
    <Shell title={`Join ${link.orgName}`} subtitle={subtitle}>
      <SignInOrCreateAccount token={token} invite={invite} account={account} />
    </Shell>
  );
}
