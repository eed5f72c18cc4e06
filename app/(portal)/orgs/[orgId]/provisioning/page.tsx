import { redirect } from "next/navigation";

// User provisioning has one method so far (SCIM); directory sync (issue #6) will sit beside it.
export default async function ProvisioningPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  redirect(`/orgs/${orgId}/provisioning/scim`);
}
