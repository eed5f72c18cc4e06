import Link from "next/link";
import { requirePrincipal } from "@/lib/auth/require";
import { getMe } from "@/lib/users/service";
import { mfaStatus } from "@/lib/auth/mfa-service";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { ChangePasswordForm, ProfileForm } from "./account-forms";

export const metadata = { title: "Account" };

export default async function AccountPage() {
  const principal = await requirePrincipal();
  const me = await getMe(principal);
  if (me.type !== "user") return null;
  const mfa = await mfaStatus(principal);

  return (
    <div className="space-y-6">
      <Card>
        <CardHeader title="Profile" description={<>Signed in as <span className="font-medium text-slate-700">{me.user.email}</span></>} />
        <ProfileForm name={me.user.name ?? ""} />
      </Card>

      <Card>
        <CardHeader title="Password" description="Changing it signs out your other sessions." />
        <ChangePasswordForm />
      </Card>

      <Card>
        <CardHeader
          title="Two-factor authentication"
          description={mfa.required ? "Required for owners and admins." : "Protects your account if your password leaks."}
          actions={mfa.enabled ? <Badge tone="green" dot>On</Badge> : <Badge tone="slate" dot>Off</Badge>}
        />
        <CardBody className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm text-slate-600">
            {mfa.enabled ? `${mfa.recoveryCodesRemaining} recovery ${mfa.recoveryCodesRemaining === 1 ? "code" : "codes"} left.` : "Use an authenticator app for a second step at sign-in."}
          </p>
          <ButtonLink href="/account/security">{mfa.enabled ? "Manage" : "Set up"}</ButtonLink>
        </CardBody>
      </Card>

      <Card>
        <CardHeader title="Organizations" description="Where you are a member." />
        {me.memberships.length ? (
          <ul className="divide-y divide-slate-100">
            {me.memberships.map((m) => (
              <li key={m.orgId} className="flex items-center justify-between gap-3 px-5 py-3 text-sm">
                <Link href={`/orgs/${m.orgId}`} className="font-medium text-slate-900 hover:text-indigo-600">{m.orgName}</Link>
                <span className="flex items-center gap-2">
                  {m.isActive ? null : <Badge tone="slate">Inactive</Badge>}
                  <Badge tone="indigo">{m.role}</Badge>
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <CardBody>
            <p className="text-sm text-slate-600">You are not a member of any organization yet. Ask an owner or admin to add you.</p>
          </CardBody>
        )}
      </Card>
    </div>
  );
}
