import { redirect } from "next/navigation";
import { currentPrincipal, requirePrincipal } from "@/lib/auth/require";
import { homeOrgId } from "@/lib/users/service";

// "/" only routes: signed out -> /login; owners/admins without MFA -> enrolment (requirePrincipal);
// otherwise the active organization, else the last used, else the first membership, else /orgs.
export default async function Home() {
  if (!(await currentPrincipal())) redirect("/login");
  const principal = await requirePrincipal();
  const orgId = principal.actor.type === "user" ? await homeOrgId(principal) : null;
  redirect(orgId ? `/orgs/${orgId}` : "/orgs");
}
