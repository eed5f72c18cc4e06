import { redirect } from "next/navigation";

// User provisioning opens on the directory connection; SCIM and the sync history are beside it.
export default async function ProvisioningPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  redirect(`/orgs/${orgId}/provisioning/directory`);
}
