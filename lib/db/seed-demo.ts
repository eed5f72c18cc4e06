import { hash } from "@node-rs/argon2";
import { db } from "@/lib/db/client";
import { ensureBootstrap } from "@/lib/bootstrap/service";

export const DEMO_PASSWORD = "Gatehouse-demo-2026";

const CUSTOMERS = [
  { name: "Acme Corporation", slug: "acme", domain: "acme.com" },
  { name: "Globex", slug: "globex", domain: "globex.com" },
];
const ROLES = ["owner", "admin", "member", "developer", "viewer"] as const;

// SECURITY: demo seeding is unscoped on purpose; it runs from the CLI before anyone signs in.
export async function seedDemo() {
  const { providerOrgId } = await ensureBootstrap();
  const c = await db();
  const passwordHash = await hash(DEMO_PASSWORD);
  const accounts: { email: string; org: string; role: string }[] = [];
  let created = false;

  async function member(orgId: string, orgName: string, email: string, name: string, role: string) {
    let user = await c.user.findUnique({ where: { email } });
    if (!user) {
      user = await c.user.create({ data: { email, name, passwordHash } });
      created = true;
    }
    await c.membership.upsert({
      where: { orgId_userId: { orgId, userId: user.id } },
      create: { orgId, userId: user.id, role },
      update: {},
    });
    accounts.push({ email, org: orgName, role });
  }

  const provider = await c.organization.findUniqueOrThrow({ where: { id: providerOrgId } });
  await member(provider.id, provider.name, "owner@gatehouse.local", "Pat Provider", "owner");
  await member(provider.id, provider.name, "admin@gatehouse.local", "Alex Admin", "admin");

  for (const cust of CUSTOMERS) {
    const org = await c.organization.upsert({ where: { slug: cust.slug }, create: cust, update: {} });
    for (const role of ROLES) {
      const email = `${role}@${cust.domain}`;
      await member(org.id, org.name, email, `${cust.name.split(" ")[0]} ${role[0]!.toUpperCase()}${role.slice(1)}`, role);
    }
  }
  return { created, password: DEMO_PASSWORD, accounts };
}
